// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Runtime.InteropServices;

// Every [DllImport] here names a system library (kernel32, libdl, libc, libSystem): look for it in the system only,
// never in the module folder, where a planted copy would otherwise win. Tesseract and the codec libraries are not
// [DllImport]ed; DynamicLoader opens them by the explicit paths NativeSearchFolders lists.
[assembly: DefaultDllImportSearchPaths(DllImportSearchPath.System32)]

// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Diagnostics.CodeAnalysis;

// AnalysisMode Recommended (issue 12). Each entry says why the finding stays.
// Deferred: these two files were reserved for another change while AnalysisMode was switched on.
[assembly: SuppressMessage("Performance", "CA1859:Use concrete types when possible for improved performance", Scope = "member", Target = "~M:DicomAnon.Commands.FileWriterCmdlet.Commit(DicomAnon.Commands.WriteOutcome)~System.Exception", Justification = "Cold path (once per file); the change is deferred to after the FileWriterCmdlet merge.")]
[assembly: SuppressMessage("Performance", "CA1822:Mark members as static", Scope = "member", Target = "~M:DicomAnon.Commands.InvokeDicomAnonymizeCommand.SkipDicomDir(DicomAnon.Commands.WriteOutcome,DicomAnon.AnonymizeResult)", Justification = "Deferred to after the InvokeDicomAnonymizeCommand merge.")]

# Copyright (c) DicomAnon contributors. Licensed under the MIT License.
#
# Loads the module's assemblies from the folder this PowerShell should use. PowerShell 7 on the .NET and platform
# the build precompiled for finds ReadyToRun images in ReadyToRun/net<major>.0-<rid> (native code made by crossgen2,
# so the cmdlets start without waiting for the JIT); Windows PowerShell 5.1 and any other .NET or platform load the
# IL-only assemblies beside this file. Kept to a few plain statements (PowerShell 5.1 syntax): every operation here
# is paid at each import.

$assemblyFolder = $PSScriptRoot
if ($PSEdition -eq 'Core') {
    $images = "$PSScriptRoot/ReadyToRun/net$([Environment]::Version.Major).0-$([System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier)"
    if ([System.IO.File]::Exists("$images/DicomAnon.dll")) { $assemblyFolder = $images }
}

# The engine's types ([DicomAnon.Core.DicomDataset] ...) are available to scripts once the module is imported.
$null = [System.Reflection.Assembly]::LoadFrom("$assemblyFolder/DicomAnon.Core.dll")
Import-Module -Name "$assemblyFolder/DicomAnon.dll"

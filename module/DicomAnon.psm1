# Copyright (c) DicomAnon contributors. Licensed under the MIT License.
#
# Loads the module's assemblies from the folder this PowerShell should use. PowerShell 7 on a platform the build
# precompiled for gets ReadyToRun images (ReadyToRun/net<major>.0-<rid>: native code made by crossgen2 for that .NET,
# so the cmdlets start without waiting for the JIT); Windows PowerShell 5.1 and any other platform or older .NET
# get the IL-only assemblies beside this file. Written for PowerShell 5.1 syntax.

$assemblyFolder = $PSScriptRoot
if ($PSEdition -eq 'Core') {
    $runtime = [System.Runtime.InteropServices.RuntimeInformation]
    $platform = [System.Runtime.InteropServices.OSPlatform]
    $os = if ($runtime::IsOSPlatform($platform::Windows)) { 'win' }
    elseif ($runtime::IsOSPlatform($platform::Linux)) { 'linux' }
    elseif ($runtime::IsOSPlatform($platform::OSX)) { 'osx' }
    else { '' }
    $rid = '{0}-{1}' -f $os, $runtime::ProcessArchitecture.ToString().ToLowerInvariant()
    $readyToRun = Join-Path $PSScriptRoot 'ReadyToRun'
    if ($os -and (Test-Path -LiteralPath $readyToRun)) {
        # Images made for this .NET or an older one (newer .NET runs older ReadyToRun code; the reverse is untested); the newest wins.
        $best = 0
        foreach ($folder in [System.IO.Directory]::GetDirectories($readyToRun)) {
            $name = [System.IO.Path]::GetFileName($folder)
            if ($name -match "^net(\d+)\.0-$([regex]::Escape($rid))$" -and [int] $Matches[1] -le [Environment]::Version.Major -and [int] $Matches[1] -gt $best) {
                $best = [int] $Matches[1]
                $assemblyFolder = $folder
            }
        }
    }
}

# The engine's types ([DicomAnon.Core.DicomDataset] ...) are available to scripts once the module is imported.
Add-Type -LiteralPath (Join-Path $assemblyFolder 'DicomAnon.Core.dll')
Import-Module -Name (Join-Path $assemblyFolder 'DicomAnon.dll')

<#
.SYNOPSIS
    Where the time of burned-in text cleaning goes (issue 10): one Remove-DicomBurnedText call, with the module's
    internal per-stage trace (DicomAnon.Ocr.StageClock) switched on, printed by stage.
.DESCRIPTION
    Stages: 0.clean (the whole cleaning of a file), 1.firstpass, 2.blackout, 3.rescan0/1 (the re-read passes),
    4.recheck (on the caller's thread; the helper thread's share shows in recheck.*), 5.commit (encode); inside them
    scan.find / recheck.find (candidate lines), scan.detect, scan.render, ocr.read (Tesseract recognitions, with
    ocr.cachehit), recheck.read.<kind> and carry.* (the re-check's readings carried between frames).
    CPU is each thread's own (CLOCK_THREAD_CPUTIME_ID, Linux), which a busy machine does not inflate; stages nest,
    and threads add up. Figures and stage names only: no values of the file are printed.
    Run it with the IL module (delete ReadyToRun/ from a copy) or the ReadyToRun one: both carry the trace.
.EXAMPLE
    dotnet pwsh -NoProfile tests/bench/Measure-CleaningStages.ps1 -Path /tmp/cine/us_00.dcm -Destination /tmp/cine-out
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $Path,
    [Parameter(Mandatory)]
    [string] $Destination,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../output/DicomAnon'),
    [switch] $PhiOnly
)
$ErrorActionPreference = 'Stop'
Import-Module (Resolve-Path $ModulePath).Path -Force
$images = "$((Resolve-Path $ModulePath).Path)/ReadyToRun/net$([Environment]::Version.Major).0-$([System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier)"
$folder = if (Test-Path "$images/DicomAnon.Ocr.dll") { $images } else { (Resolve-Path $ModulePath).Path }
$ocr = [Reflection.Assembly]::LoadFrom((Join-Path $folder 'DicomAnon.Ocr.dll'))
$clock = $ocr.GetType('DicomAnon.Ocr.StageClock')
$flags = [Reflection.BindingFlags]'Static,Public,NonPublic'
$clock.GetProperty('Enabled', $flags).SetValue($null, $true)
$process = [Diagnostics.Process]::GetCurrentProcess()
$cpu0 = $process.TotalProcessorTime
$watch = [Diagnostics.Stopwatch]::StartNew()
if ($PhiOnly) {
    $result = Remove-DicomBurnedText -LiteralPath $Path -Destination $Destination -PhiOnly -PassThru -Force -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
}
else {
    $result = Remove-DicomBurnedText -LiteralPath $Path -Destination $Destination -UseOcr -PassThru -Force -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
}

$watch.Stop()
$process.Refresh()
'{0:N2} s wall, {1:N2} s CPU of the process during the call; outcome {2}' -f $watch.Elapsed.TotalSeconds, ($process.TotalProcessorTime - $cpu0).TotalSeconds, (@($result | ForEach-Object { $_.PixelOutcome }) -join ',')
$clock.GetMethod('Report', $flags).Invoke($null, $null)

<#
.SYNOPSIS
    Rerun benchmark (issue 7): how much a rerun over finished files costs compared with the first run.
.DESCRIPTION
    Makes -Count synthetic CT files (-Size x -Size, 16-bit) in 100 folders that reuse file names (one sample written with the
    engine, copied with new names), de-identifies them into a fresh destination, then runs the very same command
    again. The rerun decides "finished" from the file system and the destination's resume records alone (no file
    is read), so it should cost a few percent of the first run. Each run is timed in one fresh pwsh twice: the
    whole process (start-up and module load included) and the Invoke-DicomAnonymize command alone. The figures
    are printed and written to results-rerun.json under -WorkFolder.
    This is a measurement, not a test: nothing fails when a target is missed.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build; dotnet pwsh tests/bench/Invoke-RerunBenchmark.ps1 -Count 20000
#>
[CmdletBinding()]
param(
    [ValidateRange(100, 1000000)]
    [int] $Count = 20000,

    [ValidateRange(1, 64)]
    [int] $ThrottleLimit = 2,

    # Image size of the sample (64: tiny files, the hardest case for the ratio; 512: a CT slice of 0.5 MB).
    [ValidateRange(8, 2048)]
    [int] $Size = 64,

    [string] $WorkFolder = (Join-Path ([IO.Path]::GetTempPath()) 'dicomanon-rerun-bench'),

    [switch] $Keep
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$module = Join-Path $repo 'output/DicomAnon/DicomAnon.psd1'
if (-not (Test-Path -LiteralPath $module)) { throw "Build the module first: dotnet pwsh ./build.ps1 -Task Build" }
Import-Module $module -Force
. (Join-Path $repo 'examples/SampleDicom.ps1')

if (Test-Path -LiteralPath $WorkFolder) { Remove-Item -LiteralPath $WorkFolder -Recurse -Force }
$src = Join-Path $WorkFolder 'src'
$dst = Join-Path $WorkFolder 'dst'
$key = Join-Path $WorkFolder 'bench.key'
$null = New-Item -ItemType Directory -Path $src -Force
$null = New-DicomAnonymizationKey -Path $key
$template = New-SampleDicomFile -Path (Join-Path $WorkFolder 'template.dcm') -Rows $Size -Columns $Size
$perFolder = [math]::Ceiling($Count / 100)
$made = 0
for ($f = 0; $f -lt 100 -and $made -lt $Count; $f++) {
    $dir = Join-Path $src ('study{0:d3}' -f $f)
    $null = New-Item -ItemType Directory -Path $dir -Force
    for ($i = 0; $i -lt $perFolder -and $made -lt $Count; $i++) {
        [IO.File]::Copy($template, (Join-Path $dir ('IM{0:d5}.dcm' -f $i)))
        $made++
    }
}

$pwshDll = Join-Path $PSHOME 'pwsh.dll'
function Measure-Run([string] $Name) {
    $cmd = "Import-Module '$module'; `$sw = [Diagnostics.Stopwatch]::StartNew(); `$r = Invoke-DicomAnonymize -Path '$src' -Recurse -Destination '$dst' -KeyFile '$key' -ThrottleLimit $ThrottleLimit; `$sw.Stop(); " +
        "[math]::Round(`$sw.Elapsed.TotalSeconds, 2); (`$r | Group-Object Status | ForEach-Object { `$_.Name + '=' + `$_.Count }) -join ' '"
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $summary = & dotnet $pwshDll -NoProfile -NonInteractive -Command $cmd
    $sw.Stop()
    if ($LASTEXITCODE -ne 0) { throw "$Name run failed: $summary" }
    [pscustomobject]@{ Run = $Name; Seconds = [math]::Round($sw.Elapsed.TotalSeconds, 2); CommandSeconds = [double] $summary[0]; Results = "$($summary[1])" }
}

$first = Measure-Run 'first'
$rerun = Measure-Run 'rerun'
$ratio = [math]::Round(100 * $rerun.Seconds / $first.Seconds, 1)
$commandRatio = [math]::Round(100 * $rerun.CommandSeconds / $first.CommandSeconds, 1)
$result = [pscustomobject]@{
    Files = $made; Size = "${Size}x$Size"; ThrottleLimit = $ThrottleLimit
    FirstSeconds = $first.Seconds; FirstResults = $first.Results
    RerunSeconds = $rerun.Seconds; RerunResults = $rerun.Results
    FirstCommandSeconds = $first.CommandSeconds; RerunCommandSeconds = $rerun.CommandSeconds
    RerunPercentOfFirst = $ratio
    RerunPercentOfFirstCommandOnly = $commandRatio
}
$result | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $WorkFolder 'results-rerun.json')
$result | Format-List
if (-not $Keep) { Remove-Item -LiteralPath $src, $dst -Recurse -Force }

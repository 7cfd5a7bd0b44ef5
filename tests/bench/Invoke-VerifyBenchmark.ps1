<#
.SYNOPSIS
    Whole-process speed of Test-DicomDeidentified on a CT corpus: files/s, pwsh start-up and module import included.
.DESCRIPTION
    1. Writes -Count synthetic 512x512 16-bit CT files (about 0.5 MB each) with tests/DicomAnon.Benchmarks' `corpus`
       verb under -WorkFolder (never the repository), and de-identifies them with Invoke-DicomAnonymize and a key.
    2. Times three runs, each in a fresh `pwsh -NoProfile` process (start-up and module import inside the timing),
       page cache warm, best of -Rounds:
       - header checks without a source (profile claims, flags, names, private blocks, free text);
       - against the sources, paired by the key (every source read too: 2 x Count files parsed);
       - against the sources without a key (one matcher over every source's identifiers).
    files/s = Count / wall-clock seconds of the whole process. A baseline in the same conditions times Get-DicomTag
    -PerFile reading the same headers (the machine's load varies run to run). The findings column shows what was
    found (the synthetic CT's referrer's given name is also its manufacturer's name, so without a key, where every
    source's names count, each output has one SourceOtherPersonName at (0008,0070) unless the engine cleans it).
.EXAMPLE
    dotnet pwsh tests/bench/Invoke-VerifyBenchmark.ps1 -Count 2000
#>
[CmdletBinding()]
param(
    [ValidateRange(10, 100000)]
    [int] $Count = 2000,

    [string] $WorkFolder = (Join-Path ([IO.Path]::GetTempPath()) 'dicomanon-verify-bench'),

    [ValidateRange(1, 10)]
    [int] $Rounds = 2
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$module = Join-Path $repo 'output/DicomAnon/DicomAnon.psd1'
if (-not (Test-Path -LiteralPath $module)) { throw "Build the module first: dotnet pwsh ./build.ps1 -Task Build" }
if ($WorkFolder.StartsWith($repo, [StringComparison]::Ordinal)) { throw "-WorkFolder must be outside the repository." }
$null = New-Item -ItemType Directory -Force -Path $WorkFolder
$ct = Join-Path $WorkFolder "ct-$Count"
$out = Join-Path $WorkFolder "out-$Count"
$key = Join-Path $WorkFolder 'bench.key'
$exe = (Get-Process -Id $PID).Path
[string[]] $pre = if ($exe -match 'dotnet(\.exe)?$') { Join-Path $PSHOME 'pwsh.dll' } else { @() }   # under `dotnet pwsh`

if (-not (Test-Path -LiteralPath $ct) -or @(Get-ChildItem -LiteralPath $ct -File).Count -lt $Count) {
    & dotnet run -c Release --project (Join-Path $repo 'tests/DicomAnon.Benchmarks') -- corpus $ct $Count | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "corpus generation failed" }
}

if (-not (Test-Path -LiteralPath $out)) {
    & $exe @pre -NoProfile -Command "Import-Module '$module'; `$null = New-DicomAnonymizationKey -Path '$key' -Force; Invoke-DicomAnonymize -Path '$ct' -Destination '$out' -KeyFile '$key' | Out-Null"
    if ($LASTEXITCODE -ne 0) { throw "de-identification failed" }
}

$runs = [ordered]@{
    'header checks, no source'         = "-Path '$out'"
    'against sources, paired by key'   = "-Path '$out' -SourcePath '$ct' -KeyFile '$key'"
    'against sources, no key'          = "-Path '$out' -SourcePath '$ct'"
}
# Baseline in the same conditions: reading the same headers with Get-DicomTag (the machine's load varies a lot).
$baseline = [double]::MaxValue
for ($r = 0; $r -lt $Rounds; $r++) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    & $exe @pre -NoProfile -Command "Import-Module '$module'; Get-DicomTag -Path '$out' -Tag PatientID -PerFile | Measure-Object | Out-Null"
    $sw.Stop()
    $baseline = [Math]::Min($baseline, $sw.Elapsed.TotalSeconds)
}
& bash -c "cat '$ct'/* '$out'/* > /dev/null"   # warm the page cache
$rows = foreach ($name in $runs.Keys) {
    $best = [double]::MaxValue; $summary = $null
    for ($r = 0; $r -lt $Rounds; $r++) {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $json = & $exe @pre -NoProfile -Command "Import-Module '$module'; Test-DicomDeidentified $($runs[$name]) -Summary | ConvertTo-Json -Compress"
        $sw.Stop()
        if ($LASTEXITCODE -ne 0) { throw "$name failed" }
        $summary = $json | ConvertFrom-Json
        $best = [Math]::Min($best, $sw.Elapsed.TotalSeconds)
    }
    [pscustomobject]@{
        Run = $name; Files = $summary.FilesChecked; Findings = $summary.Findings; Paired = $summary.Paired
        Seconds = [Math]::Round($best, 2); FilesPerSecond = [Math]::Round($summary.FilesChecked / $best, 0)
    }
}
$rows = @([pscustomobject]@{ Run = 'baseline: Get-DicomTag -PerFile (header read only)'; Files = $Count; Findings = $null; Paired = $null
    Seconds = [Math]::Round($baseline, 2); FilesPerSecond = [Math]::Round($Count / $baseline, 0) }) + @($rows)
$rows | Format-Table -AutoSize | Out-Host
$rows

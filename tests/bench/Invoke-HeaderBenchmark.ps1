<#
.SYNOPSIS
    Whole-run header-read, memory and copy benchmark of DicomAnon's reader against dcmdump and pydicom.
.DESCRIPTION
    1. Builds tests/DicomAnon.Benchmarks (Release) and writes a corpus of synthetic 512x512 16-bit CT files
       (about 0.5 MB each) with our writer, under -WorkFolder (a temp folder, never the repository).
    2. Header read, files/s, on the same files in the same run, page cache warm for everyone:
       ours (StopBeforePixelData, and pixel data deferred), dcmdump (+sb 7fe0,0010, many files per process
       via xargs batches of 200) and pydicom (dcmread(stop_before_pixels=True), one process).
    3. Memory flatness: peak working set of a fresh process reading the header of 10 MB, 200 MB and 1 GB
       multi-frame files (pixel data deferred, and StopBeforePixelData).
    4. Copy throughput: our read + atomic write of every file (MB/s) against cp -r and tar | tar as the I/O ceiling
       (-CopyTarget /dev/shm takes the disk out of it).
    Prints a table; -Json also writes the figures to <WorkFolder>/results.json.
.PARAMETER Count
    Number of CT files in the corpus. The default (300, ~150 MB) runs in a few minutes; 2000 (~1 GB) is the full run.
.PARAMETER MultiFrameMB
    Comma-separated sizes of the multi-frame files for the memory test, in MB (a string, so that it passes
    unchanged through `dotnet pwsh -File`).
.EXAMPLE
    dotnet pwsh tests/bench/Invoke-HeaderBenchmark.ps1
.EXAMPLE
    dotnet pwsh tests/bench/Invoke-HeaderBenchmark.ps1 -Count 2000 -Keep
#>
[CmdletBinding()]
param(
    [ValidateRange(10, 100000)]
    [int] $Count = 300,

    [string] $MultiFrameMB = '10,200,1024',

    [string] $WorkFolder = (Join-Path ([IO.Path]::GetTempPath()) 'dicomanon-bench'),

    # Each timing is taken this many times, alternating between tools; the best round is reported (the VM's disk and
    # page cache are noisy: single rounds varied by up to 2x in the first runs).
    [ValidateRange(1, 10)]
    [int] $Rounds = 2,

    # Where the copies go (default: under -WorkFolder, i.e. the same disk). /dev/shm takes the disk out of the picture.
    [string] $CopyTarget = '',

    # Keep the corpus and multi-frame files for the next run (they are reused when present).
    [switch] $Keep,

    [switch] $Json
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$project = Join-Path $repo 'tests/DicomAnon.Benchmarks/DicomAnon.Benchmarks.csproj'
$python = '/usr/bin/python3'

function ConvertFrom-KeyValue([string] $line) {
    $h = [ordered]@{}
    foreach ($pair in ($line.Trim() -split ' ')) {
        $k, $v = $pair -split '=', 2
        $h[$k] = $v
    }
    [pscustomobject]$h
}

function Invoke-Bench([string[]] $arguments) {
    $out = & $script:benchExe @arguments
    if ($LASTEXITCODE -ne 0) { throw "DicomAnon.Benchmarks $($arguments -join ' ') failed ($LASTEXITCODE)." }
    ConvertFrom-KeyValue ($out | Select-Object -Last 1)
}

function Measure-Seconds([scriptblock] $block) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    & $block
    $sw.Stop()
    $sw.Elapsed.TotalSeconds
}

if ($WorkFolder.StartsWith($repo, [StringComparison]::Ordinal)) { throw "-WorkFolder must be outside the repository." }
New-Item -ItemType Directory -Force -Path $WorkFolder | Out-Null
$corpus = Join-Path $WorkFolder "corpus-$Count"

Write-Host "Building the benchmark tool (Release)..."
dotnet build $project -c Release -nodeReuse:false -v q -clp:ErrorsOnly | Out-Host
if ($LASTEXITCODE -ne 0) { throw 'Build failed.' }
$script:benchExe = Join-Path $repo 'tests/DicomAnon.Benchmarks/bin/Release/net10.0/DicomAnon.Benchmarks'

Write-Host "Corpus: $Count synthetic CT files in $corpus"
$made = Invoke-Bench @('corpus', $corpus, "$Count")
$files = Get-ChildItem -LiteralPath $corpus -Filter '*.dcm' | Sort-Object Name | Select-Object -ExpandProperty FullName
$list = Join-Path $WorkFolder "files-$Count.txt"
Set-Content -LiteralPath $list -Value $files
$corpusMB = [double]$made.bytes / 1MB
# Warm the page cache so every tool reads from memory (the comparison is CPU, not disk).
& cat @files > /dev/null

$rows = [Collections.Generic.List[object]]::new()
Write-Host "Header read ($Rounds rounds, best kept)..."
Invoke-Bench @('headers', $list, 'deferred') | Out-Null   # unmeasured pass: warms dentries and inodes for every tool
$best = @{}
function Save-Best([string] $name, [double] $seconds, [string] $note) {
    if (-not $best.ContainsKey($name) -or $seconds -lt $best[$name].Seconds) {
        $best[$name] = [pscustomobject]@{ Tool = $name; 'files/s' = $Count / $seconds; Seconds = $seconds; Note = $note }
    }
}
for ($round = 1; $round -le $Rounds; $round++) {
    $r = Invoke-Bench @('headers', $list, 'stop')
    Save-Best 'DicomAnon (StopBeforePixelData)' ([double]$r.seconds) "one process, peak WS $([math]::Round([double]$r.peakWorkingSetMB)) MB"
    $r = Invoke-Bench @('headers', $list, 'deferred')
    Save-Best 'DicomAnon (pixel data deferred)' ([double]$r.seconds) "one process, peak WS $([math]::Round([double]$r.peakWorkingSetMB)) MB"
    $seconds = Measure-Seconds { & bash -c "xargs -a '$list' -n 200 dcmdump -q +sb 7fe0,0010 > /dev/null" }
    Save-Best 'dcmdump +sb 7fe0,0010' $seconds 'xargs batches of 200 files, output to /dev/null'
    $py = & $python (Join-Path $PSScriptRoot 'pydicom_headers.py') $list
    if ($LASTEXITCODE -ne 0) { throw 'pydicom_headers.py failed.' }
    Save-Best 'pydicom dcmread(stop_before_pixels)' ([double](ConvertFrom-KeyValue ($py | Select-Object -Last 1)).seconds) 'one process'
}
foreach ($name in 'DicomAnon (StopBeforePixelData)', 'DicomAnon (pixel data deferred)', 'dcmdump +sb 7fe0,0010', 'pydicom dcmread(stop_before_pixels)') {
    $rows.Add($best[$name])
}

Write-Host "Memory flatness..."
$memory = [Collections.Generic.List[object]]::new()
foreach ($mb in ($MultiFrameMB -split ',' | ForEach-Object { [int]$_.Trim() })) {
    $mf = Join-Path $WorkFolder "multiframe-$mb.dcm"
    if (-not (Test-Path -LiteralPath $mf)) { Invoke-Bench @('multiframe', $mf, "$mb") | Out-Null }
    & cat $mf > /dev/null
    foreach ($mode in 'deferred', 'stop') {
        $p = Invoke-Bench @('peak', $mf, $mode)
        $memory.Add([pscustomobject]@{ 'File MB' = [math]::Round([double]$p.fileMB); Mode = $mode; 'Peak WS MB' = [math]::Round([double]$p.peakWorkingSetMB, 1); 'Alloc KB/read' = [math]::Round([double]$p.allocatedKBPerRead, 1); 'ms/read' = [math]::Round([double]$p.msPerRead, 2) })
    }
}

Write-Host "Copy throughput ($Rounds rounds, best kept)..."
$copyRoot = if ($CopyTarget) { $CopyTarget } else { $WorkFolder }
$outOurs = Join-Path $copyRoot 'copy-ours'
$outCp = Join-Path $copyRoot 'copy-cp'
$outTar = Join-Path $copyRoot 'copy-tar'
$copyBest = [ordered]@{ 'DicomAnon read + atomic write' = [double]::MaxValue; 'cp -r' = [double]::MaxValue; 'tar | tar' = [double]::MaxValue }
function Clear-Copies { foreach ($d in $outOurs, $outCp, $outTar) { if (Test-Path -LiteralPath $d) { Remove-Item -LiteralPath $d -Recurse -Force } }; & sync }
for ($round = 1; $round -le $Rounds; $round++) {
    Clear-Copies
    $copy = Invoke-Bench @('copy', $list, $outOurs)
    $copyBest['DicomAnon read + atomic write'] = [math]::Min($copyBest['DicomAnon read + atomic write'], [double]$copy.seconds)
    # Our copies must be readable DICOM (spot check one file with dcmdump).
    & dcmdump -q (Join-Path $outOurs (Split-Path -Leaf $files[0])) > /dev/null
    if ($LASTEXITCODE -ne 0) { throw 'dcmdump cannot read our copy.' }
    Clear-Copies
    $cpSeconds = Measure-Seconds { & cp -r $corpus $outCp }
    $copyBest['cp -r'] = [math]::Min($copyBest['cp -r'], $cpSeconds)
    Clear-Copies
    New-Item -ItemType Directory -Path $outTar | Out-Null
    $tarSeconds = Measure-Seconds { & bash -c "tar -cf - -C '$corpus' . | tar -xf - -C '$outTar'" }
    $copyBest['tar | tar'] = [math]::Min($copyBest['tar | tar'], $tarSeconds)
}
Clear-Copies
$copyRows = foreach ($k in $copyBest.Keys) {
    [pscustomobject]@{ Method = $k; 'MB/s' = [math]::Round($corpusMB / $copyBest[$k]); Seconds = [math]::Round($copyBest[$k], 2) }
}

$cpu = (Get-Content /proc/cpuinfo | Select-String -Pattern '^model name' | Select-Object -First 1).Line -replace '^model name\s*:\s*', ''
Write-Host ""
Write-Host "Header read: $Count files, $([math]::Round($corpusMB)) MB, page cache warm; $([Environment]::ProcessorCount) cores ($cpu)"
$rows | Format-Table Tool, @{ n = 'files/s'; e = { [math]::Round($_.'files/s') } }, @{ n = 'Seconds'; e = { [math]::Round($_.Seconds, 2) } }, Note -AutoSize | Out-Host
Write-Host "Header read of multi-frame files (fresh process each; peak working set includes the .NET runtime)"
$memory | Format-Table -AutoSize | Out-Host
Write-Host "Copy of the corpus ($([math]::Round($corpusMB)) MB) to $copyRoot (page cache warm for reading; includes writing through to the page cache)"
$copyRows | Format-Table -AutoSize | Out-Host

if ($Json) {
    [pscustomobject]@{ count = $Count; corpusMB = $corpusMB; headers = $rows; memory = $memory; copy = $copyRows } |
        ConvertTo-Json -Depth 4 | Set-Content -LiteralPath (Join-Path $WorkFolder 'results.json')
}

if (-not $Keep) {
    Remove-Item -LiteralPath $corpus -Recurse -Force
    Get-ChildItem -LiteralPath $WorkFolder -Filter 'multiframe-*.dcm' | Remove-Item -Force
}

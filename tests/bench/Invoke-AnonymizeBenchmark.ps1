<#
.SYNOPSIS
    Whole-run de-identification benchmark: Invoke-DicomAnonymize against gdcmanon, batch dcmodify, a pydicom
    script applying the same Basic Profile rules, and a plain tar copy as the I/O ceiling, on the same files.
.DESCRIPTION
    1. Corpus: -Count synthetic 512x512 16-bit CT files (about 0.5 MB each, written by our writer through
       tests/DicomAnon.Benchmarks' `corpus` verb) plus a mixed corpus (MR, RGB secondary capture/US-like, RLE
       and multi-frame files from pydicom's real-world test files, copied -MixedCopies times).
    2. Each tool de-identifies the corpus into its own fresh folder, page cache warm, -Rounds times; the median run
       is kept (-NoDeleteBetweenRuns: see the parameter). The rounds are interleaved (round 1 of every tool, then round 2 ...), each round starting one tool
       later, so a neighbour's load that comes and goes on a shared machine falls on every tool alike; the load
       average is printed before and after. Before each run the previous output is deleted and the dirty pages of the
       machine are written back (sync), so no tool pays for another's write-back. On a machine shared with other
       work, run the whole script in its own session with a higher CPU weight (as root:
       `setsid bash -c 'echo -20 > /proc/$$/autogroup; dotnet pwsh tests/bench/Invoke-AnonymizeBenchmark.ps1 ...'`):
       with autogroup scheduling, nice alone does not lift a process above other sessions.
       Every tool is timed as a whole process from outside with GNU time (start-up, module load and exit included), which also reports the peak resident set (PeakMB).
       - ours: Invoke-DicomAnonymize in a fresh pwsh -NoProfile (dotnet running pwsh.dll, as an installed pwsh starts),
         -ThrottleLimit 1 and 2;
       - gdcmanon -e (PS3.15 E.1 Basic Profile with a throw-away certificate) -r, one process for the folder;
       - dcmodify: the corpus copied, then erased/replaced tags in place, 200 files per process (the copy time is included);
       - pydicom: tests/bench/pydicom_anonymize.py (same E.1-1 table, one process);
       - tar: tar -cf - | tar -xf -, the I/O ceiling.
    Prints a table (seconds, files/s, MB/s, peak MB) and each ratio as the issue defines it: the peer's seconds divided
    by DicomAnon's (-ThrottleLimit 1); writes results.json under -WorkFolder.
    This is a measurement, not a test: nothing fails when a target is missed.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build; dotnet pwsh tests/bench/Invoke-AnonymizeBenchmark.ps1 -Count 2000 -MixedCopies 0 -Rounds 3
#>
[CmdletBinding()]
param(
    [ValidateRange(10, 100000)]
    [int] $Count = 300,

    [ValidateRange(0, 1000)]
    [int] $MixedCopies = 20,

    [ValidateRange(1, 9)]
    [int] $Rounds = 3,

    [string] $WorkFolder = (Join-Path ([IO.Path]::GetTempPath()) 'dicomanon-anon-bench'),

    # Another built module folder (e.g. main's output/DicomAnon copied aside) timed in the same run, for a before/after.
    [string] $BaselineModule,

    # Tools left out (wildcards on the names in the table), e.g. 'dcmodify*' to save its minutes.
    [string[]] $Skip = @(),

    # Each run writes into a new folder and no output is deleted until the corpus's rounds are done (needs the
    # corpus's size once per tool and round on disk). On ext4 without a journal (this VM) a new inode is never one
    # freed in the last minute: right after the previous run's 2,000 files were deleted, creating 2,000 files costs
    # about 1.0-1.3 CPU s instead of 0.2 (measured with empty files), whichever tool creates them.
    [switch] $NoDeleteBetweenRuns,

    [switch] $Keep
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $PSScriptRoot 'WholeProcess.ps1')
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$module = Join-Path $repo 'output/DicomAnon'
$python = '/usr/bin/python3'
$profileTsv = Join-Path $repo 'src/DicomAnon.Core/Data/ps3.15_E.1-1_confidentiality_profile.tsv'
$pydicomFiles = '/usr/lib/python3/dist-packages/pydicom/data/test_files'
if (-not (Test-Path -LiteralPath (Join-Path $module 'DicomAnon.psd1'))) {
    throw "Build the module first: dotnet pwsh ./build.ps1 -Task Build"
}

New-Item -ItemType Directory -Force -Path $WorkFolder | Out-Null
$ct = Join-Path $WorkFolder "ct-$Count"
$mixed = Join-Path $WorkFolder "mixed-$MixedCopies"

# --- corpora -----------------------------------------------------------------------------------------------
if (-not (Test-Path -LiteralPath $ct)) {
    Write-Host "Writing $Count CT files to $ct"
    & dotnet run -c Release --project (Join-Path $repo 'tests/DicomAnon.Benchmarks') -- corpus $ct $Count | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "corpus generation failed" }
}

if ($MixedCopies -gt 0 -and -not (Test-Path -LiteralPath $mixed)) {
    New-Item -ItemType Directory -Force -Path $mixed | Out-Null
    $pick = 'MR_small.dcm', 'MR_small_bigendian.dcm', 'MR_small_RLE.dcm', 'SC_rgb_small_odd.dcm', 'SC_rgb_rle.dcm', 'SC_rgb_rle_2frame.dcm',
        'SC_rgb_jpeg_dcmtk.dcm', 'SC_ybr_full_422_uncompressed.dcm', 'rtdose.dcm', 'liver_1frame.dcm', 'CT_small.dcm', 'JPEG2000.dcm'
    for ($i = 0; $i -lt $MixedCopies; $i++) {
        foreach ($name in $pick) {
            $src = Join-Path $pydicomFiles $name
            if (Test-Path -LiteralPath $src) {
                Copy-Item -LiteralPath $src -Destination (Join-Path $mixed ('{0:D4}-{1}' -f $i, $name))
            }
        }
    }
}

function Get-CorpusSize([string] $path) {
    $files = @(Get-ChildItem -LiteralPath $path -File -Recurse)
    [pscustomobject]@{ Files = $files.Count; MB = ($files | Measure-Object Length -Sum).Sum / 1MB }
}

function Reset-Folder([string] $path) {
    if (Test-Path -LiteralPath $path) { Remove-Item -LiteralPath $path -Recurse -Force }
    New-Item -ItemType Directory -Force -Path $path | Out-Null
}

# A throw-away key and certificate: benchmark material only.
$keyFile = Join-Path $WorkFolder 'bench.key'
if (-not (Test-Path -LiteralPath $keyFile)) {
    & dotnet pwsh -NoProfile -Command "Import-Module '$module'; New-DicomAnonymizationKey -Path '$keyFile' | Out-Null"
}

$cert = Join-Path $WorkFolder 'cert.pem'
$certKey = Join-Path $WorkFolder 'cert.key'
if (-not (Test-Path -LiteralPath $cert)) {
    & openssl req -x509 -newkey rsa:2048 -nodes -keyout $certKey -out $cert -subj '/CN=dicomanon-bench' -days 1 2>$null | Out-Null
}

# dcmodify: the attributes the Basic Profile removes or empties at the top level of these files.
$dcmodifyArgs = @('-nb', '-ie', '-nrc',
    '-ma', '(0010,0010)=ANONYMOUS', '-ma', '(0010,0020)=ANON', '-ea', '(0010,0030)', '-ea', '(0010,0040)',
    '-ea', '(0008,0090)', '-ea', '(0008,0080)', '-ea', '(0008,0081)', '-ea', '(0008,1010)', '-ea', '(0008,1030)',
    '-ea', '(0008,103E)', '-ea', '(0008,0050)', '-ea', '(0020,0010)', '-ea', '(0010,1010)', '-ea', '(0010,1030)',
    '-ea', '(0010,1000)', '-ea', '(0010,1001)', '-ea', '(0008,1048)', '-ea', '(0008,1050)', '-ea', '(0008,1070)',
    '-ea', '(0018,1000)', '-ea', '(0032,1032)', '-ea', '(0040,0254)', '-ea', '(0008,0020)', '-ea', '(0008,0030)',
    '-gst', '-gse', '-gin')

$pwsh = Get-PwshCommand

function Invoke-Ours([string] $corpus, [string] $out, [int] $throttle, [string] $from = $module) {
    $script = "Import-Module '$from'; Invoke-DicomAnonymize -Path '$corpus' -Recurse -Destination '$out' -KeyFile '$keyFile' -ThrottleLimit $throttle -ErrorAction SilentlyContinue | Out-Null"
    Measure-Process ($pwsh + @('-NoProfile', '-NonInteractive', '-Command', $script))
}

$peers = [ordered]@{
    'DicomAnon -ThrottleLimit 1' = { param($c, $o) Invoke-Ours $c $o 1 }
    'DicomAnon -ThrottleLimit 2' = { param($c, $o) Invoke-Ours $c $o 2 }
    'gdcmanon -e -r' = { param($c, $o) Measure-Process @('gdcmanon', '-e', '-c', $cert, '-r', '--continue', '-i', $c, '-o', $o) }
    'dcmodify (copy + batch)' = {
        param($c, $o)
        $batch = Join-Path $WorkFolder 'dcmodify.sh'
        Set-Content -LiteralPath $batch -Value @(
            "cp -r '$c/.' '$o'"
            "find '$o' -type f -print0 | xargs -0 -n 200 dcmodify $(($dcmodifyArgs | ForEach-Object { "'$_'" }) -join ' ') >/dev/null 2>&1"
        )
        Measure-Process @('bash', $batch)
    }
    'pydicom script' = { param($c, $o) Measure-Process @($python, (Join-Path $PSScriptRoot 'pydicom_anonymize.py'), $profileTsv, $c, $o) }
    'tar | tar (I/O ceiling)' = { param($c, $o) Measure-Process @('bash', '-c', "tar -cf - -C '$c' . | tar -xf - -C '$o'") }
    'cp -r (kernel copy)' = { param($c, $o) Measure-Process @('cp', '-r', "$c/.", $o) }
}
if ($BaselineModule) {
    $peers.Insert(2, 'DicomAnon baseline -ThrottleLimit 1', { param($c, $o) Invoke-Ours $c $o 1 $BaselineModule })
}

foreach ($name in @($peers.Keys)) {
    foreach ($pattern in $Skip) {
        if ($name -like $pattern) { $peers.Remove($name); break }
    }
}

function Get-Load { (Get-Content -LiteralPath '/proc/loadavg' -ErrorAction SilentlyContinue) -replace '^(\S+ \S+ \S+).*', '$1' }

$results = [Collections.Generic.List[object]]::new()
Write-Host "Load average (1, 5, 15 min) before: $(Get-Load) on $([Environment]::ProcessorCount) cores"
foreach ($corpus in @($ct) + @(if ($MixedCopies -gt 0) { $mixed })) {
    $size = Get-CorpusSize $corpus
    Write-Host ("Corpus {0}: {1} files, {2:N0} MB" -f (Split-Path -Leaf $corpus), $size.Files, $size.MB)
    & bash -c "cat '$corpus'/* > /dev/null"   # warm the page cache for everyone
    $byTool = [ordered]@{}
    foreach ($name in $peers.Keys) { $byTool[$name] = [Collections.Generic.List[object]]::new() }
    $out = Join-Path $WorkFolder 'out'
    $names = @($peers.Keys)
    for ($round = 0; $round -lt $Rounds; $round++) {
        # Each round starts one tool later, so no tool always runs first (after the previous round's writes).
        for ($k = 0; $k -lt $names.Count; $k++) {
            $name = $names[($round + $k) % $names.Count]
            if ($NoDeleteBetweenRuns) { $out = Join-Path $WorkFolder "out-$round-$k" }
            Reset-Folder $out
            # The previous tool's output is written back to disk now, not during this tool's run (no tool syncs).
            & sync
            $byTool[$name].Add((& $peers[$name] $corpus $out))
            $byTool[$name][-1] | Add-Member -NotePropertyName FilesWritten -NotePropertyValue (Get-CorpusSize $out).Files
        }
    }

    if ($NoDeleteBetweenRuns) {
        Get-ChildItem -LiteralPath $WorkFolder -Directory -Filter 'out-*' | Remove-Item -Recurse -Force
    }

    foreach ($name in $peers.Keys) {
        $runs = $byTool[$name]
        # The median run (by seconds) of an odd number of rounds; the lower middle one otherwise.
        $best = @($runs | Sort-Object Seconds)[[int][Math]::Floor(($runs.Count - 1) / 2)]
        $results.Add([pscustomobject]@{
            Corpus = Split-Path -Leaf $corpus
            Tool = $name
            Seconds = [Math]::Round($best.Seconds, 2)
            FilesPerSecond = [Math]::Round($size.Files / $best.Seconds, 1)
            MBPerSecond = [Math]::Round($size.MB / $best.Seconds, 1)
            FilesWritten = $best.FilesWritten
            PeakMB = [Math]::Round($best.PeakMB, 0)
            CpuSeconds = [Math]::Round((@($runs | Sort-Object CpuSeconds)[[int][Math]::Floor(($runs.Count - 1) / 2)]).CpuSeconds, 2)
            AllSeconds = ($runs | ForEach-Object { $_.Seconds.ToString('0.00', [cultureinfo]::InvariantCulture) }) -join ' '
        })
    }
}

$results | Format-Table Corpus, Tool, Seconds, CpuSeconds, FilesPerSecond, MBPerSecond, FilesWritten, PeakMB, AllSeconds -AutoSize | Out-String -Width 200 | Out-Host
foreach ($group in $results | Group-Object Corpus) {
    $ours = $group.Group | Where-Object Tool -eq 'DicomAnon -ThrottleLimit 1'
    foreach ($peer in $group.Group | Where-Object Tool -notlike 'DicomAnon*') {
        # The issue's ratio: the peer's seconds divided by ours (above 1 means DicomAnon is faster).
        Write-Host ("{0}: {1} {2} s / DicomAnon {3} s = {4:N2}x (CPU seconds: {5} / {6} = {7:N2}x)" -f $group.Name, $peer.Tool, $peer.Seconds, $ours.Seconds,
            ($peer.Seconds / $ours.Seconds), $peer.CpuSeconds, $ours.CpuSeconds, ($peer.CpuSeconds / $ours.CpuSeconds))
    }
}

Write-Host "Load average (1, 5, 15 min) after: $(Get-Load)"
$results | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $WorkFolder 'results.json')
Remove-Item -LiteralPath (Join-Path $WorkFolder 'out') -Recurse -Force -ErrorAction SilentlyContinue
if (-not $Keep) {
    Remove-Item -LiteralPath $ct, $mixed -Recurse -Force -ErrorAction SilentlyContinue
}

<#
.SYNOPSIS
    Where a whole run's CPU goes (issue 13): one Invoke-DicomAnonymize run, sampled by perf, split by thread and by the
    kernel functions the write-behind workers spend it in.
.DESCRIPTION
    Runs Invoke-DicomAnonymize (-ThrottleLimit 1) on -Path into a fresh folder in a fresh pwsh -NoProfile, as the
    whole-run benchmark does, under `perf record -F 999`, then prints:
    - CPU seconds per thread name (the pipeline thread, the write-behind workers, the read-ahead worker, the JIT,
      start-up on the main thread ...), from the sample counts;
    - the system-call counts of the run (`strace -f -c`, a second run) when -Syscalls is given, to compare with a peer
      tool (`strace -f -c gdcmanon ...`).
    Sampling counts CPU time only: on a shared machine the split stays meaningful when the clock does not.
    Needs perf (and strace for -Syscalls). This is a measurement, not a test.
.EXAMPLE
    dotnet pwsh tests/bench/Measure-ThreadSplit.ps1 -Path /tmp/dicomanon-anon-bench/ct-2000 -Syscalls
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $Path,

    [string] $Module = (Join-Path $PSScriptRoot '../../output/DicomAnon'),

    [string] $WorkFolder = (Join-Path ([IO.Path]::GetTempPath()) 'dicomanon-thread-split'),

    [switch] $Syscalls
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $PSScriptRoot 'WholeProcess.ps1')
$Module = (Resolve-Path -LiteralPath $Module).Path
$Path = (Resolve-Path -LiteralPath $Path).Path
if (-not (Get-Command perf -ErrorAction SilentlyContinue)) { throw 'perf is not installed.' }

New-Item -ItemType Directory -Force -Path $WorkFolder | Out-Null
$keyFile = Join-Path $WorkFolder 'bench.key'
$pwsh = Get-PwshCommand
if (-not (Test-Path -LiteralPath $keyFile)) {
    & $pwsh[0] $pwsh[1..($pwsh.Count - 1)] -NoProfile -Command "Import-Module '$Module'; New-DicomAnonymizationKey -Path '$keyFile' | Out-Null"
}

# Each run writes into a new folder, and the outputs are deleted at the end: on ext4 without a journal, creating files
# right after thousands were deleted costs the writers up to a CPU second more (see Invoke-AnonymizeBenchmark.ps1).
function New-Out { $script:out = Join-Path $WorkFolder ('out-' + [guid]::NewGuid().ToString('N')); $script:command = $pwsh + @('-NoProfile', '-NonInteractive', '-Command',
    "Import-Module '$Module'; Invoke-DicomAnonymize -Path '$Path' -Recurse -Destination '$out' -KeyFile '$keyFile' -ThrottleLimit 1 -ErrorAction SilentlyContinue | Out-Null") }

& bash -c "cat '$Path'/* > /dev/null 2>&1"   # page cache warm, as in the whole-run benchmark
New-Out
$data = Join-Path $WorkFolder 'perf.data'
$hz = 999
& perf record -F $hz -o $data -- @command 2>&1 | Out-Null
$lines = & perf report -i $data --no-children -n --sort comm --stdio 2>$null | Where-Object { $_ -match '^\s+[\d.]+%\s+\d+\s' }
$rows = foreach ($line in $lines) {
    $f = $line.Trim() -split '\s+', 3
    [pscustomobject]@{ Thread = $f[2]; Samples = [int]$f[1]; CpuSeconds = [Math]::Round([int]$f[1] / $hz, 2) }
}
$rows | Format-Table -AutoSize | Out-String | Out-Host
Write-Host ("Total: {0:N2} CPU seconds" -f (($rows | Measure-Object Samples -Sum).Sum / $hz))

Write-Host 'Kernel functions of the write-behind workers (top 12):'
& perf report -i $data --no-children -n --comm 'DicomAnon write' --sort sym --stdio 2>$null |
    Where-Object { $_ -match '^\s+[\d.]+%' } | Select-Object -First 12 | Out-Host

if ($Syscalls) {
    if (-not (Get-Command strace -ErrorAction SilentlyContinue)) { throw 'strace is not installed.' }
    New-Out
    $counts = Join-Path $WorkFolder 'strace.txt'
    & strace -f -c -o $counts -- @command 2>&1 | Out-Null
    Get-Content -LiteralPath $counts | Select-Object -First 30 | Out-Host
}

Get-ChildItem -LiteralPath $WorkFolder -Directory -Filter 'out-*' | Remove-Item -Recurse -Force

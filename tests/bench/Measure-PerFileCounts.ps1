<#
.SYNOPSIS
    Whole-run costs that a shared machine cannot blur (issue 13): system calls and managed allocations per file of
    Invoke-DicomAnonymize, for this build and, with -BaselineModule, another one, on the same files.
.DESCRIPTION
    On a machine shared with other work the clock and even CPU seconds move by 25% or more between runs; counts do
    not. For each module:
    - system calls: `strace -f -c` of a whole run (fresh pwsh -NoProfile, -ThrottleLimit 1, as the whole-run benchmark
      runs it) minus `strace -f -c` of an import-only process, divided by the file count. Thread hand-offs (futex,
      sched_yield), memory mapping and pwsh's own start-up writes are left out: they follow the scheduler, not the files;
    - allocations: bytes allocated by the whole process (all threads) during a run of every file minus a run of the
      first 20, in one warm process, divided by the difference in files; the GC counts of the long run; with
      -ByType, the types by the runtime's allocation samples (one event per about 100 KB).
    Each run writes into a new folder, deleted afterwards. This is a measurement, not a test.
.EXAMPLE
    dotnet pwsh tests/bench/Measure-PerFileCounts.ps1 -Path /tmp/dicomanon-anon-bench/ct-2000 -BaselineModule /tmp/main/DicomAnon
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $Path,

    [string] $Module = (Join-Path $PSScriptRoot '../../output/DicomAnon'),

    # Another built module folder (e.g. main's output/DicomAnon copied aside), counted the same way.
    [string] $BaselineModule,

    [string] $WorkFolder = (Join-Path ([IO.Path]::GetTempPath()) 'dicomanon-per-file-counts'),

    [switch] $ByType
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $PSScriptRoot 'WholeProcess.ps1')
$Path = (Resolve-Path -LiteralPath $Path).Path
$files = @(Get-ChildItem -LiteralPath $Path -File)
if ($files.Count -lt 40) { throw "Give a folder of at least 40 files (it holds $($files.Count))." }
if (-not (Get-Command strace -ErrorAction SilentlyContinue)) { throw 'strace is not installed.' }

New-Item -ItemType Directory -Force -Path $WorkFolder | Out-Null
$pwsh = Get-PwshCommand
$keyFile = Join-Path $WorkFolder 'bench.key'
$small = Join-Path $WorkFolder 'first-20'
if (-not (Test-Path -LiteralPath $small)) {
    New-Item -ItemType Directory -Path $small | Out-Null
    $files | Select-Object -First 20 | Copy-Item -Destination $small
}

function Invoke-Pwsh([string] $script) { & $pwsh[0] $pwsh[1..($pwsh.Count - 1)] -NoProfile -NonInteractive -Command $script }
function New-Out { Join-Path $WorkFolder ('out-' + [guid]::NewGuid().ToString('N')) }

# Calls that follow the scheduler or the runtime rather than the files.
$notPerFile = 'futex', 'sched_yield', 'mprotect', 'mmap', 'munmap', 'madvise', 'write', 'poll', 'wait4', 'brk', 'rt_sigprocmask', 'sigaltstack', 'rseq', 'clone3', 'gettid', 'set_robust_list'

function Get-Syscalls([string[]] $command) {
    $report = Join-Path $WorkFolder 'strace.txt'
    & strace -f -c -o $report -- @command 2>&1 | Out-Null
    $counts = @{}
    foreach ($line in Get-Content -LiteralPath $report) {
        $f = $line.Trim() -split '\s+'
        if ($f.Count -ge 5 -and $f[0] -match '^[\d.]+$' -and $f[-1] -ne 'total') { $counts[$f[-1]] = [int]$f[3] }
    }
    $counts
}

$modules = [ordered]@{ this = (Resolve-Path -LiteralPath $Module).Path }
if ($BaselineModule) { $modules['baseline'] = (Resolve-Path -LiteralPath $BaselineModule).Path }
if (-not (Test-Path -LiteralPath $keyFile)) {
    Invoke-Pwsh "Import-Module '$($modules['this'])'; New-DicomAnonymizationKey -Path '$keyFile' | Out-Null"
}

$syscalls = [ordered]@{}
foreach ($name in $modules.Keys) {
    $m = $modules[$name]
    $import = Get-Syscalls ($pwsh + @('-NoProfile', '-NonInteractive', '-Command', "Import-Module '$m'"))
    $out = New-Out
    $run = Get-Syscalls ($pwsh + @('-NoProfile', '-NonInteractive', '-Command',
        "Import-Module '$m'; Invoke-DicomAnonymize -Path '$Path' -Recurse -Destination '$out' -KeyFile '$keyFile' -ThrottleLimit 1 -ErrorAction SilentlyContinue | Out-Null"))
    Remove-Item -LiteralPath $out -Recurse -Force -ErrorAction SilentlyContinue
    $perFile = @{}
    foreach ($call in $run.Keys) {
        if ($call -notin $notPerFile) { $perFile[$call] = ($run[$call] - ($import[$call] ?? 0)) / $files.Count }
    }
    $syscalls[$name] = $perFile
}

$calls = @($syscalls.Values | ForEach-Object { $_.Keys } | Sort-Object -Unique)
$rows = foreach ($call in $calls) {
    $row = [ordered]@{ Call = $call }
    foreach ($name in $syscalls.Keys) { $row[$name] = [Math]::Round(($syscalls[$name][$call] ?? 0), 2) }
    if (@($row.Values | Select-Object -Skip 1 | Where-Object { [Math]::Abs($_) -ge 0.05 }).Count -gt 0) { [pscustomobject]$row }
}
Write-Host "System calls per file ($($files.Count) files, whole process minus an import-only process):"
$rows | Sort-Object { - $_.this } | Format-Table -AutoSize | Out-String | Out-Host
foreach ($name in $syscalls.Keys) {
    Write-Host ("{0}: {1:N1} calls per file in all" -f $name, (($syscalls[$name].Values | Measure-Object -Sum).Sum))
}

# Allocations: one warm process per module; a run of the first 20 files, then of all of them.
$listener = @'
using System;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
public sealed class DicomAnonAllocationSamples : EventListener {
    public readonly ConcurrentDictionary<string, long> ByType = new ConcurrentDictionary<string, long>();
    public volatile bool On;
    protected override void OnEventSourceCreated(EventSource source) {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
    }
    protected override void OnEventWritten(EventWrittenEventArgs e) {
        if (!On || e.EventName == null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal)) return;
        int t = e.PayloadNames.IndexOf("TypeName"), a = e.PayloadNames.IndexOf("AllocationAmount64");
        long amount = a >= 0 ? Convert.ToInt64(e.Payload[a]) : 100000;
        ByType.AddOrUpdate(t >= 0 ? (string)e.Payload[t] : "?", amount, (k, v) => v + amount);
    }
}
'@
foreach ($name in $modules.Keys) {
    $m = $modules[$name]
    $script = @"
`$ErrorActionPreference = 'Stop'
$(if ($ByType) { "Add-Type -TypeDefinition @'`n$listener`n'@; `$samples = [DicomAnonAllocationSamples]::new()" })
Import-Module '$m'
function Measure-Run([string] `$source, [switch] `$sample) {
    `$out = Join-Path '$WorkFolder' ('out-' + [guid]::NewGuid().ToString('N'))
    `$gc = 0..2 | ForEach-Object { [GC]::CollectionCount(`$_) }
    `$before = [GC]::GetTotalAllocatedBytes(`$true)
    $(if ($ByType) { "if (`$sample) { `$samples.On = `$true }" })
    Invoke-DicomAnonymize -Path `$source -Recurse -Destination `$out -KeyFile '$keyFile' -ThrottleLimit 1 -ErrorAction SilentlyContinue | Out-Null
    $(if ($ByType) { "`$samples.On = `$false" })
    `$bytes = [GC]::GetTotalAllocatedBytes(`$true) - `$before
    Remove-Item -LiteralPath `$out -Recurse -Force
    [pscustomobject]@{ Bytes = `$bytes; GCs = (0..2 | ForEach-Object { [GC]::CollectionCount(`$_) - `$gc[`$_] }) -join '/' }
}
`$null = Measure-Run '$small'
`$few = Measure-Run '$small'
`$all = Measure-Run '$Path' -sample
'{0}: {1:N0} bytes allocated per file (all threads); collections gen0/1/2 in the run of {2} files: {3}' -f '$name', ((`$all.Bytes - `$few.Bytes) / ($($files.Count) - 20)), $($files.Count), `$all.GCs
$(if ($ByType) { "`$samples.ByType.GetEnumerator() | Sort-Object Value -Descending | Select-Object -First 15 | ForEach-Object { '    {0,8:N0} B/file  {1}' -f (`$_.Value / $($files.Count)), `$_.Key }" })
"@
    Invoke-Pwsh $script | Out-Host
}

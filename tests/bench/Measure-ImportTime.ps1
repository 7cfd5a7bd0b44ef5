<#
.SYNOPSIS
    Times Import-Module of the built module in fresh `pwsh -NoProfile` processes (issue 13 item 4: median <= 150 ms).
.DESCRIPTION
    Each run is a new process (the same PowerShell that runs this script, started with -NoProfile -NonInteractive)
    that times `Import-Module <path>` with a Stopwatch around that one command, and also reports the process CPU time
    the import took and which DicomAnon/ImageSharp assemblies are loaded afterwards. Runs alternate with an empty
    script module, the floor that any module's first import in a fresh process pays, so that a busy machine shows
    up in the baseline too. Several -ModulePath values (builds or variants of the module) are interleaved in each
    round, so that they share the machine's load. Prints the medians and exits 1 when -BudgetMs is given and the
    first module's median exceeds it.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/bench/Measure-ImportTime.ps1 -Runs 9
.EXAMPLE
    dotnet pwsh -NoProfile -Command ./tests/bench/Measure-ImportTime.ps1 -Runs 9 -ModulePath output/DicomAnon, /tmp/main/DicomAnon
#>
[CmdletBinding()]
param(
    [string[]] $ModulePath = @(Join-Path $PSScriptRoot '../../output/DicomAnon'),
    [ValidateRange(5, 101)]
    [int] $Runs = 7,
    [int] $BudgetMs = 0
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$modules = @($ModulePath | ForEach-Object { (Resolve-Path -LiteralPath $_).Path })
$pwsh = (Get-Process -Id $PID).Path
$pwshArgs = @()
if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') {
    # `dotnet pwsh` (a local tool): start pwsh.dll through the same host.
    $pwshArgs = @([Environment]::GetCommandLineArgs()[0])
}

$empty = Join-Path ([IO.Path]::GetTempPath()) ("import-floor-" + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory -Path $empty
Set-Content -LiteralPath (Join-Path $empty 'ImportFloor.psm1') -Value '# nothing: the cost of importing any module'

# Thread CPU comes from Linux's /proc/thread-self/schedstat (nanoseconds on a CPU): the importing thread alone, which
# the machine's load does not inflate and pwsh's start-up work on other threads does not blur (-1 elsewhere).
$probe = {
    param($Path)
    $schedstat = '/proc/thread-self/schedstat'
    $hasSchedstat = [IO.File]::Exists($schedstat)
    $process = [Diagnostics.Process]::GetCurrentProcess()
    $thread0 = if ($hasSchedstat) { [long] ([IO.File]::ReadAllText($schedstat).Split(' ')[0]) } else { 0 }
    $cpu0 = $process.TotalProcessorTime
    $sw = [Diagnostics.Stopwatch]::StartNew()
    Import-Module -Name $Path
    $sw.Stop()
    $thread1 = if ($hasSchedstat) { [long] ([IO.File]::ReadAllText($schedstat).Split(' ')[0]) } else { $thread0 - 1000000 }
    $process.Refresh()
    $loaded = [AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -match '^(DicomAnon|SixLabors)' | Sort-Object
    '{0:F1};{1:F1};{2:F1};{3}' -f $sw.Elapsed.TotalMilliseconds, ($process.TotalProcessorTime - $cpu0).TotalMilliseconds, (($thread1 - $thread0) / 1e6), ($loaded -join ',')
}

function Invoke-Probe([string] $Path) {
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes("& { $probe } '$($Path -replace "'", "''")'"))
    $line = & $pwsh @pwshArgs -NoProfile -NonInteractive -EncodedCommand $encoded
    if ($LASTEXITCODE -ne 0) { throw "Importing $Path failed in a fresh process (exit code $LASTEXITCODE)." }
    $wall, $cpu, $threadCpu, $loaded = "$line".Split(';')
    [pscustomobject]@{ WallMs = [double] $wall; CpuMs = [double] $cpu; ThreadCpuMs = [double] $threadCpu; Loaded = $loaded }
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $mid = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$mid] }
    return ($sorted[$mid - 1] + $sorted[$mid]) / 2
}

try {
    $runsOf = @{}
    foreach ($module in $modules) { $runsOf[$module] = [Collections.Generic.List[object]]::new() }
    $floor = [Collections.Generic.List[object]]::new()
    foreach ($i in 1..$Runs) {
        $floor.Add((Invoke-Probe (Join-Path $empty 'ImportFloor.psm1')))
        # rotate the start so that no module always runs right after the empty one
        foreach ($k in 0..($modules.Count - 1)) {
            $module = $modules[($k + $i) % $modules.Count]
            $runsOf[$module].Add((Invoke-Probe $module))
        }
    }
}
finally {
    Remove-Item -LiteralPath $empty -Recurse -Force
}

$results = foreach ($module in $modules) {
    $ours = $runsOf[$module]
    [pscustomobject]@{
        Module            = $module
        Runs              = $Runs
        MedianMs          = Get-Median $ours.WallMs
        MedianCpuMs       = Get-Median $ours.CpuMs
        MedianThreadCpuMs = Get-Median $ours.ThreadCpuMs
        EmptyModuleMs     = Get-Median $floor.WallMs
        EmptyModuleCpuMs  = Get-Median $floor.CpuMs
        EmptyThreadCpuMs  = Get-Median $floor.ThreadCpuMs
        AllMs             = ($ours.WallMs | ForEach-Object { [int] $_ }) -join ' '
        AllCpuMs          = ($ours.CpuMs | ForEach-Object { [int] $_ }) -join ' '
        AllThreadCpuMs    = ($ours.ThreadCpuMs | ForEach-Object { [int] $_ }) -join ' '
        LoadedAfterImport = $ours[0].Loaded
    }
}
$results | Format-List | Out-Host
"Load average: $((Get-Content -LiteralPath /proc/loadavg -ErrorAction SilentlyContinue) -join ' ')" | Out-Host
$result = $results[0]
if ($BudgetMs -gt 0 -and $result.MedianMs -gt $BudgetMs) {
    Write-Warning "Import-Module median $($result.MedianMs) ms exceeds the budget of $BudgetMs ms."
    exit 1
}

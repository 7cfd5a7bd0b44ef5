<#
.SYNOPSIS
    Times Import-Module of the built module in fresh `pwsh -NoProfile` processes (issue 13 item 4: median <= 150 ms).
.DESCRIPTION
    Each run is a new process (the same PowerShell that runs this script, started with -NoProfile -NonInteractive)
    that times `Import-Module <path>` with a Stopwatch around that one command, and also reports the process CPU time
    the import took and which DicomAnon/ImageSharp assemblies are loaded afterwards. Runs alternate with an empty
    script module, the floor that any module's first import in a fresh process pays, so that a busy machine shows
    up in the baseline too. Prints the medians and exits 1 when -BudgetMs is given and the module's median exceeds it.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/bench/Measure-ImportTime.ps1 -Runs 9
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../output/DicomAnon'),
    [ValidateRange(5, 101)]
    [int] $Runs = 7,
    [int] $BudgetMs = 0
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$module = (Resolve-Path -LiteralPath $ModulePath).Path
$pwsh = (Get-Process -Id $PID).Path
$pwshArgs = @()
if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') {
    # `dotnet pwsh` (a local tool): start pwsh.dll through the same host.
    $pwshArgs = @([Environment]::GetCommandLineArgs()[0])
}

$empty = Join-Path ([IO.Path]::GetTempPath()) ("import-floor-" + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory -Path $empty
Set-Content -LiteralPath (Join-Path $empty 'ImportFloor.psm1') -Value '# nothing: the cost of importing any module'

$probe = {
    param($Path)
    $process = [Diagnostics.Process]::GetCurrentProcess()
    $cpu0 = $process.TotalProcessorTime
    $sw = [Diagnostics.Stopwatch]::StartNew()
    Import-Module -Name $Path
    $sw.Stop()
    $process.Refresh()
    $loaded = [AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -match '^(DicomAnon|SixLabors)' | Sort-Object
    '{0:F1};{1:F1};{2}' -f $sw.Elapsed.TotalMilliseconds, ($process.TotalProcessorTime - $cpu0).TotalMilliseconds, ($loaded -join ',')
}

function Invoke-Probe([string] $Path) {
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes("& { $probe } '$($Path -replace "'", "''")'"))
    $line = & $pwsh @pwshArgs -NoProfile -NonInteractive -EncodedCommand $encoded
    if ($LASTEXITCODE -ne 0) { throw "Importing $Path failed in a fresh process (exit code $LASTEXITCODE)." }
    $wall, $cpu, $loaded = "$line".Split(';')
    [pscustomobject]@{ WallMs = [double] $wall; CpuMs = [double] $cpu; Loaded = $loaded }
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $mid = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$mid] }
    return ($sorted[$mid - 1] + $sorted[$mid]) / 2
}

try {
    $ours = [Collections.Generic.List[object]]::new()
    $floor = [Collections.Generic.List[object]]::new()
    foreach ($i in 1..$Runs) {
        $floor.Add((Invoke-Probe (Join-Path $empty 'ImportFloor.psm1')))
        $ours.Add((Invoke-Probe $module))
    }
}
finally {
    Remove-Item -LiteralPath $empty -Recurse -Force
}

$result = [pscustomobject]@{
    Runs              = $Runs
    MedianMs          = Get-Median $ours.WallMs
    MedianCpuMs       = Get-Median $ours.CpuMs
    EmptyModuleMs     = Get-Median $floor.WallMs
    EmptyModuleCpuMs  = Get-Median $floor.CpuMs
    AllMs             = ($ours.WallMs | ForEach-Object { [int] $_ }) -join ' '
    LoadedAfterImport = $ours[0].Loaded
}
$result | Format-List | Out-Host
if ($BudgetMs -gt 0 -and $result.MedianMs -gt $BudgetMs) {
    Write-Warning "Import-Module median $($result.MedianMs) ms exceeds the budget of $BudgetMs ms."
    exit 1
}

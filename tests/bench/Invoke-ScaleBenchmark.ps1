<#
.SYNOPSIS
    Issue 13 items 5 and 6: whole-process cost and peak memory of DicomAnon over many small files.
.DESCRIPTION
    1. Writes small CT files (the benchmark's PHI-rich header with 32x32 pixels, about 4 KB each, 1,000 per folder)
       through tests/DicomAnon.Benchmarks' `small` verb, under -WorkFolder.
    2. For each count in -Counts and each form in -Forms: Invoke-DicomAnonymize -ThrottleLimit 1 over the first COUNT
       files into a fresh folder, timed as a whole process (fresh pwsh -NoProfile, module load and exit included) by
       GNU time, which also gives the peak resident set. Cost per file at each count shows whether the cost is linear.
       Forms: Path (-Path folders -Recurse), Pipe (Get-ChildItem -Recurse -File piped in), Uid (-Path with
       -Layout Uid). The load average before and after each run is printed with it. With -BaselineModule, each round
       runs the other build right after this one, so that the two see the same load.
    3. Get-DicomTag -PerFile over -HeaderCount files, whole process: files per second (-HeaderCount 0 skips it).
    Each figure is the median of -Rounds runs. This is a measurement, not a test.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build; dotnet pwsh tests/bench/Invoke-ScaleBenchmark.ps1 -Counts '10000,100000' -HeaderCount 20000
.EXAMPLE
    dotnet pwsh tests/bench/Invoke-ScaleBenchmark.ps1 -Counts '10000,100000' -Forms Path,Pipe,Uid -HeaderCount 0 -Rounds 1 -Corpus /tmp/small-100000
#>
[CmdletBinding()]
param(
    [string] $Counts = '10000,100000',

    # Comma-separated: Path, Pipe, Uid (a string, so that `pwsh -File` passes it as typed).
    [ValidatePattern('^(Path|Pipe|Uid)(,(Path|Pipe|Uid))*$')]
    [string] $Forms = 'Path',

    [ValidateRange(0, 1000000)]
    [int] $HeaderCount = 20000,

    [ValidateRange(1, 9)]
    [int] $Rounds = 3,

    [string] $WorkFolder = (Join-Path ([IO.Path]::GetTempPath()) 'dicomanon-scale-bench'),

    # An existing corpus written by the `small` verb (folders of 1,000 files), used as it is and never removed.
    [string] $Corpus,

    # Another built module folder (e.g. main's output/DicomAnon copied aside, under a folder named DicomAnon): every
    # run is repeated with it, back to back in each round.
    [string] $BaselineModule,

    # The built module folder to measure (default: this repository's output/DicomAnon), e.g. a copy of main's build.
    [string] $Module,

    [switch] $Keep
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $PSScriptRoot 'WholeProcess.ps1')
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$module = if ($Module) { (Resolve-Path -LiteralPath $Module).Path } else { Join-Path $repo 'output/DicomAnon' }
if (-not (Test-Path -LiteralPath (Join-Path $module 'DicomAnon.psd1'))) {
    throw "Build the module first: dotnet pwsh ./build.ps1 -Task Build (or give -Module)"
}

$sizes = @($Counts -split ',' | ForEach-Object { [int]$_ })
$largest = [Math]::Max(($sizes | Measure-Object -Maximum).Maximum, $HeaderCount)
New-Item -ItemType Directory -Force -Path $WorkFolder | Out-Null
$corpus = if ($Corpus) { (Resolve-Path -LiteralPath $Corpus).Path } else { Join-Path $WorkFolder "small-$largest" }
if (-not (Test-Path -LiteralPath $corpus)) {
    Write-Host "Writing $largest small files to $corpus"
    & dotnet run -c Release --project (Join-Path $repo 'tests/DicomAnon.Benchmarks') -- small $corpus $largest | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "corpus generation failed" }
}

$keyFile = Join-Path $WorkFolder 'bench.key'
$pwsh = Get-PwshCommand
if (-not (Test-Path -LiteralPath $keyFile)) {
    & $pwsh[0] $pwsh[1..($pwsh.Count - 1)] -NoProfile -Command "Import-Module '$module'; New-DicomAnonymizationKey -Path '$keyFile' | Out-Null"
}

function Get-Median([object[]] $runs) { @($runs | Sort-Object Seconds)[[int][Math]::Floor(($runs.Count - 1) / 2)] }

# The first COUNT files: whole folders of 1,000, so a list is not needed.
function Get-Inputs([int] $count) {
    @(Get-ChildItem -LiteralPath $corpus -Directory | Sort-Object Name | Select-Object -First ([int][Math]::Ceiling($count / 1000)) |
        ForEach-Object { "'" + $_.FullName + "'" }) -join ','
}

function Get-Load { ((Get-Content -LiteralPath /proc/loadavg -ErrorAction SilentlyContinue) -split ' ')[0] }

$rows = [Collections.Generic.List[object]]::new()
# With -BaselineModule, each round runs both builds back to back (this one first), so that both see the same load.
$builds = @([pscustomobject]@{ Name = ''; Path = $module })
if ($BaselineModule) { $builds += [pscustomobject]@{ Name = ' (baseline module)'; Path = (Resolve-Path -LiteralPath $BaselineModule).Path } }
foreach ($n in $sizes) {
    $inputs = Get-Inputs $n
    foreach ($form in ($Forms -split ',')) {
        $out = Join-Path $WorkFolder 'out'
        $call = switch ($form) {
            'Path' { "Invoke-DicomAnonymize -Path $inputs -Recurse" }
            'Pipe' { "Get-ChildItem -LiteralPath $inputs -Recurse -File | Invoke-DicomAnonymize" }
            'Uid' { "Invoke-DicomAnonymize -Path $inputs -Recurse -Layout Uid" }
        }

        $runs = @{}; $loads = @{}; $written = @{}
        foreach ($b in $builds) { $runs[$b.Name] = [Collections.Generic.List[object]]::new(); $loads[$b.Name] = [Collections.Generic.List[string]]::new() }
        for ($r = 0; $r -lt $Rounds; $r++) {
            foreach ($b in $builds) {
                if (Test-Path -LiteralPath $out) { Remove-Item -LiteralPath $out -Recurse -Force }
                $before = Get-Load
                $script = "Import-Module '$($b.Path)'; $call -Destination '$out' -KeyFile '$keyFile' -ThrottleLimit 1 -ErrorAction SilentlyContinue | Out-Null"
                $runs[$b.Name].Add((Measure-Process ($pwsh + @('-NoProfile', '-NonInteractive', '-Command', $script))))
                $loads[$b.Name].Add("$before->$(Get-Load)")
                $written[$b.Name] = @(Get-ChildItem -LiteralPath $out -File -Recurse -Filter '*.dcm').Count
            }
        }

        foreach ($b in $builds) {
            $m = Get-Median $runs[$b.Name]
            $peaks = @($runs[$b.Name] | ForEach-Object { $_.PeakMB } | Sort-Object)
            $rows.Add([pscustomobject]@{ Run = "Invoke-DicomAnonymize ($form), $n files$($b.Name)"; Files = $n; Written = $written[$b.Name]; Seconds = $m.Seconds
                MicrosecondsPerFile = [Math]::Round($m.Seconds * 1e6 / $n, 0); FilesPerSecond = [Math]::Round($n / $m.Seconds, 0)
                # The median peak of the rounds, on its own: the peak does not follow the clock.
                PeakMB = [Math]::Round($peaks[[int][Math]::Floor(($peaks.Count - 1) / 2)], 0); CpuSeconds = $m.CpuSeconds
                AllSeconds = ($runs[$b.Name] | ForEach-Object { $_.Seconds }) -join ' '; AllPeakMB = ($runs[$b.Name] | ForEach-Object { [Math]::Round($_.PeakMB, 0) }) -join ' '
                AllCpuSeconds = ($runs[$b.Name] | ForEach-Object { [Math]::Round($_.CpuSeconds, 1) }) -join ' '; Load = $loads[$b.Name] -join ' ' })
        }
    }
}

$inputs = Get-Inputs ([Math]::Max($HeaderCount, 1))
$runs = if ($HeaderCount -eq 0) { @() } else { for ($r = 0; $r -lt $Rounds; $r++) {
    $script = "Import-Module '$module'; Get-DicomTag -Path $inputs -Recurse -PerFile | Out-Null"
    Measure-Process ($pwsh + @('-NoProfile', '-NonInteractive', '-Command', $script))
} }

if ($HeaderCount -gt 0) {
    $m = Get-Median $runs
    $rows.Add([pscustomobject]@{ Run = "Get-DicomTag -PerFile, $HeaderCount files"; Files = $HeaderCount; Written = $null; Seconds = $m.Seconds
        MicrosecondsPerFile = [Math]::Round($m.Seconds * 1e6 / $HeaderCount, 0); FilesPerSecond = [Math]::Round($HeaderCount / $m.Seconds, 0); PeakMB = [Math]::Round($m.PeakMB, 0); CpuSeconds = $m.CpuSeconds
        AllSeconds = ($runs | ForEach-Object { $_.Seconds }) -join ' ' })
}

if ($BaselineModule -and $HeaderCount -gt 0) {
    $runs = for ($r = 0; $r -lt $Rounds; $r++) {
        $script = "Import-Module '$BaselineModule'; Get-DicomTag -Path $inputs -Recurse -PerFile | Out-Null"
        Measure-Process ($pwsh + @('-NoProfile', '-NonInteractive', '-Command', $script))
    }

    $m = Get-Median $runs
    $rows.Add([pscustomobject]@{ Run = "Get-DicomTag -PerFile, $HeaderCount files (baseline module)"; Files = $HeaderCount; Written = $null; Seconds = $m.Seconds
        MicrosecondsPerFile = [Math]::Round($m.Seconds * 1e6 / $HeaderCount, 0); FilesPerSecond = [Math]::Round($HeaderCount / $m.Seconds, 0); PeakMB = [Math]::Round($m.PeakMB, 0); CpuSeconds = $m.CpuSeconds
        AllSeconds = ($runs | ForEach-Object { $_.Seconds }) -join ' ' })
}

$rows | Format-Table -AutoSize | Out-String -Width 200 | Out-Host
$rows | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $WorkFolder 'results.json')
Remove-Item -LiteralPath (Join-Path $WorkFolder 'out') -Recurse -Force -ErrorAction SilentlyContinue
if (-not $Keep -and -not $Corpus) { Remove-Item -LiteralPath $corpus -Recurse -Force -ErrorAction SilentlyContinue }

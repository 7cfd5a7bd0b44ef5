# Copyright (c) DicomAnon contributors. Licensed under the MIT License.
# Dot-sourced by the whole-run benchmarks: how a process is timed, and how pwsh is started for it.

# Every tool is timed as a whole process from outside (start-up, module load and exit included) by GNU time, which
# also gives the peak resident set of the process and its children. $WorkFolder is the calling script's.
function Measure-Process([string[]] $command) {
    $stats = Join-Path $WorkFolder 'time.txt'
    & /usr/bin/time -f '%e %M %U %S' -o $stats @command 2>$null | Out-Null
    $fields = (Get-Content -LiteralPath $stats | Select-Object -Last 1) -split ' '
    $inv = [cultureinfo]::InvariantCulture
    # CPU seconds (user + system, children included) next to the clock: on a shared machine the clock measures the
    # neighbours too, the CPU time much less so.
    [pscustomobject]@{ Seconds = [double]::Parse($fields[0], $inv); PeakMB = [double]$fields[1] / 1024
        CpuSeconds = [double]::Parse($fields[2], $inv) + [double]::Parse($fields[3], $inv) }
}

# pwsh as an installed pwsh starts it (dotnet running pwsh.dll; `dotnet pwsh`, the repository's local tool, adds a
# tool look-up of its own that an installed pwsh does not have).
function Get-PwshCommand {
    $dll = @(Get-ChildItem -Path (Join-Path $HOME '.nuget/packages/powershell/*/tools/*/any/unix/pwsh.dll') -ErrorAction SilentlyContinue |
        Sort-Object FullName | Select-Object -Last 1 -ExpandProperty FullName)
    if ($dll) { @('dotnet', $dll[0]) } else { @('dotnet', 'pwsh') }
}

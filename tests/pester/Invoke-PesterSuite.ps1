<#
.SYNOPSIS
    Runs the Pester suite (called by build.ps1 -Task Test in a fresh PowerShell) and writes a JSON summary.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterModule,
    [Parameter(Mandatory)] [string] $ResultsFolder,
    [Parameter(Mandatory)] [string] $SummaryFile,
    [string] $TestPath
)

$ErrorActionPreference = 'Stop'
Import-Module -Name $PesterModule -Force

$config = New-PesterConfiguration
$config.Run.Path = if ($TestPath) { $TestPath -split ',' } else { $PSScriptRoot }
$config.Run.PassThru = $true
$config.Run.Exit = $false
$config.Output.Verbosity = 'Normal'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = Join-Path $ResultsFolder 'pester.xml'

$result = Invoke-Pester -Configuration $config
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $failed
    Skipped = $result.SkippedCount
} | ConvertTo-Json | Set-Content -LiteralPath $SummaryFile -Encoding utf8
exit ([Math]::Min($failed, 255))

<#
.SYNOPSIS
    Scenario: a scheduled task that checks a de-identified export before it leaves, and fails when anything is found.
.DESCRIPTION
    Runs Test-DicomDeidentified on the export against its sources (paired by the project key), writes an HTML
    report for the privacy officer and a CSV of the findings (places and kinds, never values), and exits 1 when
    anything was found or a file could not be checked, 0 when the export is clean. Register it, for example:

        $action = New-ScheduledTaskAction -Execute pwsh -Argument '-NoProfile -File C:\dicomanon\05-check-before-release.ps1 -Path D:\research -SourcePath D:\incoming -KeyFile C:\keys\project.key -ReportFolder D:\reports'
        Register-ScheduledTask -TaskName 'Check research export' -Action $action -Trigger (New-ScheduledTaskTrigger -Daily -At 2am)

    or as a cron line: pwsh -NoProfile -File 05-check-before-release.ps1 -Path /data/research ... || mail -s 'export NOT clean' ...
.EXAMPLE
    pwsh -NoProfile -File ./examples/05-check-before-release.ps1 -Path ./research -SourcePath ./incoming -KeyFile ./project.key -ReportFolder ./reports
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path,
    [string] $SourcePath,
    [string] $KeyFile,
    [string] $ReportFolder = '.',
    # Also OCR the pixel data (slow: about a second per frame read).
    [switch] $Pixels
)

Import-Module DicomAnon -ErrorAction Stop
$stamp = Get-Date -Format 'yyyyMMdd-HHmmss'
$null = New-Item -ItemType Directory -Path $ReportFolder -Force
$check = @{ Path = $Path; Recurse = $true; Pixels = $Pixels; ReportPath = (Join-Path $ReportFolder "check-$stamp.html") }
if ($SourcePath) { $check.SourcePath = $SourcePath }
if ($KeyFile) { $check.KeyFile = $KeyFile }

$failed = $null
$findings = @(Test-DicomDeidentified @check -ErrorVariable failed -ErrorAction SilentlyContinue)
$findings | Export-Csv -LiteralPath (Join-Path $ReportFolder "findings-$stamp.csv") -NoTypeInformation
Write-Host ("{0} findings in {1} files; {2} files could not be checked. Report: {3}" -f
    $findings.Count, @($findings | Select-Object -ExpandProperty Path -Unique).Count, @($failed).Count, $check.ReportPath)
if ($findings.Count -gt 0 -or @($failed).Count -gt 0) { exit 1 }
exit 0

<#
.SYNOPSIS
    Scenario: an unattended de-identification run for a scheduled task, with an exit code the scheduler can act on.
.DESCRIPTION
    De-identifies every file under -Source into -Destination. Safe to rerun (for example every night, or after a
    crash): finished files are skipped without being read, new or changed ones are processed. Writes the whole
    audit (one row per input file: Deidentified, Skipped or Failed with its ErrorId) to -AuditFile and a JSON-lines
    log with a summary record to -LogPath.

    Exit codes: 0 every file was de-identified or deliberately skipped; 1 at least one file failed (see the audit);
    2 the run could not start (no module, missing key file, bad parameters, destination inside the source).
.EXAMPLE
    # Register it to run nightly at 02:00 (Windows; the account needs read access to the share and the key file).
    $action = New-ScheduledTaskAction -Execute 'pwsh.exe' -Argument '-NoProfile -NonInteractive -File C:\dicomanon\04-scheduled-deidentify.ps1 -Source \\pacs\export -Destination D:\research -KeyFile C:\keys\project.key -AuditFile D:\logs\audit.csv -LogPath D:\logs\runs.jsonl'
    Register-ScheduledTask -TaskName 'DicomAnon nightly' -Action $action -Trigger (New-ScheduledTaskTrigger -Daily -At 2am)
.EXAMPLE
    # cron (Linux): 0 2 * * * pwsh -NoProfile -NonInteractive -File /opt/dicomanon/04-scheduled-deidentify.ps1 -Source /mnt/export -Destination /srv/research -KeyFile /etc/dicomanon/project.key -AuditFile /var/log/dicomanon/audit.csv -LogPath /var/log/dicomanon/runs.jsonl
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Source,
    [Parameter(Mandatory)] [string] $Destination,
    [Parameter(Mandatory)] [string] $KeyFile,
    [Parameter(Mandatory)] [string] $AuditFile,
    [string] $LogPath,
    [string] $Crosswalk,
    # "i/n" to take one share of the corpus on this server (see README, "Scaling out").
    [string] $Partition,
    [ValidateRange(1, 64)] [int] $ThrottleLimit = 2
)

try {
    if (-not (Get-Command Invoke-DicomAnonymize -ErrorAction SilentlyContinue)) { Import-Module DicomAnon -ErrorAction Stop }
    $options = @{
        Path = $Source; Recurse = $true; Destination = $Destination; KeyFile = $KeyFile; ThrottleLimit = $ThrottleLimit
        # Per-file errors are in the results (Status Failed, ErrorId); the error stream would only repeat them.
        ErrorAction = 'SilentlyContinue'
    }
    if ($LogPath) { $options.LogPath = $LogPath }
    if ($Crosswalk) { $options.Crosswalk = $Crosswalk }
    if ($Partition) { $options.Partition = $Partition }
    $results = @(Invoke-DicomAnonymize @options)
}
catch {
    # A stopping error (bad key, destination inside the source ...): nothing or only part was processed.
    Write-Error -ErrorRecord $_ -ErrorAction Continue
    exit 2
}

$results | Export-Csv -LiteralPath $AuditFile -NoTypeInformation
$counts = @{}
foreach ($status in 'Deidentified', 'Skipped', 'Failed') { $counts[$status] = @($results | Where-Object Status -EQ $status).Count }
Write-Output ("{0} de-identified, {1} skipped, {2} failed; audit: {3}" -f $counts.Deidentified, $counts.Skipped, $counts.Failed, $AuditFile)
if ($counts.Failed -gt 0) { exit 1 }
exit 0

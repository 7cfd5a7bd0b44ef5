<#
.SYNOPSIS
    Scenario: de-identify a study folder for a research project, keeping an audit log and a crosswalk.
.EXAMPLE
    ./examples/02-deidentify-a-study.ps1 -Path .\incoming -Destination .\research -KeyFile $HOME/project.key -WhatIf
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $Destination,
    [Parameter(Mandatory)] [string] $KeyFile,
    [string] $AuditFile = 'audit.csv',
    [string] $Crosswalk
)

if (-not (Test-Path -LiteralPath $KeyFile)) { $null = New-DicomAnonymizationKey -Path $KeyFile -WhatIf:$WhatIfPreference }
$options = @{ Path = $Path; Recurse = $true; Destination = $Destination; Layout = 'Uid'; WhatIf = $WhatIfPreference }
# Under -WhatIf the key file may not exist yet: the preview then needs no key.
if (Test-Path -LiteralPath $KeyFile) { $options.KeyFile = $KeyFile } else { $options.WarningAction = 'SilentlyContinue' }
if ($Crosswalk) { $options.Crosswalk = $Crosswalk }
$results = Invoke-DicomAnonymize @options -ErrorVariable failed
if ($results) { $results | Export-Csv -LiteralPath $AuditFile -NoTypeInformation }
Write-Host ("{0} written, {1} skipped, {2} failed" -f @($results | Where-Object Status -EQ 'Deidentified').Count, @($results | Where-Object Status -EQ 'Skipped').Count, @($results | Where-Object Status -EQ 'Failed').Count)

<#
.SYNOPSIS
    Scenario: clean burned-in text from ultrasound or screen captures, check the result, and list files to review.
.EXAMPLE
    ./examples/03-blackout-burned-in-text.ps1 -Path .\us -Destination .\us-clean -Region 0,0,640,40
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $Destination,
    [int[]] $Region,
    [switch] $UseOcr
)

$options = @{ Path = $Path; Recurse = $true; Destination = $Destination; PassThru = $true; WhatIf = $WhatIfPreference }
if ($Region) { $options.Region = $Region }
if ($UseOcr) { $options.UseOcr = $true }
$results = Remove-DicomBurnedText @options
$review = $results | Where-Object Status -NE 'Cleaned'
if ($review) {
    Write-Warning "$(@($review).Count) file(s) still show text; PNGs for review are in $Destination/review"
    $review | Export-DicomImage -Destination (Join-Path $Destination 'review') | Out-Null
}
$results

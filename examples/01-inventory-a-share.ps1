<#
.SYNOPSIS
    Scenario: inventory a folder tree of DICOM files into a CSV (one row per file) and summarise the studies.
.EXAMPLE
    ./examples/01-inventory-a-share.ps1 -Path \\pacs\export -OutFile inventory.csv
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path,
    [string] $OutFile = 'inventory.csv'
)

$rows = Get-DicomTag -Path $Path -Recurse -PerFile -Tag PatientID, StudyInstanceUID, SeriesInstanceUID, Modality, StudyDate, SOPClassUID
$rows | Export-Csv -LiteralPath $OutFile -NoTypeInformation
$rows | Group-Object StudyInstanceUID |
    Select-Object @{ n = 'Files'; e = { $_.Count } }, @{ n = 'Modality'; e = { ($_.Group.Modality | Sort-Object -Unique) -join ',' } },
        @{ n = 'Series'; e = { @($_.Group.SeriesInstanceUID | Sort-Object -Unique).Count } }, @{ n = 'StudyDate'; e = { $_.Group[0].StudyDate } }

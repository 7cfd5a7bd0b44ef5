<#
.SYNOPSIS
    The DicomAnon demo (run by `build.ps1 -Task Demo`): makes a synthetic corpus, inventories it,
    de-identifies it and shows before and after side by side.
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../output/DicomAnon'),
    [string] $WorkFolder = (Join-Path $PSScriptRoot '../output/demo')
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module -Name (Resolve-Path -LiteralPath $ModulePath).Path -Force
. (Join-Path $PSScriptRoot 'SampleDicom.ps1')

function Show-Step([string] $Text) { Write-Host ''; Write-Host "=== $Text" -ForegroundColor Cyan }

if (Test-Path -LiteralPath $WorkFolder) { Remove-Item -LiteralPath $WorkFolder -Recurse -Force }
$corpus = Join-Path $WorkFolder 'corpus'
$out = Join-Path $WorkFolder 'deidentified'

Show-Step "1. A synthetic corpus (invented patients) written with DicomAnon's own writer: $corpus"
$ct = New-SampleDicomUid; $mr = New-SampleDicomUid; $us = New-SampleDicomUid
$ctSeries = New-SampleDicomUid
foreach ($i in 1..3) {
    $null = New-SampleDicomFile -Path (Join-Path $corpus "DOE_JANE/CT/IM000$i.dcm") -PatientName 'DOE^JANE' -PatientID 'MRN1001' `
        -PatientBirthDate '19650412' -StudyInstanceUID $ct -SeriesInstanceUID $ctSeries -Modality CT -StudyDate '20240315' -WithSequence -WithPrivate
}
foreach ($i in 1..2) {
    $null = New-SampleDicomFile -Path (Join-Path $corpus "study2/MR/IM000$i.dcm") -PatientName 'Müller^Jürgen' -CharacterSet 'ISO_IR 192' `
        -PatientID 'MRN2002' -PatientBirthDate '19581130' -StudyInstanceUID $mr -Modality MR -StudyDate '20240402' -InstitutionName 'KLINIKUM NORD'
}
$usFile = New-SampleDicomFile -Path (Join-Path $corpus 'study3/US/US0001.dcm') -PatientName 'ROE^RICHARD' -PatientID 'MRN3003' `
    -StudyInstanceUID $us -Modality US -Rows 240 -Columns 320 -BurnedInText 'ROE RICHARD 1971'
Set-Content -LiteralPath (Join-Path $corpus 'README.txt') -Value 'Not a DICOM file: skipped while walking the folder.'
Get-ChildItem -LiteralPath $corpus -Recurse -File | ForEach-Object { $_.FullName.Substring($corpus.Length + 1) } | Out-Host

Show-Step '2. Inventory: Get-DicomTag -Recurse -PerFile (headers only, pixel data never read)'
$inventory = Get-DicomTag -Path $corpus -Recurse -Tag PatientName, PatientID, Modality, StudyDate, StudyInstanceUID -PerFile
$inventory | Select-Object @{ n = 'File'; e = { $_.FilePath.Substring($corpus.Length + 1) } }, PatientName, PatientID, Modality, StudyDate |
    Format-Table -AutoSize | Out-Host
Write-Host 'Studies:'
$inventory | Group-Object StudyInstanceUID | Select-Object Count, @{ n = 'Patient'; e = { $_.Group[0].PatientID } }, @{ n = 'Modality'; e = { $_.Group[0].Modality } } |
    Format-Table -AutoSize | Out-Host

Show-Step 'One file in full (sequences indented, private elements with their creator):'
Get-DicomTag -LiteralPath (Join-Path $corpus 'DOE_JANE/CT/IM0001.dcm') | Where-Object { $_.Tag -notlike '(0002,*' } | Format-Table -AutoSize | Out-String -Width 160 | Out-Host

Show-Step '3. De-identify: a project key, then Invoke-DicomAnonymize -Recurse -CleanPixelData (audit results below)'
$key = Join-Path $WorkFolder 'project.key'
$null = New-DicomAnonymizationKey -Path $key
$results = Invoke-DicomAnonymize -Path $corpus -Recurse -Destination $out -KeyFile $key -CleanPixelData -ErrorAction Continue -WarningAction Continue
$results | Format-Table -AutoSize | Out-String -Width 160 | Out-Host
$results | Export-Csv -LiteralPath (Join-Path $WorkFolder 'audit.csv') -NoTypeInformation
Write-Host "Audit log: $(Join-Path $WorkFolder 'audit.csv')"
if (Test-Path -LiteralPath $out) {
    Write-Host 'Written (folders named after the patient are renamed by UID):'
    Get-ChildItem -LiteralPath $out -Recurse -File | ForEach-Object { '  ' + $_.FullName.Substring($out.Length + 1) } | Out-Host
}

Show-Step '4. Before and after, side by side'
$tags = 'PatientName', 'PatientID', 'PatientBirthDate', 'StudyDate', 'AccessionNumber', 'InstitutionName', 'ReferringPhysicianName', 'StudyInstanceUID', 'SeriesInstanceUID', 'SOPInstanceUID', 'PatientIdentityRemoved', 'DeidentificationMethod', 'BurnedInAnnotation'
foreach ($r in @($results | Where-Object Path | Group-Object PseudonymPatientId | ForEach-Object { $_.Group[0] })) {
    if (-not $r) { continue }
    Write-Host ("{0}  ->  {1}" -f $r.SourcePath.Substring($corpus.Length + 1), $r.Path.Substring($out.Length + 1)) -ForegroundColor Yellow
    $before = Get-DicomTag -LiteralPath $r.SourcePath -Tag $tags -PerFile
    $after = Get-DicomTag -LiteralPath $r.Path -Tag $tags -PerFile
    $tags | ForEach-Object { [pscustomobject]@{ Attribute = $_; Before = $before.$_; After = $after.$_ } } | Format-Table -AutoSize | Out-String -Width 160 | Out-Host
}

Show-Step '5. Burned-in text: PNG renderings of the ultrasound before and after'
$png = Join-Path $WorkFolder 'png'
try {
    $b = Export-DicomImage -LiteralPath $usFile -Destination (Join-Path $png 'before')
    Write-Host "before: $($b.FullName)"
    $cleaned = $results | Where-Object { $_.SourcePath -eq $usFile -and $_.Path }
    if ($cleaned) {
        $a = Export-DicomImage -LiteralPath $cleaned.Path -Destination (Join-Path $png 'after')
        Write-Host "after:  $($a.FullName)"
    }
}
catch {
    Write-Warning "PNG export failed: $($_.Exception.Message)"
}

Show-Step 'Done'
Write-Host "Everything is under $WorkFolder"

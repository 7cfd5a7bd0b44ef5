<#
.SYNOPSIS
    Times the cmdlets on a synthetic corpus (run by `build.ps1 -Task Bench`): files per second for header
    reads, de-identification at -ThrottleLimit 1 and 2, and region blackout. -Engine also runs the
    BenchmarkDotNet project tests/DicomAnon.Benchmarks (short job).
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../output/DicomAnon'),
    [string] $WorkFolder = (Join-Path $PSScriptRoot '../../output/bench'),
    [int] $Files = 200,
    [int] $Size = 512,
    [switch] $Engine
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module -Name (Resolve-Path -LiteralPath $ModulePath).Path -Force
. (Join-Path $PSScriptRoot '../../examples/SampleDicom.ps1')

if (Test-Path -LiteralPath $WorkFolder) { Remove-Item -LiteralPath $WorkFolder -Recurse -Force }
$corpus = Join-Path $WorkFolder 'corpus'
$template = New-SampleDicomFile -Path (Join-Path $WorkFolder 'template.dcm') -Rows $Size -Columns $Size -WithSequence -WithPrivate
$null = New-Item -ItemType Directory -Path $corpus -Force
foreach ($i in 1..$Files) { Copy-Item -LiteralPath $template -Destination (Join-Path $corpus ('IM{0:D5}.dcm' -f $i)) }
$key = Join-Path $WorkFolder 'bench.key'
$null = New-DicomAnonymizationKey -Path $key
$mb = (Get-ChildItem -LiteralPath $corpus -File | Measure-Object Length -Sum).Sum / 1MB

function Measure-Case([string] $Name, [scriptblock] $Body) {
    # Per-file errors are counted, not fatal.
    $ErrorActionPreference = 'Continue'
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $errors = @()
    try { & $Body 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { $errors += $_ } }
    catch { $errors += $_ }
    $sw.Stop()
    [pscustomobject]@{
        Case       = $Name
        Files      = $Files
        Seconds    = [Math]::Round($sw.Elapsed.TotalSeconds, 2)
        FilesPerS  = [Math]::Round($Files / $sw.Elapsed.TotalSeconds, 1)
        MBPerS     = [Math]::Round($mb / $sw.Elapsed.TotalSeconds, 1)
        Errors     = $errors.Count
    }
}

Write-Host ("Corpus: {0} files of {1}x{1} 8-bit ({2:N1} MB) in {3}" -f $Files, $Size, $mb, $corpus)
$rows = @(
    Measure-Case 'Get-DicomTag -PerFile (5 tags)' { Get-DicomTag -Path $corpus -Tag PatientID, StudyInstanceUID, SeriesInstanceUID, Modality, StudyDate -PerFile | Out-Null }
    Measure-Case 'Get-DicomTag (all elements)' { Get-DicomTag -Path $corpus | Out-Null }
    Measure-Case 'Test-DicomFile' { Test-DicomFile -Path $corpus | Out-Null }
    Measure-Case 'Invoke-DicomAnonymize -ThrottleLimit 1' { Invoke-DicomAnonymize -Path $corpus -Destination (Join-Path $WorkFolder 'out1') -KeyFile $key | Out-Null }
    Measure-Case 'Invoke-DicomAnonymize -ThrottleLimit 2' { Invoke-DicomAnonymize -Path $corpus -Destination (Join-Path $WorkFolder 'out2') -KeyFile $key -ThrottleLimit 2 | Out-Null }
    Measure-Case 'Remove-DicomBurnedText -Region' { Remove-DicomBurnedText -Path $corpus -Destination (Join-Path $WorkFolder 'out3') -Region 0, 0, 200, 40 -NoKnownLocations | Out-Null }
)
# The same Basic Profile in pydicom, as a peer (Debian's python3 has pydicom).
$python = '/usr/bin/python3'
if (Test-Path -LiteralPath $python) {
    $peer = Join-Path $PSScriptRoot 'pydicom_anonymize.py'
    $profile = Join-Path $PSScriptRoot '../../src/DicomAnon.Core/Data/ps3.15_E.1-1_confidentiality_profile.tsv'
    $rows += Measure-Case 'pydicom peer (same profile, 1 process)' {
        & $python $peer $profile $corpus (Join-Path $WorkFolder 'out-pydicom')
        if ($LASTEXITCODE -ne 0) { throw "pydicom peer failed (exit code $LASTEXITCODE)." }
    }
}
$rows | Format-Table -AutoSize | Out-Host
$rows | Export-Csv -LiteralPath (Join-Path $WorkFolder 'bench.csv') -NoTypeInformation

if ($Engine) {
    $proj = Join-Path $PSScriptRoot '../DicomAnon.Benchmarks/DicomAnon.Benchmarks.csproj'
    & dotnet run -c Release --project $proj -- --filter '*' --job short
    if ($LASTEXITCODE -ne 0) { throw "BenchmarkDotNet failed (exit code $LASTEXITCODE)." }
}

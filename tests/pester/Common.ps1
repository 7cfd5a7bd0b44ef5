# Shared set-up for the Pester suite: imports the BUILT module from output/ (run `build.ps1 -Task Build` first)
# and defines New-TestDicomFile, which writes synthetic files with the engine's own writer.
$script:RepoRoot = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../..')).Path
$script:ModulePath = Join-Path $script:RepoRoot 'output/DicomAnon/DicomAnon.psd1'
if (-not (Test-Path -LiteralPath $script:ModulePath)) {
    throw "The module is not built: run 'dotnet pwsh ./build.ps1 -Task Build' first."
}
Import-Module -Name $script:ModulePath -Force
. (Join-Path $script:RepoRoot 'examples/SampleDicom.ps1')

function New-TestDicomFile {
    # Returns the full path of a new synthetic DICOM file (see examples/SampleDicom.ps1 for the parameters).
    param([Parameter(Mandatory)] [string] $Path, [hashtable] $With = @{})
    New-SampleDicomFile -Path $Path @With
}

function Get-FqId([string] $Id, [string] $Cmdlet) {
    # The FullyQualifiedErrorId our cmdlets produce for an error id.
    "$Id,DicomAnon.Commands.$($Cmdlet -replace '-', '')Command"
}

function Get-PixelBytes([string] $Path) {
    # The raw native pixel data of a file, read with the engine.
    $f = [DicomAnon.Core.DicomFile]::Open($Path, $null)
    $f.Dataset[[DicomAnon.Core.DicomTag]::PixelData].GetBytes()
}

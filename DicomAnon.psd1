@{
    RootModule             = 'DicomAnon.psm1'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = '33a379d1-9628-4d8f-8bdb-2f8560f0d51c'
    Author                 = 'DicomAnon contributors'
    CompanyName            = 'DicomAnon contributors'
    Copyright              = '(c) DicomAnon contributors. MIT License.'
    Description            = 'Read, de-identify (DICOM PS3.15 Annex E) and clean burned-in text from DICOM files, from Windows PowerShell 5.1 and PowerShell 7.'
    PowerShellVersion      = '5.1'
    # .NET Framework 4.7.1+ has netstandard2.0 built in (dotnet/standard#514).
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('DicomAnon.format.ps1xml')
    FunctionsToExport      = @()
    CmdletsToExport        = @(
        'Export-DicomImage'
        'Get-DicomTag'
        'Invoke-DicomAnonymize'
        'New-DicomAnonymizationKey'
        'Remove-DicomBurnedText'
        'New-DicomDirectory'
        'Test-DicomDeidentified'
        'Test-DicomFile'
    )
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags       = @('DICOM', 'Deidentification', 'Anonymization', 'PHI', 'Medical', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux')
            ProjectUri = 'https://github.com/dicomanon/DicomAnon'
            LicenseUri = 'https://github.com/dicomanon/DicomAnon/blob/main/LICENSE'
        }
    }
}

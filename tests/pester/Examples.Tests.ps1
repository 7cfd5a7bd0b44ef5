BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $examples = Join-Path $RepoRoot 'examples'
    $corpus = Join-Path $TestDrive 'corpus'
    $study = New-SampleDicomUid
    $null = New-TestDicomFile -Path (Join-Path $corpus 'a/IM1.dcm') -With @{ StudyInstanceUID = $study }
    $null = New-TestDicomFile -Path (Join-Path $corpus 'a/IM2.dcm') -With @{ StudyInstanceUID = $study }
    $null = New-TestDicomFile -Path (Join-Path $corpus 'b/IM1.dcm') -With @{ Modality = 'MR' }
}

Describe 'Example scripts on synthetic data' {
    It '01 inventories a folder tree into a CSV and summarises the studies' {
        $csv = Join-Path $TestDrive 'inventory.csv'
        $summary = & (Join-Path $examples '01-inventory-a-share.ps1') -Path $corpus -OutFile $csv
        (Import-Csv -LiteralPath $csv).Count | Should -Be 3
        ($summary | Measure-Object Files -Sum).Sum | Should -Be 3
        @($summary).Count | Should -Be 2
    }

    It '02 writes nothing with -WhatIf' {
        $dest = Join-Path $TestDrive 'research'
        $key = Join-Path $TestDrive 'example.key'
        $null = & (Join-Path $examples '02-deidentify-a-study.ps1') -Path $corpus -Destination $dest -KeyFile $key -AuditFile (Join-Path $TestDrive 'audit.csv') -WhatIf 6>$null
        Test-Path -LiteralPath $dest | Should -BeFalse
        Test-Path -LiteralPath $key | Should -BeFalse
    }

    It '03 writes nothing with -WhatIf' {
        $dest = Join-Path $TestDrive 'clean'
        $null = & (Join-Path $examples '03-blackout-burned-in-text.ps1') -Path $corpus -Destination $dest -Region 0, 0, 8, 8 -WhatIf
        Test-Path -LiteralPath $dest | Should -BeFalse
    }
}

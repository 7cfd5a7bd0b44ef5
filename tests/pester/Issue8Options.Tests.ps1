BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $keyFile = Join-Path $TestDrive 'project.key'
    $null = New-DicomAnonymizationKey -Path $keyFile
    $source = New-TestDicomFile -Path (Join-Path $TestDrive 'in/ct1.dcm') -With @{ PatientName = 'DOE^JANE'; PatientID = 'PID001'; StudyDate = '20240110' }
    $n = 0
    function New-Out { $script:n++; Join-Path $TestDrive "out$script:n" }
}

# Issue 8: -Option adds to the default; no option combination silently stops date shifting.
Describe 'Invoke-DicomAnonymize -Option' {
    BeforeAll {
        $plain = Invoke-DicomAnonymize -LiteralPath $source -Destination (New-Out) -KeyFile $keyFile
        $shifted = (Get-DicomTag -LiteralPath $plain.Path -Tag StudyDate).Value
    }

    It 'keeps dates shifted with -Option <_>' -ForEach @('CleanDescriptors', 'RetainSafePrivate', 'RetainUids') {
        $r = Invoke-DicomAnonymize -LiteralPath $source -Destination (New-Out) -KeyFile $keyFile -Option $_
        $r.Options | Should -Match 'RetainLongitudinalTemporalInformationModifiedDates'
        $r.Options | Should -Match $_
        $date = (Get-DicomTag -LiteralPath $r.Path -Tag StudyDate).Value
        $date | Should -BeExactly $shifted
        $date | Should -Not -BeExactly '19000101'
        $date | Should -Not -BeExactly '20240110'
    }

    It 'keeps the original dates only when full dates are asked for' {
        $r = Invoke-DicomAnonymize -LiteralPath $source -Destination (New-Out) -KeyFile $keyFile -Option CleanDescriptors, RetainLongitudinalTemporalInformationFullDates
        (Get-DicomTag -LiteralPath $r.Path -Tag StudyDate).Value | Should -BeExactly '20240110'
        $r.Options | Should -Not -Match 'ModifiedDates'
    }
}

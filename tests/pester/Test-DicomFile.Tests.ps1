BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $ct1 = New-TestDicomFile -Path (Join-Path $TestDrive 'ct1.dcm') -With @{ PatientID = 'PID001' }
    $ct2 = New-TestDicomFile -Path (Join-Path $TestDrive 'sub/ct2.dcm') -With @{ PatientID = 'PID002' }
    $notes = Join-Path $TestDrive 'notes.txt'
    Set-Content -LiteralPath $notes -Value 'not dicom'
    $broken = Join-Path $TestDrive 'broken.dcm'
    $bytes = [IO.File]::ReadAllBytes($ct1)
    [IO.File]::WriteAllBytes($broken, $bytes[0..299])
}

Describe 'Test-DicomFile' {
    Context 'one file named without wildcards' {
        It 'is true for DICOM and false for other files' {
            Test-DicomFile -LiteralPath $ct1 | Should -BeTrue
            Test-DicomFile -LiteralPath $notes | Should -BeFalse
            Test-DicomFile -Path $ct1 | Should -BeOfType [bool]
        }

        It 'is false for a truncated DICOM file' {
            Test-DicomFile -LiteralPath $broken | Should -BeFalse
        }

        It 'gives details with -Detailed' {
            $c = Test-DicomFile -LiteralPath $ct1 -Detailed
            $c.Path | Should -BeExactly $ct1
            $c.IsDicom | Should -BeTrue
            $c.IsValid | Should -BeTrue
            $c.HasPixelData | Should -BeTrue
            $c.TransferSyntax | Should -BeExactly 'Explicit VR Little Endian'
        }
    }

    Context 'folders, several files, wildcards and the pipeline give objects with the path' {
        It 'gives one DicomFileCheck per file of a folder' {
            $checks = @(Test-DicomFile -LiteralPath $TestDrive -Recurse)
            $checks | ForEach-Object { $_ | Should -BeOfType ([DicomAnon.DicomFileCheck]) }
            ($checks | Where-Object Path -EQ $ct1).IsValid | Should -BeTrue
            ($checks | Where-Object Path -EQ $ct2).IsValid | Should -BeTrue
            ($checks | Where-Object Path -EQ $notes).IsDicom | Should -BeFalse
            ($checks | Where-Object Path -EQ $broken).IsValid | Should -BeFalse
            ($checks | Where-Object Path -EQ $broken).Problem | Should -Not -BeNullOrEmpty
        }

        It 'gives objects for several paths' {
            $checks = @(Test-DicomFile -LiteralPath $ct1, $notes)
            $checks.Count | Should -Be 2
            $checks.Path | Should -Be @($ct1, $notes)
            $checks.IsValid | Should -Be @($true, $false)
        }

        It 'gives objects for a wildcard, even when it matches one file' {
            $checks = @(Test-DicomFile -Path (Join-Path $TestDrive 'ct1.*'))
            $checks.Count | Should -Be 1
            $checks[0].Path | Should -BeExactly $ct1
        }

        It 'gives objects for pipeline input' {
            $checks = @(Get-ChildItem -LiteralPath $TestDrive -File | Test-DicomFile)
            $checks.Path | Should -Contain $notes
            $checks | ForEach-Object { $_.Path | Should -Not -BeNullOrEmpty }
        }
    }

    Context 'errors' {
        It 'reports a missing path as PathNotFound' {
            $r = Test-DicomFile -LiteralPath (Join-Path $TestDrive 'missing.dcm') -ErrorAction SilentlyContinue -ErrorVariable err
            $r | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeExactly (Get-FqId PathNotFound Test-DicomFile)
        }
    }
}

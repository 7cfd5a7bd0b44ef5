# Issue 13: Invoke-DicomAnonymize writes an output's header through a 4 KB buffer (allocated per file) and then has the
# kernel copy the untouched pixel data after it. A header of several buffers must still come out whole and in order,
# with the tail after it, at -ThrottleLimit 1 (written behind) and 2 alike.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $keyFile = Join-Path $TestDrive 'project.key'
    $null = New-DicomAnonymizationKey -Path $keyFile
    $imageComments = [DicomAnon.Core.DicomTag]::new([uint16] 0x0020, [uint16] 0x4000)

    # 256 x 256 pixels (64 KB: copied by the kernel) behind a 9,899-character Image Comments (a header of about 11 KB).
    $made = Join-Path $TestDrive 'made.dcm'
    $null = New-TestDicomFile -Path $made -With @{ Rows = 256; Columns = 256 }
    $file = [DicomAnon.Core.DicomFile]::Open($made, $null)
    $comment = (1..1100 | ForEach-Object { 'NOTE{0:D4}' -f $_ }) -join ' ' # 9,899 characters, no padding to trim
    $file.Dataset.SetString($imageComments, [DicomAnon.Core.DicomVR]::LT, $comment)
    $src = Join-Path $TestDrive 'in/IM1.dcm'
    $file.Save($src, $null)
}

Describe 'Invoke-DicomAnonymize with a header larger than its write buffer' {
    It 'writes the kept 9,899-character value and the pixel data after it unchanged (-ThrottleLimit <Throttle>)' -ForEach @(
        @{ Throttle = 1 }, @{ Throttle = 2 }
    ) {
        $out = Join-Path $TestDrive "out-$Throttle"
        $r = Invoke-DicomAnonymize -Path (Join-Path $TestDrive 'in') -Destination $out -KeyFile $keyFile -Keep ImageComments -ThrottleLimit $Throttle

        $r.Status | Should -Be 'Deidentified'
        (Get-Item -LiteralPath $r.Path).Length | Should -BeGreaterThan (9899 + 65536)
        $written = [DicomAnon.Core.DicomFile]::Open($r.Path, $null)
        $written.Dataset.GetString($imageComments) | Should -BeExactly $comment
        [Convert]::ToBase64String((Get-PixelBytes $r.Path)) | Should -BeExactly ([Convert]::ToBase64String((Get-PixelBytes $src)))
    }
}

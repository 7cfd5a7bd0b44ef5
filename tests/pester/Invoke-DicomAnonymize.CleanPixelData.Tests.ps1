# Issue 9: Invoke-DicomAnonymize -CleanPixelData on a study folder of every kind a PACS exports. One output per file,
# the right PixelOutcome on each, and the flags and codes in each output match its outcome.
BeforeDiscovery {
    # -Skip is decided at discovery, before BeforeAll runs.
    $hasGdcm = [bool] (Get-Command gdcmconv -CommandType Application -ErrorAction SilentlyContinue)
    $hasOcr = (Test-Path /usr/lib/x86_64-linux-gnu/libtesseract.so.5) -and [bool] (Get-Command convert -ErrorAction SilentlyContinue)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:cmd = 'Invoke-DicomAnonymize'
    $script:hasGdcm = [bool] (Get-Command gdcmconv -CommandType Application -ErrorAction SilentlyContinue)
    $script:hasOcr = (Test-Path /usr/lib/x86_64-linux-gnu/libtesseract.so.5) -and [bool] (Get-Command convert -ErrorAction SilentlyContinue)
    $tag = { param([int] $g, [int] $e) [DicomAnon.Core.DicomTag]::new([uint16] $g, [uint16] $e) }
    $vr = [DicomAnon.Core.DicomVR]

    function Set-Header([string] $Path, [string] $SopClass, [string] $Modality, [scriptblock] $More) {
        # Turns a sample file into another kind of object (SR, RT plan, PDF) with the engine itself.
        $f = [DicomAnon.Core.DicomFile]::Open($Path, $null)
        $f.Dataset.SetString((& $tag 0x0008 0x0016), $vr::UI, $SopClass)
        $f.Dataset.SetString((& $tag 0x0008 0x0060), $vr::CS, $Modality)
        if ($More) { & $More $f.Dataset }
        $f.Save($Path, [DicomAnon.Core.IO.DicomWriteOptions] @{ Overwrite = $true })
    }

    function Get-Outcome([string] $Path) {
        # (0028,0301) and the CID 7050 codes of (0012,0064) of a written file.
        $ds = [DicomAnon.Core.DicomFile]::Open($Path, $null).Dataset
        $codes = @($ds.GetSequence((& $tag 0x0012 0x0064)).Items | ForEach-Object { $_.GetString((& $tag 0x0008 0x0100)) })
        [pscustomobject] @{ BurnedIn = $ds.GetString((& $tag 0x0028 0x0301)); Codes = $codes; Syntax = [DicomAnon.Core.DicomFile]::Open($Path, $null).TransferSyntax.Uid }
    }

    $study = Join-Path $TestDrive 'study'
    $raw = Join-Path $TestDrive 'raw'
    $uid = New-SampleDicomUid
    $common = @{ StudyInstanceUID = $uid; PatientName = 'DOE^JANE'; PatientID = 'PID0042' }
    if ($hasGdcm) {
        # CT in JPEG 2000 (text burned in) and in JPEG-LS (no text), compressed by GDCM: an encoder independent of ours.
        $ct1 = New-TestDicomFile -Path (Join-Path $raw 'ct1.dcm') -With ($common + @{ Rows = 200; Columns = 320; BurnedInText = 'DOE JANE 1965' })
        $ct2 = New-TestDicomFile -Path (Join-Path $raw 'ct2.dcm') -With ($common + @{ Rows = 128; Columns = 128 })
        $null = New-Item -ItemType Directory -Path $study -Force
        & gdcmconv --j2k $ct1 (Join-Path $study 'ct_j2k.dcm')
        & gdcmconv --jpegls $ct2 (Join-Path $study 'ct_jls.dcm')
    }
    $sr = New-TestDicomFile -Path (Join-Path $study 'sr.dcm') -With ($common + @{ NoPixelData = $true; Modality = 'SR' })
    Set-Header $sr '1.2.840.10008.5.1.4.1.1.88.22' 'SR' $null
    $plan = New-TestDicomFile -Path (Join-Path $study 'rtplan.dcm') -With ($common + @{ NoPixelData = $true; Modality = 'RTPLAN' })
    Set-Header $plan '1.2.840.10008.5.1.4.1.1.481.5' 'RTPLAN' $null
    $pdf = New-TestDicomFile -Path (Join-Path $study 'report.dcm') -With ($common + @{ NoPixelData = $true; Modality = 'DOC' })
    Set-Header $pdf '1.2.840.10008.5.1.4.1.1.104.1' 'DOC' {
        param($ds)
        $ds.SetString((& $tag 0x0042 0x0012), $vr::LO, 'application/pdf')
        $ds.Set([DicomAnon.Core.DicomValueElement]::new((& $tag 0x0042 0x0011), $vr::OB, [byte[]] [char[]] '%PDF-1.4 minimal %%EOF', $null))
    }
    $us = New-TestDicomFile -Path (Join-Path $study 'us.dcm') -With ($common + @{ Rows = 200; Columns = 320; Modality = 'US'; BurnedInText = 'DOE JANE 1965' })
}

Describe 'Invoke-DicomAnonymize -CleanPixelData on a study folder' {
    BeforeAll {
        $out = Join-Path $TestDrive 'out'
        $results = @(Invoke-DicomAnonymize -Path $study -Destination $out -CleanPixelData -WarningAction SilentlyContinue -ErrorVariable errs -ErrorAction SilentlyContinue)
        $byName = @{}
        foreach ($r in $results) { $byName[[System.IO.Path]::GetFileName($r.SourcePath)] = $r }
    }

    It 'writes one output per file and reports no error' {
        $errs | Should -BeNullOrEmpty
        $expected = @(Get-ChildItem -LiteralPath $study -Filter *.dcm).Count
        $results.Count | Should -Be $expected
        @(Get-ChildItem -LiteralPath $out -Recurse -Filter *.dcm).Count | Should -Be $expected
        foreach ($r in $results) { $r.Status | Should -BeExactly 'Deidentified'; Test-Path -LiteralPath $r.Path | Should -BeTrue }
    }

    It 'writes <Name> without pixel data with outcome NoPixelData, no Clean Pixel Data code and no Burned In Annotation claim' -ForEach @(
        @{ Name = 'sr.dcm' }, @{ Name = 'rtplan.dcm' }, @{ Name = 'report.dcm' }
    ) {
        $r = $byName[$Name]
        $r.PixelOutcome | Should -Be 'NoPixelData'
        $o = Get-Outcome $r.Path
        $o.Codes | Should -Contain '113100'
        $o.Codes | Should -Not -Contain '113101'
        $o.BurnedIn | Should -BeNullOrEmpty
        (Get-DicomTag -LiteralPath $r.Path -Tag PatientName).Value | Should -Not -Match 'DOE'
    }

    It 'cleans the JPEG 2000 CT: text blacked out, written as lossless JPEG 2000, 113101 and Burned In Annotation NO' -Skip:(-not $hasGdcm -or -not $hasOcr) {
        $r = $byName['ct_j2k.dcm']
        $r.PixelOutcome | Should -Be 'Cleaned'
        $r.PixelRegionsBlackedOut | Should -BeGreaterThan 0
        $o = Get-Outcome $r.Path
        $o.Syntax | Should -BeExactly '1.2.840.10008.1.2.4.90'
        $o.BurnedIn | Should -BeExactly 'NO'
        $o.Codes | Should -Contain '113101'
        $r.Options | Should -Match 'CleanPixelData'
    }

    It 'keeps the JPEG-LS CT without text byte for byte: NoTextFound, 113101 and Burned In Annotation NO' -Skip:(-not $hasGdcm -or -not $hasOcr) {
        $r = $byName['ct_jls.dcm']
        $r.PixelOutcome | Should -Be 'NoTextFound'
        $r.PixelRegionsBlackedOut | Should -Be 0
        $o = Get-Outcome $r.Path
        $o.Syntax | Should -BeExactly '1.2.840.10008.1.2.4.80'
        $o.BurnedIn | Should -BeExactly 'NO'
        $o.Codes | Should -Contain '113101'
        $in = [DicomAnon.Core.DicomFile]::Open((Join-Path $study 'ct_jls.dcm'), $null).Dataset[[DicomAnon.Core.DicomTag]::PixelData].Fragments[0].ToArray()
        $outBytes = [DicomAnon.Core.DicomFile]::Open($r.Path, $null).Dataset[[DicomAnon.Core.DicomTag]::PixelData].Fragments[0].ToArray()
        $outBytes | Should -Be $in
    }

    It 'cleans the ultrasound with its name burned in' -Skip:(-not $hasOcr) {
        $r = $byName['us.dcm']
        $r.PixelOutcome | Should -Be 'Cleaned'
        $o = Get-Outcome $r.Path
        $o.BurnedIn | Should -BeExactly 'NO'
        $o.Codes | Should -Contain '113101'
    }

    It 'records 113101 and Burned In Annotation NO only on proven outcomes' {
        foreach ($r in $results) {
            $o = Get-Outcome $r.Path
            $proven = $r.PixelOutcome -in 'Cleaned', 'NoTextFound'
            ($o.Codes -contains '113101') | Should -Be $proven -Because "$($r.SourcePath) is $($r.PixelOutcome)"
            if (-not $proven) { $o.BurnedIn | Should -Not -Be 'NO' -Because "$($r.SourcePath) is $($r.PixelOutcome)" }
        }
    }
}

Describe 'Invoke-DicomAnonymize pixel options' {
    It '-Option CleanPixelData cleans exactly like -CleanPixelData' -Skip:(-not $hasOcr) {
        $a = Invoke-DicomAnonymize -LiteralPath $us -Destination (Join-Path $TestDrive 'opt1') -Option CleanPixelData -WarningAction SilentlyContinue
        $b = Invoke-DicomAnonymize -LiteralPath $us -Destination (Join-Path $TestDrive 'opt2') -CleanPixelData -WarningAction SilentlyContinue
        $a.PixelOutcome | Should -Be 'Cleaned'
        $a.PixelOutcome | Should -Be $b.PixelOutcome
        $a.PixelRegionsBlackedOut | Should -Be $b.PixelRegionsBlackedOut
    }

    It 'without -CleanPixelData records no 113101 and says NotCleaned (or NoPixelData)' {
        $r = Invoke-DicomAnonymize -LiteralPath $us, $sr -Destination (Join-Path $TestDrive 'none') -WarningAction SilentlyContinue
        ($r | Where-Object { $_.SourcePath -eq $us }).PixelOutcome | Should -Be 'NotCleaned'
        ($r | Where-Object { $_.SourcePath -eq $sr }).PixelOutcome | Should -Be 'NoPixelData'
        foreach ($x in $r) { (Get-Outcome $x.Path).Codes | Should -Not -Contain '113101' }
    }

    It '-ReviewFolder: no picture for a file proven clean, refused inside -Destination, and a warning without -CleanPixelData' -Skip:(-not $hasOcr) {
        $review = Join-Path $TestDrive 'review-ok'
        $r = Invoke-DicomAnonymize -LiteralPath $us -Destination (Join-Path $TestDrive 'rev1') -CleanPixelData -ReviewFolder $review -WarningAction SilentlyContinue
        $r.PixelOutcome | Should -Be 'Cleaned'
        @(Get-ChildItem -LiteralPath $review -Filter *.png -ErrorAction SilentlyContinue) | Should -HaveCount 0
        $inside = Join-Path $TestDrive 'rev2'
        { Invoke-DicomAnonymize -LiteralPath $us -Destination $inside -CleanPixelData -ReviewFolder (Join-Path $inside 'review') -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId (Get-FqId SidecarInDestination $cmd)
        @(Get-ChildItem -LiteralPath $inside -Recurse -File -ErrorAction SilentlyContinue) | Should -HaveCount 0
        $null = Invoke-DicomAnonymize -LiteralPath $us -Destination (Join-Path $TestDrive 'rev3') -ReviewFolder $review -WarningVariable w -WarningAction SilentlyContinue
        @($w | Where-Object { "$_" -match '-ReviewFolder' }) | Should -HaveCount 1
    }

    It 'refuses CleanRecognizableVisualFeatures, which nothing implements, with OptionNotImplemented' {
        { Invoke-DicomAnonymize -LiteralPath $us -Destination (Join-Path $TestDrive 'rvf') -Option CleanRecognizableVisualFeatures -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId (Get-FqId OptionNotImplemented $cmd)
        Test-Path -LiteralPath (Join-Path $TestDrive 'rvf') | Should -BeFalse
    }
}

<#
.SYNOPSIS
    Defines New-SampleDicomFile: writes a small synthetic DICOM file with DicomAnon's own engine.
.DESCRIPTION
    Dot-source this after Import-Module DicomAnon (the module makes the engine's [DicomAnon.Core.*] types
    available). Every value is invented; nothing here comes from a real patient. Used by the demo, the
    benchmark and the Pester tests.
.EXAMPLE
    . ./examples/SampleDicom.ps1
    New-SampleDicomFile -Path ./sample/ct1.dcm -PatientName 'DOE^JANE' -PatientID 'PID001'
#>

function New-SampleDicomUid {
    # A UUID-derived UID (PS3.5 B.2): 2.25.<128-bit integer>.
    $hex = '0' + [guid]::NewGuid().ToString('N')
    '2.25.' + [System.Numerics.BigInteger]::Parse($hex, 'AllowHexSpecifier').ToString([cultureinfo]::InvariantCulture)
}

function New-SampleDicomFile {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [string] $PatientName = 'DOE^JANE',
        [string] $PatientID = 'PID0001',
        [string] $PatientBirthDate = '19700101',
        [string] $PatientSex = 'F',
        [string] $StudyInstanceUID = (New-SampleDicomUid),
        [string] $SeriesInstanceUID = (New-SampleDicomUid),
        [string] $SOPInstanceUID = (New-SampleDicomUid),
        [string] $StudyDate = '20240315',
        [string] $Modality = 'CT',
        [string] $InstitutionName = 'SAMPLE GENERAL HOSPITAL',
        [string] $StudyDescription = 'CHEST',
        [string] $AccessionNumber = 'ACC0001',
        # Specific Character Set, e.g. 'ISO_IR 192' for UTF-8 names.
        [string] $CharacterSet,
        [int] $Rows = 64,
        [int] $Columns = 64,
        [int] $Frames = 1,
        # Leave out the pixel data (a header-only object).
        [switch] $NoPixelData,
        # Text burned into the top-left corner of every frame (needs ImageMagick 'convert'; white blocks otherwise).
        [string] $BurnedInText,
        # Transfer syntax UID (native syntaxes only; default Explicit VR Little Endian).
        [string] $TransferSyntaxUid = '1.2.840.10008.1.2.1',
        # A ReferencedSeriesSequence item pointing at this series, and a private block (for sequence and private tests).
        [switch] $WithSequence,
        [switch] $WithPrivate
    )

    $tag = { param([int] $g, [int] $e) [DicomAnon.Core.DicomTag]::new([uint16] $g, [uint16] $e) }
    $vr = [DicomAnon.Core.DicomVR]
    $ds = [DicomAnon.Core.DicomDataset]::new()
    if ($CharacterSet) { $ds.SetString((& $tag 0x0008 0x0005), $vr::CS, $CharacterSet) }
    $ds.SetString((& $tag 0x0008 0x0016), $vr::UI, '1.2.840.10008.5.1.4.1.1.7')   # Secondary Capture Image Storage
    $ds.SetString((& $tag 0x0008 0x0018), $vr::UI, $SOPInstanceUID)
    $ds.SetString((& $tag 0x0008 0x0020), $vr::DA, $StudyDate)
    $ds.SetString((& $tag 0x0008 0x0030), $vr::TM, '101500')
    $ds.SetString((& $tag 0x0008 0x0050), $vr::SH, $AccessionNumber)
    $ds.SetString((& $tag 0x0008 0x0060), $vr::CS, $Modality)
    $ds.SetString((& $tag 0x0008 0x0080), $vr::LO, $InstitutionName)
    $ds.SetString((& $tag 0x0008 0x0090), $vr::PN, 'WHO^REFERRING')
    $ds.SetString((& $tag 0x0008 0x1030), $vr::LO, $StudyDescription)
    if ($WithSequence) {
        $seq = [DicomAnon.Core.DicomSequence]::new((& $tag 0x0008 0x1115))
        $item = [DicomAnon.Core.DicomDataset]::new()
        $item.SetString((& $tag 0x0020 0x000E), $vr::UI, $SeriesInstanceUID)
        $seq.Items.Add($item)
        $ds.Set($seq)
    }
    $ds.SetString((& $tag 0x0010 0x0010), $vr::PN, $PatientName)
    $ds.SetString((& $tag 0x0010 0x0020), $vr::LO, $PatientID)
    $ds.SetString((& $tag 0x0010 0x0030), $vr::DA, $PatientBirthDate)
    $ds.SetString((& $tag 0x0010 0x0040), $vr::CS, $PatientSex)
    if ($WithPrivate) {
        $ds.SetString((& $tag 0x0011 0x0010), $vr::LO, 'SAMPLE PRIVATE')
        $ds.SetString((& $tag 0x0011 0x1001), $vr::LO, 'private note', 'SAMPLE PRIVATE')
    }
    $ds.SetString((& $tag 0x0020 0x000D), $vr::UI, $StudyInstanceUID)
    $ds.SetString((& $tag 0x0020 0x000E), $vr::UI, $SeriesInstanceUID)
    $ds.SetString((& $tag 0x0020 0x0010), $vr::SH, 'STUDY1')
    $ds.SetString((& $tag 0x0020 0x0011), $vr::IS, '1')
    $ds.SetString((& $tag 0x0020 0x0013), $vr::IS, '1')

    if (-not $NoPixelData) {
        $ds.SetUInt16((& $tag 0x0028 0x0002), [uint16[]] @(1))
        $ds.SetString((& $tag 0x0028 0x0004), $vr::CS, 'MONOCHROME2')
        if ($Frames -gt 1) { $ds.SetString((& $tag 0x0028 0x0008), $vr::IS, [string] $Frames) }
        $ds.SetUInt16((& $tag 0x0028 0x0010), [uint16[]] @($Rows))
        $ds.SetUInt16((& $tag 0x0028 0x0011), [uint16[]] @($Columns))
        $ds.SetUInt16((& $tag 0x0028 0x0100), [uint16[]] @(8))
        $ds.SetUInt16((& $tag 0x0028 0x0101), [uint16[]] @(8))
        $ds.SetUInt16((& $tag 0x0028 0x0102), [uint16[]] @(7))
        $ds.SetUInt16((& $tag 0x0028 0x0103), [uint16[]] @(0))
        $ds.SetString((& $tag 0x0028 0x0301), $vr::CS, $(if ($BurnedInText) { 'YES' } else { 'NO' }))

        $frameSize = $Rows * $Columns
        $frame = [byte[]]::new($frameSize)
        # A soft disc on a dark background: something to look at that is not text.
        $cx = $Columns / 2; $cy = $Rows / 2; $r2 = [Math]::Pow([Math]::Min($Rows, $Columns) * 0.4, 2)
        for ($y = 0; $y -lt $Rows; $y++) {
            $dy = ($y - $cy) * ($y - $cy)
            for ($x = 0; $x -lt $Columns; $x++) {
                $d = ($x - $cx) * ($x - $cx) + $dy
                $frame[$y * $Columns + $x] = if ($d -lt $r2) { [byte] (160 - [int] (60 * $d / $r2)) } else { [byte] 20 }
            }
        }
        if ($BurnedInText) { Add-SampleBurnedText -Frame $frame -Rows $Rows -Columns $Columns -Text $BurnedInText }
        $pixels = [byte[]]::new($frameSize * $Frames + (($frameSize * $Frames) % 2))
        for ($f = 0; $f -lt $Frames; $f++) { [Array]::Copy($frame, 0, $pixels, $f * $frameSize, $frameSize) }
        $ds.Set([DicomAnon.Core.DicomValueElement]::new([DicomAnon.Core.DicomTag]::PixelData, $vr::OB, $pixels, $null))
    }

    $file = [DicomAnon.Core.DicomFile]::new([DicomAnon.Core.DicomDataset]::new(), $ds, [DicomAnon.Core.DicomTransferSyntax]::FromUid($TransferSyntaxUid))
    $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
    $null = New-Item -ItemType Directory -Path ([System.IO.Path]::GetDirectoryName($full)) -Force
    $file.Save($full, $null)
    $full
}

function Add-SampleBurnedText {
    # Draws white text into the top-left corner of an 8-bit frame (ImageMagick renders it; else a white bar).
    param([byte[]] $Frame, [int] $Rows, [int] $Columns, [string] $Text)
    $w = [Math]::Min($Columns, 12 * $Text.Length + 8); $h = [Math]::Min($Rows, 28)
    $convert = Get-Command -Name convert -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    $raw = $null
    if ($convert) {
        $tmp = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), [guid]::NewGuid().ToString('N') + '.gray')
        try {
            & $convert.Source -size "${w}x${h}" 'xc:black' -fill white -font DejaVu-Sans-Mono -pointsize 18 -annotate +4+20 $Text -depth 8 "gray:$tmp" 2>$null
            if ($LASTEXITCODE -eq 0 -and (Test-Path -LiteralPath $tmp)) { $raw = [System.IO.File]::ReadAllBytes($tmp) }
        }
        finally { Remove-Item -LiteralPath $tmp -ErrorAction SilentlyContinue }
    }
    for ($y = 0; $y -lt $h; $y++) {
        for ($x = 0; $x -lt $w; $x++) {
            $v = if ($raw -and $raw.Length -eq $w * $h) { $raw[$y * $w + $x] } elseif ($y -ge 6 -and $y -lt 22 -and ($x % 12) -lt 9) { 255 } else { 0 }
            $Frame[$y * $Columns + $x] = [byte] $v
        }
    }
}

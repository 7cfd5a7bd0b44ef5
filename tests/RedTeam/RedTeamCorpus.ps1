<#
.SYNOPSIS
    Red-team corpus for issue 8 ("No identifier survives"): a generator of files that hide unique markers in every
    leak class, and a checker that looks for the markers in every output byte and every output path component.
.DESCRIPTION
    Dot-source after Import-Module DicomAnon (the engine's [DicomAnon.Core.*] types write the files). Every value is
    invented. Each case gets its own patient whose name, IDs, dates, institution and UIDs are unique strings, so a
    marker found in an output can only come from that case's inputs.

    New-RedTeamCorpus -Root <dir> writes one folder per case under <dir> and returns the cases:
    Name, Class (the leak class of issue 8), Root, Files, and Markers (Label, Text, Scope). Scope 'Bytes' markers are
    searched in every output byte as ASCII/Latin-1, UTF-8, UTF-16LE and UTF-16BE (both alignments), case-insensitive,
    in NFC, NFD and without accents; 'Path' markers (short name parts) are searched as whole words of output path
    components only (two letters occur by chance in binary data). Every marker is also searched in path
    components, folded (case, accents and separators ignored).

    Find-RedTeamLeak -OutputRoot <dir> -Case <case> returns one object per leak: Case, Marker (the label, never the
    value), File (relative) and Where (bytes:<encoding> or path).
#>

$script:RtVR = [DicomAnon.Core.DicomVR]

function New-RtTag([int] $Group, [int] $Element) { [DicomAnon.Core.DicomTag]::new([uint16] $Group, [uint16] $Element) }

function Get-RtPatient {
    # The invented identity of case number $Index: unique, letters-only names; IDs and dates that occur nowhere else.
    param([int] $Index)
    $syllables = 'za', 'ze', 'zi', 'zo', 'zu', 'xa', 'xe', 'xi', 'xo', 'xu', 'qa', 'qe', 'qi', 'qo', 'qu', 'ja'
    $s = $syllables[$Index % $syllables.Count] + $syllables[[Math]::Floor($Index / $syllables.Count) % $syllables.Count]
    $birth = [datetime]::new(1931, 1, 5).AddDays(37 * $Index)
    $study = [datetime]::new(2012, 2, 1).AddDays(23 * $Index)
    $root = "1.2.826.0.1.3680043.10.543.$Index"
    [pscustomobject]@{
        Family      = "Varkimb$s"
        Given       = "Orlenn$s"
        Physician   = "Tessardin$s"
        Operator    = "Pembrill$s"
        PatientId   = "RTP$(40000 + $Index)"
        OtherId     = "$(447119000 + $Index)"
        Accession   = "RTA$(70000 + $Index)Q"
        Institution = "Qolbren$s Hospital"
        Birth       = $birth
        Study       = $study
        StudyUid    = "$root.1"
        SeriesUid   = "$root.1.2"
        SopUid      = "$root.1.2.3"
        FrameUid    = "$root.9"
        Suffix      = $s
    }
}

function Get-RtDateForms([datetime] $Date) {
    $inv = [cultureinfo]::InvariantCulture
    'yyyyMMdd', 'yyyy-MM-dd', 'yyyy/MM/dd', 'dd.MM.yyyy', 'dd/MM/yyyy', 'MM/dd/yyyy', 'dd-MMM-yyyy', 'MMM dd yyyy' |
        ForEach-Object { $Date.ToString($_, $inv) }
}

function Get-RtMarkers($P) {
    # The markers every case carries (each one unique to the case).
    $m = [System.Collections.Generic.List[object]]::new()
    $add = { param($label, $text, $scope = 'Bytes') $m.Add([pscustomobject]@{ Label = $label; Text = $text; Scope = $scope }) }
    & $add 'family name' $P.Family
    & $add 'given name' $P.Given
    & $add 'physician name' $P.Physician
    & $add 'operator name' $P.Operator
    & $add 'patient id' $P.PatientId
    & $add 'other patient id' $P.OtherId
    & $add 'accession number' $P.Accession
    & $add 'institution' "Qolbren$($P.Suffix)"
    $i = 0; foreach ($f in Get-RtDateForms $P.Birth) { & $add "birth date form $i" $f; $i++ }
    $i = 0; foreach ($f in Get-RtDateForms $P.Study) { & $add "study date form $i" $f; $i++ }
    & $add 'study uid' $P.StudyUid
    & $add 'series uid' $P.SeriesUid
    & $add 'sop instance uid' $P.SopUid
    & $add 'frame of reference uid' $P.FrameUid
    , $m   # the list itself: cases add their own markers to it
}

function New-RtDataset {
    # A small Secondary Capture image of patient $P (every identifying attribute of the common modules set).
    param($P, [string] $CharacterSet, [string] $PatientName, [string] $SopClass = '1.2.840.10008.5.1.4.1.1.7', [switch] $NoPatient, [switch] $NoPixels)
    $vr = $script:RtVR
    $ds = [DicomAnon.Core.DicomDataset]::new()
    $da = $P.Study.ToString('yyyyMMdd', [cultureinfo]::InvariantCulture)
    if ($CharacterSet) { $ds.SetString((New-RtTag 0x0008 0x0005), $vr::CS, $CharacterSet) }
    $ds.SetString((New-RtTag 0x0008 0x0016), $vr::UI, $SopClass)
    $ds.SetString((New-RtTag 0x0008 0x0018), $vr::UI, $P.SopUid)
    foreach ($e in 0x0020, 0x0021, 0x0022, 0x0023) { $ds.SetString((New-RtTag 0x0008 $e), $vr::DA, $da) }
    $ds.SetString((New-RtTag 0x0008 0x0030), $vr::TM, '101500')
    $ds.SetString((New-RtTag 0x0008 0x0050), $vr::SH, $P.Accession)
    $ds.SetString((New-RtTag 0x0008 0x0060), $vr::CS, 'OT')
    $ds.SetString((New-RtTag 0x0008 0x0064), $vr::CS, 'WSD')
    $ds.SetString((New-RtTag 0x0008 0x0080), $vr::LO, $P.Institution)
    $ds.SetString((New-RtTag 0x0008 0x0090), $vr::PN, "$($P.Physician)^Mo")
    $ds.SetString((New-RtTag 0x0008 0x1070), $vr::PN, "$($P.Operator)^Al")
    if (-not $NoPatient) {
        $ds.SetString((New-RtTag 0x0010 0x0010), $vr::PN, $(if ($PatientName) { $PatientName } else { "$($P.Family)^$($P.Given)" }))
        $ds.SetString((New-RtTag 0x0010 0x0020), $vr::LO, $P.PatientId)
        $ds.SetString((New-RtTag 0x0010 0x0030), $vr::DA, $P.Birth.ToString('yyyyMMdd', [cultureinfo]::InvariantCulture))
        $ds.SetString((New-RtTag 0x0010 0x0040), $vr::CS, 'F')
        $ds.SetString((New-RtTag 0x0010 0x1000), $vr::LO, $P.OtherId)
    }
    else {
        foreach ($e in 0x0010, 0x0020, 0x0030, 0x0040) { $ds.Set([DicomAnon.Core.DicomValueElement]::new((New-RtTag 0x0010 $e), $(if ($e -eq 0x0030) { $vr::DA } elseif ($e -eq 0x0040) { $vr::CS } elseif ($e -eq 0x0010) { $vr::PN } else { $vr::LO }), [byte[]]::new(0), $null)) }
    }
    $ds.SetString((New-RtTag 0x0020 0x000D), $vr::UI, $P.StudyUid)
    $ds.SetString((New-RtTag 0x0020 0x000E), $vr::UI, $P.SeriesUid)
    $ds.SetString((New-RtTag 0x0020 0x0010), $vr::SH, 'S1')
    $ds.SetString((New-RtTag 0x0020 0x0011), $vr::IS, '1')
    $ds.SetString((New-RtTag 0x0020 0x0013), $vr::IS, '1')
    $ds.SetString((New-RtTag 0x0020 0x0052), $vr::UI, $P.FrameUid)
    $ds.SetString((New-RtTag 0x0020 0x0020), $vr::CS, 'L\F')
    if (-not $NoPixels) {
        $ds.SetUInt16((New-RtTag 0x0028 0x0002), [uint16[]] @(1))
        $ds.SetString((New-RtTag 0x0028 0x0004), $vr::CS, 'MONOCHROME2')
        $ds.SetUInt16((New-RtTag 0x0028 0x0010), [uint16[]] @(8))
        $ds.SetUInt16((New-RtTag 0x0028 0x0011), [uint16[]] @(8))
        $ds.SetUInt16((New-RtTag 0x0028 0x0100), [uint16[]] @(8))
        $ds.SetUInt16((New-RtTag 0x0028 0x0101), [uint16[]] @(8))
        $ds.SetUInt16((New-RtTag 0x0028 0x0102), [uint16[]] @(7))
        $ds.SetUInt16((New-RtTag 0x0028 0x0103), [uint16[]] @(0))
        $px = [byte[]]::new(64); for ($i = 0; $i -lt 64; $i++) { $px[$i] = [byte] (100 + $i) }
        $ds.Set([DicomAnon.Core.DicomValueElement]::new([DicomAnon.Core.DicomTag]::PixelData, $vr::OB, $px, $null))
    }
    , $ds   # a dataset is enumerable: return it whole
}

function New-RtSequence($Tag, $Item) {
    # A sequence with one item (a dataset is enumerable, so it is never passed through @()).
    $seq = [DicomAnon.Core.DicomSequence]::new($Tag, [NullString]::Value)
    $seq.Items.Add($Item)
    $seq
}

function Save-RtFile {
    param([Parameter(Mandatory)] $Dataset, [Parameter(Mandatory)] [string] $Path, $Meta)
    if (-not $Meta) { $Meta = [DicomAnon.Core.DicomDataset]::new() }
    $file = [DicomAnon.Core.DicomFile]::new($Meta, $Dataset, [DicomAnon.Core.DicomTransferSyntax]::FromUid('1.2.840.10008.1.2.1'))
    $null = New-Item -ItemType Directory -Path ([System.IO.Path]::GetDirectoryName($Path)) -Force
    $file.Save($Path, $null)
    $Path
}

function Set-RtPrivate {
    # One private element with an explicit VR (right or wrong) in the block of $Creator (reserved at $Block).
    param($Dataset, [int] $Group, [int] $Block, [string] $Creator, [int] $Element, $VR, [byte[]] $Bytes)
    $Dataset.SetString((New-RtTag $Group $Block), $script:RtVR::LO, $Creator)
    $tag = New-RtTag $Group (($Block -shl 8) -bor $Element)
    $Dataset.Set([DicomAnon.Core.DicomValueElement]::new($tag, $VR, [DicomAnon.Core.DicomDataset]::PadToEven($Bytes, $VR), $Creator))
}

function Get-RtUnSequenceBytes {
    # The raw bytes of a sequence with one item holding PN, ID and birth date, as a receiver without the private
    # dictionary stores it (UN, implicit VR little endian, defined lengths).
    param($P)
    $item = [DicomAnon.Core.DicomDataset]::new()
    $item.SetString((New-RtTag 0x0010 0x0010), $script:RtVR::PN, "$($P.Family)^$($P.Given)")
    $item.SetString((New-RtTag 0x0010 0x0020), $script:RtVR::LO, $P.PatientId)
    $item.SetString((New-RtTag 0x0010 0x0030), $script:RtVR::DA, $P.Birth.ToString('yyyyMMdd', [cultureinfo]::InvariantCulture))
    $body = [DicomAnon.Core.IO.DicomWriter]::WriteDataset($item, [DicomAnon.Core.DicomTransferSyntax]::FromUid('1.2.840.10008.1.2'))
    $head = [byte[]] @(0xFE, 0xFF, 0x00, 0xE0) + [BitConverter]::GetBytes([uint32] $body.Length)
    [byte[]] ($head + $body)
}

function New-RedTeamCorpus {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Root)
    $vr = $script:RtVR
    $utf8 = [System.Text.UTF8Encoding]::new($false)
    $latin1 = [System.Text.Encoding]::GetEncoding(28591)
    $cases = [System.Collections.Generic.List[object]]::new()
    $index = 0
    $newCase = {
        param([string] $Name, [string] $Class)
        $script:rtIndex = $index
        $p = Get-RtPatient $index
        $case = [pscustomobject]@{ Name = $Name; Class = $Class; Root = (Join-Path $Root $Name); Patient = $p; Markers = (Get-RtMarkers $p); Files = [System.Collections.Generic.List[string]]::new() }
        $cases.Add($case)
        $case
    }

    # 1. Paths: a PACS export layout <StudyUID>/<SeriesUID>/<SOPUID>.dcm.
    $c = & $newCase 'c01-pacs-layout' 'paths'; $index++
    $c.Files.Add((Save-RtFile (New-RtDataset $c.Patient) (Join-Path $c.Root "$($c.Patient.StudyUid)/$($c.Patient.SeriesUid)/$($c.Patient.SopUid).dcm")))

    # 1. Paths: folders named by accession number, study date (ISO) and birth date (compact), a file named by the Patient ID.
    $c = & $newCase 'c02-accession-date-folders' 'paths'; $index++
    $p = $c.Patient
    $c.Files.Add((Save-RtFile (New-RtDataset $p) (Join-Path $c.Root "$($p.Accession)/$($p.Study.ToString('yyyy-MM-dd'))/$($p.Birth.ToString('dd.MM.yyyy'))/$($p.PatientId)-img1.dcm")))

    # 1. Paths: two-letter name parts (family 'NG', given 'LI') as folder names, plus a long given name.
    $c = & $newCase 'c03-two-letter-name-parts' 'paths'; $index++
    $p = $c.Patient
    $c.Markers.Add([pscustomobject]@{ Label = 'two-letter family name'; Text = 'NG'; Scope = 'Path' })
    $c.Markers.Add([pscustomobject]@{ Label = 'two-letter given name'; Text = 'LI'; Scope = 'Path' })
    $c.Files.Add((Save-RtFile (New-RtDataset $p -PatientName "NG^LI^$($p.Given)") (Join-Path $c.Root "NG/LI $($p.Given)/scan.dcm")))

    # 1. and 9. Paths and Clean options: a Japanese name (ideographic and phonetic groups) in a folder and in descriptions.
    $c = & $newCase 'c04-cjk-name' 'paths, clean options'; $index++
    $p = $c.Patient
    $kanji = "$([char]0x9C10)$([char]0x6DF5)"; $kanjiGiven = "$([char]0x693F)$([char]0x59EB)"
    $kana = "$([char]0x308F)$([char]0x306B)$([char]0x3076)$([char]0x3061)"
    $c.Markers.Add([pscustomobject]@{ Label = 'ideographic family name'; Text = $kanji; Scope = 'Bytes' })
    $c.Markers.Add([pscustomobject]@{ Label = 'ideographic given name'; Text = $kanjiGiven; Scope = 'Bytes' })
    $c.Markers.Add([pscustomobject]@{ Label = 'phonetic family name'; Text = $kana; Scope = 'Bytes' })
    $ds = New-RtDataset $p -CharacterSet 'ISO_IR 192' -PatientName "$($p.Family)^$($p.Given)=$kanji^$kanjiGiven=$kana^$([char]0x3064)$([char]0x3070)$([char]0x304D)"
    $ds.SetString((New-RtTag 0x0008 0x1030), $vr::LO, "$kanji$kanjiGiven$([char]0x306E)$([char]0x691C)$([char]0x67FB)")
    $ds.SetString((New-RtTag 0x0020 0x4000), $vr::LT, "$kanjiGiven$kanji $([char]0x69D8)")
    $c.Files.Add((Save-RtFile $ds (Join-Path $c.Root "$kanji$kanjiGiven/img.dcm")))

    # 1. Paths: accents, folder name in NFD, header in NFC (ISO_IR 100).
    $c = & $newCase 'c05-nfd-accents' 'paths'; $index++
    $p = $c.Patient
    $fam = "Br$([char]0xFC)ggen$($p.Suffix)"; $giv = "Ana$([char]0xEF)s$($p.Suffix)"
    $c.Markers.Add([pscustomobject]@{ Label = 'accented family name'; Text = $fam; Scope = 'Bytes' })
    $c.Markers.Add([pscustomobject]@{ Label = 'accented given name'; Text = $giv; Scope = 'Bytes' })
    $ds = New-RtDataset $p -CharacterSet 'ISO_IR 100' -PatientName "$fam^$giv"
    $c.Files.Add((Save-RtFile $ds (Join-Path $c.Root ("$fam $giv".Normalize([System.Text.NormalizationForm]::FormD) + '/img.dcm'))))

    # 1. Paths: a presentation state without demographics in the patient's named folder.
    $c = & $newCase 'c06-presentation-state-in-named-folder' 'paths'; $index++
    $p = $c.Patient
    $folder = Join-Path $c.Root "$($p.Family)_$($p.Given)"
    $c.Files.Add((Save-RtFile (New-RtDataset $p) (Join-Path $folder 'image.dcm')))
    $ps = New-RtDataset $p -SopClass '1.2.840.10008.5.1.4.1.1.11.1' -NoPatient -NoPixels
    $ps.SetString((New-RtTag 0x0008 0x0018), $vr::UI, "$($p.SopUid).7")
    $c.Markers.Add([pscustomobject]@{ Label = 'presentation state uid'; Text = "$($p.SopUid).7"; Scope = 'Bytes' })
    $c.Files.Add((Save-RtFile $ps (Join-Path $folder 'pr-1.dcm')))

    # 2. Safe private attributes: wrong VRs, a UN sequence, a private UID, free text and a footer blob.
    $c = & $newCase 'c07-safe-private' 'safe private'; $index++
    $p = $c.Patient
    $ds = New-RtDataset $p
    $philips = 'Philips Imaging DD 001'
    Set-RtPrivate $ds 0x2001 0x10 $philips 0x01 $vr::LO $utf8.GetBytes("$($p.Family) $($p.Given)")             # FL slot, sent as LO
    Set-RtPrivate $ds 0x2001 0x10 $philips 0x02 $vr::IS $utf8.GetBytes($p.OtherId)                            # IS slot holding an ID
    Set-RtPrivate $ds 0x2001 0x10 $philips 0x04 $vr::CS $utf8.GetBytes($p.PatientId)                          # CS slot, valid CS, an ID
    Set-RtPrivate $ds 0x2001 0x10 $philips 0x5F $vr::UN (Get-RtUnSequenceBytes $p)                           # SQ slot sent as UN
    Set-RtPrivate $ds 0x2001 0x10 $philips 0x25 $vr::SH $utf8.GetBytes($p.Birth.ToString('yyyy-MM-dd'))       # SH slot, a date
    $nq = 'NQHeader'
    Set-RtPrivate $ds 0x0099 0x10 $nq 0x02 $vr::UI $utf8.GetBytes($p.SeriesUid)                              # safe private UID
    Set-RtPrivate $ds 0x0099 0x10 $nq 0x05 $vr::LT $utf8.GetBytes("Analysed for $($p.Given) $($p.Family), $($p.PatientId), born $($p.Birth.ToString('dd-MMM-yyyy', [cultureinfo]::InvariantCulture))")
    $footer = [byte[]] (@(1, 2, 3, 4) + $latin1.GetBytes("PAT=$($p.Family)^$($p.Given);ID=$($p.PatientId);") + [System.Text.Encoding]::Unicode.GetBytes("$($p.Given) $($p.Family) $($p.Accession)") + @(0, 0))
    Set-RtPrivate $ds 0x7FD1 0x10 'SIEMENS Ultrasound SC2000' 0x01 $vr::OB $footer                          # footer blob
    $c.Files.Add((Save-RtFile $ds (Join-Path $c.Root 'img.dcm')))

    # 3. D on a sequence: institution and physician identification code sequences with the original items.
    $c = & $newCase 'c08-dummy-sequences' 'D on sequence'; $index++
    $p = $c.Patient
    $ds = New-RtDataset $p
    $code = [DicomAnon.Core.DicomDataset]::new()
    $code.SetString((New-RtTag 0x0008 0x0100), $vr::SH, "Q$($p.Suffix)77")
    $code.SetString((New-RtTag 0x0008 0x0102), $vr::SH, '99LOCAL')
    $code.SetString((New-RtTag 0x0008 0x0104), $vr::LO, $p.Institution)
    $ds.Set((New-RtSequence (New-RtTag 0x0008 0x0082) $code))
    $phys = [DicomAnon.Core.DicomDataset]::new()
    $phys.SetString((New-RtTag 0x0008 0x0080), $vr::LO, $p.Institution)
    $pcode = [DicomAnon.Core.DicomDataset]::new()
    $pcode.SetString((New-RtTag 0x0008 0x0100), $vr::SH, $p.PatientId)
    $pcode.SetString((New-RtTag 0x0008 0x0102), $vr::SH, '99LOCAL')
    $pcode.SetString((New-RtTag 0x0008 0x0104), $vr::LO, "Dr $($p.Physician)")
    $phys.Set((New-RtSequence (New-RtTag 0x0040 0x1101) $pcode))
    $ds.Set((New-RtSequence (New-RtTag 0x0008 0x0096) $phys))
    $c.Files.Add((Save-RtFile $ds (Join-Path $c.Root 'img.dcm')))

    # 4. Instance UIDs under 1.2.840.10008. that are not in the registry.
    $c = & $newCase 'c09-uids-under-standard-root' 'UIDs'; $index++
    $p = $c.Patient
    $p.StudyUid = "1.2.840.10008.99.$index.1"; $p.SeriesUid = "1.2.840.10008.99.$index.1.2"; $p.SopUid = "1.2.840.10008.99.$index.1.2.3"; $p.FrameUid = "1.2.840.10008.99.$index.9"
    $c.Markers = Get-RtMarkers $p
    $c.Files.Add((Save-RtFile (New-RtDataset $p) (Join-Path $c.Root 'img.dcm')))

    # 5. File meta (0002,0026-0028/0033/0035), command-group elements in the dataset, EncryptedAttributesSequence.
    $c = & $newCase 'c10-file-meta-command-encrypted' 'file meta'; $index++
    $p = $c.Patient
    $ds = New-RtDataset $p
    $ds.SetString((New-RtTag 0x0000 0x1000), $vr::UI, $p.SopUid)
    $ds.SetString((New-RtTag 0x0000 0x1030), $vr::AE, "Q$($p.Suffix)PACS")
    $c.Markers.Add([pscustomobject]@{ Label = 'move originator AE'; Text = "Q$($p.Suffix)PACS"; Scope = 'Bytes' })
    $enc = [DicomAnon.Core.DicomDataset]::new()
    $enc.SetString((New-RtTag 0x0400 0x0510), $vr::UI, '1.2.840.10008.1.2')
    $enc.Set([DicomAnon.Core.DicomValueElement]::new((New-RtTag 0x0400 0x0520), $vr::OB, [DicomAnon.Core.DicomDataset]::PadToEven($utf8.GetBytes("$($p.Family)^$($p.Given) $($p.PatientId)"), $vr::OB), $null))
    $ds.Set((New-RtSequence (New-RtTag 0x0400 0x0500) $enc))
    $meta = [DicomAnon.Core.DicomDataset]::new()
    $meta.SetString((New-RtTag 0x0002 0x0026), $vr::UR, "dicom://qolbren$($p.Suffix).example/$($p.PatientId)")
    $meta.SetString((New-RtTag 0x0002 0x0027), $vr::UR, "dicom://qolbren$($p.Suffix).example/send")
    $meta.SetString((New-RtTag 0x0002 0x0028), $vr::UR, "dicom://qolbren$($p.Suffix).example/recv")
    $meta.SetString((New-RtTag 0x0002 0x0033), $vr::UI, $p.SeriesUid)
    $meta.Set([DicomAnon.Core.DicomValueElement]::new((New-RtTag 0x0002 0x0035), $vr::OB, [DicomAnon.Core.DicomDataset]::PadToEven($utf8.GetBytes($p.Accession), $vr::OB), $null))
    $c.Files.Add((Save-RtFile $ds (Join-Path $c.Root 'img.dcm') $meta))

    # 6. Attributes outside E.1-1 that echo the patient, at any depth.
    $c = & $newCase 'c11-echoes-outside-the-table' 'echoes'; $index++
    $p = $c.Patient
    $ds = New-RtDataset $p
    $birthIso = $p.Birth.ToString('yyyy-MM-dd', [cultureinfo]::InvariantCulture)
    $cm = [DicomAnon.Core.DicomDataset]::new()
    $cm.SetString((New-RtTag 0x0008 0x0100), $vr::SH, 'T-D1100')
    $cm.SetString((New-RtTag 0x0008 0x0102), $vr::SH, 'SRT')
    $cm.SetString((New-RtTag 0x0008 0x0104), $vr::LO, "Head of $($p.Given) $($p.Family)")
    $ds.Set((New-RtSequence (New-RtTag 0x0008 0x2218) $cm))
    $ds.SetString((New-RtTag 0x0054 0x0400), $vr::SH, $p.PatientId)                                       # ImageID
    $ds.SetString((New-RtTag 0x0070 0x0080), $vr::CS, $p.Accession.ToUpperInvariant())                     # ContentLabel
    $ds.SetString((New-RtTag 0x6000 0x0022), $vr::LO, "$($p.Family) $birthIso")                          # OverlayDescription
    $ds.SetString((New-RtTag 0x0018 0x9423), $vr::LO, "protocol $($p.Given)")                            # AcquisitionProtocolName
    $ds.SetString((New-RtTag 0x0028 0x1055), $vr::LO, "W $($p.PatientId)")                                # WindowCenterWidthExplanation
    $ds.SetString((New-RtTag 0x0028 0x1050), $vr::DS, '40')
    $ds.SetString((New-RtTag 0x0028 0x1051), $vr::DS, '400')
    $ds.SetString((New-RtTag 0x0026 0x0100), $vr::IS, $p.OtherId)                                         # unknown public IS
    $ds.SetString((New-RtTag 0x0026 0x0102), $vr::CS, $p.Birth.ToString('yyyyMMdd', [cultureinfo]::InvariantCulture)) # unknown public CS
    $ds.Set([DicomAnon.Core.DicomValueElement]::new((New-RtTag 0x0070 0x0081), $vr::UN, [DicomAnon.Core.DicomDataset]::PadToEven($utf8.GetBytes("for $($p.Family)"), $vr::UN), $null)) # ContentDescription as UN
    $icc = [byte[]] (@(0, 0, 2, 0) + [System.Text.Encoding]::BigEndianUnicode.GetBytes("desc $($p.Given) $($p.PatientId)") + @(0, 0))
    $ds.Set([DicomAnon.Core.DicomValueElement]::new((New-RtTag 0x0028 0x2000), $vr::OB, $icc, $null))                # ICC profile, UTF-16BE text
    $sr = [DicomAnon.Core.DicomDataset]::new()
    $sr.SetString((New-RtTag 0x0040 0xA010), $vr::CS, 'CONTAINS')
    $sr.SetString((New-RtTag 0x0040 0xA040), $vr::CS, 'CODE')
    $concept = [DicomAnon.Core.DicomDataset]::new()
    $concept.SetString((New-RtTag 0x0008 0x0100), $vr::SH, '121071')
    $concept.SetString((New-RtTag 0x0008 0x0102), $vr::SH, 'DCM')
    $concept.SetString((New-RtTag 0x0008 0x0104), $vr::LO, "Finding of $($p.Accession) on $birthIso")
    $sr.Set((New-RtSequence (New-RtTag 0x0040 0xA043) $concept))
    $outer = [DicomAnon.Core.DicomDataset]::new()
    $outer.Set((New-RtSequence (New-RtTag 0x0040 0xA730) $sr))
    $ds.Set((New-RtSequence (New-RtTag 0x0040 0xA730) $outer))                                           # CodeMeaning two levels deep
    $c.Files.Add((Save-RtFile $ds (Join-Path $c.Root 'img.dcm')))

    # 9. Clean options: names without spaces, DD-Mon-YYYY dates in descriptions and comments.
    $c = & $newCase 'c12-clean-option-text' 'clean options'; $index++
    $p = $c.Patient
    $ds = New-RtDataset $p
    $ds.SetString((New-RtTag 0x0008 0x1030), $vr::LO, "CT for $($p.Family.ToUpperInvariant())$($p.Given.ToUpperInvariant()) $($p.Birth.ToString('dd-MMM-yyyy', [cultureinfo]::InvariantCulture))")
    $ds.SetString((New-RtTag 0x0008 0x103E), $vr::LO, "series $($p.Study.ToString('dd-MMM-yyyy', [cultureinfo]::InvariantCulture)) $($p.Accession)")
    $ds.SetString((New-RtTag 0x0020 0x4000), $vr::LT, "Seen $($p.Given)-$($p.Family), DOB $($p.Birth.ToString('MMM dd yyyy', [cultureinfo]::InvariantCulture)), ref $($p.Physician)")
    $c.Files.Add((Save-RtFile $ds (Join-Path $c.Root 'img.dcm')))

    $cases
}

function Get-RtFolded([string] $Text) {
    # Case, accents (NFC/NFD) and separators ignored: what a path component is compared in.
    $d = $Text.Normalize([System.Text.NormalizationForm]::FormD)
    $sb = [System.Text.StringBuilder]::new()
    foreach ($ch in $d.ToCharArray()) {
        if ([System.Globalization.CharUnicodeInfo]::GetUnicodeCategory($ch) -eq [System.Globalization.UnicodeCategory]::NonSpacingMark) { continue }
        if ([char]::IsLetterOrDigit($ch)) { $null = $sb.Append([char]::ToLowerInvariant($ch)) }
    }
    $sb.ToString()
}

function Find-RedTeamLeak {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $OutputRoot, [Parameter(Mandatory)] $Case)
    $latin1 = [System.Text.Encoding]::GetEncoding(28591)
    $utf8 = [System.Text.UTF8Encoding]::new($false)
    $forms = foreach ($m in $Case.Markers) {
        $variants = @($m.Text, $m.Text.Normalize([System.Text.NormalizationForm]::FormC), $m.Text.Normalize([System.Text.NormalizationForm]::FormD),
            (-join ($m.Text.Normalize([System.Text.NormalizationForm]::FormD).ToCharArray() | Where-Object { [System.Globalization.CharUnicodeInfo]::GetUnicodeCategory($_) -ne 'NonSpacingMark' }))) | Select-Object -Unique
        [pscustomobject]@{ Marker = $m; Variants = $variants; Folded = (Get-RtFolded $m.Text) }
    }

    $root = (Resolve-Path -LiteralPath $OutputRoot).Path
    foreach ($file in Get-ChildItem -LiteralPath $root -Recurse -File -Force) {
        $relative = [System.IO.Path]::GetRelativePath($root, $file.FullName)
        $bytes = [System.IO.File]::ReadAllBytes($file.FullName)
        $views = [ordered]@{ 'latin1' = $latin1.GetString($bytes); 'utf8' = $utf8.GetString($bytes) }
        foreach ($align in 0, 1) {
            if ($bytes.Length - $align -ge 2) {
                $views["utf16le+$align"] = [System.Text.Encoding]::Unicode.GetString($bytes, $align, $bytes.Length - $align - (($bytes.Length - $align) % 2))
                $views["utf16be+$align"] = [System.Text.Encoding]::BigEndianUnicode.GetString($bytes, $align, $bytes.Length - $align - (($bytes.Length - $align) % 2))
            }
        }

        foreach ($f in $forms) {
            if ($f.Marker.Scope -eq 'Bytes') {
                $hit = $null
                foreach ($k in $views.Keys) {
                    foreach ($v in $f.Variants) {
                        if ($views[$k].IndexOf($v, [System.StringComparison]::OrdinalIgnoreCase) -ge 0) { $hit = $k; break }
                    }
                    if ($hit) { break }
                }
                if ($hit) { [pscustomobject]@{ Case = $Case.Name; Marker = $f.Marker.Label; File = $relative; Where = "bytes:$hit" } }
            }
        }

        foreach ($component in $relative -split '[\\/]') {
            foreach ($f in $forms) {
                $found = if ($f.Marker.Scope -eq 'Path') {
                    @($component -split '[^\p{L}\p{Nd}]+' | Where-Object { $_ -and (Get-RtFolded $_) -eq $f.Folded }).Count -gt 0
                }
                else { $f.Folded.Length -gt 0 -and (Get-RtFolded $component).Contains($f.Folded) }
                if ($found) { [pscustomobject]@{ Case = $Case.Name; Marker = $f.Marker.Label; File = $relative; Where = 'path' } }
            }
        }
    }
}

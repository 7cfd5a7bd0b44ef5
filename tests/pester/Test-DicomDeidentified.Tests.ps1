BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $cmd = 'Test-DicomDeidentified'
    $vr = [DicomAnon.Core.DicomVR]
    function T([int] $g, [int] $e) { [DicomAnon.Core.DicomTag]::new([uint16] $g, [uint16] $e) }

    # Sources: ASCII, accented (UTF-8) and CJK names, a nested request sequence, a private block.
    $in = Join-Path $TestDrive 'in'
    $people = @(
        @{ PatientName = 'DOE^JANE'; PatientID = 'PID0001'; PatientBirthDate = '19700101'; AccessionNumber = 'ACC0001' }
        @{ PatientName = 'MÜLLER^JÜRGEN'; PatientID = 'PID0002'; PatientBirthDate = '19651224'; AccessionNumber = 'ACC0002'; CharacterSet = 'ISO_IR 192' }
        @{ PatientName = 'YAMADA^TARO=山田^太郎'; PatientID = 'PID0003'; PatientBirthDate = '19800229'; AccessionNumber = 'ACC0003'; CharacterSet = 'ISO_IR 192' }
    )
    $i = 0
    $sources = foreach ($p in $people) {
        $i++
        $path = New-TestDicomFile -Path (Join-Path $in "p$i/im$i.dcm") -With ($p + @{ Rows = 96; Columns = 320; WithSequence = $true; WithPrivate = $true; Modality = 'CT' })
        $f = [DicomAnon.Core.DicomFile]::Open($path, $null)
        $seq = [DicomAnon.Core.DicomSequence]::new((T 0x0040 0x0275))
        $item = [DicomAnon.Core.DicomDataset]::new()
        $item.SetString((T 0x0032 0x1060), $vr::LO, 'CT CHEST')
        $item.SetString((T 0x0040 0x0244), $vr::DA, '20240315')
        $seq.Items.Add($item)
        $f.Dataset.Set($seq)
        # A kept sequence (ReferencedSeriesSequence) with a date in its item: the engine shifts it.
        $f.Dataset.GetSequence((T 0x0008 0x1115)).Items[0].SetString((T 0x0008 0x0021), $vr::DA, '20240315')
        $f.Save($path, $null)
        $path
    }
    $key = Join-Path $TestDrive 'project.key'
    $null = New-DicomAnonymizationKey -Path $key
    $out = Join-Path $TestDrive 'out'
    $crosswalk = Join-Path $TestDrive 'crosswalk.csv'
    $results = @(Invoke-DicomAnonymize -Path $in -Recurse -Destination $out -KeyFile $key -Crosswalk $crosswalk)

    $leaks = Join-Path $TestDrive 'leaks'
    $n = 0
    function New-Leak([string] $Name, [scriptblock] $Change, [string] $Folder) {
        # A copy of the first output with one leak planted by $Change (given the DicomFile and the source's).
        $script:n++
        $dir = if ($Folder) { Join-Path $leaks $Folder } else { Join-Path $leaks "case$script:n" }
        $null = New-Item -ItemType Directory -Path $dir -Force
        $target = Join-Path $dir $Name
        $f = [DicomAnon.Core.DicomFile]::Open($results[0].Path, $null)
        $src = [DicomAnon.Core.DicomFile]::Open($sources[0], $null)
        & $Change $f $src
        $f.Save($target, $null)
        $target
    }
    function Get-Findings([string] $Path, [switch] $Pixels) {
        @(Test-DicomDeidentified -LiteralPath $Path -SourcePath $in -KeyFile $key -Pixels:$Pixels)
    }
}

Describe 'Test-DicomDeidentified against the sources' {
    It 'finds something in every file of a copy of the inputs (<Mode>)' -ForEach @(
        @{ Mode = 'paired by the key'; UseKey = $true }
        @{ Mode = 'without a key: one matcher over every source'; UseKey = $false }
    ) {
        $copy = Join-Path $TestDrive "copy-$UseKey"
        Copy-Item -LiteralPath $in -Destination $copy -Recurse
        $extra = if ($UseKey) { @{ KeyFile = $key } } else { @{} }
        $findings = @(Test-DicomDeidentified -Path $copy -Recurse -SourcePath $in @extra)
        $files = @(Get-ChildItem -LiteralPath $copy -Recurse -File)
        $files.Count | Should -Be 3
        foreach ($file in $files) {
            $mine = @($findings | Where-Object Path -EQ $file.FullName)
            $mine.Count | Should -BeGreaterThan 5 -Because "$($file.Name) is not de-identified"
            $mine | Where-Object { $_.Location -eq '(0010,0010)' -and $_.Kind -eq 'SourcePatientName' } | Should -Not -BeNullOrEmpty
            $mine | Where-Object { $_.Location -eq '(0010,0020)' -and $_.Kind -eq 'SourcePatientId' } | Should -Not -BeNullOrEmpty
            $mine | Where-Object { $_.Location -eq '(0020,000D)' -and $_.Kind -eq 'SourceUid' } | Should -Not -BeNullOrEmpty
            $mine | Where-Object Kind -EQ 'PatientIdentityNotRemoved' | Should -Not -BeNullOrEmpty
        }
    }

    It 'finds nothing in the outputs of Invoke-DicomAnonymize (<Mode>)' -ForEach @(
        @{ Mode = 'paired by the key, with the crosswalk'; Extra = @{ UseKey = $true; UseCrosswalk = $true } }
        @{ Mode = 'without a key'; Extra = @{ UseKey = $false; UseCrosswalk = $false } }
    ) {
        $splat = @{}
        if ($Extra.UseKey) { $splat.KeyFile = $key }
        if ($Extra.UseCrosswalk) { $splat.Crosswalk = $crosswalk }
        $results.Count | Should -Be 3
        $findings = @(Test-DicomDeidentified -Path $out -Recurse -SourcePath $in @splat)
        ($findings | ForEach-Object { "$($_.Kind) at $($_.Location) in $(Split-Path -Leaf $_.Path)" }) | Should -BeNullOrEmpty
    }

    It 'pairs every output with its source through the key (-Summary)' {
        $s = Test-DicomDeidentified -Path $out -Recurse -SourcePath $in -KeyFile $key -Summary
        $s | Should -HaveCount 1
        $s.FilesChecked | Should -Be 3
        $s.Sources | Should -Be 3
        $s.Paired | Should -Be 3
        $s.Findings | Should -Be 0
        $s.Clean | Should -BeTrue
        $s.SourcesNotRead | Should -Be 0
    }

    It 'is never Clean when a source could not be read: its identifiers were not searched for (SourcesNotRead)' {
        $broken = Join-Path $TestDrive 'sources-broken'
        $null = New-Item -ItemType Directory -Path $broken -Force
        Copy-Item -Path (Join-Path $in '*') -Destination $broken -Recurse
        # A DICOM preamble and magic, then a truncated element: it looks like DICOM and cannot be parsed.
        $bytes = [byte[]]::new(132 + 6)
        [System.Text.Encoding]::ASCII.GetBytes('DICM').CopyTo($bytes, 128)
        $bytes[132] = 0x02; $bytes[134] = 0x10; $bytes[136] = 0x55; $bytes[137] = 0x49
        [System.IO.File]::WriteAllBytes((Join-Path $broken 'cut.dcm'), $bytes)
        $s = Test-DicomDeidentified -Path $out -Recurse -SourcePath $broken -KeyFile $key -Summary -ErrorVariable errs -ErrorAction SilentlyContinue
        @($errs).Count | Should -BeGreaterThan 0
        $s.SourcesNotRead | Should -Be 1
        $s.Findings | Should -Be 0
        $s.Clean | Should -BeFalse
        $s = Test-DicomDeidentified -Path $out -Recurse -SourcePath (Join-Path $TestDrive 'no-such-sources') -Summary -ErrorAction SilentlyContinue
        $s.SourcesNotRead | Should -Be 1
        $s.Clean | Should -BeFalse
    }
}

Describe 'Test-DicomDeidentified finds each planted leak in the right place' {
    It 'a name in a private OB blob, as UTF-16' {
        $leak = New-Leak 'utf16.dcm' {
            param($f)
            $f.Dataset.SetString((T 0x0019 0x0010), $vr::LO, 'LEAKY VENDOR')
            $bytes = [System.Text.Encoding]::Unicode.GetBytes('report for Jane Doe, 1 page')
            $f.Dataset.Set([DicomAnon.Core.DicomValueElement]::new((T 0x0019 0x1001), $vr::OB, $bytes, 'LEAKY VENDOR'))
        }
        $f = Get-Findings $leak
        $f | Where-Object { $_.Location -eq '(0019,1001)' -and $_.Kind -eq 'SourcePatientName' -and $_.Severity -eq 'High' } | Should -Not -BeNullOrEmpty
        $f | Where-Object { $_.Location -eq '(0019,0010)' -and $_.Kind -eq 'UnsafePrivateCreator' } | Should -Not -BeNullOrEmpty
    }

    It 'an original UID in a path' {
        $studyUid = (Get-DicomTag -LiteralPath $sources[0] -Tag StudyInstanceUID -PerFile).StudyInstanceUID
        $leak = New-Leak 'im.dcm' { param($f) } -Folder $studyUid
        $f = Get-Findings $leak
        $f | Where-Object { $_.Location -eq 'path' -and $_.Kind -eq 'SourceUid' } | Should -Not -BeNullOrEmpty
        @($f | Where-Object Location -NE 'path') | Should -BeNullOrEmpty
    }

    It 'an accent-stripped name in a path' {
        $leak = New-Leak 'im.dcm' { param($f) } -Folder 'muller_jurgen'
        $r = @(Test-DicomDeidentified -Path $leaks -Recurse -SourcePath $in -KeyFile $key | Where-Object Path -EQ $leak)
        $r | Where-Object { $_.Location -eq 'path' -and $_.Kind -eq 'SourcePatientName' } | Should -Not -BeNullOrEmpty
    }

    It 'an unshifted date in a nested sequence' {
        $leak = New-Leak 'date.dcm' {
            param($f)
            $f.Dataset.GetSequence((T 0x0008 0x1115)).Items[0].SetString((T 0x0008 0x0021), $vr::DA, '20240315')
        }
        $f = Get-Findings $leak
        $f | Where-Object { $_.Location -eq '(0008,0021) in (0008,1115)[0]' -and $_.Kind -eq 'SourceStudyDate' } | Should -Not -BeNullOrEmpty
        $f | Where-Object { $_.Location -eq '(0008,0021) in (0008,1115)[0]' -and $_.Kind -eq 'DateNotShifted' } | Should -Not -BeNullOrEmpty
    }

    It 'a Patient ID in an UN element and an accession number in the file meta' {
        $leak = New-Leak 'un.dcm' {
            param($f)
            $f.Dataset.Set([DicomAnon.Core.DicomValueElement]::new((T 0x0029 0x1010), $vr::UN, [System.Text.Encoding]::ASCII.GetBytes('xx PID0001 '), $null))
            $f.FileMetaInformation.SetString((T 0x0002 0x0016), $vr::AE, 'ACC0001')
        }
        $f = Get-Findings $leak
        $f | Where-Object { $_.Location -eq '(0029,1010)' -and $_.Kind -eq 'SourcePatientId' } | Should -Not -BeNullOrEmpty
        $f | Where-Object { $_.Location -eq '(0002,0016)' -and $_.Kind -eq 'SourceAccessionNumber' } | Should -Not -BeNullOrEmpty
    }

    It 'an attribute the claimed profile removes, and a value it replaces left as it was' {
        $leak = New-Leak 'profile.dcm' {
            param($f, $src)
            $f.Dataset.SetString((T 0x0008 0x1030), $vr::LO, 'CHEST')
            $f.Dataset.SetString((T 0x0008 0x0081), $vr::ST, 'Main Street 1')
            $f.Dataset.SetString((T 0x0020 0x0010), $vr::SH, $src.Dataset.GetString((T 0x0020 0x0010)))
        }
        $f = Get-Findings $leak
        $f | Where-Object { $_.Location -eq '(0008,1030)' -and $_.Kind -eq 'ProfileAttributeNotRemoved' } | Should -Not -BeNullOrEmpty
        $f | Where-Object { $_.Location -eq '(0008,0081)' -and $_.Kind -eq 'ProfileAttributeNotRemoved' } | Should -Not -BeNullOrEmpty
        $f | Where-Object { $_.Location -eq '(0020,0010)' -and $_.Kind -eq 'ProfileAttributeNotReplaced' } | Should -Not -BeNullOrEmpty
    }

    It 'text burned into a frame, by frame and box' {
        $leak = New-Leak 'burned.dcm' {
            param($f)
            $frame = [byte[]]::new(96 * 320)
            Add-SampleBurnedText -Frame $frame -Rows 96 -Columns 320 -Text 'DOE JANE 1970'
            $f.Dataset.Set([DicomAnon.Core.DicomValueElement]::new([DicomAnon.Core.DicomTag]::PixelData, $vr::OB, $frame, $null))
        }
        (Get-Findings $leak) | Should -BeNullOrEmpty -Because 'the header is clean and pixels are read only with -Pixels'
        $f = @(Get-Findings $leak -Pixels | Where-Object Kind -In 'BurnedInText', 'BurnedInIdentifier')
        $f | Should -Not -BeNullOrEmpty
        $f[0].Frame | Should -Be 0
        $f[0].Location | Should -Match '^frame 0 box \d+,\d+,\d+,\d+$'
        $f[0].Box[1] | Should -BeLessThan 28 -Because 'the text is in the top rows'
        $f | Where-Object Kind -EQ 'BurnedInIdentifier' | Should -Not -BeNullOrEmpty
    }
}

Describe 'Test-DicomDeidentified without a source' {
    It 'reports <Kind> at <Location>' -ForEach @(
        @{ Kind = 'PersonNameNotPseudonym'; Location = '(0008,1070)'; Change = { param($f) $f.Dataset.SetString((T 0x0008 0x1070), $vr::PN, 'ROE^RICHARD') } }
        @{ Kind = 'PatientIdentityNotRemoved'; Location = '(0012,0062)'; Change = { param($f) $null = $f.Dataset.Remove((T 0x0012 0x0062)) } }
        @{ Kind = 'BurnedInAnnotation'; Location = '(0028,0301)'; Change = { param($f) $f.Dataset.SetString((T 0x0028 0x0301), $vr::CS, 'YES') } }
        @{ Kind = 'BurnedInAnnotationMissing'; Location = '(0028,0301)'; Change = { param($f) $f.Dataset.SetString((T 0x0008 0x0060), $vr::CS, 'US'); $null = $f.Dataset.Remove((T 0x0028 0x0301)) } }
        @{ Kind = 'FreeTextDate'; Location = '(0028,1055)'; Change = { param($f) $f.Dataset.SetString((T 0x0028 0x1055), $vr::LO, 'window set 15-Mar-2024') } }
        @{ Kind = 'FreeTextIdentifier'; Location = '(0028,1055)'; Change = { param($f) $f.Dataset.SetString((T 0x0028 0x1055), $vr::LO, 'for MRN 4455667') } }
        @{ Kind = 'FreeTextName'; Location = '(0028,1055)'; Change = { param($f) $f.Dataset.SetString((T 0x0028 0x1055), $vr::LO, 'asked by Dr. Roe') } }
    ) {
        $leak = New-Leak "$Kind.dcm" $Change
        $f = @(Test-DicomDeidentified -LiteralPath $leak)
        $f | Where-Object { $_.Kind -eq $Kind -and $_.Location -eq $Location } | Should -Not -BeNullOrEmpty
    }

    It 'finds nothing in a clean output' {
        Test-DicomDeidentified -LiteralPath $results[0].Path | Should -BeNullOrEmpty
    }

    It 'reports a DICOMDIR whose records carry a name and a birth date' {
        $meta = [DicomAnon.Core.DicomDataset]::new()
        $meta.SetString((T 0x0002 0x0002), $vr::UI, '1.2.840.10008.1.3.10')
        $meta.SetString((T 0x0002 0x0003), $vr::UI, '2.25.1')
        $ds = [DicomAnon.Core.DicomDataset]::new()
        $seq = [DicomAnon.Core.DicomSequence]::new((T 0x0004 0x1220))
        $rec = [DicomAnon.Core.DicomDataset]::new()
        $rec.SetString((T 0x0004 0x1430), $vr::CS, 'PATIENT')
        $rec.SetString((T 0x0010 0x0010), $vr::PN, 'ROE^RICHARD')
        $rec.SetString((T 0x0010 0x0030), $vr::DA, '19601010')
        $seq.Items.Add($rec)
        $ds.Set($seq)
        $dir = Join-Path $TestDrive 'dicomdir'
        $null = New-Item -ItemType Directory -Path $dir -Force
        [DicomAnon.Core.DicomFile]::new($meta, $ds, [DicomAnon.Core.DicomTransferSyntax]::FromUid('1.2.840.10008.1.2.1')).Save((Join-Path $dir 'DICOMDIR'), $null)
        $f = @(Test-DicomDeidentified -LiteralPath (Join-Path $dir 'DICOMDIR'))
        $f | Where-Object { $_.Kind -eq 'DicomDirRecordIdentifier' -and $_.Location -eq '(0010,0010) in (0004,1220)[0]' } | Should -Not -BeNullOrEmpty
        $f | Where-Object { $_.Kind -eq 'DicomDirRecordIdentifier' -and $_.Location -eq '(0010,0030) in (0004,1220)[0]' } | Should -Not -BeNullOrEmpty
    }
}

Describe 'Test-DicomDeidentified report and errors' {
    It 'writes a self-contained, HTML-encoded report without values, owner-only, and replaces it only with -Force' {
        $dir = Join-Path $TestDrive 'a&b<c>'
        $null = New-Item -ItemType Directory -Path $dir -Force
        Copy-Item -LiteralPath $sources[0] -Destination (Join-Path $dir 'copy.dcm')
        $report = Join-Path $TestDrive 'report.html'
        $null = Test-DicomDeidentified -LiteralPath $dir -SourcePath $in -ReportPath $report
        $html = Get-Content -LiteralPath $report -Raw
        $html | Should -Match 'a&amp;b&lt;c&gt;'
        $html | Should -Match 'SourcePatientName'
        $html | Should -Not -Match 'DOE|JANE|PID0001|19700101|ACC0001'
        $html | Should -Not -Match '<script|src="http'
        if (-not $IsWindows) { (Get-Item -LiteralPath $report).UnixFileMode | Should -Be ([System.IO.UnixFileMode] 'UserRead, UserWrite') }
        { Test-DicomDeidentified -LiteralPath $dir -ReportPath $report } | Should -Throw -ErrorId (Get-FqId DestinationExists $cmd)
        $null = Test-DicomDeidentified -LiteralPath $dir -ReportPath $report -Force
    }

    It 'puts before/after thumbnails of pixel findings in the report as data: URIs' {
        $leak = New-Leak 'burned2.dcm' {
            param($f)
            $frame = [byte[]]::new(96 * 320)
            Add-SampleBurnedText -Frame $frame -Rows 96 -Columns 320 -Text 'DOE JANE 1970'
            $f.Dataset.Set([DicomAnon.Core.DicomValueElement]::new([DicomAnon.Core.DicomTag]::PixelData, $vr::OB, $frame, $null))
        }
        $report = Join-Path $TestDrive 'pixels.html'
        $null = Test-DicomDeidentified -LiteralPath $leak -SourcePath $in -KeyFile $key -Pixels -ReportPath $report
        $html = Get-Content -LiteralPath $report -Raw
        ([regex]::Matches($html, 'src="data:image/png;base64,')).Count | Should -Be 2
        $html | Should -Match 'frame 0, source'
    }

    It 'reports a bad file and goes on with the next one' {
        $dir = Join-Path $TestDrive 'bad'
        $null = New-Item -ItemType Directory -Path $dir -Force
        $bytes = [System.IO.File]::ReadAllBytes($results[0].Path)
        [System.IO.File]::WriteAllBytes((Join-Path $dir 'a-truncated.dcm'), $bytes[0..299])
        Copy-Item -LiteralPath $sources[0] -Destination (Join-Path $dir 'b-copy.dcm')
        $errs = $null
        $f = @(Test-DicomDeidentified -LiteralPath (Join-Path $dir 'a-truncated.dcm'), (Join-Path $dir 'b-copy.dcm') -SourcePath $in -ErrorVariable errs -ErrorAction SilentlyContinue)
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeExactly (Get-FqId DicomParseFailed $cmd)
        $f | Where-Object Path -Like '*b-copy.dcm' | Should -Not -BeNullOrEmpty
    }

    It 'reports a named file that is not DICOM as NotDicomFile' {
        $txt = Join-Path $TestDrive 'note.txt'
        Set-Content -LiteralPath $txt -Value 'not dicom'
        $errs = $null
        Test-DicomDeidentified -LiteralPath $txt -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeExactly (Get-FqId NotDicomFile $cmd)
    }

    It 'stops with <Id> for <Case>' -ForEach @(
        @{ Case = 'a missing key file'; Id = 'KeyFileNotFound'; Splat = @{ KeyFile = 'nope.key' } }
        @{ Case = 'a crosswalk without OriginalPatientId'; Id = 'InvalidCrosswalk'; Splat = @{ Crosswalk = 'BADCW' } }
    ) {
        $bad = Join-Path $TestDrive 'bad.csv'
        Set-Content -LiteralPath $bad -Value "A,B`n1,2"
        if ($Splat.Crosswalk) { $Splat.Crosswalk = $bad }
        if ($Splat.KeyFile) { $Splat.KeyFile = Join-Path $TestDrive $Splat.KeyFile }
        { Test-DicomDeidentified -LiteralPath $results[0].Path @Splat } | Should -Throw -ErrorId (Get-FqId $Id $cmd)
    }

    It 'never puts a value into errors or verbose text' {
        $v = Test-DicomDeidentified -Path $in -Recurse -SourcePath $in -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($v | Out-String) | Should -Not -Match 'DOE|JANE|PID0001|MÜLLER'
    }
}

Describe 'Example 05-check-before-release.ps1' {
    It 'exits <Code> for <Case>' -ForEach @(
        @{ Case = 'the clean outputs'; Code = 0; Target = 'out' }
        @{ Case = 'a copy of the inputs'; Code = 1; Target = 'in' }
    ) {
        # The pwsh running the tests, also when it is the dotnet tool (`dotnet pwsh` needs the tool manifest's folder).
        $exe = (Get-Process -Id $PID).Path
        [string[]] $pre = if ($exe -match 'dotnet(\.exe)?$') { Join-Path $PSHOME 'pwsh.dll' } else { @() }
        $script = Join-Path $RepoRoot 'examples/05-check-before-release.ps1'
        $reports = Join-Path $TestDrive "reports-$Code"
        $target = Join-Path $TestDrive $Target
        $env:PSModulePath = (Join-Path $RepoRoot 'output') + [IO.Path]::PathSeparator + $env:PSModulePath
        $null = & $exe @pre -NoProfile -File $script -Path $target -SourcePath $in -KeyFile $key -ReportFolder $reports 6>&1
        $LASTEXITCODE | Should -Be $Code
        @(Get-ChildItem -LiteralPath $reports -Filter 'check-*.html').Count | Should -Be 1
    }
}

BeforeDiscovery {
    $redTeamCases = @(
        'c01-pacs-layout', 'c02-accession-date-folders', 'c03-two-letter-name-parts', 'c04-cjk-name', 'c05-nfd-accents',
        'c06-presentation-state-in-named-folder', 'c07-safe-private', 'c08-dummy-sequences', 'c09-uids-under-standard-root',
        'c10-file-meta-command-encrypted', 'c11-echoes-outside-the-table', 'c12-clean-option-text'
    ) | ForEach-Object { @{ CaseName = $_ } }
}

Describe 'Test-DicomDeidentified on the red-team corpus (tests/RedTeam), against its independent byte and path checker' {
    BeforeAll {
        . (Join-Path $RepoRoot 'tests/RedTeam/RedTeamCorpus.ps1')
        $rtKey = Join-Path $TestDrive 'redteam.key'
        $null = New-DicomAnonymizationKey -Path $rtKey
        $rt = @{}
        foreach ($c in New-RedTeamCorpus -Root (Join-Path $TestDrive 'rt-in')) {
            $rtOut = Join-Path $TestDrive "rt-out/$($c.Name)"
            $null = Invoke-DicomAnonymize -LiteralPath $c.Root -Recurse -Destination $rtOut -KeyFile $rtKey -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $rt[$c.Name] = [pscustomobject]@{ Case = $c; Out = $rtOut }
        }
    }

    It '<CaseName>: every input file, checked against itself, has source findings' -ForEach $redTeamCases {
        $c = $rt[$CaseName].Case
        $f = @(Test-DicomDeidentified -LiteralPath $c.Root -Recurse -SourcePath $c.Root | Where-Object Kind -Like 'Source*')
        foreach ($file in Get-ChildItem -LiteralPath $c.Root -Recurse -File) {
            @($f | Where-Object Path -EQ $file.FullName).Count | Should -BeGreaterThan 0 -Because "$($file.Name) is not de-identified"
        }
    }

    It '<CaseName>: every marker the red-team checker finds in the outputs is found by Test-DicomDeidentified, in the same file and place' -ForEach $redTeamCases {
        $run = $rt[$CaseName]
        $leaks = @(Find-RedTeamLeak -OutputRoot $run.Out -Case $run.Case)
        $findings = @(Test-DicomDeidentified -LiteralPath $run.Out -Recurse -SourcePath $run.Case.Root -KeyFile $rtKey | Where-Object Kind -Like 'Source*')
        $missed = foreach ($l in $leaks) {
            $full = Join-Path $run.Out $l.File
            $inPath = $l.Where -eq 'path'
            $hit = @($findings | Where-Object { $_.Path -eq $full -and (($_.Location -eq 'path') -eq $inPath) })
            if ($hit.Count -eq 0) { "$($l.Marker) in $($l.Where) of $($l.File)" }
        }
        @($missed) | Should -BeNullOrEmpty
    }
}

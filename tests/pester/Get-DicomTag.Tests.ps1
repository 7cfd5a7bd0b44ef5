BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $studyA = New-SampleDicomUid
    $studyB = New-SampleDicomUid
    $ct1 = New-TestDicomFile -Path (Join-Path $TestDrive 'ct1.dcm') -With @{ PatientName = 'DOE^JANE'; PatientID = 'PID001'; StudyInstanceUID = $studyA; WithSequence = $true; WithPrivate = $true }
    $ct2 = New-TestDicomFile -Path (Join-Path $TestDrive 'ct2.dcm') -With @{ PatientName = 'DOE^JANE'; PatientID = 'PID001'; StudyInstanceUID = $studyA }
    $mr1 = New-TestDicomFile -Path (Join-Path $TestDrive 'sub/mr1.dcm') -With @{ PatientName = 'ROE^RICHARD'; PatientID = 'PID002'; StudyInstanceUID = $studyB; Modality = 'MR' }
    $bracket = New-TestDicomFile -Path (Join-Path $TestDrive 'scan[1].dcm') -With @{ PatientID = 'PID003' }
    $utf8 = New-TestDicomFile -Path (Join-Path $TestDrive 'charset/utf8.dcm') -With @{ CharacterSet = 'ISO_IR 192'; PatientName = 'Müller^Jürgen' }
    $notes = Join-Path $TestDrive 'notes.txt'
    Set-Content -LiteralPath $notes -Value 'not dicom'
    $dicomCount = 5
}

Describe 'Get-DicomTag' {
    Context 'tags as users type them' {
        It 'reads <Text>' -ForEach @(
            @{ Text = 'PatientName' }
            @{ Text = '0010,0010' }
            @{ Text = '(0010,0010)' }
            @{ Text = '00100010' }
        ) {
            $e = Get-DicomTag -LiteralPath $ct1 -Tag $Text
            $e.Value | Should -BeExactly 'DOE^JANE'
            $e.Keyword | Should -BeExactly 'PatientName'
            $e.Tag | Should -BeExactly '(0010,0010)'
            $e.VR | Should -BeExactly 'PN'
            $e.FilePath | Should -BeExactly $ct1
        }

        It 'reads inside sequences with <Text>' -ForEach @(
            @{ Text = 'ReferencedSeriesSequence[0].SeriesInstanceUID' }
            @{ Text = '(0008,1115)[*].(0020,000E)' }
            @{ Text = 'ReferencedSeriesSequence.SeriesInstanceUID' }
        ) {
            $series = (Get-DicomTag -LiteralPath $ct1 -Tag SeriesInstanceUID).Value
            $e = Get-DicomTag -LiteralPath $ct1 -Tag $Text
            $e.Value | Should -BeExactly $series
            $e.ItemPath | Should -BeExactly '(0008,1115)[0].(0020,000E)'
        }

        It 'matches keywords with wildcards' {
            $k = (Get-DicomTag -LiteralPath $ct1 -Tag 'Patient*').Keyword
            $k | Should -Contain 'PatientName'
            $k | Should -Contain 'PatientID'
            $k | Should -Contain 'PatientBirthDate'
            $k | Should -Not -Contain 'StudyDate'
        }

        It 'reads file meta information' {
            (Get-DicomTag -LiteralPath $ct1 -Tag TransferSyntaxUID).Value | Should -BeExactly '1.2.840.10008.1.2.1'
        }

        It 'stops with InvalidTag for a tag it cannot parse' {
            { Get-DicomTag -LiteralPath $ct1 -Tag 'NoSuchKeyword' } | Should -Throw -ErrorId (Get-FqId InvalidTag Get-DicomTag)
        }

        It 'returns every element, nested ones after their sequence, without a Path property' {
            $all = Get-DicomTag -LiteralPath $ct1
            $all.Count | Should -BeGreaterThan 25
            $all[0].Tag | Should -BeExactly '(0002,0000)'
            $i = [array]::IndexOf(@($all.ItemPath), '(0008,1115)')
            $all[$i + 1].ItemPath | Should -BeExactly '(0008,1115)[0].(0020,000E)'
            $all[$i + 1].Depth | Should -Be 1
            $all[0].PSObject.Properties.Name | Should -Not -Contain 'Path'
        }

        It 'shows private elements with their creator' {
            $p = Get-DicomTag -LiteralPath $ct1 -Tag '(0011,1001)'
            $p.PrivateCreator | Should -BeExactly 'SAMPLE PRIVATE'
            $p.Value | Should -BeExactly 'private note'
        }

        It 'decodes text with the file''s character set' {
            (Get-DicomTag -LiteralPath $utf8 -Tag PatientName).Value | Should -BeExactly 'Müller^Jürgen'
        }

        It 'formats numbers in invariant culture and bulk data as a size' {
            (Get-DicomTag -LiteralPath $ct1 -Tag Rows).Value | Should -BeExactly '64'
            (Get-DicomTag -LiteralPath $ct1 -Tag PixelData).Value | Should -BeExactly '<4096 bytes>'
        }

        It 'never reads the pixel data for a header' {
            # Cut the file in the middle of its pixel data: the header must still read.
            $cut = Join-Path $TestDrive 'cut.dcm'
            $bytes = [System.IO.File]::ReadAllBytes($ct2)
            [System.IO.File]::WriteAllBytes($cut, $bytes[0..($bytes.Length - 2000)])
            (Get-DicomTag -LiteralPath $cut -Tag PatientID).Value | Should -BeExactly 'PID001'
        }

        It 'has a default view grouped by file' {
            $text = Get-DicomTag -LiteralPath $ct1 -Tag PatientName, PatientID | Out-String
            $text | Should -Match 'FilePath: .*ct1\.dcm'
            $text | Should -Match 'PatientName\s+DOE\^JANE'
        }
    }

    Context 'paths, pipelines and errors' {
        It 'binds FileInfo from Get-ChildItem -Recurse and reports the named non-DICOM file' {
            $r = Get-ChildItem -LiteralPath $TestDrive -Recurse -File | Get-DicomTag -Tag PatientID -ErrorAction SilentlyContinue -ErrorVariable err
            @($r).Count | Should -Be $dicomCount
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly (Get-FqId NotDicomFile Get-DicomTag)
            $err[0].TargetObject | Should -BeExactly $notes
        }

        It 'skips non-DICOM files met while walking a folder, with a verbose note' {
            $r = Get-DicomTag -Path $TestDrive -Recurse -Tag PatientID -ErrorVariable err -Verbose 4>&1
            $verbose = $r | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            @($r | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -Be $dicomCount
            $err | Should -BeNullOrEmpty
            ($verbose.Message -join "`n") | Should -Match 'notes\.txt'
        }

        It 'reads only the top folder without -Recurse' {
            @(Get-DicomTag -Path $TestDrive -Tag PatientID).Count | Should -Be 3
        }

        It 'expands wildcards in -Path' {
            (Get-DicomTag -Path (Join-Path $TestDrive 'ct*.dcm') -Tag PatientID).FilePath | Should -Be @($ct1, $ct2)
        }

        It 'takes brackets literally with -LiteralPath' {
            (Get-DicomTag -LiteralPath $bracket -Tag PatientID).Value | Should -BeExactly 'PID003'
        }

        It 'accepts an existing bracketed name in -Path too' {
            (Get-DicomTag -Path $bracket -Tag PatientID).Value | Should -BeExactly 'PID003'
        }

        It 'is silent when a wildcard matches nothing' {
            Get-DicomTag -Path (Join-Path $TestDrive 'nothing*.dcm') -ErrorVariable err | Should -BeNullOrEmpty
            $err | Should -BeNullOrEmpty
        }

        It 'reports a missing path with PathNotFound and the path as target' {
            $missing = Join-Path $TestDrive 'missing.dcm'
            Get-DicomTag -LiteralPath $missing, $ct1 -Tag PatientID -ErrorAction SilentlyContinue -ErrorVariable err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly (Get-FqId PathNotFound Get-DicomTag)
            $err[0].TargetObject | Should -BeExactly $missing
        }

        It 'reports the same error for a missing -Path' {
            $missing = Join-Path $TestDrive 'missing.dcm'
            Get-DicomTag -Path $missing -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeExactly (Get-FqId PathNotFound Get-DicomTag)
        }

        It 'rejects a path on another provider with NotFileSystemPath' {
            Get-DicomTag -Path 'Env:PATH' -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeExactly (Get-FqId NotFileSystemPath Get-DicomTag)
        }

        It 'throws at the first bad file with -ErrorAction Stop' {
            { Get-DicomTag -LiteralPath $notes, $ct1 -ErrorAction Stop } | Should -Throw -ErrorId (Get-FqId NotDicomFile Get-DicomTag)
        }

        It 'reports a malformed file as DicomParseFailed without its values' {
            $bad = Join-Path $TestDrive 'bad/bad.dcm'
            $null = New-Item -ItemType Directory -Path (Split-Path $bad) -Force
            $bytes = [System.IO.File]::ReadAllBytes($ct1)
            # Keep preamble, meta and the first elements, then declare an absurd length.
            $text = [System.Text.Encoding]::ASCII.GetString($bytes)
            $at = $text.IndexOf('DOE^JANE')
            $cut = $bytes[0..($at - 3)] + [byte[]] (0xFF, 0x7F) + $bytes[$at..($at + 7)]
            [System.IO.File]::WriteAllBytes($bad, [byte[]] $cut)
            Get-DicomTag -LiteralPath $bad -ErrorAction SilentlyContinue -ErrorVariable err | Out-Null
            $err[0].FullyQualifiedErrorId | Should -BeExactly (Get-FqId DicomParseFailed Get-DicomTag)
            $err[0].TargetObject | Should -BeExactly $bad
            ($err | Out-String) | Should -Not -Match 'DOE'
        }
    }

    Context 'one object per file' {
        It 'gives FilePath, Path and one property per tag' {
            $o = Get-DicomTag -LiteralPath $ct1 -Tag PatientID, '0008,0060', 'ReferencedSeriesSequence[0].SeriesInstanceUID', StudyComments -PerFile
            $o.FilePath | Should -BeExactly $ct1
            $o.Path | Should -BeExactly $ct1
            $o.PatientID | Should -BeExactly 'PID001'
            $o.Modality | Should -BeExactly 'CT'
            $o.'ReferencedSeriesSequence[0].SeriesInstanceUID' | Should -Not -BeNullOrEmpty
            $o.PSObject.Properties.Name | Should -Contain 'StudyComments'
            $o.StudyComments | Should -BeNullOrEmpty
        }

        It 'groups files by study' {
            $groups = Get-DicomTag -Path $TestDrive -Recurse -Tag StudyInstanceUID -PerFile | Group-Object StudyInstanceUID
            ($groups | Where-Object Name -EQ $studyA).Count | Should -Be 2
            ($groups | Where-Object Name -EQ $studyB).Count | Should -Be 1
        }

        It 'round-trips through Export-Csv' {
            $csv = Join-Path $TestDrive 'inventory.csv'
            Get-ChildItem -LiteralPath $TestDrive -Filter *.dcm -File | Get-DicomTag -Tag PatientID, StudyInstanceUID, Modality -PerFile |
                Export-Csv -LiteralPath $csv -NoTypeInformation
            $rows = Import-Csv -LiteralPath $csv
            $rows.Count | Should -Be 3
            ($rows | Where-Object FilePath -EQ $ct1).PatientID | Should -BeExactly 'PID001'
        }

        It 'gives every object of one call the same columns without -Tag, so Export-Csv keeps them all' {
            # ct1 has a sequence and a private block, mr1 has neither: their top-level elements differ.
            $rows = @(Get-DicomTag -LiteralPath $mr1, $ct1 -PerFile)
            $rows.Count | Should -Be 2
            $first = @($rows[0].PSObject.Properties.Name)
            $second = @($rows[1].PSObject.Properties.Name)
            $second | Should -Be $first
            $ownColumns = @((Get-DicomTag -LiteralPath $ct1 -PerFile).PSObject.Properties.Name)
            foreach ($c in $ownColumns) { $first | Should -Contain $c }
            ($ownColumns | Where-Object { $_ -notin @((Get-DicomTag -LiteralPath $mr1 -PerFile).PSObject.Properties.Name) }).Count | Should -BeGreaterThan 0 -Because 'the two files must differ for this test to mean anything'

            $csv = Join-Path $TestDrive 'union.csv'
            $rows | Export-Csv -LiteralPath $csv -NoTypeInformation
            $header = @((Import-Csv -LiteralPath $csv)[0].PSObject.Properties.Name)
            foreach ($c in $ownColumns) { $header | Should -Contain $c }
        }

        It 'holds at most 10,000 objects for the union, then streams with the columns fixed and warns once for a tag it drops' {
            # Memory stays bounded on a share of a million files: past 10,000 files the columns are fixed.
            $many = Join-Path $TestDrive 'many'
            $null = New-Item -ItemType Directory -Path $many
            foreach ($i in 0..9999) { [IO.File]::Copy($mr1, [IO.Path]::Combine($many, ('a{0:D5}.dcm' -f $i))) }
            Copy-Item -LiteralPath $ct1 -Destination (Join-Path $many 'z.dcm') # the last file walked has more tags
            $rows = @(Get-DicomTag -LiteralPath $many -PerFile -WarningVariable w -WarningAction SilentlyContinue)
            $rows.Count | Should -Be 10001
            $columns = @($rows[0].PSObject.Properties.Name)
            @($rows[-1].PSObject.Properties.Name) | Should -Be $columns
            $dropped = @(@((Get-DicomTag -LiteralPath $ct1 -PerFile).PSObject.Properties.Name) | Where-Object { $_ -notin $columns })
            $dropped.Count | Should -BeGreaterThan 0 -Because 'the last file must have tags the first ones lack for this test to mean anything'
            $w.Count | Should -Be 1
            "$($w[0])" | Should -Match ([regex]::Escape((Join-Path $many 'z.dcm')))
            "$($w[0])" | Should -Match '-Tag'
        }

        It 'gives the union of columns for wildcard tags, absent ones as $null' {
            $rows = @(Get-DicomTag -LiteralPath $mr1, $ct1 -Tag 'Referenced*', PatientID -PerFile)
            $names = @($rows[0].PSObject.Properties.Name)
            @($rows[1].PSObject.Properties.Name) | Should -Be $names
            $names | Should -Contain 'ReferencedSeriesSequence'
            ($rows | Where-Object FilePath -EQ $mr1).ReferencedSeriesSequence | Should -BeNullOrEmpty
        }

        It 'reads files listed in a CSV worklist (FullName column)' {
            $list = Join-Path $TestDrive 'worklist.csv'
            [pscustomobject]@{ FullName = $mr1 }, [pscustomobject]@{ FullName = $bracket } | Export-Csv -LiteralPath $list -NoTypeInformation
            (Import-Csv -LiteralPath $list | Get-DicomTag -Tag PatientID -PerFile).PatientID | Should -Be @('PID002', 'PID003')
        }
    }
}

Describe 'Get-DicomTag on real-world files' {
    It 'reads pydicom''s test corpus with only per-file parse errors' -Skip:(-not (Test-Path -LiteralPath '/usr/lib/python3/dist-packages/pydicom/data/test_files')) {
        $corpusPath = '/usr/lib/python3/dist-packages/pydicom/data'
        $rows = Get-DicomTag -Path $corpusPath -Recurse -Tag SOPClassUID, PatientName -PerFile -ErrorAction SilentlyContinue -ErrorVariable err
        @($rows).Count | Should -BeGreaterThan 100
        foreach ($e in $err) {
            $e.FullyQualifiedErrorId | Should -BeExactly (Get-FqId DicomParseFailed Get-DicomTag)
            Test-Path -LiteralPath $e.TargetObject | Should -BeTrue
        }
    }
}

Describe 'Get-DicomTag on raw datasets met while walking' {
    It 'lists raw datasets without preamble or meta, big endian too, instead of skipping them' {
        $dir = Join-Path $TestDrive 'raw-walk'
        $null = New-Item -ItemType Directory -Path $dir
        foreach ($name in 'ExplVR_BigEndNoMeta.dcm', 'ExplVR_LitEndNoMeta.dcm') {
            Copy-Item -LiteralPath "/usr/lib/python3/dist-packages/pydicom/data/test_files/$name" -Destination $dir
        }

        $rows = @(Get-DicomTag -Path $dir -Tag Modality -PerFile)

        $rows.Count | Should -Be 2
    }
}

Describe 'Get-DicomTag tab completion' {
    BeforeAll {
        function Complete([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches }
    }

    It 'completes keywords for -Tag: <Line>' -ForEach @(
        @{ Line = 'Get-DicomTag -Tag PatientN'; Expected = 'PatientName' }
        @{ Line = 'Get-DicomTag x.dcm StudyInstance'; Expected = 'StudyInstanceUID' }
        @{ Line = 'Get-DicomTag -Tag PatientID, Modal'; Expected = 'Modality' }
    ) {
        (Complete $Line).CompletionText | Should -Contain $Expected
    }

    It 'completes the last step of a sequence path and quotes it' {
        (Complete 'Get-DicomTag -Tag ReferencedSeriesSequence[0].SeriesInstance').CompletionText |
            Should -Contain "'ReferencedSeriesSequence[0].SeriesInstanceUID'"
    }

    It 'completes a tag typed by number, in tag order, with the tag in the tooltip' {
        $m = @(Complete 'Get-DicomTag -Tag 0010,001')
        $m[0].CompletionText | Should -BeExactly 'PatientName'
        $m[0].ToolTip | Should -Match '^\(0010,0010\) Patient''s Name'
    }

    It 'offers nothing for a word no keyword starts with' {
        @(Complete 'Get-DicomTag -Tag Zzzz').Count | Should -Be 0
    }
}

# Red team "edges": what the earlier red teams did not try. Hostile encodings written with pydicom and raw bytes
# (tests/RedTeam/edges_corpus.py), one patient's studies de-identified in separate invocations and with the key
# given three ways, what each option and site rule makes the file claim, dates glued to a time (the DICOM DT
# spelling), the output of other tools given to Test-DicomDeidentified, and -InPlace on links.
# Failures name the case, the marker's label and the place, never a value.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot '../RedTeam/RedTeamCorpus.ps1')
    $generator = Join-Path $PSScriptRoot '../RedTeam/edges_corpus.py'
    $keyFile = Join-Path $TestDrive 'edges.key'
    $null = New-DicomAnonymizationKey -Path $keyFile

    $linkedRoot = Join-Path $TestDrive 'linked'
    & /usr/bin/python3 $generator $linkedRoot linked
    if ($LASTEXITCODE -ne 0) { throw "edges_corpus.py linked failed ($LASTEXITCODE)" }
    $linked = Get-Content -LiteralPath (Join-Path $linkedRoot 'linked.json') -Raw -Encoding utf8 | ConvertFrom-Json

    function Get-Tags([string] $Path, [string[]] $Tag) { Get-DicomTag -LiteralPath $Path -Tag $Tag -PerFile }

    function Get-MethodCodes([string] $Path) {
        # Code values of the De-identification Method Code Sequence (0012,0064), sorted.
        $file = [DicomAnon.Core.DicomFile]::Open($Path, $null)
        $seq = $file.Dataset[[DicomAnon.Core.DicomTag]::new(0x0012, 0x0064)]
        if ($null -eq $seq) { return @() }
        @($seq.Items | ForEach-Object { $_.GetString([DicomAnon.Core.DicomTag]::new(0x0008, 0x0100)) } | Sort-Object)
    }

    function Copy-WithValue([string] $Source, [string] $Destination, [hashtable] $Set) {
        # A copy of a file with some top-level elements set by pydicom (an outside writer).
        $null = New-Item -ItemType Directory -Path (Split-Path $Destination) -Force
        $script = 'import sys, json, pydicom' + "`n" + 'ds = pydicom.dcmread(sys.argv[1])' + "`n" +
        'for k, v in json.loads(sys.argv[3]).items(): setattr(ds, k, v)' + "`n" + 'ds.save_as(sys.argv[2])'
        & /usr/bin/python3 -c $script $Source $Destination ($Set | ConvertTo-Json -Compress)
        if ($LASTEXITCODE -ne 0) { throw "pydicom copy failed ($LASTEXITCODE)" }
    }
}

Describe 'Hostile encodings (edges corpus)' {
    BeforeAll {
        $edgesRoot = Join-Path $TestDrive 'edges'
        & /usr/bin/python3 $generator $edgesRoot
        if ($LASTEXITCODE -ne 0) { throw "edges_corpus.py failed ($LASTEXITCODE)" }
        $json = Get-Content -LiteralPath (Join-Path $edgesRoot 'cases.json') -Raw -Encoding utf8 | ConvertFrom-Json
        $documented = 'DicomParseFailed', 'DicomLimitExceeded', 'DeflatedDataTruncated', 'NotDicomFile'
        $runs = foreach ($p in $json.PSObject.Properties) {
            $markers = foreach ($m in $p.Value.markers.PSObject.Properties) { [pscustomobject]@{ Label = $m.Name; Text = [string] $m.Value; Scope = 'Bytes' } }
            $out = Join-Path $TestDrive "edges-out/$($p.Name)"
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $results = @(Invoke-DicomAnonymize -LiteralPath (Join-Path $edgesRoot $p.Name) -Recurse -Destination $out -KeyFile $keyFile -ErrorAction SilentlyContinue -ErrorVariable errs -WarningAction SilentlyContinue)
            $watch.Stop()
            [pscustomobject]@{ Name = $p.Name; Expect = $p.Value.expect; Results = $results; Errors = @($errs); Seconds = $watch.Elapsed.TotalSeconds; Out = $out
                Case = [pscustomobject]@{ Name = $p.Name; Markers = @($markers) }
            }
        }
    }

    It 'gives every hostile file one outcome: written, or a per-file error with a documented id, within seconds' {
        $runs.Count | Should -Be 12
        foreach ($r in $runs) {
            $because = "$($r.Name): " + (($r.Results | ForEach-Object { "$($_.Status)/$($_.ErrorId)/$($_.Reason)" }) -join ', ')
            $r.Results.Count | Should -Be 1 -Because $because
            $r.Seconds | Should -BeLessThan 60 -Because "$($r.Name) must not hang"
            foreach ($e in $r.Errors) { $e.FullyQualifiedErrorId.Split(',')[0] | Should -BeIn $documented -Because $because }
            if ($null -ne $r.Expect.written) {
                @($r.Results | Where-Object Status -EQ 'Deidentified').Count | Should -Be $r.Expect.written -Because $because
                @($r.Errors).Count | Should -Be $r.Expect.failed -Because $because
                foreach ($id in $r.Expect.errorIds) { @($r.Errors.FullyQualifiedErrorId) | Should -Contain (Get-FqId $id 'Invoke-DicomAnonymize') -Because $because }
            }
            if ($r.Results[0].Status -ne 'Deidentified') {
                @(Get-ChildItem -LiteralPath $r.Out -Recurse -File -ErrorAction SilentlyContinue | Where-Object FullName -NotMatch '[\\/]\.dicomanon-state[\\/]').Count | Should -Be 0 -Because "$($r.Name): a file that is not de-identified is never copied"
            }
        }
    }

    It 'leaves no marker in any output byte or path, whatever the encoding trick' {
        $leaks = @(foreach ($r in $runs) { if (Test-Path -LiteralPath $r.Out) { Find-RedTeamLeak -OutputRoot $r.Out -Case $r.Case } })
        $leaks.Count | Should -Be 0 -Because (($leaks | ForEach-Object { "$($_.Case): $($_.Marker) in $($_.Where)" } | Sort-Object -Unique) -join '; ')
    }

    It 'refuses the deflate bomb without inflating it into memory' {
        ($runs | Where-Object Name -EQ 'e07-deflate-bomb').Errors[0].FullyQualifiedErrorId | Should -Be (Get-FqId 'DicomLimitExceeded' 'Invoke-DicomAnonymize')
        [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 | Should -BeLessThan 1.5GB
    }
}

Describe 'One patient in separate invocations' {
    BeforeAll {
        $keyText = (Get-Content -LiteralPath $keyFile | Where-Object { $_ -notmatch '^\s*#' -and $_.Trim() }) -join ''
        $out = @{}
        $res = @{}
        $res.a = @(Invoke-DicomAnonymize -LiteralPath (Join-Path $linkedRoot 'study1') -Destination ($out.a = Join-Path $TestDrive 'sep-a') -KeyFile $keyFile -WarningAction SilentlyContinue)
        $res.b = @(Invoke-DicomAnonymize -LiteralPath (Join-Path $linkedRoot 'study2') -Destination ($out.b = Join-Path $TestDrive 'sep-b') -KeyFile $keyFile -WarningAction SilentlyContinue)
        # "another machine": the same key typed as a SecureString, and through DICOMANON_KEY
        $res.c = @(Invoke-DicomAnonymize -LiteralPath (Join-Path $linkedRoot 'study2') -Destination ($out.c = Join-Path $TestDrive 'sep-c') -Key (ConvertTo-SecureString $keyText -AsPlainText -Force) -WarningAction SilentlyContinue)
        $saved = $env:DICOMANON_KEY
        try {
            $env:DICOMANON_KEY = $keyText
            $res.d = @(Invoke-DicomAnonymize -LiteralPath (Join-Path $linkedRoot 'study2') -Destination ($out.d = Join-Path $TestDrive 'sep-d') -WarningAction SilentlyContinue)
        }
        finally { $env:DICOMANON_KEY = $saved }
    }

    It 'gives the patient one pseudonym in every run and with the key given as a file, a SecureString or DICOMANON_KEY' {
        foreach ($k in 'a', 'b', 'c', 'd') { $res[$k].Count | Should -BeGreaterThan 0 }
        @(($res.a + $res.b + $res.c + $res.d).PseudonymPatientId | Sort-Object -Unique).Count | Should -Be 1
        foreach ($name in 'ct1.dcm', 'ct2.dcm', 'rs.dcm') {
            $h = @('b', 'c', 'd' | ForEach-Object { (Get-FileHash -LiteralPath (Join-Path $out[$_] $name)).Hash } | Sort-Object -Unique)
            $h.Count | Should -Be 1 -Because "${name}: one key, one output, however the key is given"
        }
    }

    It 'shifts both studies by one offset (the 100 days between them are kept)' {
        $d1 = (Get-Tags (Join-Path $out.a 'ct1.dcm') StudyDate).StudyDate
        $d2 = (Get-Tags (Join-Path $out.b 'ct1.dcm') StudyDate).StudyDate
        $d1 | Should -Not -BeNullOrEmpty
        ([datetime]::ParseExact($d2, 'yyyyMMdd', $null) - [datetime]::ParseExact($d1, 'yyyyMMdd', $null)).Days | Should -Be 100
    }

    It 'remaps the references inside sequences to the new UIDs of the files they point at' {
        foreach ($k in 'a', 'b') {
            $ct1 = Get-Tags (Join-Path $out[$k] 'ct1.dcm') SOPInstanceUID, SeriesInstanceUID, StudyInstanceUID, FrameOfReferenceUID, 'ReferencedImageSequence[0].ReferencedSOPInstanceUID'
            $ct2 = Get-Tags (Join-Path $out[$k] 'ct2.dcm') SOPInstanceUID, 'ReferencedImageSequence[0].ReferencedSOPInstanceUID'
            # Referenced Image Sequence is X/Z/U* in Table E.1-1: removed, or remapped to the other slice's new UID
            if ($ct1.'ReferencedImageSequence[0].ReferencedSOPInstanceUID') { $ct1.'ReferencedImageSequence[0].ReferencedSOPInstanceUID' | Should -Be $ct2.SOPInstanceUID }
            if ($ct2.'ReferencedImageSequence[0].ReferencedSOPInstanceUID') { $ct2.'ReferencedImageSequence[0].ReferencedSOPInstanceUID' | Should -Be $ct1.SOPInstanceUID }
            $frame = 'ReferencedFrameOfReferenceSequence[0]'
            $study = "$frame.RTReferencedStudySequence[0]"
            $series = "$study.RTReferencedSeriesSequence[0]"
            $rs = Get-Tags (Join-Path $out[$k] 'rs.dcm') "$frame.FrameOfReferenceUID", "$study.ReferencedSOPInstanceUID", "$series.SeriesInstanceUID", "$series.ContourImageSequence[0].ReferencedSOPInstanceUID", "$series.ContourImageSequence[1].ReferencedSOPInstanceUID"
            $rs."$frame.FrameOfReferenceUID" | Should -Be $ct1.FrameOfReferenceUID
            $rs."$study.ReferencedSOPInstanceUID" | Should -Be $ct1.StudyInstanceUID
            $rs."$series.SeriesInstanceUID" | Should -Be $ct1.SeriesInstanceUID
            @($rs."$series.ContourImageSequence[0].ReferencedSOPInstanceUID", $rs."$series.ContourImageSequence[1].ReferencedSOPInstanceUID") | Should -Be @($ct1.SOPInstanceUID, $ct2.SOPInstanceUID)
        }
    }
}

Describe 'What each option makes the file claim' {
    BeforeDiscovery {
        $optionCases = @(
            @{ Options = @(); Codes = @('113100', '113107'); Temporal = 'MODIFIED' }
            @{ Options = @('RetainLongitudinalTemporalInformationFullDates'); Codes = @('113100', '113106'); Temporal = 'UNMODIFIED' }
            @{ Options = @('RetainUids'); Codes = @('113100', '113107', '113110'); Temporal = 'MODIFIED' }
            @{ Options = @('RetainDeviceIdentity', 'RetainInstitutionIdentity'); Codes = @('113100', '113107', '113109', '113112'); Temporal = 'MODIFIED' }
            @{ Options = @('RetainPatientCharacteristics'); Codes = @('113100', '113107', '113108'); Temporal = 'MODIFIED' }
            @{ Options = @('CleanDescriptors', 'CleanStructuredContent', 'CleanGraphics'); Codes = @('113100', '113103', '113104', '113105', '113107'); Temporal = 'MODIFIED' }
            @{ Options = @('RetainSafePrivate'); Codes = @('113100', '113107', '113111'); Temporal = 'MODIFIED' }
        )
    }

    It 'records exactly the codes of -Option <Options> and Longitudinal Temporal Information Modified <Temporal>' -ForEach $optionCases {
        $out = Join-Path $TestDrive ('claims-' + ($Options -join '-'))
        $splat = @{ LiteralPath = (Join-Path $linkedRoot 'study1/ct1.dcm'); Destination = $out; KeyFile = $keyFile }
        if ($Options.Count) { $splat.Option = $Options }
        $r = Invoke-DicomAnonymize @splat
        $r.Status | Should -Be 'Deidentified'
        $t = Get-Tags $r.Path PatientIdentityRemoved, LongitudinalTemporalInformationModified, StudyDate, SOPInstanceUID
        $t.PatientIdentityRemoved | Should -Be 'YES'
        $t.LongitudinalTemporalInformationModified | Should -Be $Temporal
        Get-MethodCodes $r.Path | Should -Be $Codes
        $source = Get-Tags (Join-Path $linkedRoot 'study1/ct1.dcm') StudyDate, SOPInstanceUID
        ($t.StudyDate -eq $source.StudyDate) | Should -Be ($Temporal -eq 'UNMODIFIED') -Because 'dates are kept only when full dates are claimed'
        ($t.SOPInstanceUID -eq $source.SOPInstanceUID) | Should -Be ($Options -contains 'RetainUids') -Because 'UIDs are kept only when Retain UIDs is claimed'
    }

    It 'refuses both temporal options together with a documented error id, before writing anything' {
        $out = Join-Path $TestDrive 'claims-both-temporal'
        $err = $null
        try {
            Invoke-DicomAnonymize -LiteralPath (Join-Path $linkedRoot 'study1') -Destination $out -KeyFile $keyFile -Option RetainLongitudinalTemporalInformationFullDates, RetainLongitudinalTemporalInformationModifiedDates -ErrorAction Stop
        }
        catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be (Get-FqId 'ConflictingOptions' 'Invoke-DicomAnonymize')
        Test-Path -LiteralPath $out | Should -BeFalse
    }

    It '-Keep <Keep>: the file does not claim the patient''s identity removed, and says which attribute a site rule kept' -ForEach @(
        @{ Keep = 'PatientName'; Tag = '(0010,0010)' }
        @{ Keep = 'PatientID'; Tag = '(0010,0020)' }
        @{ Keep = 'PatientBirthDate'; Tag = '(0010,0030)' }
    ) {
        $out = Join-Path $TestDrive "keep-$Keep"
        $r = Invoke-DicomAnonymize -LiteralPath (Join-Path $linkedRoot 'study1/ct1.dcm') -Destination $out -KeyFile $keyFile -Keep $Keep -WarningAction SilentlyContinue
        $t = Get-Tags $r.Path PatientIdentityRemoved, DeidentificationMethod
        $t.PatientIdentityRemoved | Should -Be 'NO' -Because 'the patient''s own identifier is still in the file'
        $t.DeidentificationMethod | Should -Match ([regex]::Escape($Tag))
        # and a rerun over it in place does not treat it as a fresh file (dates would be shifted twice)
        $again = Invoke-DicomAnonymize -LiteralPath $r.Path -InPlace -Force -KeyFile $keyFile -Keep $Keep -WarningAction SilentlyContinue
        $again.Status | Should -Be 'Skipped'
        $again.Reason | Should -Be 'AlreadyDeidentified'
    }

    It '-Keep <Keep>: the identity stays removed, and the method says which attribute a site rule kept' -ForEach @(
        @{ Keep = 'StudyDescription'; Tag = '(0008,1030)' }
        @{ Keep = 'StudyDate'; Tag = '(0008,0020)' }
        @{ Keep = 'InstitutionName'; Tag = '(0008,0080)' }
    ) {
        $src = Join-Path $TestDrive "keep-src-$Keep/ct1.dcm"
        Copy-WithValue (Join-Path $linkedRoot 'study1/ct1.dcm') $src @{ StudyDescription = 'CT CHEST' }
        $r = Invoke-DicomAnonymize -LiteralPath $src -Destination (Join-Path $TestDrive "keep-$Keep") -KeyFile $keyFile -Keep $Keep -WarningAction SilentlyContinue
        $t = Get-Tags $r.Path PatientIdentityRemoved, DeidentificationMethod
        $t.PatientIdentityRemoved | Should -Be 'YES'
        $t.DeidentificationMethod | Should -Match ([regex]::Escape($Tag))
    }

    It '-Replace PatientID: the result, the crosswalk and the Uid layout name the pseudonym the file carries' {
        $crosswalk = Join-Path $TestDrive 'replace-crosswalk.csv'
        $r = Invoke-DicomAnonymize -LiteralPath (Join-Path $linkedRoot 'study1/ct1.dcm') -Destination (Join-Path $TestDrive 'replace-id') -KeyFile $keyFile -Replace @{ PatientID = 'SITE-SUBJ-7' } -Crosswalk $crosswalk -Layout Uid
        (Get-Tags $r.Path PatientID).PatientID | Should -Be 'SITE-SUBJ-7'
        $r.PseudonymPatientId | Should -Be 'SITE-SUBJ-7'
        @(Import-Csv -LiteralPath $crosswalk).PseudonymPatientId | Should -Be @('SITE-SUBJ-7')
        [System.IO.Path]::GetRelativePath((Join-Path $TestDrive 'replace-id'), $r.Path).Split([System.IO.Path]::DirectorySeparatorChar)[0] | Should -Be 'SITE-SUBJ-7'
    }

    It 'refuses site rules that would set a flag DicomAnon writes from what it did (<Rule>)' -ForEach @(
        @{ Rule = 'Replace BurnedInAnnotation'; Splat = @{ Replace = @{ BurnedInAnnotation = 'NO' } } }
        @{ Rule = 'Remove BurnedInAnnotation'; Splat = @{ Remove = 'BurnedInAnnotation' } }
        @{ Rule = 'Replace PatientIdentityRemoved'; Splat = @{ Replace = @{ PatientIdentityRemoved = 'YES' } } }
    ) {
        $out = Join-Path $TestDrive ('flag-' + ($Rule -replace '\W', ''))
        $err = $null
        try { Invoke-DicomAnonymize -LiteralPath (Join-Path $linkedRoot 'study1/us.dcm') -Destination $out -KeyFile $keyFile @Splat -ErrorAction Stop }
        catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be (Get-FqId 'InvalidRules' 'Invoke-DicomAnonymize')
        Test-Path -LiteralPath $out | Should -BeFalse
    }

    It 'a kept attribute the profile keeps anyway is not reported as a deviation' {
        $r = Invoke-DicomAnonymize -LiteralPath (Join-Path $linkedRoot 'study1/ct1.dcm') -Destination (Join-Path $TestDrive 'keep-modality') -KeyFile $keyFile -Keep Modality
        (Get-Tags $r.Path DeidentificationMethod).DeidentificationMethod | Should -Not -Match '\(0008,0060\)'
    }
}

Describe 'Option combinations on the linked export' {
    BeforeDiscovery {
        # Combinations of every option (fixed draw); a marker an option keeps by definition is not searched for.
        $all = @('RetainSafePrivate', 'RetainUids', 'RetainDeviceIdentity', 'RetainInstitutionIdentity', 'RetainPatientCharacteristics',
            'RetainLongitudinalTemporalInformationFullDates', 'CleanDescriptors', 'CleanStructuredContent', 'CleanGraphics')
        $combos = foreach ($mask in 0x1FF, 0x0A5, 0x15A, 0x0F0, 0x10F, 0x033) {
            @{ Options = @(for ($i = 0; $i -lt $all.Count; $i++) { if ($mask -band (1 -shl $i)) { $all[$i] } }) }
        }
    }

    It 'leaves no marker in any byte or path with -Option <Options>' -ForEach $combos {
        $kept = @{ RetainUids = @('study uid', 'series uid', 'sop uid'); RetainLongitudinalTemporalInformationFullDates = @('study date'); RetainInstitutionIdentity = @('institution') }
        $skip = @($Options | ForEach-Object { $kept[$_] } | Where-Object { $_ })
        $out = Join-Path $TestDrive ('combo-' + [guid]::NewGuid().ToString('N'))
        $results = @(Invoke-DicomAnonymize -LiteralPath $linkedRoot -Recurse -Destination $out -KeyFile $keyFile -Option $Options -WarningAction SilentlyContinue)
        @($results | Where-Object Status -EQ 'Deidentified').Count | Should -Be 7
        $markers = @($linked.markers.PSObject.Properties | Where-Object Name -NotIn $skip | ForEach-Object { [pscustomobject]@{ Label = $_.Name; Text = [string] $_.Value; Scope = 'Bytes' } })
        $leaks = @(Find-RedTeamLeak -OutputRoot $out -Case ([pscustomobject]@{ Name = 'combo'; Markers = $markers }) | Where-Object File -NotMatch 'dicomanon-state')
        $leaks.Count | Should -Be 0 -Because (($leaks | ForEach-Object { "$($_.Marker) in $($_.Where)" } | Sort-Object -Unique) -join '; ')
    }
}

Describe 'Dates glued to a time (the DICOM DT spelling)' {
    BeforeAll {
        $study = $linked.markers.'study date'
        $birth = $linked.markers.birth
        $src = Join-Path $TestDrive 'glued-src'
        Copy-WithValue (Join-Path $linkedRoot 'study1/ct1.dcm') (Join-Path $src 'a.dcm') @{ Manufacturer = "Acme $($study)101500"; StationName = "X$($birth)0800" }
    }

    It 'the identifier echo scan removes the study and birth dates glued to a time from values the profile keeps' {
        $r = Invoke-DicomAnonymize -LiteralPath (Join-Path $src 'a.dcm') -Destination (Join-Path $TestDrive 'glued-out') -KeyFile $keyFile -Option RetainDeviceIdentity
        $case = [pscustomobject]@{ Name = 'glued'; Markers = @(
                [pscustomobject]@{ Label = 'study date'; Text = $study; Scope = 'Bytes' }
                [pscustomobject]@{ Label = 'birth date'; Text = $birth; Scope = 'Bytes' }) }
        $leaks = @(Find-RedTeamLeak -OutputRoot (Join-Path $TestDrive 'glued-out') -Case $case)
        $leaks.Count | Should -Be 0 -Because (($leaks | ForEach-Object { "$($_.Marker) in $($_.Where)" }) -join '; ')
    }

    It 'Test-DicomDeidentified finds the source''s <Label> date in a DT value of an output' -ForEach @(
        @{ Label = 'study'; Field = 'study date'; Suffix = '101500' }
        @{ Label = 'birth'; Field = 'birth'; Suffix = '101500.000' }
    ) {
        $good = Invoke-DicomAnonymize -LiteralPath (Join-Path $linkedRoot 'study1/ct1.dcm') -Destination (Join-Path $TestDrive "dt-good-$Label") -KeyFile $keyFile
        $planted = Join-Path $TestDrive "dt-planted-$Label/ct1.dcm"
        Copy-WithValue $good.Path $planted @{ AcquisitionDateTime = $linked.markers.$Field + $Suffix }
        $findings = @(Test-DicomDeidentified -LiteralPath $planted -SourcePath (Join-Path $linkedRoot 'study1') -KeyFile $keyFile)
        @($findings | Where-Object Location -EQ '(0008,002A)').Count | Should -BeGreaterThan 0 -Because 'an unshifted date inside a date-time is a leak'
    }
}

Describe 'Test-DicomDeidentified on the output of other tools' {
    BeforeAll {
        $other = Join-Path $TestDrive 'other'
        # a hand-written pydicom script that replaces the name and ID, says YES, and forgets the rest
        $null = New-Item -ItemType Directory -Path (Join-Path $other 'script') -Force
        foreach ($f in Get-ChildItem -LiteralPath (Join-Path $linkedRoot 'study1') -File) {
            Copy-WithValue $f.FullName (Join-Path $other "script/$($f.Name)") @{ PatientName = 'ANON'; PatientID = 'ANON1'; PatientBirthDate = ''; PatientIdentityRemoved = 'YES'; DeidentificationMethod = 'in-house script'; ReferringPhysicianName = '' }
        }
        # gdcmanon told to empty the name and ID only
        $null = New-Item -ItemType Directory -Path (Join-Path $other 'gdcm') -Force
        foreach ($f in Get-ChildItem -LiteralPath (Join-Path $linkedRoot 'study1') -File) {
            & gdcmanon --dumb --empty 0010,0010 --empty 0010,0020 -i $f.FullName -o (Join-Path $other "gdcm/$($f.Name)")
        }
    }

    It 'flags every file of <Tool> against the sources' -ForEach @(@{ Tool = 'script' }, @{ Tool = 'gdcm' }) {
        $files = @(Get-ChildItem -LiteralPath (Join-Path $other $Tool) -File)
        $files.Count | Should -Be 4
        $findings = @(Test-DicomDeidentified -LiteralPath $files.FullName -SourcePath (Join-Path $linkedRoot 'study1'))
        foreach ($f in $files) {
            $mine = @($findings | Where-Object Path -EQ $f.FullName)
            $kinds = @($mine.Kind | Sort-Object -Unique)
            $kinds | Should -Contain 'SourceAccessionNumber' -Because "$($f.Name): the accession number is still there"
            $kinds | Should -Contain 'SourceUid' -Because "$($f.Name): the UIDs are the source's"
            $kinds | Should -Contain 'SourceStudyDate' -Because "$($f.Name): the dates are not shifted"
        }
    }
}

Describe '-WhatIf writes nothing' {
    It 'creates no log, crosswalk or destination with -LogPath and -Crosswalk' {
        $root = Join-Path $TestDrive 'whatif'
        $null = Invoke-DicomAnonymize -LiteralPath (Join-Path $linkedRoot 'study1') -Destination (Join-Path $root 'out') -KeyFile $keyFile -Crosswalk (Join-Path $root 'cw.csv') -LogPath (Join-Path $root 'log.jsonl') -WhatIf
        @(Get-ChildItem -LiteralPath $root -Recurse -Force -ErrorAction SilentlyContinue).Count | Should -Be 0 -Because 'a preview must not leave a log that reads like a run that processed nothing'
    }
}

Describe 'Test-DicomDeidentified on a release folder with files that are not DICOM' {
    BeforeAll {
        $release = Join-Path $TestDrive 'release'
        $good = Invoke-DicomAnonymize -LiteralPath (Join-Path $linkedRoot 'study1/ct1.dcm') -Destination $release -KeyFile $keyFile
        # a note left by a technician, and a dataset written without its Part 10 header (readable by dcmdump, pydicom force=True)
        Set-Content -LiteralPath (Join-Path $release 'notes.txt') -Value "patient $($linked.markers.family) $($linked.markers.given) id $($linked.markers.pid)" -Encoding utf8
        $raw = [System.IO.File]::ReadAllBytes((Join-Path $linkedRoot 'study1/ct2.dcm'))
        [System.IO.File]::WriteAllBytes((Join-Path $release 'IM0002'), [byte[]](@(0) * 128) + $raw[132..($raw.Length - 1)])
    }

    It 'reports each of them, never a clean summary' {
        $findings = @(Test-DicomDeidentified -Path $release -Recurse)
        @($findings | Where-Object Kind -EQ 'NotDicomFile' | ForEach-Object { Split-Path -Leaf $_.Path } | Sort-Object) | Should -Be @('IM0002', 'notes.txt')
        (Test-DicomDeidentified -Path $release -Recurse -Summary).Clean | Should -BeFalse
    }

    It 'finds the source''s identifiers inside them' {
        $findings = @(Test-DicomDeidentified -Path $release -Recurse -SourcePath (Join-Path $linkedRoot 'study1') -KeyFile $keyFile)
        $notes = @($findings | Where-Object { (Split-Path -Leaf $_.Path) -eq 'notes.txt' -and $_.Location -eq 'content' })
        $notes.Kind | Should -Contain 'SourcePatientName'
        $notes.Kind | Should -Contain 'SourcePatientId'
        @($findings | Where-Object { (Split-Path -Leaf $_.Path) -eq 'IM0002' -and $_.Kind -like 'Source*' }).Count | Should -BeGreaterThan 0
        @($findings | Where-Object { $_.Path -eq $good.Path }).Count | Should -Be 0 -Because 'the de-identified file itself is clean'
    }

    It 'counts a named input it could not check as not checked' {
        $summary = Test-DicomDeidentified -LiteralPath $good.Path, (Join-Path $release 'missing.dcm') -Summary -ErrorAction SilentlyContinue
        $summary.FilesNotChecked | Should -Be 1
        $summary.Clean | Should -BeFalse
    }
}

Describe 'A scheduled task over a PACS-like tree with hostile names' -Skip:(-not $IsLinux) {
    It 'accounts for every file, exits 0, and logs no patient value (pwsh -NonInteractive, Get-ChildItem -Recurse -Force piped)' {
        $tree = Join-Path $TestDrive 'pacs'
        $names = @('a[1].dcm', 'b*c.dcm', 'q?.dcm', 'sp ace/x y.dcm', "$([char]0xE9)/$([char]0xFC).dcm", '.hid.dcm', 'IM0001', 'ro.dcm', '[x]/*/y.dcm', '-dash.dcm', 'back\slash.dcm',
            (('d' * 200) + '/' + ('e' * 200) + '/' + ('f' * 200) + '.dcm'))
        $i = 0
        foreach ($n in $names) {
            $i++
            Copy-WithValue (Join-Path $linkedRoot 'study1/ct1.dcm') (Join-Path $tree $n) @{ SOPInstanceUID = "1.2.826.0.1.3680043.10.778.5.$i" }
        }
        & chmod 444 (Join-Path $tree 'ro.dcm')
        $out = Join-Path $TestDrive 'pacs-out'
        $log = Join-Path $TestDrive 'pacs-log.jsonl'
        $command = "Import-Module '$ModulePath'; " +
        "Get-ChildItem -LiteralPath '$tree' -Recurse -File -Force | Invoke-DicomAnonymize -Destination '$out' -KeyFile '$keyFile' -LogPath '$log' -ErrorAction SilentlyContinue -ErrorVariable e -WarningAction SilentlyContinue | Out-Null; " +
        'exit ([int]($e.Count -gt 0))'
        $null = & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command $command
        $LASTEXITCODE | Should -Be 0
        @(Get-ChildItem -LiteralPath $out -Recurse -File -Force | Where-Object FullName -NotMatch '[\\/]\.dicomanon-state[\\/]').Count | Should -Be $names.Count
        $records = @(Get-Content -LiteralPath $log | ConvertFrom-Json)
        @($records | Where-Object type -EQ 'file' | Where-Object status -EQ 'Deidentified').Count | Should -Be $names.Count
        $text = Get-Content -LiteralPath $log -Raw
        foreach ($m in $linked.markers.PSObject.Properties) { $text.Contains([string] $m.Value) | Should -BeFalse -Because "the log holds no $($m.Name)" }
    }
}

Describe '-InPlace on a link' -Skip:(-not $IsLinux) {
    BeforeEach {
        $tree = Join-Path $TestDrive ('inplace-' + [guid]::NewGuid().ToString('N'))
        $elsewhere = Join-Path $tree 'elsewhere'
        $work = Join-Path $tree 'work'
        $null = New-Item -ItemType Directory -Path $elsewhere, $work -Force
        Copy-Item -LiteralPath (Join-Path $linkedRoot 'study1/ct1.dcm') -Destination (Join-Path $elsewhere 'target.dcm')
    }

    It 'says so when the input is a symbolic link whose target keeps the original' {
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $work 'link.dcm') -Target (Join-Path $elsewhere 'target.dcm')
        $r = Invoke-DicomAnonymize -LiteralPath (Join-Path $work 'link.dcm') -InPlace -Force -KeyFile $keyFile -WarningVariable w -WarningAction SilentlyContinue
        $targetId = (Get-Tags (Join-Path $elsewhere 'target.dcm') PatientID).PatientID
        if ($targetId -eq $linked.markers.pid) {
            @($w | Where-Object Message -Match 'link').Count + @($r.Warnings | Where-Object { $_ -match 'link' }).Count | Should -BeGreaterThan 0 -Because 'the original still exists under the link''s target'
        }
    }

    It 'says so when the input has another hard link that keeps the original' {
        & ln (Join-Path $elsewhere 'target.dcm') (Join-Path $work 'hard.dcm')
        $r = Invoke-DicomAnonymize -LiteralPath (Join-Path $work 'hard.dcm') -InPlace -Force -KeyFile $keyFile -WarningVariable w -WarningAction SilentlyContinue
        (Get-Tags (Join-Path $elsewhere 'target.dcm') PatientID).PatientID | Should -Be $linked.markers.pid -Because 'the other name is not touched'
        @($w | Where-Object Message -Match 'link').Count + @($r.Warnings | Where-Object { $_ -match 'link' }).Count | Should -BeGreaterThan 0 -Because 'the original still exists under another name'
    }
}

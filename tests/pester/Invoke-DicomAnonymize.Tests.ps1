BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $cmd = 'Invoke-DicomAnonymize'
    $keyFile = Join-Path $TestDrive 'project.key'
    $null = New-DicomAnonymizationKey -Path $keyFile
    $in = Join-Path $TestDrive 'in'
    $study = New-SampleDicomUid
    $good = New-TestDicomFile -Path (Join-Path $in 'ct1.dcm') -With @{ PatientName = 'DOE^JANE'; PatientID = 'PID001'; StudyInstanceUID = $study; PatientBirthDate = '19650412' }
    $good2 = New-TestDicomFile -Path (Join-Path $in 'series2/ct2.dcm') -With @{ PatientName = 'DOE^JANE'; PatientID = 'PID001'; StudyInstanceUID = $study; PatientBirthDate = '19650412' }
    $other = New-TestDicomFile -Path (Join-Path $TestDrive 'other/ct1.dcm') -With @{ PatientName = 'ROE^RICHARD'; PatientID = 'PID002' }
    $phiNamed = New-TestDicomFile -Path (Join-Path $TestDrive 'named/DOE_JANE_PID001.dcm') -With @{ PatientName = 'DOE^JANE'; PatientID = 'PID001' }
    $notes = Join-Path $TestDrive 'notes.txt'
    Set-Content -LiteralPath $notes -Value 'not dicom'
    $n = 0
    function New-Out { $script:n++; Join-Path $TestDrive "out$script:n" }
}

Describe 'Invoke-DicomAnonymize' {
    Context 'without touching anything' {
        It 'writes nothing with -WhatIf' {
            $before = (Get-FileHash -LiteralPath $good).Hash
            $out = New-Out
            Invoke-DicomAnonymize -LiteralPath $good -Destination $out -KeyFile $keyFile -WhatIf | Should -BeNullOrEmpty
            Test-Path -LiteralPath $out | Should -BeFalse
            (Get-FileHash -LiteralPath $good).Hash | Should -Be $before
        }

        It 'stops with DestinationRequired without -Destination or -InPlace' {
            { Invoke-DicomAnonymize -LiteralPath $good -KeyFile $keyFile } | Should -Throw -ErrorId (Get-FqId DestinationRequired $cmd)
        }

        It 'stops with DestinationIsFile when the destination is a file' {
            { Invoke-DicomAnonymize -LiteralPath $good -Destination $notes -KeyFile $keyFile } | Should -Throw -ErrorId (Get-FqId DestinationIsFile $cmd)
        }

        It 'stops with KeyFileNotFound and InvalidKey' {
            { Invoke-DicomAnonymize -LiteralPath $good -Destination (New-Out) -KeyFile (Join-Path $TestDrive 'nokey') } | Should -Throw -ErrorId (Get-FqId KeyFileNotFound $cmd)
            { Invoke-DicomAnonymize -LiteralPath $good -Destination (New-Out) -Key (ConvertTo-SecureString 'short' -AsPlainText -Force) } | Should -Throw -ErrorId (Get-FqId InvalidKey $cmd)
        }

        It 'stops with InvalidRules for a tag it does not know' {
            { Invoke-DicomAnonymize -LiteralPath $good -Destination (New-Out) -KeyFile $keyFile -Remove NoSuchKeyword } | Should -Throw -ErrorId (Get-FqId InvalidRules $cmd)
        }

        It 'accepts 1 to 64 for -ThrottleLimit only' {
            { Invoke-DicomAnonymize -LiteralPath $good -Destination (New-Out) -ThrottleLimit 65 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,DicomAnon.Commands.InvokeDicomAnonymizeCommand'
        }
    }

    Context 'de-identifying' {
        It 'reports a named non-DICOM file and still processes the rest' {
            $out = New-Out
            $r = Invoke-DicomAnonymize -LiteralPath $notes, $good -Destination $out -KeyFile $keyFile -ErrorAction SilentlyContinue -ErrorVariable err
            $r | Should -HaveCount 2
            ($r | Where-Object SourcePath -EQ $notes).Status | Should -BeExactly 'Failed'
            ($r | Where-Object SourcePath -EQ $notes).ErrorId | Should -BeExactly 'NotDicomFile'
            ($r | Where-Object SourcePath -EQ $good).Status | Should -BeExactly 'Deidentified'
            $err[0].FullyQualifiedErrorId | Should -BeExactly (Get-FqId NotDicomFile $cmd)
            $err[0].TargetObject | Should -BeExactly $notes
            Test-Path -LiteralPath (Join-Path $out 'notes.txt') | Should -BeFalse
        }

        It 'replaces the identifiers and reports the pseudonym' {
            $out = New-Out
            $r = Invoke-DicomAnonymize -LiteralPath $good -Destination $out -KeyFile $keyFile
            $r.Path | Should -BeExactly (Join-Path $out 'ct1.dcm')
            $r.SourcePath | Should -BeExactly $good
            $o = Get-DicomTag -LiteralPath $r.Path -Tag PatientName, PatientID, PatientBirthDate, StudyInstanceUID, InstitutionName -PerFile
            $o.PatientName | Should -Not -Match 'DOE'
            $o.PatientID | Should -Not -Be 'PID001'
            $o.PatientID | Should -BeExactly $r.PseudonymPatientId
            $o.PatientBirthDate | Should -Not -Be '19650412'
            $o.StudyInstanceUID | Should -Not -Be $study
            $o.InstitutionName | Should -Not -Be 'SAMPLE GENERAL HOSPITAL'
        }

        It 'mirrors relative paths of a folder tree' {
            $out = New-Out
            $r = Invoke-DicomAnonymize -Path $in -Recurse -Destination $out -KeyFile $keyFile
            $r | Should -HaveCount 2
            Test-Path -LiteralPath (Join-Path $out 'ct1.dcm') | Should -BeTrue
            Test-Path -LiteralPath (Join-Path $out 'series2/ct2.dcm') | Should -BeTrue
        }

        It 'refuses a destination inside the input tree (DestinationInsideSource)' {
            $tree = Join-Path $TestDrive 'tree'
            $null = New-Item -ItemType Directory -Path $tree -Force
            Copy-Item -LiteralPath $good -Destination (Join-Path $tree 'a.dcm')
            $null = New-Item -ItemType Directory -Path (Join-Path $tree 'z-out') -Force
            { Invoke-DicomAnonymize -Path $tree -Recurse -Destination (Join-Path $tree 'z-out') -KeyFile $keyFile -ErrorAction Stop } |
                Should -Throw -ErrorId (Get-FqId DestinationInsideSource $cmd)
            @(Get-ChildItem -LiteralPath (Join-Path $tree 'z-out') -Recurse -File) | Should -HaveCount 0
        }

        It 'reports a named or piped file inside the destination instead of passing over it (InputInsideDestination)' {
            $dest = Join-Path $TestDrive 'inside-dest'
            $stage = Join-Path $dest '_stage'
            $null = New-Item -ItemType Directory -Path $stage -Force
            Copy-Item -LiteralPath $good -Destination (Join-Path $stage 'x.dcm')
            Copy-Item -LiteralPath $good -Destination (Join-Path $TestDrive 'outside.dcm')
            $r = @(Invoke-DicomAnonymize -LiteralPath (Join-Path $stage 'x.dcm'), (Join-Path $TestDrive 'outside.dcm') -Destination $dest -KeyFile $keyFile -WarningVariable w -WarningAction SilentlyContinue -ErrorVariable errs)
            @($errs) | Should -HaveCount 0
            @($w | Where-Object { "$_" -match 'inside the destination' }) | Should -HaveCount 1
            $r | Should -HaveCount 2
            ($r | Where-Object SourcePath -eq (Join-Path $TestDrive 'outside.dcm')).Status | Should -Be 'Deidentified'
            $inside = $r | Where-Object SourcePath -eq (Join-Path $stage 'x.dcm')
            $inside.Status | Should -Be 'Skipped'
            $inside.Reason | Should -Be 'InputInsideDestination'
            $w = $null
            $null = Get-Item -LiteralPath (Join-Path $stage 'x.dcm') | Remove-DicomBurnedText -Destination $dest -WarningVariable w -WarningAction SilentlyContinue
            @($w | Where-Object { "$_" -match 'inside the destination' }) | Should -HaveCount 1
            @(Get-ChildItem -LiteralPath $dest -Recurse -File) | Should -HaveCount 2
        }

        It 'meets its own earlier outputs when a tree holding the destination is piped again, without an error' {
            # Two series folders: the outputs land in anon/s1 and anon/s2 (a source's own folder as destination is refused).
            $tree = Join-Path $TestDrive 'nightly'
            foreach ($s in 's1', 's2') {
                $null = New-Item -ItemType Directory -Path (Join-Path $tree $s) -Force
                Copy-Item -LiteralPath $good -Destination (Join-Path $tree "$s/a.dcm")
            }
            $dest = Join-Path $tree 'anon'
            $first = @(Get-ChildItem -LiteralPath $tree -Recurse -File | Invoke-DicomAnonymize -Destination $dest -KeyFile $keyFile)
            $first.Status | Should -Be 'Deidentified', 'Deidentified'
            $second = @(Get-ChildItem -LiteralPath $tree -Recurse -File | Invoke-DicomAnonymize -Destination $dest -KeyFile $keyFile -ErrorVariable errs -WarningAction SilentlyContinue)
            @($errs) | Should -HaveCount 0
            $second | Should -HaveCount 4
            @($second | Where-Object Reason -eq 'InputInsideDestination') | Should -HaveCount 2
            @($second | Where-Object Reason -eq 'AlreadyDone') | Should -HaveCount 2
        }

        It 'refuses a crosswalk or log inside the destination, before writing anything (SidecarInDestination)' {
            $src = Join-Path $TestDrive 'sidecar-src'
            $null = New-Item -ItemType Directory -Path $src -Force
            Copy-Item -LiteralPath $good -Destination (Join-Path $src 'a.dcm')
            foreach ($case in @(@{ Crosswalk = 'crosswalk.csv' }, @{ LogPath = 'sub/run.log' })) {
                $out = Join-Path $TestDrive ('sidecar-out-' + @($case.Keys)[0])
                $side = @{}
                foreach ($k in $case.Keys) { $side[$k] = Join-Path $out $case[$k] }
                { Invoke-DicomAnonymize -Path $src -Recurse -Destination $out -KeyFile $keyFile @side -ErrorAction Stop } |
                    Should -Throw -ErrorId (Get-FqId SidecarInDestination $cmd)
                @(Get-ChildItem -LiteralPath $out -Recurse -File -Force -ErrorAction SilentlyContinue) | Should -HaveCount 0
            }
            # Beside the destination is where it belongs.
            $r = Invoke-DicomAnonymize -Path $src -Recurse -Destination (Join-Path $TestDrive 'sidecar-ok') -KeyFile $keyFile -Crosswalk (Join-Path $TestDrive 'sidecar-crosswalk.csv')
            $r.Status | Should -Be 'Deidentified'
            Test-Path -LiteralPath (Join-Path $TestDrive 'sidecar-crosswalk.csv') | Should -BeTrue
        }

        It 'gives the same pseudonyms and UIDs for the same key, and others for another key' {
            $a = Invoke-DicomAnonymize -LiteralPath $good -Destination (New-Out) -KeyFile $keyFile
            $b = Invoke-DicomAnonymize -LiteralPath $good -Destination (New-Out) -KeyFile $keyFile
            $otherKey = Join-Path $TestDrive 'other.key'
            $null = New-DicomAnonymizationKey -Path $otherKey
            $c = Invoke-DicomAnonymize -LiteralPath $good -Destination (New-Out) -KeyFile $otherKey
            $a.PseudonymPatientId | Should -BeExactly $b.PseudonymPatientId
            (Get-DicomTag -LiteralPath $a.Path -Tag StudyInstanceUID).Value | Should -BeExactly (Get-DicomTag -LiteralPath $b.Path -Tag StudyInstanceUID).Value
            $c.PseudonymPatientId | Should -Not -Be $a.PseudonymPatientId
        }

        It 'reads the key from DICOMANON_KEY and warns when there is none' {
            $env:DICOMANON_KEY = (Get-Content -LiteralPath $keyFile | Where-Object { $_ -notmatch '^#' } | Select-Object -First 1)
            try {
                $a = Invoke-DicomAnonymize -LiteralPath $good -Destination (New-Out) -KeyFile $keyFile
                $b = Invoke-DicomAnonymize -LiteralPath $good -Destination (New-Out) -WarningVariable w1
                $b.PseudonymPatientId | Should -BeExactly $a.PseudonymPatientId
                $w1 | Should -BeNullOrEmpty
            }
            finally { Remove-Item Env:DICOMANON_KEY }
            $null = Invoke-DicomAnonymize -LiteralPath $good -Destination (New-Out) -WarningVariable w2 -WarningAction SilentlyContinue
            ($w2 -join ' ') | Should -Match 'random'
        }

        It 'gives the same output whatever -ThrottleLimit is' {
            $o1 = New-Out; $o4 = New-Out
            $r1 = Invoke-DicomAnonymize -Path $in, (Split-Path $other) -Recurse -Destination $o1 -KeyFile $keyFile -Layout Uid
            $r4 = Invoke-DicomAnonymize -Path $in, (Split-Path $other) -Recurse -Destination $o4 -KeyFile $keyFile -Layout Uid -ThrottleLimit 4
            $r4.SourcePath | Should -Be $r1.SourcePath
            $r4.PseudonymPatientId | Should -Be $r1.PseudonymPatientId
            $r4.Path.Replace($o4, '') | Should -Be $r1.Path.Replace($o1, '')
            foreach ($i in 0..($r1.Count - 1)) {
                (Get-FileHash -LiteralPath $r4[$i].Path).Hash | Should -Be (Get-FileHash -LiteralPath $r1[$i].Path).Hash
            }
        }

        It 'gives byte-identical outputs when the corpus is split into shards run by separate processes' {
            # One process for everything, then two fresh processes with one shard each and no shared state.
            $whole = New-Out; $sharded = New-Out
            $all = @(Get-ChildItem -LiteralPath $in, (Split-Path $other) -Recurse -File -Filter *.dcm | Select-Object -ExpandProperty FullName)
            $null = Invoke-DicomAnonymize -LiteralPath $all -Destination $whole -KeyFile $keyFile -Layout Uid
            $pwshDll = Join-Path $PSHOME 'pwsh.dll'
            foreach ($shard in @($all[0..0]), @($all[1..($all.Count - 1)])) {
                $list = ($shard | ForEach-Object { "'" + $_.Replace("'", "''") + "'" }) -join ','
                & dotnet $pwshDll -NoProfile -NonInteractive -Command "Import-Module '$ModulePath'; `$null = Invoke-DicomAnonymize -LiteralPath $list -Destination '$sharded' -KeyFile '$keyFile' -Layout Uid"
                $LASTEXITCODE | Should -Be 0
            }

            $a = @(Get-ChildItem -LiteralPath $whole -Recurse -File | ForEach-Object { $_.FullName.Substring($whole.Length) + ' ' + (Get-FileHash -LiteralPath $_.FullName).Hash } | Sort-Object)
            $b = @(Get-ChildItem -LiteralPath $sharded -Recurse -File | ForEach-Object { $_.FullName.Substring($sharded.Length) + ' ' + (Get-FileHash -LiteralPath $_.FullName).Hash } | Sort-Object)
            $a.Count | Should -Be $all.Count
            $b | Should -Be $a
        }

        It 'names copies by their new UIDs with -Layout Uid' {
            $out = New-Out
            $r = Invoke-DicomAnonymize -LiteralPath $good -Destination $out -KeyFile $keyFile -Layout Uid
            $o = Get-DicomTag -LiteralPath $r.Path -Tag PatientID, StudyInstanceUID, SeriesInstanceUID, SOPInstanceUID -PerFile
            $r.Path | Should -BeExactly ([System.IO.Path]::Combine($out, $o.PatientID, $o.StudyInstanceUID, $o.SeriesInstanceUID, $o.SOPInstanceUID + '.dcm'))
        }

        It 'does not mirror a file name that holds the patient''s identifiers' {
            $out = New-Out
            $r = Invoke-DicomAnonymize -LiteralPath $phiNamed -Destination $out -KeyFile $keyFile -WarningVariable w -WarningAction SilentlyContinue
            $r.Path | Should -Not -Match 'DOE|PID001'
            Get-ChildItem -LiteralPath $out -Recurse | Where-Object Name -Match 'DOE|PID001' | Should -BeNullOrEmpty
            ($w -join ' ') | Should -Match 'carry patient identifiers, so they were replaced'
        }

        It 'mirrors files of the same name from different folders below their common folder' {
            $out = New-Out
            $r = Invoke-DicomAnonymize -LiteralPath $good, $other -Destination $out -KeyFile $keyFile
            $r | Should -HaveCount 2
            $r.Status | Should -Be @('Deidentified', 'Deidentified')
            $r[0].Path | Should -BeExactly (Join-Path $out 'in/ct1.dcm')
            $r[1].Path | Should -BeExactly (Join-Path $out 'other/ct1.dcm')
        }

        It 'reports the second of two inputs landing on one name' {
            # Two copies of one instance have the same new UIDs, so -Layout Uid gives them one name.
            $twin = Join-Path $TestDrive 'twin/ct1.dcm'
            $null = New-Item -ItemType Directory -Path (Split-Path $twin) -Force
            Copy-Item -LiteralPath $good -Destination $twin
            $out = New-Out
            $r = Invoke-DicomAnonymize -LiteralPath $good, $twin -Destination $out -KeyFile $keyFile -Layout Uid -ErrorAction SilentlyContinue -ErrorVariable err
            $r | Should -HaveCount 2
            $r[0].Status | Should -BeExactly 'Deidentified'
            $r[1].Status | Should -BeExactly 'Failed'
            $r[1].ErrorId | Should -BeExactly 'OutputNameCollision'
            $err[0].FullyQualifiedErrorId | Should -BeExactly (Get-FqId OutputNameCollision $cmd)
            $err[0].TargetObject | Should -BeExactly $twin
        }

        It 'does not overwrite without -Force' {
            $out = New-Out
            $null = New-Item -ItemType Directory -Path $out -Force
            Set-Content -LiteralPath (Join-Path $out 'ct1.dcm') -Value 'someone else''s file'
            $r = Invoke-DicomAnonymize -LiteralPath $good -Destination $out -KeyFile $keyFile -ErrorAction SilentlyContinue -ErrorVariable err
            $r.Status | Should -BeExactly 'Failed'
            $r.ErrorId | Should -BeExactly 'DestinationExists'
            $err[0].FullyQualifiedErrorId | Should -BeExactly (Get-FqId DestinationExists $cmd)
            Get-Content -LiteralPath (Join-Path $out 'ct1.dcm') | Should -BeExactly 'someone else''s file'
            (Invoke-DicomAnonymize -LiteralPath $good -Destination $out -KeyFile $keyFile -Force).Status | Should -BeExactly 'Deidentified'
            (Get-DicomTag -LiteralPath (Join-Path $out 'ct1.dcm') -Tag PatientIdentityRemoved).Value | Should -BeExactly 'YES'
        }

        It 'never copies an unreadable file and keeps PHI out of the error' {
            $bad = Join-Path $TestDrive 'bad/broken.dcm'
            $null = New-Item -ItemType Directory -Path (Split-Path $bad) -Force
            $bytes = [System.IO.File]::ReadAllBytes($good)
            $text = [System.Text.Encoding]::ASCII.GetString($bytes)
            $at = $text.IndexOf('DOE^JANE')
            [System.IO.File]::WriteAllBytes($bad, [byte[]] ($bytes[0..($at - 3)] + [byte[]] (0xFF, 0x7F) + $bytes[$at..($at + 7)]))
            $out = New-Out
            $r = Invoke-DicomAnonymize -LiteralPath $bad -Destination $out -KeyFile $keyFile -ErrorAction SilentlyContinue -ErrorVariable err
            $r.Status | Should -BeExactly 'Failed'
            $r.ErrorId | Should -BeExactly 'DicomParseFailed'
            $r.Path | Should -BeNullOrEmpty
            ($r | Out-String) | Should -Not -Match 'DOE|PID001'
            $err[0].FullyQualifiedErrorId | Should -BeExactly (Get-FqId DicomParseFailed $cmd)
            ($err | Out-String) | Should -Not -Match 'DOE|PID001'
            @(Get-ChildItem -LiteralPath $out -Recurse -File -Force -ErrorAction SilentlyContinue) | Should -HaveCount 0
        }

        It 'skips and reports a DICOMDIR' {
            $dir = Join-Path $TestDrive 'media'
            $null = New-Item -ItemType Directory -Path $dir -Force
            Copy-Item -LiteralPath $good -Destination (Join-Path $dir 'DICOMDIR')
            $out = New-Out
            $r = Invoke-DicomAnonymize -Path $dir -Destination $out -KeyFile $keyFile -WarningVariable w -WarningAction SilentlyContinue
            $r.Status | Should -BeExactly 'Skipped'
            $r.Path | Should -BeNullOrEmpty
            ($w -join ' ') | Should -Match 'DICOMDIR'
            Test-Path -LiteralPath (Join-Path $out 'DICOMDIR') | Should -BeFalse
        }

        It 'keeps the default option when -CleanPixelData is added, and records both' {
            $plain = Invoke-DicomAnonymize -LiteralPath $good -Destination (New-Out) -KeyFile $keyFile
            $clean = Invoke-DicomAnonymize -LiteralPath $good -Destination (New-Out) -KeyFile $keyFile -CleanPixelData -WarningAction SilentlyContinue
            $clean.Options | Should -Match 'RetainLongitudinalTemporalInformationModifiedDates'
            $clean.Options | Should -Match 'CleanPixelData'
            (Get-DicomTag -LiteralPath $clean.Path -Tag StudyDate).Value | Should -BeExactly (Get-DicomTag -LiteralPath $plain.Path -Tag StudyDate).Value
        }

        It 'applies -Keep, -Remove and -Replace' {
            $r = Invoke-DicomAnonymize -LiteralPath $good -Destination (New-Out) -KeyFile $keyFile -Keep StudyDescription -Remove Modality -Replace @{ InstitutionName = 'RESEARCH SITE 1' }
            $o = Get-DicomTag -LiteralPath $r.Path -Tag StudyDescription, Modality, InstitutionName -PerFile
            $o.StudyDescription | Should -BeExactly 'CHEST'
            $o.Modality | Should -BeNullOrEmpty
            $o.InstitutionName | Should -BeExactly 'RESEARCH SITE 1'
        }

        It 'applies a rules file' {
            $rules = Join-Path $TestDrive 'rules.psd1'
            Set-Content -LiteralPath $rules -Value "@{ Replace = @{ InstitutionName = 'SITE 9' } }"
            $r = Invoke-DicomAnonymize -LiteralPath $good -Destination (New-Out) -KeyFile $keyFile -Rules $rules
            (Get-DicomTag -LiteralPath $r.Path -Tag InstitutionName).Value | Should -BeExactly 'SITE 9'
        }

        It 'applies a rules file in the engine''s JSON form' {
            $rules = Join-Path $TestDrive 'rules.json'
            Set-Content -LiteralPath $rules -Value '[ { "tag": "StudyDescription", "action": "keep" }, { "tag": "(0008,0080)", "action": "replace", "value": "SITE 7" } ]'
            $r = Invoke-DicomAnonymize -LiteralPath $good -Destination (New-Out) -KeyFile $keyFile -Rules $rules
            $o = Get-DicomTag -LiteralPath $r.Path -Tag StudyDescription, InstitutionName -PerFile
            $o.StudyDescription | Should -BeExactly 'CHEST'
            $o.InstitutionName | Should -BeExactly 'SITE 7'
        }

        It 'stops with InvalidRules for a malformed JSON rule list' {
            $rules = Join-Path $TestDrive 'bad-rules.json'
            Set-Content -LiteralPath $rules -Value '[ { "tag": "StudyDescription", "action": "explode" } ]'
            { Invoke-DicomAnonymize -LiteralPath $good -Destination (New-Out) -KeyFile $keyFile -Rules $rules } | Should -Throw -ErrorId (Get-FqId InvalidRules $cmd)
        }

        It 'uses the subject map and writes an owner-only crosswalk' {
            $map = Join-Path $TestDrive 'subjects.csv'
            Set-Content -LiteralPath $map -Value "OriginalPatientId,PseudonymPatientId`nPID001,SUBJ-01"
            $xwalk = Join-Path $TestDrive 'xwalk/crosswalk.csv'
            $r = Invoke-DicomAnonymize -LiteralPath $good, $other -Destination (New-Out) -Layout Uid -KeyFile $keyFile -SubjectMap $map -Crosswalk $xwalk
            ($r | Where-Object SourcePath -EQ $good).PseudonymPatientId | Should -BeExactly 'SUBJ-01'
            (Get-DicomTag -LiteralPath ($r | Where-Object SourcePath -EQ $good).Path -Tag PatientID).Value | Should -BeExactly 'SUBJ-01'
            $rows = Import-Csv -LiteralPath $xwalk
            ($rows | Where-Object OriginalPatientId -EQ 'PID001').PseudonymPatientId | Should -BeExactly 'SUBJ-01'
            ($rows | Where-Object OriginalPatientId -EQ 'PID002').PseudonymPatientId | Should -BeExactly ($r | Where-Object SourcePath -EQ $other).PseudonymPatientId
            if ([System.Environment]::OSVersion.Platform -ne [System.PlatformID]::Win32NT) { [int] (Get-Item -LiteralPath $xwalk).UnixFileMode | Should -Be 384 }
        }

        It 'overwrites the input only with -InPlace' {
            $copy = Join-Path $TestDrive 'inplace/ct.dcm'
            $null = New-Item -ItemType Directory -Path (Split-Path $copy) -Force
            Copy-Item -LiteralPath $good -Destination $copy
            $r = Invoke-DicomAnonymize -LiteralPath $copy -InPlace -KeyFile $keyFile -Confirm:$false
            $r.Path | Should -BeExactly $copy
            (Get-DicomTag -LiteralPath $copy -Tag PatientID).Value | Should -Not -Be 'PID001'
        }

        It 'leaves no temporary files behind' {
            $out = New-Out
            $null = Invoke-DicomAnonymize -LiteralPath $good, $other, $notes -Destination $out -KeyFile $keyFile -ErrorAction SilentlyContinue
            Get-ChildItem -LiteralPath $out -Recurse -Force -Filter '*.tmp' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'produces results that Export-Csv as an audit log without original identifiers' {
            $csv = Join-Path $TestDrive 'audit.csv'
            Invoke-DicomAnonymize -Path $in -Recurse -Destination (New-Out) -KeyFile $keyFile | Export-Csv -LiteralPath $csv -NoTypeInformation
            $text = Get-Content -LiteralPath $csv -Raw
            (Import-Csv -LiteralPath $csv).Count | Should -Be 2
            $text | Should -Not -Match 'DOE|PID001|19650412'
        }

        It 'chains into Get-DicomTag through Path' {
            $r = Invoke-DicomAnonymize -LiteralPath $good -Destination (New-Out) -KeyFile $keyFile
            ($r | Get-DicomTag -Tag PatientID).Value | Should -BeExactly $r.PseudonymPatientId
        }
    }
}

Describe 'New-DicomAnonymizationKey' {
    It 'writes a key file readable only by its owner' {
        $k = Join-Path $TestDrive 'keys/new.key'
        $f = New-DicomAnonymizationKey -Path $k
        $f.FullName | Should -BeExactly $k
        if ([System.Environment]::OSVersion.Platform -ne [System.PlatformID]::Win32NT) { [int] (Get-Item -LiteralPath $k).UnixFileMode | Should -Be 384 -Because 'chmod 600' }
        $line = Get-Content -LiteralPath $k | Where-Object { $_ -and $_ -notmatch '^#' } | Select-Object -First 1
        [Convert]::FromBase64String($line).Length | Should -Be 32
    }

    It 'does not replace a key without -Force' {
        $k = Join-Path $TestDrive 'keys/twice.key'
        $null = New-DicomAnonymizationKey -Path $k
        $before = Get-Content -LiteralPath $k -Raw
        New-DicomAnonymizationKey -Path $k -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'DestinationExists,DicomAnon.Commands.NewDicomAnonymizationKeyCommand'
        Get-Content -LiteralPath $k -Raw | Should -BeExactly $before
        $null = New-DicomAnonymizationKey -Path $k -Force
        Get-Content -LiteralPath $k -Raw | Should -Not -Be $before
    }

    It 'writes nothing with -WhatIf' {
        $k = Join-Path $TestDrive 'keys/whatif.key'
        New-DicomAnonymizationKey -Path $k -WhatIf
        Test-Path -LiteralPath $k | Should -BeFalse
    }
}

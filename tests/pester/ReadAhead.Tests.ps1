# Issue 13: the next files are read ahead on a worker (Invoke-DicomAnonymize at -ThrottleLimit 1, Get-DicomTag);
# nothing a user sees may change: bytes, names, results, their order, errors, and Ctrl+C leaves no partial file.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $keyFile = Join-Path $TestDrive 'project.key'
    $null = New-DicomAnonymizationKey -Path $keyFile

    # Two folders of 12 files; in the middle of the first a truncated DICOM file, a text file and an empty file.
    $tree = Join-Path $TestDrive 'tree'
    foreach ($folder in 'a', 'b') {
        $study = New-SampleDicomUid
        foreach ($i in 1..12) {
            $null = New-TestDicomFile -Path (Join-Path $tree ('{0}/IM{1:D2}.dcm' -f $folder, $i)) -With @{ PatientID = "PID-$folder"; PatientName = "DOE^$folder"; StudyInstanceUID = $study }
        }
    }

    $truncated = Join-Path $tree 'a/IM05.dcm'
    $bytes = [IO.File]::ReadAllBytes($truncated)
    [IO.File]::WriteAllBytes($truncated, $bytes[0..599])
    Set-Content -LiteralPath (Join-Path $tree 'a/IM06.dcm') -Value 'not dicom'
    [IO.File]::WriteAllBytes((Join-Path $tree 'a/IM07.dcm'), [byte[]]@())

    function Get-TreeHash([string] $Root) {
        @(Get-ChildItem -LiteralPath $Root -Recurse -File -Force |
            Where-Object { $_.FullName -notmatch '[\\/]\.dicomanon-state[\\/]' } |
            ForEach-Object { $_.FullName.Substring($Root.Length) + ' ' + (Get-FileHash -LiteralPath $_.FullName).Hash } | Sort-Object)
    }

    function Get-ResultLines($Results, [string] $Root) {
        # Everything a result says, its output path relative to the destination, in output order.
        foreach ($r in $Results) {
            $out = if ($r.Path) { $r.Path.Substring($Root.Length) } else { '' }
            '{0}|{1}|{2}|{3}|{4}|{5}|{6}' -f $r.SourcePath, $r.Status, $out, $r.ErrorId, $r.Reason, $r.PseudonymPatientId, $r.Removed
        }
    }
}

Describe 'Invoke-DicomAnonymize read-ahead' {
    It 'writes the same bytes and names, and reports the same results and errors in the same order, as without it' {
        # -ThrottleLimit 1 reads ahead; -ThrottleLimit 2 does not (each worker reads its own file).
        $out1 = Join-Path $TestDrive 'out-ahead'
        $out2 = Join-Path $TestDrive 'out-workers'
        $ahead = @(Invoke-DicomAnonymize -Path $tree -Recurse -Destination $out1 -KeyFile $keyFile -ThrottleLimit 1 -ErrorAction SilentlyContinue -ErrorVariable e1 -WarningAction SilentlyContinue)
        $workers = @(Invoke-DicomAnonymize -Path $tree -Recurse -Destination $out2 -KeyFile $keyFile -ThrottleLimit 2 -ErrorAction SilentlyContinue -ErrorVariable e2 -WarningAction SilentlyContinue)

        # In input order (the walk's: folders in name order, files in name order), as -ThrottleLimit 1 always was;
        # the same results as the workers give (which report skipped files as soon as they are met, so compared unordered).
        $ahead.Count | Should -Be 24
        @($ahead | ForEach-Object SourcePath) | Should -Be @(Get-ChildItem -LiteralPath $tree -Recurse -File | Sort-Object FullName | ForEach-Object FullName)
        Get-ResultLines $ahead $out1 | Sort-Object | Should -Be (Get-ResultLines $workers $out2 | Sort-Object)
        Get-TreeHash $out1 | Should -Be (Get-TreeHash $out2)
        @($e1 | ForEach-Object { "$($_.FullyQualifiedErrorId) $($_.TargetObject)" }) | Should -Be @($e2 | ForEach-Object { "$($_.FullyQualifiedErrorId) $($_.TargetObject)" })

        # The failing file in the middle is reported with its id, and the files after it are written.
        $bad = $ahead | Where-Object SourcePath -EQ $truncated
        $bad.Status | Should -BeExactly 'Failed'
        $bad.ErrorId | Should -BeExactly 'DicomParseFailed'
        @($ahead | Where-Object Status -EQ 'Deidentified').Count | Should -Be 21
        $ahead[-1].Status | Should -BeExactly 'Deidentified'
        Get-ChildItem -LiteralPath $out1 -Recurse -Force -Filter '*.tmp' | Should -BeNullOrEmpty
        Test-Path -LiteralPath (Join-Path $out1 'a/IM05.dcm') | Should -BeFalse
    }

    It 'leaves only complete files and no temporary file when stopped (Ctrl+C) part-way' {
        $src = Join-Path $TestDrive 'many'
        $dst = Join-Path $TestDrive 'many-out'
        $one = New-TestDicomFile -Path (Join-Path $src 'IM0000.dcm') -With @{ Rows = 512; Columns = 512 }
        foreach ($i in 1..149) { Copy-Item -LiteralPath $one -Destination (Join-Path $src ('IM{0:D4}.dcm' -f $i)) }
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$ModulePath'; Invoke-DicomAnonymize -Path '$src' -Destination '$dst' -KeyFile '$keyFile' -ThrottleLimit 1")
        $handle = $ps.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (@(Get-ChildItem -LiteralPath $dst -Filter *.dcm -ErrorAction SilentlyContinue).Count -lt 3 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 5 }
        $ps.Stop()
        $ps.Dispose()
        $null = $handle
        Get-ChildItem -LiteralPath $dst -Recurse -Force -Filter '*.tmp' | Should -BeNullOrEmpty
        $written = @(Get-ChildItem -LiteralPath $dst -Filter *.dcm)
        $written.Count | Should -BeGreaterThan 0
        foreach ($f in $written) { Test-DicomFile -LiteralPath $f.FullName | Should -BeTrue }
    }
}

Describe 'Get-DicomTag read-ahead' {
    It 'gives the same rows in the same order as reading one file per call, and the broken file an error' {
        $files = @(Get-ChildItem -LiteralPath $tree -Recurse -File | Sort-Object FullName)
        $together = @(Get-DicomTag -Path $tree -Recurse -PerFile -Tag PatientID, SOPInstanceUID -ErrorAction SilentlyContinue -ErrorVariable e1 -WarningAction SilentlyContinue)
        $oneByOne = @(foreach ($f in $files) { Get-DicomTag -LiteralPath $f.FullName -PerFile -Tag PatientID, SOPInstanceUID -ErrorAction SilentlyContinue -WarningAction SilentlyContinue })
        $together.Count | Should -Be 21
        @($together | ForEach-Object { "$($_.Path)|$($_.PatientID)|$($_.SOPInstanceUID)" }) |
            Should -Be @($oneByOne | ForEach-Object { "$($_.Path)|$($_.PatientID)|$($_.SOPInstanceUID)" })
        @($e1 | Where-Object { $_.TargetObject -eq $truncated }).Count | Should -Be 1
    }

    It 'keeps the union of columns when files differ, and shares the row object when they do not' {
        $rows = @(Get-DicomTag -Path (Join-Path $tree 'b') -PerFile)
        $rows.Count | Should -Be 12
        $names = @($rows[0].PSObject.Properties.Name)
        foreach ($r in $rows) { @($r.PSObject.Properties.Name) | Should -Be $names }
        $rows[0].PatientID | Should -BeExactly 'PID-b'
    }
}

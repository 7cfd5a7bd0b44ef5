# Issue 13: at -ThrottleLimit 1, Invoke-DicomAnonymize writes each output (header, then the kernel copy of the untouched
# tail) on a worker while it de-identifies the next file. Nothing a user sees may change: bytes, names, results, errors,
# warnings and their order; a failure stays with its file; Ctrl+C leaves no temporary file and a rerun finishes the job.
# With -Verbose (or $VerbosePreference) the files are written one after the other, so that run is the reference.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $keyFile = Join-Path $TestDrive 'project.key'
    $null = New-DicomAnonymizationKey -Path $keyFile

    # Two folders of 10 files; in the first a truncated file, a text file, an empty file and a DICOMDIR among them.
    $tree = Join-Path $TestDrive 'tree'
    foreach ($folder in 'a', 'b') {
        $study = New-SampleDicomUid
        foreach ($i in 1..10) {
            $null = New-TestDicomFile -Path (Join-Path $tree ('{0}/IM{1:D2}.dcm' -f $folder, $i)) -With @{ PatientID = "PID-$folder"; PatientName = "DOE^$folder"; StudyInstanceUID = $study; Rows = 64; Columns = 64 }
        }
    }

    $truncated = Join-Path $tree 'a/IM04.dcm'
    $bytes = [IO.File]::ReadAllBytes($truncated)
    [IO.File]::WriteAllBytes($truncated, $bytes[0..599])
    Set-Content -LiteralPath (Join-Path $tree 'a/IM05.dcm') -Value 'not dicom'
    [IO.File]::WriteAllBytes((Join-Path $tree 'a/IM06.dcm'), [byte[]]@())
    Copy-Item -LiteralPath (Join-Path $tree 'b/IM01.dcm') -Destination (Join-Path $tree 'a/DICOMDIR')

    function Get-TreeHash([string] $Root) {
        @(Get-ChildItem -LiteralPath $Root -Recurse -File -Force |
            Where-Object { $_.FullName -notmatch '[\\/]\.dicomanon-state[\\/]' } |
            ForEach-Object { $_.FullName.Substring($Root.Length) + ' ' + (Get-FileHash -LiteralPath $_.FullName).Hash } | Sort-Object)
    }

    # Results and errors in the one order they came out (2>&1), each as text without the destination folder.
    function Get-StreamLines($Items, [string] $Root) {
        foreach ($item in $Items) {
            if ($item -is [Management.Automation.ErrorRecord]) {
                'error|{0}|{1}' -f $item.FullyQualifiedErrorId, "$($item.TargetObject)".Replace($Root, '<out>')
            }
            else {
                $out = if ($item.Path) { $item.Path.Substring($Root.Length) } else { '' }
                'result|{0}|{1}|{2}|{3}|{4}|{5}|{6}|{7}' -f $item.SourcePath, $item.Status, $out, $item.ErrorId, $item.Reason,
                    $item.PseudonymPatientId, $item.Removed, "$($item.Warnings)".Replace($Root, '<out>')
            }
        }
    }
}

Describe 'Invoke-DicomAnonymize write-behind' {
    It 'writes the same bytes and names, and reports results, errors and warnings in the same order, as writing one file after the other' {
        $outBehind = Join-Path $TestDrive 'out-behind'
        $outInline = Join-Path $TestDrive 'out-inline'
        # A file already at one target in the middle of each run: refused there (DestinationExists), the rest written.
        foreach ($o in $outBehind, $outInline) {
            $null = New-Item -ItemType Directory -Path (Join-Path $o 'b')
            Set-Content -LiteralPath (Join-Path $o 'b/IM03.dcm') -Value 'someone else''s file'
        }

        $behind = @(Invoke-DicomAnonymize -Path $tree -Recurse -Destination $outBehind -KeyFile $keyFile -ErrorAction Continue -WarningAction SilentlyContinue -WarningVariable w1 2>&1)
        $inline = @(Invoke-DicomAnonymize -Path $tree -Recurse -Destination $outInline -KeyFile $keyFile -ErrorAction Continue -WarningAction SilentlyContinue -WarningVariable w2 -Verbose 2>&1 4>$null)

        Get-StreamLines $behind $outBehind | Should -Be @(Get-StreamLines $inline $outInline)
        @($w1 | ForEach-Object { "$_".Replace($outBehind, '<out>') }) | Should -Be @($w2 | ForEach-Object { "$_".Replace($outInline, '<out>') })
        Get-TreeHash $outBehind | Should -Be (Get-TreeHash $outInline)

        # Every input once, in the walk's order; the failures reported for their files alone.
        $results = @($behind | Where-Object { $_ -isnot [Management.Automation.ErrorRecord] })
        @($results | ForEach-Object SourcePath) | Should -Be @(Get-ChildItem -LiteralPath $tree -Recurse -File | Sort-Object FullName | ForEach-Object FullName)
        ($results | Where-Object SourcePath -EQ $truncated).ErrorId | Should -BeExactly 'DicomParseFailed'
        ($results | Where-Object SourcePath -EQ (Join-Path $tree 'b/IM03.dcm')).ErrorId | Should -BeExactly 'DestinationExists'
        Get-Content -LiteralPath (Join-Path $outBehind 'b/IM03.dcm') | Should -BeExactly 'someone else''s file'
        @($results | Where-Object Status -EQ 'Deidentified').Count | Should -Be 16
        $results[-1].Status | Should -BeExactly 'Deidentified'
        Get-ChildItem -LiteralPath $outBehind -Recurse -Force -Filter '*.tmp' | Should -BeNullOrEmpty
    }

    It 'writes two files at once where the tails are copied by the kernel, with the same bytes, names and results in the same order' {
        # 64 KB of pixel data per file (over the 16 KB kernel-copy threshold), so the two write-behind workers overlap.
        $big = Join-Path $TestDrive 'big'
        foreach ($folder in 'x', 'y') {
            $study = New-SampleDicomUid
            foreach ($i in 1..15) {
                $null = New-TestDicomFile -Path (Join-Path $big ('{0}/IM{1:D2}.dcm' -f $folder, $i)) -With @{ PatientID = "PID-$folder"; PatientName = "ROE^$folder"; StudyInstanceUID = $study; Rows = 256; Columns = 256 }
            }
        }

        $outBehind = Join-Path $TestDrive 'big-behind'
        $outInline = Join-Path $TestDrive 'big-inline'
        foreach ($o in $outBehind, $outInline) {
            $null = New-Item -ItemType Directory -Path (Join-Path $o 'x')
            Set-Content -LiteralPath (Join-Path $o 'x/IM08.dcm') -Value 'someone else''s file'
        }

        $behind = @(Invoke-DicomAnonymize -Path $big -Recurse -Destination $outBehind -KeyFile $keyFile -ThrottleLimit 1 -ErrorAction Continue 2>&1)
        $inline = @(Invoke-DicomAnonymize -Path $big -Recurse -Destination $outInline -KeyFile $keyFile -ThrottleLimit 1 -ErrorAction Continue -Verbose 2>&1 4>$null)

        Get-StreamLines $behind $outBehind | Should -Be @(Get-StreamLines $inline $outInline)
        Get-TreeHash $outBehind | Should -Be (Get-TreeHash $outInline)
        $results = @($behind | Where-Object { $_ -isnot [Management.Automation.ErrorRecord] })
        @($results | ForEach-Object SourcePath) | Should -Be @(Get-ChildItem -LiteralPath $big -Recurse -File | Sort-Object FullName | ForEach-Object FullName)
        @($results | Where-Object Status -EQ 'Deidentified').Count | Should -Be 29
        ($results | Where-Object SourcePath -EQ (Join-Path $big 'x/IM08.dcm')).ErrorId | Should -BeExactly 'DestinationExists'
        foreach ($f in Get-ChildItem -LiteralPath $outBehind -Recurse -File | Where-Object Name -NE 'IM08.dcm') {
            $f.Length | Should -BeGreaterThan (256 * 256)
            Test-DicomFile -LiteralPath $f.FullName | Should -BeTrue
        }

        Get-ChildItem -LiteralPath $outBehind -Recurse -Force -Filter '*.tmp' | Should -BeNullOrEmpty
    }

    It 'gives the same results from Get-ChildItem piped in as from -Path' {
        $outPiped = Join-Path $TestDrive 'out-piped'
        $outPath = Join-Path $TestDrive 'out-path'
        $piped = @(Get-ChildItem -LiteralPath (Join-Path $tree 'b') -File | Invoke-DicomAnonymize -Destination $outPiped -KeyFile $keyFile)
        $byPath = @(Invoke-DicomAnonymize -Path (Join-Path $tree 'b') -Destination $outPath -KeyFile $keyFile -Verbose 4>$null)
        Get-StreamLines $piped $outPiped | Should -Be @(Get-StreamLines $byPath $outPath)
        Get-TreeHash $outPiped | Should -Be (Get-TreeHash $outPath)
    }

    It 'writes nothing under -WhatIf' {
        $out = Join-Path $TestDrive 'out-whatif'
        $results = @(Invoke-DicomAnonymize -Path $tree -Recurse -Destination $out -KeyFile $keyFile -WhatIf -WarningAction SilentlyContinue 6>$null)
        @($results | Where-Object Status -NE 'Skipped') | Should -BeNullOrEmpty
        Test-Path -LiteralPath $out | Should -BeFalse
    }

    It 'leaves no temporary file when stopped (Ctrl+C), and a rerun finishes exactly what one run writes' {
        $src = Join-Path $TestDrive 'many'
        $dst = Join-Path $TestDrive 'many-out'
        $ref = Join-Path $TestDrive 'many-ref'
        $one = New-TestDicomFile -Path (Join-Path $src 'IM0000.dcm') -With @{ Rows = 512; Columns = 512 }
        foreach ($i in 1..199) { Copy-Item -LiteralPath $one -Destination (Join-Path $src ('IM{0:D4}.dcm' -f $i)) }

        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$ModulePath'; Invoke-DicomAnonymize -Path '$src' -Destination '$dst' -KeyFile '$keyFile' -ThrottleLimit 1")
        $handle = $ps.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (@(Get-ChildItem -LiteralPath $dst -Filter *.dcm -ErrorAction SilentlyContinue).Count -lt 5 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 2 }
        $ps.Stop()
        $ps.Dispose()
        $null = $handle

        Get-ChildItem -LiteralPath $dst -Recurse -Force -Filter '*.tmp' | Should -BeNullOrEmpty
        $written = @(Get-ChildItem -LiteralPath $dst -Filter *.dcm)
        $written.Count | Should -BeGreaterThan 0
        $written.Count | Should -BeLessThan 200 -Because 'the run was stopped part-way'
        foreach ($f in $written) { Test-DicomFile -LiteralPath $f.FullName | Should -BeTrue }

        $rerun = @(Invoke-DicomAnonymize -Path $src -Destination $dst -KeyFile $keyFile)
        $rerun.Count | Should -Be 200
        @($rerun | Where-Object { $_.Status -eq 'Failed' }) | Should -BeNullOrEmpty
        @($rerun | Where-Object { $_.Reason -in 'AlreadyDone', 'IdenticalOutputExists' }).Count | Should -Be $written.Count
        $null = Invoke-DicomAnonymize -Path $src -Destination $ref -KeyFile $keyFile
        Get-TreeHash $dst | Should -Be (Get-TreeHash $ref)
    }
}

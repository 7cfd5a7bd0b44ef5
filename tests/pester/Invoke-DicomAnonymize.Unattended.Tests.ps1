# Issue 7: every file accounted for in unattended runs: input modes, one result per input, safety, concurrency,
# resume after kill -9, partitions, the run log and the rules loader.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $cmd = 'Invoke-DicomAnonymize'
    $keyFile = Join-Path $TestDrive 'project.key'
    $null = New-DicomAnonymizationKey -Path $keyFile
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    $onUnix = [System.Environment]::OSVersion.Platform -ne [System.PlatformID]::Win32NT

    # A tree whose folders reuse file names: 4 studies x 3 files named IM1..IM3, plus a note that is not DICOM.
    $tree = Join-Path $TestDrive 'tree'
    foreach ($s in 1..4) {
        $study = New-SampleDicomUid
        foreach ($i in 1..3) {
            $null = New-TestDicomFile -Path (Join-Path $tree "p$s/IM$i.dcm") -With @{ PatientID = "PID00$s"; PatientName = "DOE^SUBJECT$s"; StudyInstanceUID = $study }
        }
    }
    Set-Content -LiteralPath (Join-Path $tree 'p1/notes.txt') -Value 'not dicom'
    $dicomFiles = @(Get-ChildItem -LiteralPath $tree -Recurse -File -Filter *.dcm | Sort-Object FullName)
    $n = 0
    function New-Out { $script:n++; Join-Path $TestDrive "out$script:n" }

    function Get-TreeHash([string] $Root) {
        # Relative path and SHA-256 of every file (our resume records aside), sorted.
        @(Get-ChildItem -LiteralPath $Root -Recurse -File -Force |
            Where-Object { $_.FullName -notmatch '[\\/]\.dicomanon-state[\\/]' } |
            ForEach-Object { $_.FullName.Substring($Root.Length) + ' ' + (Get-FileHash -LiteralPath $_.FullName).Hash } | Sort-Object)
    }

    function Start-Child([string] $Command) {
        # A fresh pwsh with the built module loaded; returns the process (output discarded).
        $text = "Import-Module '$ModulePath'; " + $Command
        $enc = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($text))
        $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($a in $pwshDll, '-NoProfile', '-NonInteractive', '-EncodedCommand', $enc) { $psi.ArgumentList.Add($a) }
        # Its own module analysis cache: many pwsh processes sharing ~/.cache/powershell can trip over each other.
        $psi.Environment['PSModuleAnalysisCachePath'] = Join-Path $TestDrive 'module-analysis-cache'
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $p = [System.Diagnostics.Process]::Start($psi)
        $null = $p.StandardOutput.ReadToEndAsync()
        $null = $p.StandardError.ReadToEndAsync()
        $p
    }

    function Assert-OneResultPerInput($Results, [string[]] $Inputs) {
        @($Results) | Should -HaveCount $Inputs.Count
        @($Results.SourcePath | Sort-Object -Unique) | Should -HaveCount $Inputs.Count
        $written = @($Results | Where-Object Status -EQ 'Deidentified')
        @($written.Path | Sort-Object -Unique) | Should -HaveCount $written.Count -Because 'two inputs never share an output name'
        foreach ($r in $written) { Test-Path -LiteralPath $r.Path | Should -BeTrue }
    }
}

Describe 'Invoke-DicomAnonymize: one result per input, whatever the input mode' {
    It 'a folder with -Recurse' {
        $r = Invoke-DicomAnonymize -Path $tree -Recurse -Destination (New-Out) -KeyFile $keyFile
        Assert-OneResultPerInput $r ($dicomFiles.FullName + (Join-Path $tree 'p1/notes.txt'))
        @($r | Where-Object Status -EQ 'Deidentified') | Should -HaveCount 12
        ($r | Where-Object Status -EQ 'Skipped').Reason | Should -BeExactly 'NotDicomFile'
    }

    It 'wildcards over folders that reuse names' {
        $out = New-Out
        $r = Invoke-DicomAnonymize -Path (Join-Path $tree '*/*.dcm') -Destination $out -KeyFile $keyFile
        Assert-OneResultPerInput $r $dicomFiles.FullName
        @($r | Where-Object Status -EQ 'Deidentified') | Should -HaveCount 12
        Test-Path -LiteralPath (Join-Path $out 'p3/IM2.dcm') | Should -BeTrue
    }

    It 'Get-ChildItem -Recurse piped in' {
        $r = Get-ChildItem -LiteralPath $tree -Recurse -File | Invoke-DicomAnonymize -Destination (New-Out) -KeyFile $keyFile -ErrorAction SilentlyContinue -ErrorVariable err
        Assert-OneResultPerInput $r ($dicomFiles.FullName + (Join-Path $tree 'p1/notes.txt'))
        @($r | Where-Object Status -EQ 'Deidentified') | Should -HaveCount 12
        ($r | Where-Object Status -EQ 'Failed').ErrorId | Should -BeExactly 'NotDicomFile'
    }

    It 'an Import-Csv worklist with a <Column> column, a missing file included' -ForEach @(@{ Column = 'FullName' }, @{ Column = 'Path' }) {
        $csv = Join-Path $TestDrive "worklist-$Column.csv"
        $missing = Join-Path $tree 'p9/IM1.dcm'
        @($dicomFiles.FullName) + $missing | ForEach-Object { [pscustomobject]@{ $Column = $_ } } | Export-Csv -LiteralPath $csv -NoTypeInformation
        $r = Import-Csv -LiteralPath $csv | Invoke-DicomAnonymize -Destination (New-Out) -KeyFile $keyFile -ErrorAction SilentlyContinue
        Assert-OneResultPerInput $r ($dicomFiles.FullName + $missing)
        ($r | Where-Object SourcePath -EQ $missing).ErrorId | Should -BeExactly 'PathNotFound'
    }

    It 'results of another DicomAnon cmdlet, with -RelativeTo' {
        $out = New-Out
        $r = Get-DicomTag -Path (Join-Path $tree '*/IM1.dcm') -Tag Modality -PerFile | Invoke-DicomAnonymize -Destination $out -RelativeTo $TestDrive -KeyFile $keyFile
        @($r) | Should -HaveCount 4
        $r.Path | Should -Be @(1..4 | ForEach-Object { Join-Path $out "tree/p$_/IM1.dcm" })
    }

    It 'a file given twice gives one result' {
        $f = $dicomFiles[0].FullName
        @(Invoke-DicomAnonymize -LiteralPath $f, $f -Destination (New-Out) -KeyFile $keyFile) | Should -HaveCount 1
    }

    It 'fails a file outside -RelativeTo with OutsideRelativeTo and goes on' {
        $r = Invoke-DicomAnonymize -LiteralPath $dicomFiles[0].FullName, $dicomFiles[3].FullName -RelativeTo (Join-Path $tree 'p1') -Destination (New-Out) -KeyFile $keyFile -ErrorAction SilentlyContinue
        $r[0].Status | Should -BeExactly 'Deidentified'
        $r[1].ErrorId | Should -BeExactly 'OutsideRelativeTo'
    }

    It '-WhatIf prints the output path of every file and writes nothing' {
        $out = Join-Path $TestDrive 'whatif-out'
        $text = & dotnet $pwshDll -NoProfile -NonInteractive -Command "Import-Module '$ModulePath'; Get-ChildItem -LiteralPath '$tree' -Recurse -Filter *.dcm | Invoke-DicomAnonymize -Destination '$out' -KeyFile '$keyFile' -WhatIf" | Out-String
        foreach ($s in 1..4) { foreach ($i in 1..3) { $text | Should -Match ([regex]::Escape((Join-Path $out "p$s/IM$i.dcm"))) } }
        Test-Path -LiteralPath $out | Should -BeFalse
    }

    It '-WhatIf shows the replaced name for a file whose own name holds its patient''s identifiers' {
        $named = New-TestDicomFile -Path (Join-Path $TestDrive 'phi/DOE_JANE.dcm') -With @{ PatientName = 'DOE^JANE' }
        $out = Join-Path $TestDrive 'whatif-phi'
        $text = & dotnet $pwshDll -NoProfile -NonInteractive -Command "Import-Module '$ModulePath'; Invoke-DicomAnonymize -LiteralPath '$named' -Destination '$out' -KeyFile '$keyFile' -WhatIf" | Out-String
        # The path scrubber's keyed token for the component, extension kept.
        $text | Should -Match ([regex]::Escape($out + [IO.Path]::DirectorySeparatorChar) + 'X[A-Z2-7]{16}\.dcm')
        ($text -split ' -> ')[1] | Should -Not -Match 'DOE|JANE'
        Test-Path -LiteralPath $out | Should -BeFalse
    }

    It 'exports the whole audit, failures included, without values' {
        $csv = Join-Path $TestDrive 'audit.csv'
        Get-ChildItem -LiteralPath $tree -Recurse -File | Invoke-DicomAnonymize -Destination (New-Out) -KeyFile $keyFile -ErrorAction SilentlyContinue |
            Export-Csv -LiteralPath $csv -NoTypeInformation
        $rows = Import-Csv -LiteralPath $csv
        $rows | Should -HaveCount 13
        ($rows | Group-Object Status | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ' ' | Should -BeExactly 'Deidentified=12 Failed=1'
        (Get-Content -LiteralPath $csv -Raw) | Should -Not -Match 'DOE|PID00'
    }
}

Describe 'Invoke-DicomAnonymize: safety' {
    It 'stops when the destination is the source (<Case>)' -ForEach @(
        @{ Case = 'the same folder'; Dest = { $tree } },
        @{ Case = 'through ..'; Dest = { Join-Path $tree 'p1/../p2' } },
        @{ Case = 'the folder of a named file, even with -Force'; Dest = { Join-Path $tree 'p1' }; Named = $true }
    ) {
        $src = if ($Named) { @{ LiteralPath = Join-Path $tree 'p1/IM1.dcm'; Force = $true } } else { @{ Path = $tree; Recurse = $true } }
        $before = Get-TreeHash $tree
        { Invoke-DicomAnonymize @src -Destination (& $Dest) -KeyFile $keyFile -ErrorAction Stop } | Should -Throw -ErrorId (Get-FqId DestinationInsideSource $cmd)
        Get-TreeHash $tree | Should -Be $before
    }

    It 'stops when the destination resolves into the source through a symbolic link' -Skip:([System.Environment]::OSVersion.Platform -eq 'Win32NT') {
        $link = Join-Path $TestDrive 'link-to-tree'
        $null = New-Item -ItemType SymbolicLink -Path $link -Target (Join-Path $tree 'p2')
        $before = Get-TreeHash $tree
        { Invoke-DicomAnonymize -Path $tree -Recurse -Destination $link -KeyFile $keyFile -ErrorAction Stop } | Should -Throw -ErrorId (Get-FqId DestinationInsideSource $cmd)
        Get-TreeHash $tree | Should -Be $before
    }

    It 'Remove-DicomBurnedText stops the same way when the destination is the folder of a named file' {
        $before = Get-TreeHash $tree
        { Remove-DicomBurnedText -LiteralPath (Join-Path $tree 'p1/IM1.dcm') -Destination (Join-Path $tree 'p1') -Force -Region 0, 0, 8, 8 -ErrorAction Stop } |
            Should -Throw -ErrorId 'DestinationInsideSource,DicomAnon.Commands.RemoveDicomBurnedTextCommand'
        Get-TreeHash $tree | Should -Be $before
    }

    It 'refuses a destination on another provider' {
        { Invoke-DicomAnonymize -Path $tree -Recurse -Destination 'Env:\foo' -KeyFile $keyFile -ErrorAction Stop } | Should -Throw -ErrorId (Get-FqId NotFileSystemPath $cmd)
        Test-Path -LiteralPath (Join-Path (Get-Location) 'foo') | Should -BeFalse
    }

    It 'walks a symbolic-link loop once' -Skip:([System.Environment]::OSVersion.Platform -eq 'Win32NT') {
        $loop = Join-Path $TestDrive 'loop'
        $null = New-TestDicomFile -Path (Join-Path $loop 'a/IM1.dcm')
        $null = New-TestDicomFile -Path (Join-Path $loop 'a/b/IM2.dcm')
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $loop 'a/b/up') -Target (Join-Path $loop 'a')
        $out = New-Out
        $job = Start-ThreadJob { param($m, $l, $o, $k) Import-Module $m; Invoke-DicomAnonymize -Path $l -Recurse -Destination $o -KeyFile $k -WarningAction SilentlyContinue } -ArgumentList $ModulePath, $loop, $out, $keyFile
        $done = Wait-Job $job -Timeout 60
        $done | Should -Not -BeNullOrEmpty -Because 'a link cycle must not make the walk endless'
        $r = Receive-Job $job
        @($r) | Should -HaveCount 2
        @(Get-ChildItem -LiteralPath $out -Recurse -File) | Should -HaveCount 2
    }

    It 'skips a FIFO in a tree with a message and refuses a named one without opening it' -Skip:([System.Environment]::OSVersion.Platform -eq 'Win32NT') {
        $dir = Join-Path $TestDrive 'fifo'
        $null = New-TestDicomFile -Path (Join-Path $dir 'IM1.dcm')
        $fifo = Join-Path $dir 'pipe'
        & mkfifo $fifo
        $job = Start-ThreadJob { param($m, $d, $f, $o, $k)
            Import-Module $m
            Invoke-DicomAnonymize -Path $d -Destination "$o-walk" -KeyFile $k -WarningVariable w -WarningAction SilentlyContinue
            "warn:$w"
            Invoke-DicomAnonymize -LiteralPath $f -Destination "$o-named" -KeyFile $k -ErrorAction SilentlyContinue
        } -ArgumentList $ModulePath, $dir, $fifo, (New-Out), $keyFile
        $done = Wait-Job $job -Timeout 60
        $done | Should -Not -BeNullOrEmpty -Because 'a FIFO must never be opened'
        $out = Receive-Job $job
        $results = @($out | Where-Object { $_ -is [DicomAnon.AnonymizeResult] })
        ($results | Where-Object SourcePath -EQ (Join-Path $dir 'IM1.dcm')).Status | Should -BeExactly 'Deidentified'
        @($results | Where-Object SourcePath -EQ $fifo) | Should -HaveCount 2
        ($results | Where-Object SourcePath -EQ $fifo).Status | Should -Be @('Skipped', 'Failed')
        ($results | Where-Object SourcePath -EQ $fifo).Reason[0] | Should -BeExactly 'NotRegularFile'
        ($results | Where-Object SourcePath -EQ $fifo)[1].ErrorId | Should -BeExactly 'NotRegularFile'
        ($out | Where-Object { $_ -is [string] }) | Should -Match 'not a regular file'
    }

    It 'refuses a FIFO given as key, rules or subject map without opening it' -Skip:([System.Environment]::OSVersion.Platform -eq 'Win32NT') {
        $fifo = Join-Path $TestDrive 'settings-fifo'
        & mkfifo $fifo
        $job = Start-ThreadJob { param($m, $f, $src, $k)
            Import-Module $m
            foreach ($p in @{ KeyFile = $f }, @{ KeyFile = $k; Rules = $f }, @{ KeyFile = $k; SubjectMap = $f }) {
                try { $null = Invoke-DicomAnonymize -LiteralPath $src -Destination "$f-out" @p -ErrorAction Stop; 'no error' }
                catch { $_.FullyQualifiedErrorId }
            }
        } -ArgumentList $ModulePath, $fifo, $dicomFiles[0].FullName, $keyFile
        $done = Wait-Job $job -Timeout 60
        $done | Should -Not -BeNullOrEmpty -Because 'a FIFO must never be opened'
        $ids = @(Receive-Job $job)
        $ids[0] | Should -BeExactly (Get-FqId InvalidKey $cmd)
        $ids[1] | Should -BeExactly (Get-FqId InvalidRules $cmd)
        $ids[2] | Should -BeExactly (Get-FqId InvalidSubjectMap $cmd)
    }

    It 'asks before overwriting in place, and -Force skips the question' {
        $dir = Join-Path $TestDrive 'inplace'
        $f = New-TestDicomFile -Path (Join-Path $dir 'IM1.dcm')
        $text = & dotnet $pwshDll -NoProfile -NonInteractive -Command "Import-Module '$ModulePath'; Invoke-DicomAnonymize -LiteralPath '$f' -InPlace -KeyFile '$keyFile'" 2>&1 | Out-String
        $text | Should -Match 'overwrite|prompt|NonInteractive|interactive'
        (Get-DicomTag -LiteralPath $f -Tag PatientID).Value | Should -BeExactly 'PID0001' -Because 'nothing is overwritten unless the question is answered'
        (Invoke-DicomAnonymize -LiteralPath $f -InPlace -KeyFile $keyFile -Force).Status | Should -BeExactly 'Deidentified'
    }

    It 'never de-identifies a file twice when an -InPlace run is rerun' {
        $dir = Join-Path $TestDrive 'inplace2'
        $f = New-TestDicomFile -Path (Join-Path $dir 'IM1.dcm')
        $first = Invoke-DicomAnonymize -LiteralPath $f -InPlace -KeyFile $keyFile -Confirm:$false
        $bytes = Get-FileHash -LiteralPath $f
        $again = Invoke-DicomAnonymize -LiteralPath $f -InPlace -KeyFile $keyFile -Confirm:$false -WarningVariable w -WarningAction SilentlyContinue
        $again.Status | Should -BeExactly 'Skipped'
        $again.Reason | Should -BeExactly 'AlreadyDeidentified'
        ($w -join ' ') | Should -Match 'already de-identified'
        (Get-FileHash -LiteralPath $f).Hash | Should -BeExactly $bytes.Hash
        (Get-DicomTag -LiteralPath $f -Tag PatientID).Value | Should -BeExactly $first.PseudonymPatientId
        (Invoke-DicomAnonymize -LiteralPath $f -InPlace -KeyFile $keyFile -Confirm:$false -ReprocessDeidentified).Status | Should -BeExactly 'Deidentified'
    }
}

Describe 'Invoke-DicomAnonymize: resume and incremental runs' {
    It 'skips finished files on a rerun, redoes changed ones, takes new ones, and raises nothing' {
        $src = Join-Path $TestDrive 'resume-src'
        Copy-Item -LiteralPath $tree -Destination $src -Recurse
        $out = New-Out
        $first = Invoke-DicomAnonymize -Path $src -Recurse -Destination $out -KeyFile $keyFile
        @($first | Where-Object Status -EQ 'Deidentified') | Should -HaveCount 12
        $hash = Get-TreeHash $out

        $second = Invoke-DicomAnonymize -Path $src -Recurse -Destination $out -KeyFile $keyFile -ErrorVariable err
        $err | Should -BeNullOrEmpty
        @($second | Where-Object Reason -EQ 'AlreadyDone') | Should -HaveCount 12
        Get-TreeHash $out | Should -Be $hash

        (Get-Item -LiteralPath (Join-Path $src 'p2/IM1.dcm')).LastWriteTimeUtc = [datetime]::UtcNow.AddMinutes(-5)
        $null = New-TestDicomFile -Path (Join-Path $src 'p5/IM1.dcm')
        $third = Invoke-DicomAnonymize -Path $src -Recurse -Destination $out -KeyFile $keyFile -Force
        ($third | Where-Object Status -EQ 'Deidentified').SourcePath | Sort-Object | Should -Be @((Join-Path $src 'p2/IM1.dcm'), (Join-Path $src 'p5/IM1.dcm'))

        $otherKey = Join-Path $TestDrive 'other.key'
        $null = New-DicomAnonymizationKey -Path $otherKey
        $fourth = Invoke-DicomAnonymize -Path $src -Recurse -Destination $out -KeyFile $otherKey -ErrorAction SilentlyContinue
        @($fourth | Where-Object Reason -EQ 'AlreadyDone') | Should -HaveCount 0 -Because 'another key is other settings'
        @($fourth | Where-Object ErrorId -EQ 'DestinationExists') | Should -HaveCount 13
    }

    It 'keeps no source path and no value in the destination''s records' {
        $out = New-Out
        $null = Invoke-DicomAnonymize -Path $tree -Recurse -Destination $out -KeyFile $keyFile
        $state = Get-ChildItem -LiteralPath (Join-Path $out '.dicomanon-state') -File
        $state | Should -Not -BeNullOrEmpty
        $text = ($state | Get-Content -Raw) -join ''
        $text | Should -Not -Match ([regex]::Escape($tree))
        $text | Should -Not -Match 'DOE|PID00|tree'
        @($text -split "`n" | Where-Object { $_ }) | Should -HaveCount 12
    }

    It 'skips inputs DicomAnon already de-identified, with a warning' {
        $out = New-Out
        $null = Invoke-DicomAnonymize -Path $tree -Recurse -Destination $out -KeyFile $keyFile
        $r = Invoke-DicomAnonymize -Path $out -Recurse -Destination (New-Out) -KeyFile $keyFile -WarningVariable w -WarningAction SilentlyContinue
        @($r | Where-Object Reason -EQ 'AlreadyDeidentified') | Should -HaveCount 12
        @($w) | Should -HaveCount 12
    }

    It 'removes our stale temporary files and never takes them as inputs' {
        $src = Join-Path $TestDrive 'stale-src'
        $null = New-TestDicomFile -Path (Join-Path $src 'IM1.dcm')
        Copy-Item -LiteralPath (Join-Path $src 'IM1.dcm') -Destination (Join-Path $src '.oldhost-1-abc.dicomanon.tmp')
        $out = New-Out
        $null = New-Item -ItemType Directory -Path $out
        $stale = Join-Path $out ".$([Environment]::MachineName -replace '[^\w]', '_')-999999-0123.dicomanon.tmp"
        Set-Content -LiteralPath $stale -Value 'left by a killed run'
        $r = Invoke-DicomAnonymize -Path $src -Destination $out -KeyFile $keyFile
        @($r) | Should -HaveCount 1
        $r.SourcePath | Should -BeExactly (Join-Path $src 'IM1.dcm')
        Test-Path -LiteralPath $stale | Should -BeFalse
    }

    It 'after kill -9 at random moments, a rerun gives the destination of an uninterrupted run, byte for byte' -Skip:([System.Environment]::OSVersion.Platform -eq 'Win32NT') {
        $src = Join-Path $TestDrive 'kill-src'
        foreach ($s in 1..6) {
            $study = New-SampleDicomUid
            foreach ($i in 1..10) { $null = New-TestDicomFile -Path (Join-Path $src "s$s/IM$i.dcm") -With @{ PatientID = "K$s"; StudyInstanceUID = $study; Rows = 256; Columns = 256 } }
        }
        $xw = Join-Path $TestDrive 'kill-xwalk.csv'
        $clean = New-Out
        $null = Invoke-DicomAnonymize -Path $src -Recurse -Destination $clean -KeyFile $keyFile
        $killed = New-Out
        $rng = [System.Random]::new(7)
        $kills = 0
        foreach ($attempt in 1..5) {
            $p = Start-Child "`$null = Invoke-DicomAnonymize -Path '$src' -Recurse -Destination '$killed' -KeyFile '$keyFile' -Crosswalk '$xw' -ThrottleLimit 2"
            # Wait for the first output, then kill at a random moment of the work.
            $until = [datetime]::UtcNow.AddSeconds(60)
            while (-not $p.HasExited -and [datetime]::UtcNow -lt $until -and -not (Get-ChildItem -LiteralPath $killed -Recurse -File -Force -ErrorAction SilentlyContinue | Select-Object -First 1)) { Start-Sleep -Milliseconds 20 }
            Start-Sleep -Milliseconds $rng.Next(0, 400)
            if (-not $p.HasExited) { $p.Kill(); $kills++ }
            $p.WaitForExit()
        }
        Write-Host "kill -9 (SIGKILL) of $kills of 5 runs"
        $kills | Should -BeGreaterThan 0
        $r = Invoke-DicomAnonymize -Path $src -Recurse -Destination $killed -KeyFile $keyFile -Crosswalk $xw -ErrorVariable err
        $err | Should -BeNullOrEmpty
        @($r) | Should -HaveCount 60
        Get-TreeHash $killed | Should -Be (Get-TreeHash $clean)
        @(Get-ChildItem -LiteralPath $killed -Recurse -Force -Filter '*.dicomanon.tmp') | Should -HaveCount 0
        @(Import-Csv -LiteralPath $xw) | Should -HaveCount 6
    }
}

Describe 'Invoke-DicomAnonymize: concurrency' {
    It 'two runs into one destination never overwrite each other without -Force (10 runs, 10 keys)' {
        $src = Join-Path $TestDrive 'race-src'
        foreach ($i in 1..20) { $null = New-TestDicomFile -Path (Join-Path $src "IM$i.dcm") }
        $out = New-Out
        $logs = 1..10 | ForEach-Object { Join-Path $TestDrive "race-$_.csv" }
        $procs = foreach ($k in 1..10) {
            $kf = Join-Path $TestDrive "race-$k.key"
            $null = New-DicomAnonymizationKey -Path $kf
            Start-Child "Invoke-DicomAnonymize -Path '$src' -Destination '$out' -KeyFile '$kf' -ErrorAction SilentlyContinue | Export-Csv -LiteralPath '$($logs[$k - 1])'"
        }
        $procs | ForEach-Object { $_.WaitForExit() }
        $rows = $logs | ForEach-Object { Import-Csv -LiteralPath $_ }
        $rows | Should -HaveCount 200
        foreach ($i in 1..20) {
            $mine = @($rows | Where-Object { $_.SourcePath -like "*IM$i.dcm" })
            $winner = @($mine | Where-Object Status -EQ 'Deidentified')
            $winner | Should -HaveCount 1 -Because "exactly one run may create IM$i.dcm"
            @($mine | Where-Object ErrorId -EQ 'DestinationExists') | Should -HaveCount 9
            (Get-DicomTag -LiteralPath (Join-Path $out "IM$i.dcm") -Tag PatientID).Value | Should -BeExactly $winner[0].PseudonymPatientId
        }
    }

    It 'ten parallel runs sharing one crosswalk keep every row' {
        $xw = Join-Path $TestDrive 'shared/crosswalk.csv'
        $procs = foreach ($k in 1..10) {
            $f = New-TestDicomFile -Path (Join-Path $TestDrive "xw-src/$k/IM1.dcm") -With @{ PatientID = "XW$k" }
            Start-Child "`$null = Invoke-DicomAnonymize -LiteralPath '$f' -Destination '$(Join-Path $TestDrive "xw-out/$k")' -KeyFile '$keyFile' -Crosswalk '$xw'"
        }
        $procs | ForEach-Object { $_.WaitForExit(); $_.ExitCode | Should -Be 0 }
        $rows = @(Import-Csv -LiteralPath $xw)
        $rows | Should -HaveCount 10
        ($rows.OriginalPatientId | Sort-Object) | Should -Be @(1..10 | ForEach-Object { "XW$_" } | Sort-Object)
        if ($onUnix) { [int] (Get-Item -LiteralPath $xw).UnixFileMode | Should -Be 384 }
    }

    It '4 partitions in 4 processes give, byte for byte, the output of one run' {
        $whole = New-Out
        $null = Invoke-DicomAnonymize -Path $tree -Recurse -Destination $whole -KeyFile $keyFile
        $parts = New-Out
        $procs = foreach ($i in 1..4) {
            Start-Child "`$null = Invoke-DicomAnonymize -Path '$tree' -Recurse -Destination '$parts' -KeyFile '$keyFile' -Partition $i/4"
        }
        $procs | ForEach-Object { $_.WaitForExit(); $_.ExitCode | Should -Be 0 }
        Get-TreeHash $parts | Should -Be (Get-TreeHash $whole)
        $one = Invoke-DicomAnonymize -Path $tree -Recurse -Destination (New-Out) -KeyFile $keyFile -Partition 2/4
        @($one) | Should -HaveCount 13
        { Invoke-DicomAnonymize -Path $tree -Destination (New-Out) -KeyFile $keyFile -Partition 5/4 -ErrorAction Stop } | Should -Throw -ErrorId (Get-FqId InvalidPartition $cmd)
    }
}

Describe 'Invoke-DicomAnonymize: run log' {
    It 'appends JSON lines, one per input and a summary with the key''s fingerprint, owner-only' {
        $log = Join-Path $TestDrive 'logs/run.jsonl'
        $null = Get-ChildItem -LiteralPath $tree -Recurse -File | Invoke-DicomAnonymize -Destination (New-Out) -KeyFile $keyFile -LogPath $log -ErrorAction SilentlyContinue
        $null = Invoke-DicomAnonymize -Path $tree -Recurse -Destination (New-Out) -KeyFile $keyFile -LogPath $log
        $records = Get-Content -LiteralPath $log | ForEach-Object { $_ | ConvertFrom-Json }
        @($records | Where-Object type -EQ 'file') | Should -HaveCount 26
        $summaries = @($records | Where-Object type -EQ 'summary')
        $summaries | Should -HaveCount 2
        $summaries[0].counts.Deidentified | Should -Be 12
        $summaries[0].counts.Failed | Should -Be 1
        $summaries[1].counts.Skipped | Should -Be 1
        $summaries[0].keyFingerprint | Should -Match '^[0-9a-f]{32}$'
        $summaries[0].keyFingerprint | Should -BeExactly $summaries[1].keyFingerprint
        $keyText = (Get-Content -LiteralPath $keyFile | Where-Object { $_ -notmatch '^#' }) -join ''
        $keyBytes = [Convert]::FromBase64String($keyText.Trim())
        $plain = -join ([System.Security.Cryptography.SHA256]::Create().ComputeHash($keyBytes) | ForEach-Object { $_.ToString('x2') })
        $plain.Substring(0, 32) | Should -Not -BeExactly $summaries[0].keyFingerprint
        (Get-Content -LiteralPath $log -Raw) | Should -Not -Match "DOE|PID00|$([regex]::Escape($keyText.Trim()))"
        if ($onUnix) { [int] (Get-Item -LiteralPath $log).UnixFileMode | Should -Be 384 }
    }
}

Describe 'Invoke-DicomAnonymize: rules files are data, never script' {
    It 'reads a rules file in a folder named with <Name> and runs nothing' -ForEach @(
        @{ Name = "an apostrophe"; Folder = "it's" },
        @{ Name = 'U+2018 and ;'; Folder = "x$([char]0x2018); New-Item -Path MARKER -ItemType File; $([char]0x2018)" },
        @{ Name = 'U+2019 and ;'; Folder = "x$([char]0x2019); New-Item -Path MARKER -ItemType File; $([char]0x2019)" }
    ) {
        $marker = Join-Path $TestDrive 'MARKER'
        $dir = Join-Path $TestDrive ('rules-' + $Folder)
        $null = New-Item -ItemType Directory -Path $dir -Force
        $psd1 = Join-Path $dir 'site.psd1'
        Set-Content -LiteralPath $psd1 -Value "@{ Replace = @{ InstitutionName = 'RESEARCH' } }"
        $json = Join-Path $dir 'site.json'
        Set-Content -LiteralPath $json -Value '{ "Keep": [ "StudyDescription" ] }'
        Push-Location -LiteralPath $TestDrive
        try {
            $a = Invoke-DicomAnonymize -LiteralPath $dicomFiles[0].FullName -Destination (New-Out) -KeyFile $keyFile -Rules $psd1
            $b = Invoke-DicomAnonymize -LiteralPath $dicomFiles[0].FullName -Destination (New-Out) -KeyFile $keyFile -Rules $json
        }
        finally { Pop-Location }
        (Get-DicomTag -LiteralPath $a.Path -Tag InstitutionName).Value | Should -BeExactly 'RESEARCH'
        (Get-DicomTag -LiteralPath $b.Path -Tag StudyDescription).Value | Should -BeExactly 'CHEST'
        Test-Path -LiteralPath $marker | Should -BeFalse
        Test-Path -LiteralPath (Join-Path $TestDrive 'MARKER') | Should -BeFalse
    }

    It 'refuses a psd1 that holds code' {
        $psd1 = Join-Path $TestDrive 'code.psd1'
        Set-Content -LiteralPath $psd1 -Value "@{ Keep = @(New-Item -Path '$TestDrive/CODE' -ItemType File) }"
        { Invoke-DicomAnonymize -LiteralPath $dicomFiles[0].FullName -Destination (New-Out) -KeyFile $keyFile -Rules $psd1 -ErrorAction Stop } | Should -Throw -ErrorId (Get-FqId InvalidRules $cmd)
        Test-Path -LiteralPath (Join-Path $TestDrive 'CODE') | Should -BeFalse
    }
}

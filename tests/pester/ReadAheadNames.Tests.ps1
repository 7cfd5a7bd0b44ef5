# Issue 13: at -ThrottleLimit 1 a folder's identifier pre-pass (path scrubbing) and the read-ahead both read each file;
# names that carry identifiers, bytes, results and errors are those of -ThrottleLimit 2 (each worker reads its own
# file). Guards any later change that shares a parse between them.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $keyFile = Join-Path $TestDrive 'project.key'
    $null = New-DicomAnonymizationKey -Path $keyFile

    # Folders named after their patients; in each, files named by Patient ID, a file without demographics, and bad files.
    $tree = Join-Path $TestDrive 'tree'
    foreach ($p in 'ROE_JANE', 'DOE_JOHN') {
        $id = "PID-$p"
        $study = New-SampleDicomUid
        foreach ($i in 1..6) {
            $null = New-TestDicomFile -Path (Join-Path $tree ('{0}/{1}_{2}.dcm' -f $p, $id, $i)) -With @{ PatientID = $id; PatientName = ($p -replace '_', '^'); StudyInstanceUID = $study }
        }

        $null = New-TestDicomFile -Path (Join-Path $tree "$p/PR1.dcm") -With @{ StudyInstanceUID = $study }
    }

    $truncated = Join-Path $tree 'ROE_JANE/PID-ROE_JANE_3.dcm'
    [IO.File]::WriteAllBytes($truncated, [IO.File]::ReadAllBytes($truncated)[0..599])
    Set-Content -LiteralPath (Join-Path $tree 'DOE_JOHN/notes.dcm') -Value 'not dicom'
    [IO.File]::WriteAllBytes((Join-Path $tree 'DOE_JOHN/empty.dcm'), [byte[]]@())

    function Get-TreeHash([string] $Root) {
        @(Get-ChildItem -LiteralPath $Root -Recurse -File -Force |
            Where-Object { $_.FullName -notmatch '[\\/]\.dicomanon-state[\\/]' } |
            ForEach-Object { $_.FullName.Substring($Root.Length) + ' ' + (Get-FileHash -LiteralPath $_.FullName).Hash } | Sort-Object)
    }

    function Get-ResultLines($Results, [string] $Root) {
        foreach ($r in $Results) {
            $out = if ($r.Path) { $r.Path.Substring($Root.Length) } else { '' }
            '{0}|{1}|{2}|{3}|{4}|{5}' -f $r.SourcePath, $r.Status, $out, $r.ErrorId, $r.Reason, $r.PseudonymPatientId
        }
    }
}

Describe 'Invoke-DicomAnonymize: path scrubbing with the read-ahead' {
    It 'names, writes and reports as -ThrottleLimit 2 does, identifiers in folder and file names replaced' {
        $out1 = Join-Path $TestDrive 'one'
        $out2 = Join-Path $TestDrive 'two'
        $one = @(Invoke-DicomAnonymize -Path $tree -Recurse -Destination $out1 -KeyFile $keyFile -ThrottleLimit 1 -ErrorAction SilentlyContinue -ErrorVariable e1 -WarningAction SilentlyContinue)
        $two = @(Invoke-DicomAnonymize -Path $tree -Recurse -Destination $out2 -KeyFile $keyFile -ThrottleLimit 2 -ErrorAction SilentlyContinue -ErrorVariable e2 -WarningAction SilentlyContinue)

        $one.Count | Should -Be 16
        Get-ResultLines $one $out1 | Sort-Object | Should -Be (Get-ResultLines $two $out2 | Sort-Object)
        Get-TreeHash $out1 | Should -Be (Get-TreeHash $out2)
        @($e1 | ForEach-Object { "$($_.FullyQualifiedErrorId) $($_.TargetObject)" }) | Should -Be @($e2 | ForEach-Object { "$($_.FullyQualifiedErrorId) $($_.TargetObject)" })

        # The names really were scrubbed: no patient folder or ID left, the file without demographics moved with its folder.
        Get-ChildItem -LiteralPath $out1 -Recurse -Force | Where-Object Name -Match 'ROE|DOE|PID' | Should -BeNullOrEmpty
        @(Get-ChildItem -LiteralPath $out1 -Recurse -File -Filter 'PR1.dcm').Count | Should -Be 2
        ($one | Where-Object SourcePath -EQ $truncated).ErrorId | Should -BeExactly 'DicomParseFailed'
        @($one | Where-Object Status -EQ 'Deidentified').Count | Should -Be 13
    }
}

# Issue 7 item 6: hostile input gets a per-file error with a documented id, and the batch goes on.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $good = New-TestDicomFile -Path (Join-Path $TestDrive 'in/good.dcm') -With @{ PatientName = 'DOE^JANE'; PatientID = 'PID001' }

    function New-Part10([string] $Path, [string] $Syntax, [byte[]] $Body) {
        $uid = [Text.Encoding]::ASCII.GetBytes($Syntax)
        if ($uid.Length % 2) { $uid += [byte]0 }
        $ts = [byte[]](0x02, 0x00, 0x10, 0x00, [byte][char]'U', [byte][char]'I', $uid.Length, 0) + $uid
        $gl = [byte[]](0x02, 0x00, 0x00, 0x00, [byte][char]'U', [byte][char]'L', 4, 0) + [BitConverter]::GetBytes([uint32]$ts.Length)
        $all = [byte[]]::new(128) + [Text.Encoding]::ASCII.GetBytes('DICM') + $gl + $ts + $Body
        $null = New-Item -ItemType Directory -Force -Path (Split-Path $Path)
        [IO.File]::WriteAllBytes($Path, [byte[]]$all)
        $Path
    }

    # 70 nested sequences of (0008,1115), undefined lengths: deeper than the reader's 64 levels.
    $open = [byte[]](0x08, 0x00, 0x15, 0x11, [byte][char]'S', [byte][char]'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF)
    $close = [byte[]](0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0, 0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0)
    $nested = [Collections.Generic.List[byte]]::new()
    foreach ($i in 1..70) { $nested.AddRange($open) }
    foreach ($i in 1..70) { $nested.AddRange($close) }
    $deep = New-Part10 (Join-Path $TestDrive 'in/deep.dcm') '1.2.840.10008.1.2.1' $nested.ToArray()

    # A deflated dataset sync-flushed after its first element and cut there: whole elements, no final block.
    $first = [byte[]](0x10, 0x00, 0x10, 0x00, [byte][char]'P', [byte][char]'N', 8, 0) + [Text.Encoding]::ASCII.GetBytes('DOE^JANE')
    $rest = [byte[]](0x10, 0x00, 0x20, 0x00, [byte][char]'L', [byte][char]'O', 6, 0) + [Text.Encoding]::ASCII.GetBytes('PID001')
    $ms = [IO.MemoryStream]::new()
    $z = [IO.Compression.DeflateStream]::new($ms, [IO.Compression.CompressionLevel]::Optimal, $true)
    $z.Write($first, 0, $first.Length); $z.Flush(); $cut = $ms.Length
    $z.Write($rest, 0, $rest.Length); $z.Dispose()
    $cutFile = New-Part10 (Join-Path $TestDrive 'in/cut.dcm') '1.2.840.10008.1.2.1.99' ([byte[]]$ms.ToArray()[0..($cut - 1)])
}

Describe 'Hostile input' {
    It 'reports nesting past the limit as DicomLimitExceeded and goes on' {
        $r = @(Get-DicomTag -LiteralPath $deep, $good -Tag PatientID -ErrorAction SilentlyContinue -ErrorVariable err)
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly (Get-FqId DicomLimitExceeded Get-DicomTag)
        $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $err[0].TargetObject | Should -BeExactly $deep
        $r.Count | Should -Be 1
        $r[0].Value | Should -BeExactly 'PID001'
    }

    It 'reports a deflated file cut between elements as DeflatedDataTruncated, writes nothing for it, and goes on' {
        $out = Join-Path $TestDrive 'out'
        $r = @(Invoke-DicomAnonymize -LiteralPath $cutFile, $good -Destination $out -Key (ConvertTo-SecureString ('k' * 32) -AsPlainText -Force) -ErrorAction SilentlyContinue -ErrorVariable err)
        @($err | Where-Object FullyQualifiedErrorId -eq (Get-FqId DeflatedDataTruncated Invoke-DicomAnonymize)).Count | Should -Be 1
        ($err | Out-String) | Should -Not -Match 'DOE|PID001'
        Test-Path -LiteralPath (Join-Path $out 'cut.dcm') | Should -BeFalse
        Test-Path -LiteralPath (Join-Path $out 'good.dcm') | Should -BeTrue
    }

    It 'stops with KeyFileUnreadable when the key file exists but is a folder' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'a.key') -Force
        { Invoke-DicomAnonymize -LiteralPath $good -Destination (Join-Path $TestDrive 'out3') -KeyFile $folder.FullName } |
            Should -Throw -ErrorId (Get-FqId KeyFileUnreadable Invoke-DicomAnonymize)
    }

    It 'refuses a key file that stat reports empty (a FIFO, device or /proc file) without reading it' -Skip:(-not $IsLinux) {
        { Invoke-DicomAnonymize -LiteralPath $good -Destination (Join-Path $TestDrive 'out4') -KeyFile '/proc/self/mem' } |
            Should -Throw -ErrorId (Get-FqId InvalidKey Invoke-DicomAnonymize)
    }

    It 'stops with KeyFileUnreadable when the key file cannot be read' -Skip:($IsWindows -or (& id -u) -eq '0') {
        # Root reads any file, so this runs only as an ordinary user.
        $key = Join-Path $TestDrive 'locked.key'
        Set-Content -LiteralPath $key -Value ('k' * 44)
        & chmod 000 $key
        { Invoke-DicomAnonymize -LiteralPath $good -Destination (Join-Path $TestDrive 'out2') -KeyFile $key } |
            Should -Throw -ErrorId (Get-FqId KeyFileUnreadable Invoke-DicomAnonymize)
    }
}

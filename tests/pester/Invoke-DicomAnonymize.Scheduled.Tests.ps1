# Issue 7: the scheduled-task example, run as a scheduler runs it (pwsh -File), reports failures by its exit code.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script = Join-Path $RepoRoot 'examples/04-scheduled-deidentify.ps1'
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    $keyFile = Join-Path $TestDrive 'project.key'
    $null = New-DicomAnonymizationKey -Path $keyFile
    $src = Join-Path $TestDrive 'export'
    $null = New-TestDicomFile -Path (Join-Path $src 'a/IM1.dcm')
    $null = New-TestDicomFile -Path (Join-Path $src 'b/IM1.dcm')

    function Invoke-Example([string[]] $Arguments) {
        # pwsh -File, as Task Scheduler or cron starts it; the module is found through PSModulePath.
        $old = $env:PSModulePath
        $oldCache = $env:PSModuleAnalysisCachePath
        $env:PSModulePath = (Split-Path (Split-Path $ModulePath)) + [IO.Path]::PathSeparator + $old
        # Its own module analysis cache: many pwsh processes sharing ~/.cache/powershell can trip over each other.
        $env:PSModuleAnalysisCachePath = Join-Path $TestDrive 'module-analysis-cache'
        try { $out = & dotnet $pwshDll -NoProfile -NonInteractive -File $script @Arguments 2>&1 | Out-String }
        finally { $env:PSModulePath = $old; $env:PSModuleAnalysisCachePath = $oldCache }
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $out }
    }
}

Describe '04-scheduled-deidentify.ps1 under pwsh -File' {
    It 'exits 0 when every file was de-identified, and again on a rerun that skips them' {
        $dest = Join-Path $TestDrive 'ok'
        $audit = Join-Path $TestDrive 'ok.csv'
        $run = Invoke-Example @('-Source', $src, '-Destination', $dest, '-KeyFile', $keyFile, '-AuditFile', $audit, '-LogPath', (Join-Path $TestDrive 'ok.jsonl'))
        $run.ExitCode | Should -Be 0 -Because $run.Output
        (Import-Csv -LiteralPath $audit).Status | Should -Be @('Deidentified', 'Deidentified')
        $again = Invoke-Example @('-Source', $src, '-Destination', $dest, '-KeyFile', $keyFile, '-AuditFile', $audit)
        $again.ExitCode | Should -Be 0 -Because $again.Output
        (Import-Csv -LiteralPath $audit).Reason | Should -Be @('AlreadyDone', 'AlreadyDone')
    }

    It 'exits 1 when a file failed, and the audit names it' {
        $bad = Join-Path $TestDrive 'export-bad'
        Copy-Item -LiteralPath $src -Destination $bad -Recurse
        $bytes = [IO.File]::ReadAllBytes((Join-Path $bad 'a/IM1.dcm'))
        [IO.File]::WriteAllBytes((Join-Path $bad 'a/IM1.dcm'), $bytes[0..199])
        $audit = Join-Path $TestDrive 'bad.csv'
        $run = Invoke-Example @('-Source', $bad, '-Destination', (Join-Path $TestDrive 'bad-out'), '-KeyFile', $keyFile, '-AuditFile', $audit)
        $run.ExitCode | Should -Be 1 -Because $run.Output
        $rows = Import-Csv -LiteralPath $audit
        $rows | Should -HaveCount 2
        ($rows | Where-Object Status -EQ 'Failed').SourcePath | Should -BeExactly (Join-Path $bad 'a/IM1.dcm')
        ($rows | Where-Object Status -EQ 'Failed').ErrorId | Should -Not -BeNullOrEmpty
    }

    It 'exits 2 when the key file is missing' {
        $run = Invoke-Example @('-Source', $src, '-Destination', (Join-Path $TestDrive 'nokey-out'), '-KeyFile', (Join-Path $TestDrive 'missing.key'), '-AuditFile', (Join-Path $TestDrive 'nokey.csv'))
        $run.ExitCode | Should -Be 2 -Because $run.Output
        $run.Output | Should -Match 'KeyFileNotFound|does not exist'
    }
}

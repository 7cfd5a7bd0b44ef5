# The package (issue 12): output/DicomAnon.<version>.nupkg installs with Install-PSResource and Install-Module from a
# local folder repository into a temporary module path, imports by name in a fresh PowerShell and de-identifies.
# Each child PowerShell runs with HOME pointing into TestDrive, so the repositories it registers and the CurrentUser
# module path it installs into are temporary too; nothing of the user's PowerShell set-up is read or changed.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    $moduleFolder = Split-Path -Parent $ModulePath
    $version = (Import-PowerShellDataFile -LiteralPath $ModulePath).ModuleVersion

    # The same packing as build.ps1 -Task Package, from the staged module, in a fresh process.
    $repo = Join-Path $TestDrive 'repo'
    $null = New-Item -ItemType Directory -Path $repo
    & dotnet $pwshDll -NoProfile -NonInteractive -Command "Compress-PSResource -Path '$moduleFolder' -DestinationPath '$repo' -ErrorAction Stop"
    $nupkg = Join-Path $repo "DicomAnon.$version.nupkg"

    $source = New-TestDicomFile -Path (Join-Path $TestDrive 'in/ct.dcm') -With @{ PatientName = 'DOE^JANE'; PatientID = 'PID0042' }

    function Invoke-IsolatedPwsh {
        # Runs a script in a fresh PowerShell whose HOME (and so CurrentUser scope and repository lists) is $HomeDir.
        param([string] $HomeDir, [string] $Script)
        $saved = @{ HOME = $env:HOME; PSModulePath = $env:PSModulePath; XDG_DATA_HOME = $env:XDG_DATA_HOME; XDG_CONFIG_HOME = $env:XDG_CONFIG_HOME; XDG_CACHE_HOME = $env:XDG_CACHE_HOME }
        try {
            $null = New-Item -ItemType Directory -Path $HomeDir -Force
            $env:HOME = $HomeDir
            foreach ($name in 'PSModulePath', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME') { Remove-Item -Path "Env:$name" -ErrorAction SilentlyContinue }
            $file = Join-Path $TestDrive ([guid]::NewGuid().ToString('N') + '.ps1')
            Set-Content -LiteralPath $file -Value ("`$ErrorActionPreference = 'Stop'`n" + $Script)
            $output = & dotnet $pwshDll -NoProfile -NonInteractive -File $file 2>&1 | ForEach-Object { "$_" }
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($output) }
        }
        finally {
            foreach ($name in $saved.Keys) {
                if ($null -eq $saved[$name]) { Remove-Item -Path "Env:$name" -ErrorAction SilentlyContinue }
                else { Set-Item -Path "Env:$name" -Value $saved[$name] }
            }
        }
    }

    # Imports the installed module by name and de-identifies one file; prints where the module came from and the result.
    $useScript = @"
Import-Module -Name DicomAnon
'base=' + (Get-Module DicomAnon).ModuleBase
`$key = Join-Path '$TestDrive' ([guid]::NewGuid().ToString('N') + '.key')
`$out = Join-Path '$TestDrive' ([guid]::NewGuid().ToString('N'))
`$null = New-DicomAnonymizationKey -Path `$key
`$r = Invoke-DicomAnonymize -LiteralPath '$source' -Destination `$out -KeyFile `$key
'status=' + `$r.Status
`$row = Get-DicomTag -Path `$out -Recurse -Tag PatientID, PatientName -PerFile
'files=' + @(`$row).Count
'patientid=' + `$row.PatientID
"@

    function Get-Field([string[]] $Lines, [string] $Name) {
        $line = $Lines | Where-Object { $_ -like "$Name=*" } | Select-Object -Last 1
        if ($line) { $line.Substring($Name.Length + 1) }
    }
}

Describe 'The package' {
    It 'is written as DicomAnon.<version>.nupkg with the manifest, the DLLs, help and LICENSE' {
        Test-Path -LiteralPath $nupkg | Should -BeTrue
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($nupkg)
        try { $entries = @($zip.Entries.FullName) } finally { $zip.Dispose() }
        foreach ($name in 'DicomAnon.psd1', 'DicomAnon.dll', 'DicomAnon.Core.dll', 'DicomAnon.Imaging.dll', 'DicomAnon.Ocr.dll', 'SixLabors.ImageSharp.dll', 'System.Memory.dll', 'DicomAnon.format.ps1xml', 'en-US/DicomAnon.dll-Help.xml', 'LICENSE') {
            $entries | Should -Contain $name
        }
    }
}

Describe 'Installed with <Client>' -ForEach @(
    @{
        Client  = 'Install-PSResource'
        Install = "Register-PSResourceRepository -Name DicomAnonLocal -Uri '{0}' -Trusted`nInstall-PSResource -Name DicomAnon -Repository DicomAnonLocal -Scope CurrentUser`n'installed=' + (Get-InstalledPSResource -Name DicomAnon).Version"
    }
    @{
        Client  = 'Install-Module'
        Install = "Register-PSRepository -Name DicomAnonLocal -SourceLocation '{0}' -InstallationPolicy Trusted`nInstall-Module -Name DicomAnon -Repository DicomAnonLocal -Scope CurrentUser`n'installed=' + (Get-InstalledModule -Name DicomAnon).Version"
    }
) {
    BeforeAll {
        $homeDir = Join-Path $TestDrive ($Client + '-home')
        $install = Invoke-IsolatedPwsh -HomeDir $homeDir -Script ($Install -f $repo)
        $use = Invoke-IsolatedPwsh -HomeDir $homeDir -Script $useScript
    }

    It 'installs the version packed' {
        $install.ExitCode | Should -Be 0 -Because ($install.Output -join "`n")
        Get-Field $install.Output 'installed' | Should -BeExactly $version
    }

    It 'imports by name from the temporary CurrentUser module path in a fresh PowerShell' {
        $use.ExitCode | Should -Be 0 -Because ($use.Output -join "`n")
        Get-Field $use.Output 'base' | Should -BeLike "$homeDir*"
    }

    It 'de-identifies a file' {
        Get-Field $use.Output 'status' | Should -BeExactly 'Deidentified'
        Get-Field $use.Output 'files' | Should -Be 1
        $id = Get-Field $use.Output 'patientid'
        $id | Should -Not -BeNullOrEmpty
        $id | Should -Not -BeExactly 'PID0042'
    }
}

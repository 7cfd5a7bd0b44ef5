BeforeDiscovery {
    $repo = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../..')).Path
    Import-Module -Name (Join-Path $repo 'output/DicomAnon/DicomAnon.psd1') -Force
    $cmdlets = @(Get-Command -Module DicomAnon | ForEach-Object { @{ Name = $_.Name } })
    $examples = @(Get-ChildItem -Path (Join-Path $repo 'examples') -Filter *.ps1 | ForEach-Object { @{ Name = $_.Name; File = $_.FullName } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $manifestPath = Join-Path $RepoRoot 'DicomAnon.psd1'
    $manifest = Import-PowerShellDataFile -LiteralPath $manifestPath
    $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
}

Describe 'DicomAnon manifest' {
    It 'is a valid manifest' {
        { Test-ModuleManifest -Path $ModulePath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'exports exactly the cmdlets the module defines' {
        $exported = @(Get-Command -Module DicomAnon).Name | Sort-Object
        $listed = @($manifest.CmdletsToExport) | Sort-Object
        $exported | Should -Be $listed
        ($listed | Select-Object -Unique).Count | Should -Be $listed.Count
    }

    It 'declares both editions, 5.1 and .NET Framework 4.7.2' {
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.DotNetFrameworkVersion | Should -Be '4.7.2'
        $manifest.RootModule | Should -Be 'DicomAnon.psm1'
        $manifest.FunctionsToExport.Count | Should -Be 0
        $manifest.AliasesToExport.Count | Should -Be 0
    }

    It 'carries the manifest version into the assembly' {
        $asm = [DicomAnon.Commands.GetDicomTagCommand].Assembly.GetName().Version
        "$($asm.Major).$($asm.Minor).$($asm.Build)" | Should -Be $manifest.ModuleVersion
    }

    It 'uses approved verbs' {
        $approved = (Get-Verb).Verb
        foreach ($c in Get-Command -Module DicomAnon) { $approved | Should -Contain $c.Verb }
    }

    It 'documents every error id in about_DicomAnon' {
        $about = Get-Content -LiteralPath (Join-Path $RepoRoot 'output/DicomAnon/en-US/about_DicomAnon.help.txt') -Raw
        $type = [DicomAnon.Commands.GetDicomTagCommand].Assembly.GetType('DicomAnon.Commands.ErrorIds', $true)
        $ids = $type.GetFields([System.Reflection.BindingFlags] 'Public, Static') | ForEach-Object { $_.GetValue($null) }
        $ids.Count | Should -BeGreaterThan 20
        foreach ($id in $ids) { $about | Should -Match "(?m)^\s+$id\s" -Because "about_DicomAnon must explain $id" }
    }

    It 'has about_DicomAnon help' {
        (Get-Help about_DicomAnon | Out-String) | Should -Match 'ERROR IDS'
    }
}

Describe 'Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help -Name $Name -Full
        $command = Get-Command -Name $Name
    }

    It 'is not auto-generated and has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match ([regex]::Escape($Name) + '\s*\[')
        ($help.description.Text -join '') | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code' {
        @($help.examples.example).Count | Should -BeGreaterThan 0
        $help.examples.example[0].code | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        foreach ($p in $command.Parameters.Keys | Where-Object { $common -notcontains $_ }) {
            $ph = $help.parameters.parameter | Where-Object name -EQ $p
            $ph | Should -Not -BeNullOrEmpty -Because "-$p needs help"
            ($ph.description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$p needs a description"
        }
    }

    It 'lists -WhatIf and -Confirm when the cmdlet supports them' {
        foreach ($p in 'WhatIf', 'Confirm') {
            if ($command.Parameters.ContainsKey($p)) {
                $ph = $help.parameters.parameter | Where-Object name -EQ $p
                $ph | Should -Not -BeNullOrEmpty -Because "Get-Help $Name -Parameter $p must find it"
                ($ph.description.Text -join '') | Should -Not -BeNullOrEmpty
                $ph.defaultValue | Should -BeExactly 'False'
            }
        }
    }

    It 'has an online help link' {
        $command.HelpUri | Should -Match '^https://'
    }
}

Describe 'Help defaults' {
    It 'shows the default the code uses: <Cmdlet> -<Parameter> <Default>' -ForEach @(
        @{ Cmdlet = 'Invoke-DicomAnonymize'; Parameter = 'Layout'; Default = 'Mirror' }
        @{ Cmdlet = 'Invoke-DicomAnonymize'; Parameter = 'ThrottleLimit'; Default = '1' }
        @{ Cmdlet = 'Invoke-DicomAnonymize'; Parameter = 'Option'; Default = 'RetainLongitudinalTemporalInformationModifiedDates' }
        @{ Cmdlet = 'Invoke-DicomAnonymize'; Parameter = 'Recurse'; Default = 'False' }
        @{ Cmdlet = 'Remove-DicomBurnedText'; Parameter = 'ThrottleLimit'; Default = '1' }
    ) {
        (Get-Help -Name $Cmdlet -Parameter $Parameter).defaultValue | Should -BeExactly $Default
    }

    It 'shows Get-Help -Parameter WhatIf for Invoke-DicomAnonymize' {
        (Get-Help -Name Invoke-DicomAnonymize -Parameter WhatIf | Out-String) | Should -Match 'WhatIf'
    }
}

Describe 'Example script <Name>' -ForEach $examples {
    It 'parses' {
        $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseFile($File, [ref] $null, [ref] $errors)
        $errors | Should -BeNullOrEmpty
    }
}

Describe 'Loading (issue 13: start-up)' {
    BeforeAll {
        $pwshDll = Join-Path $PSHOME 'pwsh.dll'
        $file = New-TestDicomFile -Path (Join-Path $TestDrive 'load.dcm')
        $png = Join-Path $TestDrive 'png'
        # A fresh process: which of our assemblies (and ImageSharp) are loaded after each step.
        $script = @'
param($Module, $File, $Png)
$ErrorActionPreference = 'Stop'
# Measure what importing and using DicomAnon loads, not what PowerShell's command discovery loads while it analyses
# other modules on a PSModulePath inherited from the test run (earlier tests add output/ to it): a private analysis
# cache, PowerShell's own modules only, and no command lookups (Sort-Object) between the steps.
$env:PSModuleAnalysisCachePath = [IO.Path]::Combine([IO.Path]::GetDirectoryName($Png), 'analysis-cache')
$env:PSModulePath = [IO.Path]::Combine($PSHOME, 'Modules')
function Loaded { $n = [string[]] ([AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -match '^(DicomAnon|SixLabors)'); [Array]::Sort($n, [StringComparer]::Ordinal); $n -join ',' }
Import-Module -Name $Module
"import=$(Loaded)"
$null = Get-DicomTag -LiteralPath $File -Tag PatientID -PerFile
"read=$(Loaded)"
$key = Join-Path (Split-Path -Parent $Png) 'load.key'
$null = New-DicomAnonymizationKey -Path $key
$null = Invoke-DicomAnonymize -LiteralPath $File -Destination (Join-Path (Split-Path -Parent $Png) 'anon') -KeyFile $key
"anonymize=$(Loaded)"
$null = Export-DicomImage -LiteralPath $File -Destination $Png
"image=$(Loaded)"
'@
        $scriptFile = Join-Path $TestDrive 'loading.ps1'
        Set-Content -LiteralPath $scriptFile -Value $script
        $lines = & dotnet $pwshDll -NoProfile -NonInteractive -File $scriptFile $ModulePath $file $png
        $steps = @{}
        foreach ($line in $lines) { $k, $v = "$line" -split '=', 2; $steps[$k] = $v }
    }

    It 'imports only DicomAnon and DicomAnon.Core' {
        $steps['import'] | Should -BeExactly 'DicomAnon,DicomAnon.Core'
    }

    It 'reads headers without loading Imaging, OCR or ImageSharp' {
        $steps['read'] | Should -BeExactly 'DicomAnon,DicomAnon.Core'
    }

    It 'de-identifies headers without loading ImageSharp or OCR' {
        $steps['anonymize'] | Should -Not -Match 'SixLabors|DicomAnon.Ocr'
        $steps['anonymize'] | Should -Match '^DicomAnon,DicomAnon.Core'
    }

    It 'loads Imaging and ImageSharp when an image is exported' {
        $steps['image'] | Should -Match '^DicomAnon,DicomAnon.Core,DicomAnon.Imaging,(DicomAnon.Ocr,)?SixLabors.ImageSharp$'
        @(Get-ChildItem -LiteralPath $png -Filter *.png).Count | Should -Be 1
    }
}

Describe 'Tab completion of Invoke-DicomAnonymize (its own test file is being reworked elsewhere)' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Common.ps1')
        function Complete([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches }
    }

    It 'completes keywords for <Parameter>' -ForEach @(
        @{ Parameter = '-Keep'; Line = 'Invoke-DicomAnonymize -Keep StudyDes'; Expected = 'StudyDescription' }
        @{ Parameter = '-Remove'; Line = 'Invoke-DicomAnonymize -Remove InstitutionN'; Expected = 'InstitutionName' }
        @{ Parameter = '-Keep (second value)'; Line = 'Invoke-DicomAnonymize -Keep StudyDate, SeriesDa'; Expected = 'SeriesDate' }
    ) {
        (Complete $Line).CompletionText | Should -Contain $Expected
    }

    It 'completes -Replace with a hashtable whose key is the keyword' {
        (Complete 'Invoke-DicomAnonymize -Replace InstitutionN').CompletionText | Should -Contain "@{ InstitutionName = '' }"
    }

    It 'completes options by name: <Line>' -ForEach @(
        @{ Line = 'Invoke-DicomAnonymize -Option RetainU'; Expected = 'RetainUids' }
        @{ Line = 'Invoke-DicomAnonymize -Layout U'; Expected = 'Uid' }
    ) {
        (Complete $Line).CompletionText | Should -Contain $Expected
    }
}

#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests and demonstrates the DicomAnon module. The only entry point: run it with `dotnet pwsh ./build.ps1`.
.DESCRIPTION
    Tasks run in the order given:
      Clean  removes output/ and the projects' bin/obj folders.
      Build  builds Module.sln (version from DicomAnon.psd1) and stages an importable module in output/DicomAnon, with
             ReadyToRun images for PowerShell 7 on linux-x64, win-x64, osx-x64 and osx-arm64 (crossgen2, restored by
             module/ReadyToRun/ReadyToRun.csproj).
      Test   builds, runs every xunit project (tests/*.Tests), the net472 program under Mono and the Pester suite (tests/pester) in a fresh
             PowerShell, then prints one closing line 'N passed, N failed' and exits non-zero on any failure.
      Demo   builds, makes a small synthetic corpus, shows an inventory, de-identifies it and shows before/after.
      Package builds and writes output/DicomAnon.<version>.nupkg (Compress-PSResource), which Install-PSResource and
             Install-Module install from a local folder repository.
      Bench  builds and runs tests/bench/Invoke-Benchmark.ps1, Invoke-AnonymizeBenchmark.ps1 (-BenchCount)
             and the measurement tests (xunit Category=Benchmark).
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build, Demo
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    # Clean, Build, Test, Demo, Package, Bench; several as 'Build,Demo' (one argument when run with pwsh -File).
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Pester tests to run (file names or tags are not filtered when empty).
    [string[]] $PesterPath = @(),

    # Bench: CT files in the de-identification benchmark corpus (2000, about 1 GB, is the issue's full run).
    [ValidateRange(10, 100000)]
    [int] $BenchCount = 300
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Set-Location -LiteralPath $PSScriptRoot
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
$env:POWERSHELL_UPDATECHECK = 'Off'

$Task = @($Task | ForEach-Object { $_ -split '[,\s]+' } | Where-Object { $_ })
foreach ($t in $Task) {
    if ($t -notin 'Clean', 'Build', 'Test', 'Demo', 'Package', 'Bench') {
        throw "Unknown task '$t'. Tasks: Clean, Build, Test, Demo, Package, Bench."
    }
}

$manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $PSScriptRoot 'DicomAnon.psd1')
$version = $manifest.ModuleVersion
$outRoot = Join-Path $PSScriptRoot 'output'
$moduleOut = Join-Path $outRoot 'DicomAnon'
$resultsDir = Join-Path $outRoot 'TestResults'
$script:built = $false

function Invoke-Native {
    # Runs a native command and stops the build when it fails.
    param([string] $What, [scriptblock] $Command)
    & $Command
    if ($LASTEXITCODE -ne 0) {
        throw "$What failed (exit code $LASTEXITCODE)."
    }
}

function Get-NuGetRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    return Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages'
}

function Get-CentralPackageVersion([string] $Name) {
    [xml] $props = Get-Content -LiteralPath (Join-Path $PSScriptRoot 'Directory.Packages.props') -Raw
    $node = $props.Project.ItemGroup.PackageVersion | Where-Object Include -EQ $Name | Select-Object -First 1
    if (-not $node) { throw "Directory.Packages.props has no version for $Name." }
    return $node.Version
}

function Get-FrameworkDependency {
    # The .NET Framework build (the nearest lib/net4x at or below net472, as NuGet picks for a net472 app) of every
    # package in Root's dependency closure, from the restore's assets file (versions exactly as restored).
    param([string] $AssetsFile, [string] $Root)
    if (-not (Test-Path -LiteralPath $AssetsFile)) { throw "$AssetsFile not found (run dotnet restore)." }
    $assets = Get-Content -LiteralPath $AssetsFile -Raw | ConvertFrom-Json -AsHashtable
    $target = $assets['targets']['netstandard2.0']
    $byName = @{}
    foreach ($key in $target.Keys) { $byName[($key -split '/')[0]] = $key }
    $queue = [Collections.Generic.Queue[string]]::new()
    foreach ($dep in $target[$byName[$Root]]['dependencies'].Keys) { $queue.Enqueue($dep) }
    $seen = @{}
    while ($queue.Count) {
        $name = $queue.Dequeue()
        if ($seen[$name]) { continue }
        $seen[$name] = $true
        $key = $byName[$name]
        $entry = $target[$key]
        if ($entry['dependencies']) { foreach ($dep in $entry['dependencies'].Keys) { $queue.Enqueue($dep) } }
        $packageDir = Join-Path (Get-NuGetRoot) $assets['libraries'][$key]['path']
        foreach ($runtime in $entry['runtime'].Keys | Where-Object { $_ -like '*.dll' }) {
            $file = Split-Path -Leaf $runtime
            $lib = Get-ChildItem -LiteralPath (Join-Path $packageDir 'lib') -Directory |
                Where-Object { $_.Name -match '^net4\d+$' -and [int] $_.Name.Substring(3).PadRight(3, '0') -le 472 -and (Test-Path -LiteralPath (Join-Path $_.FullName $file)) } |
                Sort-Object { [int] $_.Name.Substring(3).PadRight(3, '0') } | Select-Object -Last 1
            if (-not $lib) { throw "$key has no .NET Framework build of $file." }
            Join-Path $lib.FullName $file
        }
    }
}

function New-ReadyToRunImage {
    # PowerShell 7 on linux-x64, win-x64, osx-x64 and osx-arm64 loads these (module/DicomAnon.psm1 picks the folder):
    # crossgen2 precompiles our four assemblies into ReadyToRun/<framework>-<rid>/ against that platform's framework
    # (the runtime pack this SDK pairs with its runtime) and the running PowerShell's System.Management.Automation, so
    # a run starts without JIT-compiling the module. The IL-only files beside the manifest stay what Windows
    # PowerShell 5.1, other platforms and older .NET load. ImageSharp is not precompiled (32 MB and minutes a
    # platform); it binds from the module folder. A platform whose pack cannot be had is left to the IL files.
    param([string] $ModuleFolder)
    $project = Join-Path $PSScriptRoot 'module/ReadyToRun/ReadyToRun.csproj'
    Invoke-Native 'restoring crossgen2 and the runtime packs' { dotnet restore $project -nodeReuse:false -v q }
    $assets = Get-Content -LiteralPath (Join-Path $PSScriptRoot 'module/ReadyToRun/obj/project.assets.json') -Raw | ConvertFrom-Json
    $framework = @($assets.project.frameworks.PSObject.Properties)[0]
    $packs = @{}
    foreach ($download in $framework.Value.downloadDependencies) { $packs[$download.name] = $download.version.Trim('[', ']').Split(',')[0].Trim() }
    $crossgenPack = $packs.Keys | Where-Object { $_ -like 'Microsoft.NETCore.App.Crossgen2.*' } | Select-Object -First 1
    if (-not $crossgenPack) { throw "$project restored no crossgen2 package." }
    $crossgen = Join-Path (Get-NuGetRoot) "$($crossgenPack.ToLowerInvariant())/$($packs[$crossgenPack])/tools/crossgen2"
    if ($IsWindows) { $crossgen += '.exe' }
    $sma = [psobject].Assembly.Location
    $inputs = 'DicomAnon.dll', 'DicomAnon.Core.dll', 'DicomAnon.Imaging.dll', 'DicomAnon.Ocr.dll'
    $references = @($inputs + 'SixLabors.ImageSharp.dll' | ForEach-Object { '-r'; Join-Path $ModuleFolder $_ }) + @('-r', $sma)
    foreach ($rid in ([xml] (Get-Content -LiteralPath $project -Raw)).Project.PropertyGroup.RuntimeIdentifiers.Split(';')) {
        $runtimePack = "Microsoft.NETCore.App.Runtime.$rid"
        $lib = Join-Path (Get-NuGetRoot) "$($runtimePack.ToLowerInvariant())/$($packs[$runtimePack])/runtimes/$rid/lib/$($framework.Name)"
        if (-not $packs[$runtimePack] -or -not (Test-Path -LiteralPath $lib)) { Write-Warning "No ${runtimePack}: $rid loads the IL assemblies."; continue }
        $os, $arch = $rid.Split('-')
        $target = Join-Path $ModuleFolder "ReadyToRun/$($framework.Name)-$rid"
        $null = New-Item -ItemType Directory -Path $target -Force
        foreach ($name in $inputs) {
            Invoke-Native "crossgen2 $name ($rid)" {
                & $crossgen (Join-Path $ModuleFolder $name) -o (Join-Path $target $name) -r (Join-Path $lib '*.dll') @references `
                    --targetos ($os -replace '^win$', 'windows') --targetarch $arch -O | Out-Null
            }
            $pdb = Join-Path $ModuleFolder ([IO.Path]::ChangeExtension($name, '.pdb'))
            if (Test-Path -LiteralPath $pdb) { Copy-Item -LiteralPath $pdb -Destination $target }
        }
    }
}

function Invoke-ChildPwsh {
    # A fresh PowerShell, so the just-built DLL is never loaded into this build session.
    param([string] $File, [string[]] $Arguments = @())
    & dotnet pwsh -NoProfile -NonInteractive -File $File @Arguments | Out-Host
    return $LASTEXITCODE
}

$tasks = [ordered]@{
    Clean = {
        if (Test-Path -LiteralPath $outRoot) { Remove-Item -LiteralPath $outRoot -Recurse -Force }
        Get-ChildItem -Path (Join-Path $PSScriptRoot 'src'), (Join-Path $PSScriptRoot 'tests'), (Join-Path $PSScriptRoot 'module') -Directory -Recurse -Include bin, obj |
            Remove-Item -Recurse -Force -ErrorAction SilentlyContinue
        Write-Host 'Cleaned output/ and bin/obj folders.'
    }

    Build = {
        if ($script:built) { return }
        Invoke-Native 'dotnet build' {
            dotnet build (Join-Path $PSScriptRoot 'Module.sln') -c $Configuration "-p:Version=$version" -nodeReuse:false -v q -clp:ErrorsOnly
        }

        if (Test-Path -LiteralPath $moduleOut) { Remove-Item -LiteralPath $moduleOut -Recurse -Force }
        $null = New-Item -ItemType Directory -Path (Join-Path $moduleOut 'en-US') -Force

        $bin = Join-Path $PSScriptRoot "src/DicomAnon.PowerShell/bin/$Configuration/netstandard2.0"
        Copy-Item -Path (Join-Path $bin 'DicomAnon*.dll'), (Join-Path $bin 'DicomAnon*.pdb') -Destination $moduleOut
        $imageSharpVersion = Get-CentralPackageVersion 'SixLabors.ImageSharp'
        $imageSharp = Join-Path (Get-NuGetRoot) "sixlabors.imagesharp/$imageSharpVersion/lib/netstandard2.0/SixLabors.ImageSharp.dll"
        if (-not (Test-Path -LiteralPath $imageSharp)) { throw "SixLabors.ImageSharp.dll not found at $imageSharp (run dotnet restore)." }
        Copy-Item -LiteralPath $imageSharp -Destination $moduleOut
        # ImageSharp's dependencies for Windows PowerShell 5.1 (.NET Framework 4.7.2 has none of them); PowerShell 7's
        # runtime has newer versions and never loads these. Version gaps are bridged by Loading/ModuleDependencyResolver.
        foreach ($dll in Get-FrameworkDependency -AssetsFile (Join-Path $PSScriptRoot 'src/DicomAnon.Imaging/obj/project.assets.json') -Root 'SixLabors.ImageSharp') {
            Copy-Item -LiteralPath $dll -Destination $moduleOut
        }
        Copy-Item -LiteralPath (Join-Path $PSScriptRoot 'DicomAnon.psd1'), (Join-Path $PSScriptRoot 'module/DicomAnon.psm1'), (Join-Path $PSScriptRoot 'module/DicomAnon.format.ps1xml') -Destination $moduleOut
        New-ReadyToRunImage -ModuleFolder $moduleOut
        Copy-Item -Path (Join-Path $PSScriptRoot 'module/en-US/*.txt') -Destination (Join-Path $moduleOut 'en-US')
        foreach ($doc in 'README.md', 'LICENSE') {
            $p = Join-Path $PSScriptRoot $doc
            if (Test-Path -LiteralPath $p) { Copy-Item -LiteralPath $p -Destination $moduleOut }
        }

        # Cmdlet help: platyPS-schema markdown compiled to MAML (platyPS itself is not available offline).
        $maml = Join-Path $moduleOut 'en-US/DicomAnon.dll-Help.xml'
        $rc = Invoke-ChildPwsh -File (Join-Path $PSScriptRoot 'module/help/ConvertTo-Maml.ps1') -Arguments @(
            '-MarkdownFolder', (Join-Path $PSScriptRoot 'module/help/en-US'), '-ModulePath', $moduleOut, '-OutFile', $maml)
        if ($rc -ne 0) { throw "Compiling the help failed (exit code $rc)." }

        $script:built = $true
        Write-Host "Built DicomAnon $version into $moduleOut"
    }

    Test = {
        & $tasks.Build
        $null = New-Item -ItemType Directory -Path $resultsDir -Force
        $passed = 0
        $failed = 0

        # The net472 program is no xunit project: it runs under Mono below.
        foreach ($proj in Get-ChildItem -Path (Join-Path $PSScriptRoot 'tests/*.Tests/*.csproj') | Where-Object BaseName -NE 'DicomAnon.Net472.Tests' | Sort-Object Name) {
            $trxName = "$($proj.BaseName).trx"
            $trx = Join-Path $resultsDir $trxName
            if (Test-Path -LiteralPath $trx) { Remove-Item -LiteralPath $trx -Force }
            Write-Host "== xunit: $($proj.BaseName)"
            # Benchmarks are measurements (Bench task), not tests.
            dotnet test $proj.FullName -c $Configuration --no-build -nodeReuse:false -v q --filter 'Category!=Benchmark' `
                --logger "trx;LogFileName=$trxName" --logger 'console;verbosity=minimal' --results-directory $resultsDir
            $rc = $LASTEXITCODE
            if (Test-Path -LiteralPath $trx) {
                [xml] $x = Get-Content -LiteralPath $trx -Raw
                $c = $x.TestRun.ResultSummary.Counters
                $passed += [int] $c.passed
                $failed += [int] $c.failed + [int] $c.error + [int] $c.timeout + [int] $c.aborted
                if ($rc -ne 0 -and [int] $c.failed -eq 0) {
                    Write-Warning "$($proj.BaseName): dotnet test exited with $rc but reported no failed test; counted as one failure."
                    $failed++
                }
            }
            elseif ($rc -ne 0) {
                Write-Warning "$($proj.BaseName): dotnet test exited with $rc and wrote no results; counted as one failure."
                $failed++
            }
        }

        # .NET Framework 4.7.2 (the Windows PowerShell 5.1 runtime) stand-in: the program alone in a folder of its own,
        # so Core, Imaging, OCR and their dependencies bind from output/DicomAnon through the module's resolver.
        Write-Host '== net472 under Mono: DicomAnon.Net472.Tests'
        $net472 = Join-Path $resultsDir 'net472'
        if (Test-Path -LiteralPath $net472) { Remove-Item -LiteralPath $net472 -Recurse -Force }
        $null = New-Item -ItemType Directory -Path $net472
        Copy-Item -LiteralPath (Join-Path $PSScriptRoot "tests/DicomAnon.Net472.Tests/bin/$Configuration/net472/DicomAnon.Net472.Tests.exe") -Destination $net472
        if (Get-Command mono -CommandType Application -ErrorAction SilentlyContinue) {
            $monoOutput = @(& mono (Join-Path $net472 'DicomAnon.Net472.Tests.exe') $moduleOut 2>&1 | ForEach-Object { "$_" })
            $rc = $LASTEXITCODE
        }
        else {
            $monoOutput = @('mono is not installed (.ci/setup installs mono-runtime and mono-devel).')
            $rc = 1
        }
        $monoOutput | Out-Host
        $counts = $monoOutput | Select-String -Pattern '^(\d+) passed, (\d+) failed$' | Select-Object -Last 1
        if ($counts) {
            $passed += [int] $counts.Matches[0].Groups[1].Value
            $failed += [int] $counts.Matches[0].Groups[2].Value
            if ($rc -ne 0 -and [int] $counts.Matches[0].Groups[2].Value -eq 0) { $failed++ }
        }
        else {
            Write-Warning "The net472 program exited with $rc and printed no counts; counted as one failure."
            $failed++
        }

        Write-Host '== Pester'
        Invoke-Native 'restoring Pester' {
            dotnet restore (Join-Path $PSScriptRoot 'tests/pester/PesterRestore.proj') -nodeReuse:false -v q
        }
        $summary = Join-Path $resultsDir 'pester-summary.json'
        if (Test-Path -LiteralPath $summary) { Remove-Item -LiteralPath $summary -Force }
        $runner = Join-Path $PSScriptRoot 'tests/pester/Invoke-PesterSuite.ps1'
        $pesterArgs = @('-PesterModule', (Join-Path (Get-NuGetRoot) 'pester/5.7.1/tools/Pester.psd1'), '-ResultsFolder', $resultsDir, '-SummaryFile', $summary)
        if ($PesterPath) { $pesterArgs += @('-TestPath', ($PesterPath -join ',')) }
        $rc = Invoke-ChildPwsh -File $runner -Arguments $pesterArgs
        if (Test-Path -LiteralPath $summary) {
            $s = Get-Content -LiteralPath $summary -Raw | ConvertFrom-Json
            $passed += [int] $s.Passed
            $failed += [int] $s.Failed
            if ($rc -ne 0 -and [int] $s.Failed -eq 0) { $failed++ }
        }
        else {
            Write-Warning "The Pester run exited with $rc and wrote no summary; counted as one failure."
            $failed++
        }

        Write-Host "$passed passed, $failed failed"
        if ($failed -gt 0) { exit 1 }
    }

    Demo = {
        & $tasks.Build
        $rc = Invoke-ChildPwsh -File (Join-Path $PSScriptRoot 'examples/Show-Demo.ps1') -Arguments @(
            '-ModulePath', $moduleOut, '-WorkFolder', (Join-Path $outRoot 'demo'))
        if ($rc -ne 0) { throw "The demo failed (exit code $rc)." }
    }

    Package = {
        & $tasks.Build
        # PSResourceGet (in the box since PowerShell 7.4) packs the staged folder as the PowerShell Gallery would.
        $nupkg = Join-Path $outRoot "DicomAnon.$version.nupkg"
        if (Test-Path -LiteralPath $nupkg) { Remove-Item -LiteralPath $nupkg -Force }
        Invoke-Native 'Compress-PSResource' {
            dotnet pwsh -NoProfile -NonInteractive -Command "Compress-PSResource -Path '$moduleOut' -DestinationPath '$outRoot' -ErrorAction Stop"
        }
        if (-not (Test-Path -LiteralPath $nupkg)) { throw "Compress-PSResource did not write $nupkg." }
        Write-Host "Packed $nupkg"
    }

    Bench = {
        & $tasks.Build
        $rc = Invoke-ChildPwsh -File (Join-Path $PSScriptRoot 'tests/bench/Invoke-Benchmark.ps1') -Arguments @(
            '-ModulePath', $moduleOut, '-WorkFolder', (Join-Path $outRoot 'bench'))
        if ($rc -ne 0) { throw "The benchmark failed (exit code $rc)." }

        # Whole-run de-identification against gdcmanon, dcmodify, pydicom and tar (BenchCount files; 2000 is the full run).
        $rc = Invoke-ChildPwsh -File (Join-Path $PSScriptRoot 'tests/bench/Invoke-AnonymizeBenchmark.ps1') -Arguments @(
            '-Count', "$BenchCount", '-WorkFolder', (Join-Path $outRoot 'bench-anonymize'))
        if ($rc -ne 0) { throw "The de-identification benchmark failed (exit code $rc)." }

        # Measurement tests (redaction accuracy with the tesseract CLI, OCR cleaning time of a frame and a 100-frame cine).
        dotnet test (Join-Path $PSScriptRoot 'tests/DicomAnon.Imaging.Tests') -c $Configuration --no-build -nodeReuse:false `
            --filter 'Category=Benchmark' --logger 'console;verbosity=detailed'
        if ($LASTEXITCODE -ne 0) { throw "The redaction benchmarks failed (exit code $LASTEXITCODE)." }
    }
}

foreach ($name in $Task) {
    Write-Host "### $name" -ForegroundColor Cyan
    & $tasks[$name]
}

# Red team "wild": identifiers where real-world files, PACS exports and hostile writers put them
# (tests/RedTeam/wild_corpus.py, written with pydicom, not our own writer): VR UN on public attributes, unknown
# private blocks in implicit VR, deep nesting, ISO 2022 / GB18030 names echoed in other encodings, multiplicity,
# overlay and curve text, icon images, encapsulated PDF/CDA, SR trees, RT structure sets, request / other-ID /
# referenced-patient sequences, signatures, file meta, transliterated and mislabelled names in folder names, wrong
# VRs, directory records, trailing bytes, unparseable and non-DICOM files, Retain Safe Private edge cases, one
# patient's two studies, identifiers glued to other words in file names and two-digit-year birth dates. Every
# output byte and output path is searched (Find-RedTeamLeak of RedTeamCorpus.ps1).
# Failures name the case, the marker's label and the encoding, never a value.
BeforeDiscovery {
    $optionSets = @(
        @{ Label = 'the defaults'; Options = @() }
        @{ Label = 'RetainSafePrivate'; Options = @('RetainSafePrivate') }
        @{ Label = 'all Clean options'; Options = @('CleanDescriptors', 'CleanStructuredContent', 'CleanGraphics') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot '../RedTeam/RedTeamCorpus.ps1')
    $keyFile = Join-Path $TestDrive 'wild.key'
    $null = New-DicomAnonymizationKey -Path $keyFile
    $inRoot = Join-Path $TestDrive 'wild'
    & /usr/bin/python3 (Join-Path $PSScriptRoot '../RedTeam/wild_corpus.py') $inRoot
    if ($LASTEXITCODE -ne 0) { throw "wild_corpus.py failed ($LASTEXITCODE)" }
    $json = Get-Content -LiteralPath (Join-Path $inRoot 'cases.json') -Raw -Encoding utf8 | ConvertFrom-Json
    $wild = [ordered]@{}
    foreach ($p in $json.PSObject.Properties) {
        $markers = [System.Collections.Generic.List[object]]::new()
        foreach ($m in $p.Value.markers.PSObject.Properties) { $markers.Add([pscustomobject]@{ Label = $m.Name; Text = [string] $m.Value; Scope = 'Bytes' }) }
        $wild[$p.Name] = [pscustomobject]@{ Name = $p.Name; Root = (Join-Path $inRoot $p.Name); Markers = $markers; Expect = $p.Value.expect }
    }

    function Invoke-WildRun([string] $Destination, [string[]] $Options) {
        $runs = @{}
        foreach ($c in $wild.Values) {
            $out = Join-Path $Destination $c.Name
            $splat = @{ LiteralPath = $c.Root; Recurse = $true; Destination = $out; KeyFile = $keyFile; ErrorAction = 'SilentlyContinue'; ErrorVariable = 'errs'; WarningAction = 'SilentlyContinue' }
            if ($Options.Count -gt 0) { $splat.Option = $Options }
            $results = @(Invoke-DicomAnonymize @splat)
            $runs[$c.Name] = [pscustomobject]@{ Out = $out; Results = $results; Errors = @($errs) }
        }
        $runs
    }
}

Describe 'Wild red-team corpus' {
    It 'has its cases, and the checker finds markers in every case''s inputs' {
        $wild.Count | Should -Be 25
        foreach ($c in $wild.Values) {
            $leaks = @(Find-RedTeamLeak -OutputRoot $c.Root -Case $c)
            $leaks.Count | Should -BeGreaterThan 0 -Because "$($c.Name) inputs carry markers"
        }
        (Find-RedTeamLeak -OutputRoot $wild['w15-transliterated-path'].Root -Case $wild['w15-transliterated-path'] | Where-Object Marker -EQ 'transliterated family').Where | Should -Contain 'path'
        (Find-RedTeamLeak -OutputRoot $wild['w16-mislabelled-charset'].Root -Case $wild['w16-mislabelled-charset'] | Where-Object Marker -EQ 'accented family').Where | Should -Contain 'path'
    }
}

Describe 'Invoke-DicomAnonymize with <Label> on the wild corpus' -ForEach $optionSets {
    BeforeAll {
        $runs = Invoke-WildRun -Destination (Join-Path $TestDrive ('wild-out-' + ($Label -replace '\W', ''))) -Options $Options
    }

    It 'accounts for every input of every case: written, failed or skipped as expected' {
        foreach ($c in $wild.Values) {
            $run = $runs[$c.Name]
            $because = "$($c.Name): " + (($run.Results | ForEach-Object { "$($_.Status)/$($_.ErrorId)" }) -join ', ')
            @($run.Results | Where-Object Status -EQ 'Deidentified').Count | Should -Be $c.Expect.written -Because $because
            @($run.Results | Where-Object Status -EQ 'Failed').Count | Should -Be $c.Expect.failed -Because $because
            @($run.Results | Where-Object Status -EQ 'Skipped').Count | Should -Be $c.Expect.skipped -Because $because
            $run.Errors.Count | Should -Be $c.Expect.failed -Because $because
            $written = @(Get-ChildItem -LiteralPath $run.Out -Recurse -File -ErrorAction SilentlyContinue | Where-Object { $_.FullName -notmatch '[\\/]\.dicomanon-state[\\/]' })
            $written.Count | Should -Be $c.Expect.written -Because "$($c.Name): only de-identified files reach the destination"
        }
    }

    It 'leaves no marker in any output byte or path component' {
        $all = foreach ($c in $wild.Values) {
            if (Test-Path -LiteralPath $runs[$c.Name].Out) { Find-RedTeamLeak -OutputRoot $runs[$c.Name].Out -Case $c }
        }
        $all = @($all)
        $all.Count | Should -Be 0 -Because (($all | ForEach-Object { "$($_.Case): $($_.Marker) in $($_.Where)" } | Sort-Object -Unique) -join '; ')
    }
}

Describe 'Consistency across studies and runs (wild corpus)' {
    BeforeAll {
        $first = Invoke-WildRun -Destination (Join-Path $TestDrive 'wild-run1') -Options @()
        $second = Invoke-WildRun -Destination (Join-Path $TestDrive 'wild-run2') -Options @()
    }

    It 'gives one patient''s two studies one pseudonym and one date offset' {
        $out = $first['w24-two-studies'].Out
        $rows = @(Get-ChildItem -LiteralPath $out -Recurse -File -Filter *.dcm | Get-DicomTag -Tag PatientID, StudyDate)
        $ids = @($rows | Where-Object Keyword -EQ 'PatientID' | ForEach-Object Value | Sort-Object -Unique)
        $ids.Count | Should -Be 1
        $dates = @($rows | Where-Object Keyword -EQ 'StudyDate' | ForEach-Object { [datetime]::ParseExact($_.Value, 'yyyyMMdd', [cultureinfo]::InvariantCulture) } | Sort-Object)
        $dates.Count | Should -Be 2
        ($dates[1] - $dates[0]).Days | Should -Be 400 -Because 'the interval between a patient''s studies is kept'
    }

    It 'writes the same bytes under the same names in two runs with one key' {
        foreach ($c in $wild.Values) {
            $a = $first[$c.Name].Out; $b = $second[$c.Name].Out
            if (-not (Test-Path -LiteralPath $a)) { continue }
            $filesA = @(Get-ChildItem -LiteralPath $a -Recurse -File | Where-Object { $_.FullName -notmatch '[\\/]\.dicomanon-state[\\/]' })
            foreach ($f in $filesA) {
                $rel = [System.IO.Path]::GetRelativePath($a, $f.FullName)
                $other = Join-Path $b $rel
                Test-Path -LiteralPath $other | Should -BeTrue -Because "$($c.Name): the second run names its output alike"
                (Get-FileHash -LiteralPath $f.FullName).Hash | Should -Be (Get-FileHash -LiteralPath $other).Hash -Because "$($c.Name): same key, same bytes"
            }
        }
    }

    It 'Test-DicomDeidentified finds a transliterated or glued name planted in a folder name' {
        foreach ($plant in @(@{ Case = 'w15-transliterated-path'; Label = 'transliterated family'; Prefix = '' }, @{ Case = 'w25-glued-names-short-years'; Label = 'family'; Prefix = 'Dr' })) {
            $c = $wild[$plant.Case]
            $text = ($c.Markers | Where-Object Label -EQ $plant.Label).Text
            $output = Get-ChildItem -LiteralPath $first[$c.Name].Out -Recurse -File -Filter *.dcm | Select-Object -First 1
            $folder = Join-Path $TestDrive ('planted-' + $plant.Case + '/' + $plant.Prefix + $text.ToUpperInvariant())
            $null = New-Item -ItemType Directory -Path $folder -Force
            Copy-Item -LiteralPath $output.FullName -Destination $folder
            $findings = @(Test-DicomDeidentified -Path (Split-Path $folder) -Recurse -SourcePath $c.Root -KeyFile $keyFile)
            @($findings | Where-Object { $_.Location -eq 'path' -and $_.Kind -eq 'SourcePatientName' }).Count | Should -Be 1 -Because "$($plant.Case): the planted folder name is found"
        }
    }

    It 'Test-DicomDeidentified finds no source identifier in the outputs' {
        $findings = @(foreach ($c in $wild.Values) {
                if (Test-Path -LiteralPath $first[$c.Name].Out) {
                    Test-DicomDeidentified -Path $first[$c.Name].Out -Recurse -SourcePath $c.Root -KeyFile $keyFile | Where-Object Kind -Like 'Source*'
                }
            })
        $findings.Count | Should -Be 0 -Because (($findings | ForEach-Object { "$($_.Kind) at $($_.Location)" } | Sort-Object -Unique) -join '; ')
    }
}

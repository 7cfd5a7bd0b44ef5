# Red team for issue 8 ("No identifier survives"): a corpus with unique markers per leak class
# (tests/RedTeam/RedTeamCorpus.ps1), de-identified as a user types it, and every output byte and output path
# component searched for the markers. Failures name the case, the marker's label and the encoding, never a value.
BeforeDiscovery {
    $cases = @(
        'c01-pacs-layout', 'c02-accession-date-folders', 'c03-two-letter-name-parts', 'c04-cjk-name', 'c05-nfd-accents',
        'c06-presentation-state-in-named-folder', 'c07-safe-private', 'c08-dummy-sequences', 'c09-uids-under-standard-root',
        'c10-file-meta-command-encrypted', 'c11-echoes-outside-the-table', 'c12-clean-option-text'
    ) | ForEach-Object { @{ CaseName = $_ } }
    $optionSets = @(
        @{ Label = 'the defaults'; Options = @(); Cases = $cases }
        @{ Label = 'RetainSafePrivate'; Options = @('RetainSafePrivate'); Cases = $cases }
        @{ Label = 'all Clean options'; Options = @('CleanDescriptors', 'CleanStructuredContent', 'CleanGraphics'); Cases = $cases }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot '../RedTeam/RedTeamCorpus.ps1')
    $keyFile = Join-Path $TestDrive 'redteam.key'
    $null = New-DicomAnonymizationKey -Path $keyFile
    $corpus = @{}
    foreach ($c in New-RedTeamCorpus -Root (Join-Path $TestDrive 'in')) { $corpus[$c.Name] = $c }
}

Describe 'Red-team corpus' {
    It 'has one case per leak class, each with its files and markers' {
        $corpus.Count | Should -Be 12
        foreach ($c in $corpus.Values) {
            @(Get-ChildItem -LiteralPath $c.Root -Recurse -File).Count | Should -Be $c.Files.Count
            $c.Markers.Count | Should -BeGreaterThan 20
        }
    }

    It 'the checker finds every class of marker in the inputs themselves' {
        # The checker must be able to fail: run on the untouched inputs, every case leaks.
        foreach ($c in $corpus.Values) {
            $leaks = @(Find-RedTeamLeak -OutputRoot $c.Root -Case $c)
            $leaks.Count | Should -BeGreaterThan 0 -Because "$($c.Name) inputs carry markers"
            $leaks.Marker | Should -Contain 'patient id' -Because "$($c.Name) inputs carry the patient id"
        }
        $cjk = $corpus['c04-cjk-name']
        (Find-RedTeamLeak -OutputRoot $cjk.Root -Case $cjk | Where-Object Marker -EQ 'ideographic family name').Where | Should -Contain 'path'
        $nfd = $corpus['c05-nfd-accents']
        (Find-RedTeamLeak -OutputRoot $nfd.Root -Case $nfd | Where-Object Marker -EQ 'accented family name').Where | Should -Contain 'path'
        $short = $corpus['c03-two-letter-name-parts']
        (Find-RedTeamLeak -OutputRoot $short.Root -Case $short).Marker | Should -Contain 'two-letter family name'
    }
}

Describe 'Invoke-DicomAnonymize with <Label> leaves no marker of the red-team corpus' -ForEach $optionSets {
    BeforeAll {
        $runs = @{}
        foreach ($c in $corpus.Values) {
            $out = Join-Path $TestDrive ("out-" + ($Label -replace '\W', '') + "/" + $c.Name)
            $splat = @{ LiteralPath = $c.Root; Recurse = $true; Destination = $out; KeyFile = $keyFile; ErrorAction = 'SilentlyContinue'; ErrorVariable = 'errs'; WarningAction = 'SilentlyContinue' }
            if ($Options.Count -gt 0) { $splat.Option = $Options }
            $results = @(Invoke-DicomAnonymize @splat)
            $runs[$c.Name] = [pscustomobject]@{ Out = $out; Results = $results; Errors = @($errs) }
        }
    }

    It '<CaseName>: every input is written' -ForEach $Cases {
        $run = $runs[$CaseName]
        $run.Errors.Count | Should -Be 0 -Because (($run.Errors | ForEach-Object { $_.FullyQualifiedErrorId }) -join ', ')
        @(Get-ChildItem -LiteralPath $run.Out -Recurse -File -ErrorAction SilentlyContinue).Count | Should -Be $corpus[$CaseName].Files.Count
    }

    It '<CaseName>: no marker in any output byte or path component' -ForEach $Cases {
        $run = $runs[$CaseName]
        Test-Path -LiteralPath $run.Out | Should -BeTrue
        $leaks = @(Find-RedTeamLeak -OutputRoot $run.Out -Case $corpus[$CaseName])
        $leaks.Count | Should -Be 0 -Because (($leaks | ForEach-Object { "$($_.Marker) in $($_.Where)" } | Sort-Object -Unique) -join '; ')
    }
}

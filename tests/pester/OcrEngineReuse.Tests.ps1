BeforeDiscovery {
    # -Skip is decided at discovery, before BeforeAll runs.
    $ocr = [bool] (Get-Command convert -ErrorAction SilentlyContinue) -and (Test-Path /usr/lib/x86_64-linux-gnu/libtesseract.so.5)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    function Get-EnginesStarted {
        # Tesseract engines started in this process (DicomAnon.Ocr's engine pool counts each TessBaseAPIInit2).
        $asm = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'DicomAnon.Ocr' } | Select-Object -First 1
        $asm.GetType('DicomAnon.Ocr.Native.EnginePool', $true).GetProperty('Started', [Reflection.BindingFlags]'Public,Static').GetValue($null)
    }
}

# Issue 10 (speed): starting a Tesseract engine costs ~125 ms of CPU, and a user who cleans file by file makes one
# call per file. Engines started by one call are reused by the next one in the same session.
Describe 'Remove-DicomBurnedText: OCR engines across calls' {
    It 'starts no Tesseract engine on a second call in the same session, and cleans the same' -Skip:(-not $ocr) {
        $text = New-TestDicomFile -Path (Join-Path $TestDrive 'in/us.dcm') -With @{ Rows = 200; Columns = 320; BurnedInText = 'DOE JANE 1965' }
        $first = Remove-DicomBurnedText -LiteralPath $text -Destination (Join-Path $TestDrive 'out1') -UseOcr -PassThru
        $started = Get-EnginesStarted
        $started | Should -BeGreaterThan 0

        $second = Remove-DicomBurnedText -LiteralPath $text -Destination (Join-Path $TestDrive 'out2') -UseOcr -PassThru

        Get-EnginesStarted | Should -Be $started -Because 'the engines of the first call are reused'
        $first.Status | Should -BeExactly 'Cleaned'
        $second.Status | Should -BeExactly 'Cleaned'
        $second.RegionsBlackedOut | Should -Be $first.RegionsBlackedOut
        (Get-PixelBytes $second.Path) | Should -Be (Get-PixelBytes $first.Path)
    }

    It 'reuses the engines in -PhiOnly and Invoke-DicomAnonymize -CleanPixelData calls too' -Skip:(-not $ocr) {
        $text = New-TestDicomFile -Path (Join-Path $TestDrive 'in2/us.dcm') -With @{ Rows = 200; Columns = 320; BurnedInText = 'DOE JANE 1965' }
        $null = Remove-DicomBurnedText -LiteralPath $text -Destination (Join-Path $TestDrive 'warm') -UseOcr
        $started = Get-EnginesStarted
        $key = Join-Path $TestDrive 'key.json'
        $null = New-DicomAnonymizationKey -Path $key

        $null = Remove-DicomBurnedText -LiteralPath $text -Destination (Join-Path $TestDrive 'phi') -PhiOnly -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $null = Invoke-DicomAnonymize -LiteralPath $text -Destination (Join-Path $TestDrive 'anon') -KeyFile $key -CleanPixelData -WarningAction SilentlyContinue

        Get-EnginesStarted | Should -Be $started
    }
}

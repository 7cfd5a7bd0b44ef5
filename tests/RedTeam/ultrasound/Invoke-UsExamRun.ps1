#Requires -Version 7
<#
.SYNOPSIS
    Runs the built DicomAnon module over the exam set, one file at a time, and records per-file wall and CPU time.
.DESCRIPTION
    Modes:
      alltext   Remove-DicomBurnedText -UseOcr
      phionly   Remove-DicomBurnedText -PhiOnly
      anon      Invoke-DicomAnonymize -CleanPixelData (key file made here), for the header/path scan
      anonphi   Invoke-DicomAnonymize, then Remove-DicomBurnedText -PhiOnly on the de-identified copy (README Example 3)
    A warm-up file (the first one, into a scratch folder) is processed before timing so that Tesseract load
    and JIT are not charged to the first exam file. Writes <Out>/run.csv (no patient values: path, status, ids).
#>
param(
    [Parameter(Mandatory)][ValidateSet('alltext', 'phionly', 'anon', 'anonphi')][string] $Mode,
    [switch] $Batch,
    [Parameter(Mandatory)][string] $InputDir,
    [Parameter(Mandatory)][string] $OutDir,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../../output/DicomAnon')
)
$ErrorActionPreference = 'Stop'
Import-Module (Resolve-Path $ModulePath).Path -Force
New-Item -ItemType Directory -Force -Path $OutDir | Out-Null
$files = Get-ChildItem -LiteralPath $InputDir -Filter 'us_*.dcm' | Sort-Object Name
$scratch = Join-Path ([IO.Path]::GetTempPath()) ("indep-warm-" + [guid]::NewGuid())
$key = Join-Path ([IO.Path]::GetTempPath()) ("indep-key-" + [guid]::NewGuid())
New-DicomAnonymizationKey -Path $key | Out-Null
$proc = [Diagnostics.Process]::GetCurrentProcess()

function Invoke-One([string] $src, [string] $dest) {
    $errs = $null
    $warns = $null
    $res = $null
    switch ($Mode) {
        'alltext' { $res = Remove-DicomBurnedText -LiteralPath $src -Destination $dest -UseOcr -PassThru -Force -ErrorAction SilentlyContinue -ErrorVariable errs -WarningAction SilentlyContinue -WarningVariable warns }
        'phionly' { $res = Remove-DicomBurnedText -LiteralPath $src -Destination $dest -PhiOnly -PassThru -Force -ErrorAction SilentlyContinue -ErrorVariable errs -WarningAction SilentlyContinue -WarningVariable warns }
        'anon' { $res = Invoke-DicomAnonymize -LiteralPath $src -Destination $dest -KeyFile $key -CleanPixelData -Force -ErrorAction SilentlyContinue -ErrorVariable errs -WarningAction SilentlyContinue -WarningVariable warns }
        'anonphi' {
            $stage = Join-Path ([IO.Path]::GetTempPath()) ('indep-stage-' + [guid]::NewGuid())
            $a = Invoke-DicomAnonymize -LiteralPath $src -Destination $stage -KeyFile $key -Force -ErrorAction SilentlyContinue -ErrorVariable errs -WarningAction SilentlyContinue -WarningVariable warns
            $res = $a | Remove-DicomBurnedText -Destination $dest -RelativeTo $stage -PhiOnly -PassThru -Force -ErrorAction SilentlyContinue -ErrorVariable +errs -WarningAction SilentlyContinue -WarningVariable +warns
            Remove-Item -LiteralPath $stage -Recurse -Force
        }
    }
    return @($res), @($errs), @($warns)
}

# warm-up
New-Item -ItemType Directory -Force -Path $scratch | Out-Null
$null = Invoke-One $files[0].FullName $scratch
Remove-Item -LiteralPath $scratch -Recurse -Force
# The module keeps Tesseract's readings by exact crop pixels for the session; without this the first exam file,
# which the warm-up just read, would be timed from that cache.
$ocrAssembly = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'DicomAnon.Ocr' }
$cacheType = if ($ocrAssembly) { $ocrAssembly.GetType('DicomAnon.Ocr.LineReadingCache') }
if ($cacheType) {
    $shared = $cacheType.GetProperty('Shared').GetValue($null)
    [void] $cacheType.GetMethod('Clear').Invoke($shared, $null)
}

$rows = foreach ($f in $files) {
    $dest = Join-Path $OutDir ($f.BaseName)
    New-Item -ItemType Directory -Force -Path $dest | Out-Null
    $cpu0 = $proc.TotalProcessorTime
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $res, $errs, $warnList = Invoke-One $f.FullName $dest
    $sw.Stop()
    $proc.Refresh()
    $cpu = ($proc.TotalProcessorTime - $cpu0).TotalMilliseconds
    $r = $res | Select-Object -Last 1
    $outFiles = @(Get-ChildItem -LiteralPath $dest -Recurse -File | ForEach-Object FullName)
    $row = [pscustomobject]@{
        File                = $f.Name
        WallMs              = [math]::Round($sw.Elapsed.TotalMilliseconds, 1)
        CpuMs               = [math]::Round($cpu, 1)
        Status              = if ($r -and $r.PSObject.Properties['Status']) { "$($r.Status)" } else { '' }
        PixelOutcome        = if ($r -and $r.PSObject.Properties['PixelOutcome']) { "$($r.PixelOutcome)" } else { '' }
        TextRemaining       = if ($r -and $r.PSObject.Properties['TextRemaining']) { (@($r.TextRemaining) | ForEach-Object { "$_" }) -join ';' } else { '' }
        RegionsBlackedOut   = if ($r -and $r.PSObject.Properties['RegionsBlackedOut']) { "$($r.RegionsBlackedOut)" } else { '' }
        BiaCleared          = if ($r -and $r.PSObject.Properties['BurnedInAnnotationCleared']) { "$($r.BurnedInAnnotationCleared)" } else { '' }
        RecheckBoxes        = (@($warnList) | ForEach-Object { [regex]::Matches("$_", 'frame (\d+) at x=(\d+), y=(\d+), (\d+)x(\d+)') } | ForEach-Object { '{0}:{1},{2},{3},{4}' -f $_.Groups[1].Value, $_.Groups[2].Value, $_.Groups[3].Value, $_.Groups[4].Value, $_.Groups[5].Value }) -join ';'
        ErrorIds            = (@($errs) | Where-Object { $_ } | ForEach-Object { $_.FullyQualifiedErrorId -replace ',.*$', '' }) -join ';'
        Outputs             = $outFiles -join '|'
    }
    Write-Host ("{0} {1} ms wall {2} ms cpu {3} {4}" -f $f.Name, [int]$sw.Elapsed.TotalMilliseconds, [int]$cpu, $row.Status, $row.ErrorIds)
    $row
}
$rows | Export-Csv -NoTypeInformation -Path (Join-Path $OutDir 'run.csv')
if ($Batch -and $Mode -in 'alltext', 'phionly') {
    # the same work as one command over the folder, as a user would type it
    $bdir = Join-Path $OutDir '_batch'
    $cpu0 = $proc.TotalProcessorTime
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $extra = if ($Mode -eq 'phionly') { @{ PhiOnly = $true } } else { @{ UseOcr = $true } }
    $null = Remove-DicomBurnedText -Path $InputDir -Destination $bdir -Force -ErrorAction SilentlyContinue -WarningAction SilentlyContinue @extra
    $sw.Stop(); $proc.Refresh()
    [pscustomobject]@{ WallMs = [math]::Round($sw.Elapsed.TotalMilliseconds, 1); CpuMs = [math]::Round(($proc.TotalProcessorTime - $cpu0).TotalMilliseconds, 1); Load = (Get-Content /proc/loadavg) } |
        Export-Csv -NoTypeInformation -Path (Join-Path $OutDir 'batch.csv')
    Remove-Item -LiteralPath $bdir -Recurse -Force
}
Remove-Item -LiteralPath $key -Force

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $cmd = 'New-DicomDirectory'
    $keyFile = Join-Path $TestDrive 'project.key'
    $null = New-DicomAnonymizationKey -Path $keyFile
    # A CD-like source: two patients, one with two series, named by the patients (as exports often are).
    $src = Join-Path $TestDrive 'src'
    $study1 = New-SampleDicomUid
    $series1 = New-SampleDicomUid
    $series2 = New-SampleDicomUid
    $markers = 'MARKERNAMEONE', 'MARKERID0001', 'MARKERNAMETWO', 'MARKERID0002', 'MARKERACC01'
    foreach ($i in 1..3) {
        $null = New-TestDicomFile -Path (Join-Path $src "MARKERNAMEONE/IM$i.dcm") -With @{
            PatientName = 'MARKERNAMEONE^JANE'; PatientID = 'MARKERID0001'; AccessionNumber = 'MARKERACC01'
            StudyInstanceUID = $study1; SeriesInstanceUID = ($i -le 2 ? $series1 : $series2) }
    }
    $null = New-TestDicomFile -Path (Join-Path $src 'MARKERNAMETWO/IM1.dcm') -With @{ PatientName = 'MARKERNAMETWO^JOHN'; PatientID = 'MARKERID0002'; Modality = 'MR' }
    $deid = Join-Path $TestDrive 'deid'
    $null = Invoke-DicomAnonymize -Path $src -Recurse -Destination $deid -KeyFile $keyFile
    $n = 0
    function New-Out { $script:n++; Join-Path $TestDrive "media$script:n" }
}

Describe 'New-DicomDirectory' {
    It 'writes a DICOMDIR that references every de-identified file under Part 10 File IDs' {
        $out = New-Out
        $r = New-DicomDirectory -Path $deid -Recurse -Destination $out -FileSetId 'TRIAL042'
        $r.Path | Should -BeExactly (Join-Path $out 'DICOMDIR')
        $r.Patients | Should -Be 2
        $r.Studies | Should -Be 2
        $r.Series | Should -Be 3
        $r.Instances | Should -Be 4
        $files = Get-ChildItem -LiteralPath $out -Recurse -File | Where-Object Name -NE 'DICOMDIR'
        $files | Should -HaveCount 4
        foreach ($f in $files) {
            $rel = [IO.Path]::GetRelativePath($out, $f.FullName) -split '[\\/]'
            $rel | ForEach-Object { $_ | Should -MatchExactly '^[A-Z0-9_]{1,8}$' }
        }
    }

    It 'is read by pydicom''s FileSet and accepted by dciodvfy' {
        $out = New-Out
        $r = New-DicomDirectory -Path $deid -Recurse -Destination $out
        $py = @'
import sys
from pydicom import dcmread
from pydicom.fileset import FileSet
fs = FileSet(dcmread(sys.argv[1]))
print(sum(1 for i in fs if i.load().SOPInstanceUID == i.ReferencedSOPInstanceUIDInFile))
'@
        $count = & /usr/bin/python3 -c $py $r.Path
        $LASTEXITCODE | Should -Be 0
        $count | Should -Be '4'
        $errors = & dciodvfy $r.Path 2>&1 | Where-Object { "$_" -like 'Error*' }
        $errors | Should -BeNullOrEmpty
    }

    It 'carries no original identifier in the DICOMDIR, the file names or the files' {
        $out = New-Out
        $null = New-DicomDirectory -Path $deid -Recurse -Destination $out
        foreach ($f in Get-ChildItem -LiteralPath $out -Recurse -File) {
            $bytes = [IO.File]::ReadAllBytes($f.FullName)
            $latin1 = [Text.Encoding]::Latin1.GetString($bytes)
            $utf16 = [Text.Encoding]::Unicode.GetString($bytes)
            foreach ($m in $markers) {
                $latin1.Contains($m) | Should -BeFalse -Because "$($f.Name) must not hold a source identifier"
                $utf16.Contains($m) | Should -BeFalse
                $f.FullName.Contains($m) | Should -BeFalse
            }
        }
    }

    It 'gives the same bytes on a second run' {
        $a = New-DicomDirectory -Path $deid -Recurse -Destination (New-Out)
        $b = New-DicomDirectory -Path $deid -Recurse -Destination (New-Out)
        (Get-FileHash -LiteralPath $a.Path).Hash | Should -Be (Get-FileHash -LiteralPath $b.Path).Hash
    }

    It 'refuses files that are not de-identified, and writes the rest' {
        $out = New-Out
        $mixed = Join-Path $TestDrive 'mixed'
        Copy-Item -LiteralPath $deid -Destination $mixed -Recurse
        Copy-Item -LiteralPath (Join-Path $src 'MARKERNAMETWO/IM1.dcm') -Destination (Join-Path $mixed 'raw.dcm')
        $r = New-DicomDirectory -Path $mixed -Recurse -Destination $out -ErrorAction SilentlyContinue -ErrorVariable err
        $r.Instances | Should -Be 4
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly (Get-FqId NotDeidentified $cmd)
        $err[0].TargetObject | Should -BeExactly (Join-Path $mixed 'raw.dcm')
        "$($err[0])" | Should -Not -Match 'MARKER'
    }

    It 'replaces nothing without -Force, and replaces with it' {
        $out = New-Out
        $null = New-DicomDirectory -Path $deid -Recurse -Destination $out
        { New-DicomDirectory -Path $deid -Recurse -Destination $out -ErrorAction Stop } | Should -Throw -ErrorId (Get-FqId DestinationExists $cmd)
        (New-DicomDirectory -Path $deid -Recurse -Destination $out -Force).Instances | Should -Be 4
    }

    It 'refuses a destination inside the source' {
        { New-DicomDirectory -Path $deid -Recurse -Destination (Join-Path $deid 'media') } | Should -Throw -ErrorId (Get-FqId DestinationInsideSource $cmd)
        Test-Path -LiteralPath (Join-Path $deid 'media') | Should -BeFalse
    }

    It 'skips a DICOMDIR among its inputs and writes nothing with -WhatIf' {
        $first = New-DicomDirectory -Path $deid -Recurse -Destination (New-Out)
        $out = New-Out
        $r = New-DicomDirectory -LiteralPath $first.Path, (Split-Path $first.Path) -Recurse -Destination $out -WhatIf
        $r | Should -BeNullOrEmpty
        Test-Path -LiteralPath $out | Should -BeFalse
    }
}

<#
.SYNOPSIS
    Compiles the platyPS-schema markdown in module/help/en-US to MAML (DicomAnon.dll-Help.xml).
.DESCRIPTION
    platyPS is not available offline, so build.ps1 uses this small compiler instead. Text (synopsis,
    description, examples, parameter descriptions, inputs, outputs, notes, links) comes from the markdown;
    syntax and parameter attributes (type, position, pipeline input, aliases, wildcards) come from the
    built module itself, so they can never drift from the code. A parameter without a description, or a
    markdown file for a cmdlet the module does not export, fails the build.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $MarkdownFolder,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutFile
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$module = Import-Module -Name $ModulePath -PassThru -Force
# -WhatIf and -Confirm (the optional common parameters) are listed like any other parameter, as Get-Help users expect.
$common = [System.Management.Automation.Cmdlet]::CommonParameters
$standardDescriptions = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}

function ConvertFrom-HelpMarkdown([string] $Text) {
    # Returns @{ Name; Online; Sections = @{ 'SYNOPSIS' = text; ... }; Examples = @(...); Parameters = @{} ; Inputs; Outputs }
    $doc = @{ Online = $null; Sections = @{}; Examples = [System.Collections.Generic.List[object]]::new(); Parameters = @{}; Defaults = @{}; Inputs = [System.Collections.Generic.List[object]]::new(); Outputs = [System.Collections.Generic.List[object]]::new(); Links = [System.Collections.Generic.List[object]]::new() }
    if ($Text -match '(?m)^online version:\s*(\S+)') { $doc.Online = $Matches[1] }
    $body = $Text -replace '(?s)^---.*?\r?\n---\r?\n', ''
    $section = $null; $sub = $null; $buffer = [System.Text.StringBuilder]::new()
    $flush = {
        $t = $buffer.ToString().Trim()
        $null = $buffer.Clear()
        if (-not $section) { return }
        switch ($section) {
            'EXAMPLES' {
                if ($sub) {
                    $code = ''; $remarks = $t
                    if ($t -match '(?s)^```\w*\r?\n(.*?)\r?\n```\s*(.*)$') { $code = $Matches[1]; $remarks = $Matches[2].Trim() }
                    $doc.Examples.Add([pscustomobject]@{ Title = $sub; Code = $code; Remarks = $remarks })
                }
            }
            'PARAMETERS' {
                if ($sub) {
                    # platyPS's yaml block may state a default the code cannot show (one applied by the engine).
                    if ($t -match '(?s)```yaml.*?(?m:^Default value:[ \t]*(.+?)[ \t]*$).*?```') { $doc.Defaults[$sub.TrimStart('-')] = $Matches[1] }
                    $doc.Parameters[$sub.TrimStart('-')] = ($t -replace '(?s)```yaml.*?```', '').Trim()
                }
            }
            'INPUTS' { if ($sub) { $doc.Inputs.Add([pscustomobject]@{ Type = $sub; Text = $t }) } }
            'OUTPUTS' { if ($sub) { $doc.Outputs.Add([pscustomobject]@{ Type = $sub; Text = $t }) } }
            'RELATED LINKS' {
                foreach ($m in [regex]::Matches($t, '\[([^\]]+)\]\(([^)]*)\)')) {
                    $doc.Links.Add([pscustomobject]@{ Text = $m.Groups[1].Value; Uri = $m.Groups[2].Value })
                }
            }
            default { if (-not $sub) { $doc.Sections[$section] = $t } }
        }
    }
    $inFence = $false
    foreach ($line in $body -split '\r?\n') {
        if ($line -match '^```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^# (\S+)') { $doc.Name = $Matches[1]; continue }
        if (-not $inFence -and $line -match '^## (.+)$') { & $flush; $section = $Matches[1].Trim().ToUpperInvariant(); $sub = $null; continue }
        if (-not $inFence -and $line -match '^### (.+)$') { & $flush; $sub = $Matches[1].Trim(); continue }
        $null = $buffer.AppendLine($line)
    }
    & $flush
    return $doc
}

function Add-Paragraphs([System.Xml.XmlWriter] $W, [string] $Text) {
    $paras = @(([string]$Text -split '(\r?\n){2,}') | Where-Object { $_.Trim() })
    if (-not $paras) { $paras = @('') }
    foreach ($p in $paras) {
        $W.WriteElementString('maml', 'para', $ns.maml, (($p -split '\r?\n' | ForEach-Object { $_.Trim() }) -join ' '))
    }
}

function Get-TypeName([type] $T) {
    if ($T -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    return $T.Name
}

function Get-DefaultText([type] $CmdletType, $Param, [hashtable] $Stated) {
    # The markdown's stated default, else the value a new instance of the cmdlet holds before binding, so the help
    # shows what the code really does (Layout Mirror, ThrottleLimit 1) and never drifts from it.
    if ($Stated.ContainsKey($Param.Name)) { return $Stated[$Param.Name] }
    if ($Param.ParameterType -eq [System.Management.Automation.SwitchParameter]) { return 'False' }
    $property = $CmdletType.GetProperty($Param.Name)
    if (-not $property) { return 'None' }
    $value = $property.GetValue([Activator]::CreateInstance($CmdletType))
    if ($null -eq $value -or ($value -is [string] -and $value -eq '')) { return 'None' }
    if ($value -is [System.Collections.IEnumerable] -and $value -isnot [string]) {
        $items = @($value | ForEach-Object { [string] $_ })
        if ($items.Count -eq 0) { return 'None' }
        return $items -join ', '
    }
    return [System.Convert]::ToString($value, [cultureinfo]::InvariantCulture)
}

function Write-Parameter([System.Xml.XmlWriter] $W, $Param, $SetParam, [string] $Description, [string] $Default) {
    $attr = $SetParam
    $pipeline = @()
    if ($attr.ValueFromPipeline) { $pipeline += 'ByValue' }
    if ($attr.ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
    $pipeText = if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }
    $globbing = [bool]($Param.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    $isSwitch = $Param.ParameterType -eq [System.Management.Automation.SwitchParameter]
    $W.WriteStartElement('command', 'parameter', $ns.command)
    $W.WriteAttributeString('required', $attr.IsMandatory.ToString().ToLowerInvariant())
    $W.WriteAttributeString('variableLength', 'true')
    $W.WriteAttributeString('globbing', $globbing.ToString().ToLowerInvariant())
    $W.WriteAttributeString('pipelineInput', $pipeText)
    $W.WriteAttributeString('position', $(if ($attr.Position -ge 0) { [string] $attr.Position } else { 'named' }))
    $W.WriteAttributeString('aliases', $(if ($Param.Aliases.Count) { $Param.Aliases -join ', ' } else { 'none' }))
    $W.WriteElementString('maml', 'name', $ns.maml, $Param.Name)
    $W.WriteStartElement('maml', 'description', $ns.maml); Add-Paragraphs $W $Description; $W.WriteEndElement()
    if (-not $isSwitch) {
        $W.WriteStartElement('command', 'parameterValue', $ns.command)
        $W.WriteAttributeString('required', 'true'); $W.WriteAttributeString('variableLength', 'false')
        $W.WriteString((Get-TypeName $Param.ParameterType)); $W.WriteEndElement()
    }
    $W.WriteStartElement('dev', 'type', $ns.dev)
    $W.WriteElementString('maml', 'name', $ns.maml, (Get-TypeName $Param.ParameterType))
    $W.WriteElementString('maml', 'uri', $ns.maml, '')
    $W.WriteEndElement()
    $W.WriteElementString('dev', 'defaultValue', $ns.dev, $Default)
    $W.WriteEndElement()
}

$ns = @{
    msh     = 'http://msh'
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

$problems = [System.Collections.Generic.List[string]]::new()
$docs = @{}
foreach ($md in Get-ChildItem -LiteralPath $MarkdownFolder -Filter '*.md' | Sort-Object Name) {
    $doc = ConvertFrom-HelpMarkdown (Get-Content -LiteralPath $md.FullName -Raw)
    $docs[$doc.Name] = $doc
}

$commands = @(Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)
foreach ($c in $commands) {
    if (-not $docs.ContainsKey($c.Name)) { $problems.Add("$($c.Name) has no help markdown.") }
}
foreach ($n in $docs.Keys) {
    if (-not ($commands.Name -contains $n)) { $problems.Add("$n.md documents a cmdlet the module does not export.") }
}

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$null = New-Item -ItemType Directory -Path (Split-Path -Parent $OutFile) -Force
$w = [System.Xml.XmlWriter]::Create($OutFile, $settings)
try {
    $w.WriteStartDocument()
    $w.WriteStartElement('helpItems', $ns.msh)
    $w.WriteAttributeString('schema', 'maml')
    foreach ($c in $commands) {
        if (-not $docs.ContainsKey($c.Name)) { continue }
        $doc = $docs[$c.Name]
        foreach ($s in 'SYNOPSIS', 'DESCRIPTION') {
            if (-not $doc.Sections[$s]) { $problems.Add("$($c.Name): the $s section is empty.") }
        }
        if ($doc.Examples.Count -eq 0) { $problems.Add("$($c.Name): no example.") }

        $w.WriteStartElement('command', 'command', $ns.command)
        $w.WriteAttributeString('xmlns', 'maml', $null, $ns.maml)
        $w.WriteAttributeString('xmlns', 'dev', $null, $ns.dev)
        $w.WriteStartElement('command', 'details', $ns.command)
        $w.WriteElementString('command', 'name', $ns.command, $c.Name)
        $w.WriteElementString('command', 'verb', $ns.command, $c.Verb)
        $w.WriteElementString('command', 'noun', $ns.command, $c.Noun)
        $w.WriteStartElement('maml', 'description', $ns.maml); Add-Paragraphs $w $doc.Sections['SYNOPSIS']; $w.WriteEndElement()
        $w.WriteEndElement()
        $w.WriteStartElement('maml', 'description', $ns.maml); Add-Paragraphs $w $doc.Sections['DESCRIPTION']; $w.WriteEndElement()

        $params = $c.Parameters.Values | Where-Object { $common -notcontains $_.Name }
        foreach ($p in $params) {
            if (-not $doc.Parameters[$p.Name] -and $standardDescriptions.ContainsKey($p.Name)) { $doc.Parameters[$p.Name] = $standardDescriptions[$p.Name] }
            if (-not $doc.Parameters[$p.Name]) { $problems.Add("$($c.Name): parameter -$($p.Name) has no description.") }
        }
        $defaults = @{}
        foreach ($p in $params) { $defaults[$p.Name] = Get-DefaultText $c.ImplementingType $p $doc.Defaults }

        $w.WriteStartElement('command', 'syntax', $ns.command)
        foreach ($set in $c.ParameterSets) {
            $w.WriteStartElement('command', 'syntaxItem', $ns.command)
            $w.WriteElementString('maml', 'name', $ns.maml, $c.Name)
            foreach ($sp in $set.Parameters | Where-Object { $common -notcontains $_.Name }) {
                $p = $c.Parameters[$sp.Name]
                Write-Parameter $w $p $sp ([string] $doc.Parameters[$p.Name]) $defaults[$p.Name]
            }
            $w.WriteEndElement()
        }
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'parameters', $ns.command)
        foreach ($p in $params | Sort-Object Name) {
            $first = $p.ParameterSets.Values | Select-Object -First 1
            $sp = [pscustomobject]@{
                IsMandatory                     = [bool]($p.ParameterSets.Values | Where-Object IsMandatory)
                Position                        = $first.Position
                ValueFromPipeline               = [bool]($p.ParameterSets.Values | Where-Object ValueFromPipeline)
                ValueFromPipelineByPropertyName = [bool]($p.ParameterSets.Values | Where-Object ValueFromPipelineByPropertyName)
            }
            Write-Parameter $w $p $sp ([string] $doc.Parameters[$p.Name]) $defaults[$p.Name]
        }
        $w.WriteEndElement()

        foreach ($kind in @(@('inputTypes', 'inputType', $doc.Inputs), @('returnValues', 'returnValue', $doc.Outputs))) {
            $w.WriteStartElement('command', $kind[0], $ns.command)
            foreach ($item in $kind[2]) {
                $w.WriteStartElement('command', $kind[1], $ns.command)
                $w.WriteStartElement('dev', 'type', $ns.dev); $w.WriteElementString('maml', 'name', $ns.maml, $item.Type); $w.WriteEndElement()
                $w.WriteStartElement('maml', 'description', $ns.maml); Add-Paragraphs $w $item.Text; $w.WriteEndElement()
                $w.WriteEndElement()
            }
            $w.WriteEndElement()
        }

        $w.WriteStartElement('maml', 'alertSet', $ns.maml)
        $w.WriteStartElement('maml', 'alert', $ns.maml); Add-Paragraphs $w ([string] $doc.Sections['NOTES']); $w.WriteEndElement()
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'examples', $ns.command)
        foreach ($e in $doc.Examples) {
            $w.WriteStartElement('command', 'example', $ns.command)
            $w.WriteElementString('maml', 'title', $ns.maml, "-------------------------- $($e.Title) --------------------------")
            $w.WriteElementString('dev', 'code', $ns.dev, $e.Code)
            $w.WriteStartElement('dev', 'remarks', $ns.dev); Add-Paragraphs $w $e.Remarks; $w.WriteEndElement()
            $w.WriteEndElement()
        }
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'relatedLinks', $ns.command)
        if ($doc.Online) {
            $w.WriteStartElement('maml', 'navigationLink', $ns.maml)
            $w.WriteElementString('maml', 'linkText', $ns.maml, 'Online Version:')
            $w.WriteElementString('maml', 'uri', $ns.maml, $doc.Online)
            $w.WriteEndElement()
        }
        foreach ($l in $doc.Links) {
            $w.WriteStartElement('maml', 'navigationLink', $ns.maml)
            $w.WriteElementString('maml', 'linkText', $ns.maml, $l.Text)
            $w.WriteElementString('maml', 'uri', $ns.maml, $l.Uri)
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.WriteEndDocument()
}
finally {
    $w.Dispose()
}

if ($problems.Count) {
    $problems | ForEach-Object { Write-Host "help: $_" -ForegroundColor Red }
    exit 1
}
Write-Host "Compiled help for $($commands.Count) cmdlets into $OutFile"

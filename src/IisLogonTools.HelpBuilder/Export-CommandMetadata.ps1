#Requires -Version 7.0
<#
.SYNOPSIS
    Writes meta.json (schemaVersion 1, see README.md) for every cmdlet a module exports.
.DESCRIPTION
    Run it in a fresh pwsh so that the module under test is the only copy loaded:
        dotnet pwsh -NoProfile -File Export-CommandMetadata.ps1 -ModulePath <psd1 or folder> -OutFile meta.json
    Common and optional-common parameters are left out, except WhatIf and Confirm.
    Output is sorted (commands, parameter sets and parameters by name) and written as UTF-8 without BOM with LF.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutFile
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$module = Import-Module -Name $ModulePath -PassThru -Force -DisableNameChecking
if ($module -is [array]) { $module = $module | Where-Object { $_.ExportedCmdlets.Count -gt 0 } | Select-Object -First 1 }

$excluded = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::OrdinalIgnoreCase)
foreach ($n in [System.Management.Automation.PSCmdlet]::CommonParameters) { [void]$excluded.Add($n) }
foreach ($n in [System.Management.Automation.PSCmdlet]::OptionalCommonParameters) { [void]$excluded.Add($n) }
[void]$excluded.Remove('WhatIf')
[void]$excluded.Remove('Confirm')

function Get-ElementType([type] $Type) {
    $t = $Type
    if ($t.IsArray) { $t = $t.GetElementType() }
    $underlying = [System.Nullable]::GetUnderlyingType($t)
    if ($underlying) { $t = $underlying }
    return $t
}

function Get-TypeFullName([type] $Type) {
    # ToString gives 'System.String[]' and readable generic names (FullName adds assembly names to generic arguments).
    return $Type.ToString()
}

function Get-AcceptedValues($Parameter) {
    $set = $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
    if ($set) { return [string[]]@($set.ValidValues) }
    $element = Get-ElementType $Parameter.ParameterType
    if ($element.IsEnum) { return [string[]]@([System.Enum]::GetNames($element)) }
    return [string[]]@()
}

$commands = foreach ($cmd in @(Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)) {
    $sets = @($cmd.ParameterSets | ForEach-Object Name | Sort-Object -CaseSensitive)
    $default = @($cmd.ParameterSets | Where-Object IsDefault | ForEach-Object Name | Select-Object -First 1)
    if ($default.Count -eq 0 -and $sets.Count -eq 1) { $default = $sets }
    $parameters = foreach ($p in @($cmd.Parameters.Values | Where-Object { -not $excluded.Contains($_.Name) } | Sort-Object Name)) {
        $bindings = foreach ($setName in @($p.ParameterSets.Keys | Sort-Object -CaseSensitive)) {
            $b = $p.ParameterSets[$setName]
            [ordered]@{
                name                            = $setName
                isMandatory                     = [bool]$b.IsMandatory
                position                        = if ($b.Position -eq [int]::MinValue) { $null } else { [int]$b.Position }
                valueFromPipeline               = [bool]$b.ValueFromPipeline
                valueFromPipelineByPropertyName = [bool]$b.ValueFromPipelineByPropertyName
            }
        }
        [ordered]@{
            name              = $p.Name
            type              = Get-TypeFullName $p.ParameterType
            typeName          = $p.ParameterType.Name
            isSwitch          = [bool]$p.SwitchParameter
            aliases           = [string[]]@($p.Aliases | Sort-Object)
            acceptedValues    = @(Get-AcceptedValues $p)
            supportsWildcards = [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
            parameterSets     = @($bindings)
        }
    }
    [ordered]@{
        name                = $cmd.Name
        verb                = $cmd.Verb
        noun                = $cmd.Noun
        defaultParameterSet = if ($default.Count -gt 0) { $default[0] } else { $null }
        parameterSets       = [string[]]$sets
        outputTypes         = [string[]]@($cmd.OutputType | ForEach-Object Name | Sort-Object -Unique)
        parameters          = @($parameters)
    }
}

$document = [ordered]@{
    schemaVersion = 1
    module        = $module.Name
    commands      = @($commands)
}

$json = ($document | ConvertTo-Json -Depth 10) -replace "`r`n", "`n"
$full = [System.IO.Path]::GetFullPath($OutFile, (Get-Location).ProviderPath)
$dir = [System.IO.Path]::GetDirectoryName($full)
if ($dir) { [void][System.IO.Directory]::CreateDirectory($dir) }
[System.IO.File]::WriteAllText($full, $json + "`n", [System.Text.UTF8Encoding]::new($false))
Write-Verbose "Wrote $full ($(@($commands).Count) cmdlets)"

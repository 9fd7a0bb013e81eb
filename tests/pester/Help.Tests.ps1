<#
    Checks the shipped help of the built IisLogonTools module with the real Get-Help.

    IISLT_MODULE must point at the built module: <root>/IisLogonTools (what build.ps1 sets) or the version folder
    holding IisLogonTools.psd1, with en-US/ beside the manifest. Runs on PowerShell 7 and Windows PowerShell 5.1.
    Run with Pester 6:

        $env:IISLT_MODULE = '<root>/IisLogonTools/<version>'
        Import-Module ~/.nuget/packages/pester/6.2.0/tools/Pester.psd1
        Invoke-Pester -Path tests/pester/Help.Tests.ps1 -Output Detailed
#>

BeforeDiscovery {
    $manifest = if ($env:IISLT_MODULE) { Get-ChildItem -LiteralPath $env:IISLT_MODULE -Recurse -Filter 'IisLogonTools.psd1' | Select-Object -First 1 }
    if (-not $manifest) {
        throw "Set IISLT_MODULE to the built module folder (got '$($env:IISLT_MODULE)')."
    }

    Import-Module $manifest.FullName -Force
    $ignored = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::OrdinalIgnoreCase)
    foreach ($n in [System.Management.Automation.PSCmdlet]::CommonParameters) { [void]$ignored.Add($n) }
    foreach ($n in [System.Management.Automation.PSCmdlet]::OptionalCommonParameters) { [void]$ignored.Add($n) }
    [void]$ignored.Remove('WhatIf')
    [void]$ignored.Remove('Confirm')

    $commandCases = @(Get-Command -Module IisLogonTools -CommandType Cmdlet | Sort-Object Name | ForEach-Object { @{ Name = $_.Name } })
    $parameterCases = @(foreach ($c in Get-Command -Module IisLogonTools -CommandType Cmdlet | Sort-Object Name) {
            foreach ($p in $c.Parameters.Keys | Sort-Object) {
                if (-not $ignored.Contains($p)) { @{ Command = $c.Name; Parameter = $p } }
            }
        })
}

BeforeAll {
    Import-Module (Get-ChildItem -LiteralPath $env:IISLT_MODULE -Recurse -Filter 'IisLogonTools.psd1' | Select-Object -First 1).FullName -Force

    function Get-HelpText($Value) {
        # maml:para lists come back as objects with a Text property; join them into one string.
        (@($Value) | ForEach-Object { if ($_ -is [string]) { $_ } else { $_.Text } }) -join "`n"
    }
}

Describe 'IisLogonTools exports cmdlets' {
    It 'has at least one cmdlet to check' {
        (Get-Command -Module IisLogonTools -CommandType Cmdlet).Count | Should -BeGreaterThan 0
    }
}

if ($commandCases.Count -gt 0) {
    Describe 'Help for <Name>' -ForEach $commandCases {
        BeforeAll {
            $full = Get-Help -Name $Name -Full
        }

        It 'has a real synopsis, not the syntax fallback' {
            $synopsis = "$($full.Synopsis)".Trim()
            $synopsis | Should -Not -BeNullOrEmpty
            $synopsis | Should -Not -BeLike "$Name*"
        }

        It 'has a description' {
            Get-HelpText $full.description | Should -Not -BeNullOrEmpty
        }

        It 'has at least 2 examples' {
            $examples = @((Get-Help -Name $Name -Examples).examples.example)
            $examples.Count | Should -BeGreaterOrEqual 2
            foreach ($e in $examples) { "$($e.code)".Trim() | Should -Not -BeNullOrEmpty }
        }

        It 'lists inputs' {
            @($full.inputTypes.inputType).Count | Should -BeGreaterThan 0
            "$(@($full.inputTypes.inputType)[0].type.name)".Trim() | Should -Not -BeNullOrEmpty
        }

        It 'lists outputs' {
            @($full.returnValues.returnValue).Count | Should -BeGreaterThan 0
            "$(@($full.returnValues.returnValue)[0].type.name)".Trim() | Should -Not -BeNullOrEmpty
        }

        It 'has notes' {
            Get-HelpText $full.alertSet.alert | Should -Not -BeNullOrEmpty
        }

        It 'has related links' {
            $links = @($full.relatedLinks.navigationLink | Where-Object { "$($_.linkText)$($_.uri)".Trim() })
            $links.Count | Should -BeGreaterThan 0
        }
    }
}

if ($parameterCases.Count -gt 0) {
    Describe 'Parameter help' -ForEach $parameterCases {
        It '<Command> -<Parameter> has a description' {
            $help = Get-Help -Name $Command -Parameter $Parameter -ErrorAction SilentlyContinue
            $help | Should -Not -BeNullOrEmpty -Because "-$Parameter should be in the MAML"
            Get-HelpText $help.description | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'about_IisLogonTools' {
    It 'is found by Get-Help in a fresh pwsh without importing the module' {
        $moduleDir = (Resolve-Path -LiteralPath $env:IISLT_MODULE).ProviderPath.TrimEnd([System.IO.Path]::DirectorySeparatorChar)
        $leaf = Split-Path -Leaf $moduleDir
        # <root>/IisLogonTools/<version>/IisLogonTools.psd1 or <root>/IisLogonTools/IisLogonTools.psd1
        $root = if ($leaf -as [version]) { Split-Path (Split-Path $moduleDir) } else { Split-Path $moduleDir }

        # Start the same PowerShell that runs these tests (pwsh, or 'dotnet pwsh.dll' for the .NET tool).
        $exe = (Get-Process -Id $PID).Path
        $prefix = @()
        if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $prefix = @([Environment]::GetCommandLineArgs()[0]) }
        $script = @'
if (Get-Module IisLogonTools) { 'IMPORTED' }
$text = Get-Help about_IisLogonTools | Out-String
'LISTED:' + (@(Get-Help about_IisLogon* | Where-Object Name -eq 'about_IisLogonTools').Count)
$text
'@
        $savedPath = $env:PSModulePath
        try {
            $env:PSModulePath = $root + [System.IO.Path]::PathSeparator + $env:PSModulePath
            $out = (& $exe @prefix -NoProfile -NonInteractive -Command $script) -join "`n"
        }
        finally {
            $env:PSModulePath = $savedPath
        }

        $out | Should -Not -Match 'IMPORTED'
        $out | Should -Match 'LISTED:1'
        $out | Should -Match '(?m)^TOPIC'
        $out | Should -Match '(?mi)^\s+about_iislogontools'
        $out | Should -Match '(?m)^SHORT DESCRIPTION'
        $out | Should -Match '(?m)^LONG DESCRIPTION'
    }
}

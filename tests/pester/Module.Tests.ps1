BeforeAll {
    $ModuleFolder = $env:IISLT_MODULE
    $Manifest = Get-ChildItem $ModuleFolder -Recurse -Filter 'IisLogonTools.psd1' | Select-Object -First 1
    function Invoke-ChildPwsh([string] $Command, [hashtable] $Environment = @{}) {
        # A fresh process: a binary module cannot be unloaded, and the Win32 libraries are found at start-up.
        $hostPath = (Get-Process -Id $PID).Path
        [string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($hostPath) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
        $saved = @{}
        foreach ($k in $Environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $Environment[$k]) }
        try {
            $output = & $hostPath @prefix -NoLogo -NoProfile -NonInteractive -Command $Command 2>&1
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
        } finally {
            foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
        }
    }
}

Describe 'The built module' {
    It 'passes Test-ModuleManifest and is Desktop and Core compatible' {
        $m = Test-ModuleManifest $Manifest.FullName
        $m.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $m.PowerShellVersion | Should -Be '5.1'
        $m.PrivateData.PSData.ReleaseNotes | Should -Match 'CHANGELOG.md'
    }

    It 'exports exactly the cmdlets the manifest lists' {
        $declared = (Import-PowerShellDataFile $Manifest.FullName).CmdletsToExport | Sort-Object
        Import-Module $ModuleFolder -Force
        $actual = Get-Command -Module IisLogonTools | ForEach-Object Name | Sort-Object
        $actual | Should -Be $declared
    }

    It 'ships the manifest, the DLL, the format file and the licence, and no emulator' {
        $base = $Manifest.DirectoryName
        Join-Path $base 'bin/IisLogonTools.dll' | Should -Exist
        Join-Path $base 'IisLogonTools.Format.ps1xml' | Should -Exist
        Join-Path $base 'LICENSE' | Should -Exist
        Get-ChildItem $base -Recurse -Filter '*.so' | Should -BeNullOrEmpty
        Get-ChildItem $base -Recurse -Filter 'System.Management.Automation.dll' | Should -BeNullOrEmpty
    }

    It 'carries the manifest version in the assembly' {
        $version = (Import-PowerShellDataFile $Manifest.FullName).ModuleVersion
        $asm = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $Manifest.DirectoryName 'bin/IisLogonTools.dll'))
        $asm.Version.ToString(3) | Should -Be $version
    }

    It 'every approved verb' {
        $approved = (Get-Verb).Verb
        Get-Command -Module IisLogonTools | ForEach-Object { $_.Verb | Should -BeIn $approved }
    }

    It 'every change cmdlet supports ShouldProcess' {
        foreach ($c in Get-Command -Module IisLogonTools | Where-Object Verb -in 'Grant', 'Revoke') {
            $c.Parameters.Keys | Should -Contain 'WhatIf'
            $c.Parameters.Keys | Should -Contain 'Confirm'
        }
    }
}

Describe 'Without the Windows libraries' -Tag LinuxOnly {
    It '<Command> fails with one terminating WindowsRequired error' -ForEach @(
        @{ Command = 'Get-LogonRight' }
        @{ Command = "Get-LogonLocallyRight -Identity 'CONTOSO\alice'" }
        @{ Command = "Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Network" }
        @{ Command = "Grant-LogonLocallyRight -Identity 'CONTOSO\alice'" }
        @{ Command = "Revoke-LogonRight -Identity 'CONTOSO\alice' -LogonType Batch -Confirm:`$false" }
        @{ Command = "Revoke-LogonLocallyRight -Identity 'CONTOSO\alice' -Confirm:`$false" }
        @{ Command = "Test-IisLogon -Credential ([pscredential]::new('alice', (ConvertTo-SecureString 'x' -AsPlainText -Force)))" }
    ) {
        $script = @"
Import-Module '$ModuleFolder'
try { $Command -ErrorAction Continue; 'NO-ERROR' }
catch { "ID=`$(`$_.FullyQualifiedErrorId)"; "CAT=`$(`$_.CategoryInfo.Category)"; "MSG=`$(`$_.Exception.Message)" }
"@
        $r = Invoke-ChildPwsh $script @{ LD_LIBRARY_PATH = $null }
        $r.Output | Should -Match 'ID=WindowsRequired,IisLogonTools.Commands.'
        $r.Output | Should -Match 'CAT=NotImplemented'
        $r.Output | Should -Match 'MSG=IisLogonTools needs Windows'
        $r.Output | Should -Not -Match 'NO-ERROR'
    }
}

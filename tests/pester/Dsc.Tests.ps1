# The LogonRight DSC resource (IisLogonToolsDsc), driven as a class against the emulator. PSDesiredStateConfiguration
# is not needed for this: [DscResource()]/[DscProperty()] are in System.Management.Automation, and a resource is a
# class whose Test/Set/Get the engines call. Invoke-DscResource and the 5.1 LCM are covered in tests/fleet on Windows.
# Expected values come from the scenario (TestHelpers.psm1) and the emulator's stored state, not from the module.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:IISLT_MODULE -Force
    # build.ps1 sets IISLT_DSC_MODULE; otherwise the DSC module is built beside the main one (out/IisLogonToolsDsc).
    $script:DscFolder = $env:IISLT_DSC_MODULE
    if (-not $DscFolder) { $script:DscFolder = Join-Path (Split-Path $env:IISLT_MODULE) 'IisLogonToolsDsc' }
    $script:DscManifest = (Get-ChildItem -LiteralPath $DscFolder -Recurse -Filter 'IisLogonToolsDsc.psd1' | Select-Object -First 1).FullName
    $script:Dsc = Import-Module $DscManifest -PassThru -Force

    function New-LogonRightResource {
        param([Parameter(Mandatory)][hashtable] $Property)
        # The class lives in the module's scope, as the DSC engines see it.
        & $script:Dsc {
            param($p)
            $r = [LogonRight]::new()
            foreach ($k in $p.Keys) { $r.$k = $p[$k] }
            $r
        } $Property
    }

    function Get-LsaWriteCount {
        (Get-EmulatorCallCount LsaAddAccountRights) + (Get-EmulatorCallCount LsaRemoveAccountRights)
    }

    $script:AliceSid = 'S-1-5-21-1000-2000-3000-1105'
    $script:DaveSid = 'S-1-5-21-1000-2000-3000-1107'
}

Describe 'IisLogonToolsDsc module' -Tag Emulator {
    It 'defines LogonRight as a class DSC resource and exports no command' {
        $type = & $Dsc { [LogonRight] }
        $type.GetCustomAttributes([System.Management.Automation.DscResourceAttribute], $false).Count | Should -Be 1
        @(Get-Command -Module IisLogonToolsDsc).Count | Should -Be 0
        $Dsc.Version | Should -Be (Get-Module IisLogonTools).Version
    }

    It 'has only CIM types in its schema: string and boolean properties, enums as value maps, NotConfigurable as read' {
        # The MOF schema the DSC engines derive from the class (the same generator Get-DscResource and the 5.1
        # configuration compiler use; an internal method, reached by reflection because it has no public surface).
        $cache = [psobject].Assembly.GetType('Microsoft.PowerShell.DesiredStateConfiguration.Internal.DscClassCache')
        $generate = $cache.GetMethods([Reflection.BindingFlags]'NonPublic,Public,Static') |
            Where-Object { $_.Name -eq 'GenerateMofForType' -and $_.GetParameters().Count -eq 1 }
        $mof = $generate.Invoke($null, @(& $Dsc { [LogonRight] }))
        $lines = @($mof -split "`n" | ForEach-Object Trim | Where-Object { $_ -match ';$' -and $_ -ne '};' })
        $lines | Should -Be @(
            '[key]string Identity;'
            '[key, ValueMap{"Interactive", "Network", "Batch", "Service", "RemoteInteractive"}, Values{"Interactive", "Network", "Batch", "Service", "RemoteInteractive"}]string LogonType;'
            '[write, ValueMap{"Present", "Absent"}, Values{"Present", "Absent"}]string Ensure;'
            '[write]boolean Deny;'
            '[write]boolean Force;'
            '[read]boolean Effective;'
            '[read]string Sid;'
            '[read]string Right;'
            '[read]string GrantedBy[];'
            '[read]string DeniedBy[];'
        )
    }

    It 'loads with "using module" in a fresh pwsh, RequiredModules resolving IisLogonTools, and runs Test there' {
        # The child process reads the same emulated machine (WINEMU_STATE), seeded here.
        Initialize-TestMachine (New-TestScenario)
        $outRoot = Split-Path $DscFolder
        $child = Join-Path ([IO.Path]::GetTempPath()) "iislt-dsc-$([guid]::NewGuid().ToString('N')).ps1"
        @"
using module '$DscManifest'
`$r = [LogonRight]::new()
`$r.Identity = 'CONTOSO\alice'
`$r.LogonType = 'Interactive'
'Test=' + `$r.Test()
'Loaded=' + ((Get-Module IisLogonTools).Version)
"@ | Set-Content -LiteralPath $child -Encoding utf8
        try {
            $env:PSModulePath = $outRoot + [IO.Path]::PathSeparator + $env:PSModulePath
            $pwsh = (Get-Process -Id $PID).Path
            $prefix = @()
            if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
            $out = & $pwsh @prefix -NoLogo -NoProfile -NonInteractive -File $child 2>&1
            $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        } finally {
            Remove-Item -LiteralPath $child -ErrorAction SilentlyContinue
        }
        $out | Should -Contain 'Test=False'
        $out | Should -Contain "Loaded=$((Get-Module IisLogonTools).Version)"
    }
}

Describe 'LogonRight against the emulator' -Tag Emulator {
    BeforeEach {
        Initialize-TestMachine (New-TestScenario)
        Reset-EmulatorStats
    }
    AfterEach { Assert-EmulatorClean }

    It 'Test is false, Set grants, Test is true, Get reports the direct and effective state' {
        $r = New-LogonRightResource @{ Identity = 'CONTOSO\alice'; LogonType = 'Interactive' }
        $r.Test() | Should -BeFalse
        Get-LsaWriteCount | Should -Be 0
        $r.Set()
        Get-EmulatorCallCount LsaAddAccountRights | Should -Be 1
        (Get-StateRights).SeInteractiveLogonRight | Should -Contain $AliceSid
        $r.Test() | Should -BeTrue
        $g = $r.Get()
        $g.Ensure | Should -Be 'Present'
        $g.Identity | Should -Be 'CONTOSO\alice'
        $g.LogonType | Should -Be 'Interactive'
        $g.Deny | Should -BeFalse
        $g.Sid | Should -Be $AliceSid
        $g.Right | Should -Be 'SeInteractiveLogonRight'
        $g.Effective | Should -BeTrue
        $g.GrantedBy | Should -Contain "CONTOSO\alice ($AliceSid)"
    }

    It 'a second Set makes no LSA write' {
        $r = New-LogonRightResource @{ Identity = 'CONTOSO\alice'; LogonType = 'Batch' }
        $r.Set()
        Reset-EmulatorStats
        $r.Set()
        Get-LsaWriteCount | Should -Be 0
        $r.Test() | Should -BeTrue
    }

    It 'Absent revokes the direct assignment, and a second Set makes no LSA write' {
        Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Batch
        $r = New-LogonRightResource @{ Identity = 'CONTOSO\alice'; LogonType = 'Batch'; Ensure = 'Absent' }
        $r.Test() | Should -BeFalse
        Reset-EmulatorStats
        $r.Set()
        Get-EmulatorCallCount LsaRemoveAccountRights | Should -Be 1
        (Get-StateRights).SeBatchLogonRight | Should -Not -Contain $AliceSid
        $r.Test() | Should -BeTrue
        $r.Get().Ensure | Should -Be 'Absent'
        Reset-EmulatorStats
        $r.Set()
        Get-LsaWriteCount | Should -Be 0
    }

    It 'Absent is about the direct assignment: a right through a group stays, and Get shows it as Effective' {
        # Scenario: Everyone holds SeNetworkLogonRight; alice holds nothing directly.
        $r = New-LogonRightResource @{ Identity = 'CONTOSO\alice'; LogonType = 'Network'; Ensure = 'Absent' }
        $r.Test() | Should -BeTrue
        $r.Set()
        Get-LsaWriteCount | Should -Be 0
        $g = $r.Get()
        $g.Ensure | Should -Be 'Absent'
        $g.Effective | Should -BeTrue
        $g.GrantedBy | Should -Contain 'Everyone (S-1-1-0)'
    }

    It 'Deny = $true adds the deny right, which wins, and leaves the allow assignment alone' {
        Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Batch
        $r = New-LogonRightResource @{ Identity = 'CONTOSO\alice'; LogonType = 'Batch'; Deny = $true }
        $r.Test() | Should -BeFalse
        $r.Set()
        $state = Get-StateRights
        $state.SeDenyBatchLogonRight | Should -Contain $AliceSid
        $state.SeBatchLogonRight | Should -Contain $AliceSid
        $r.Test() | Should -BeTrue
        $g = $r.Get()
        $g.Right | Should -Be 'SeDenyBatchLogonRight'
        $g.Ensure | Should -Be 'Present'
        $g.Effective | Should -BeFalse
        $g.DeniedBy | Should -Contain "CONTOSO\alice ($AliceSid)"
        Reset-EmulatorStats
        $r.Set()
        Get-LsaWriteCount | Should -Be 0
    }

    It 'Deny = $true with Absent removes a deny assignment' {
        Grant-LogonRight -Identity 'CONTOSO\dave' -LogonType Interactive -Deny
        $r = New-LogonRightResource @{ Identity = 'CONTOSO\dave'; LogonType = 'Interactive'; Deny = $true; Ensure = 'Absent' }
        $r.Test() | Should -BeFalse
        $r.Set()
        (Get-StateRights).SeDenyInteractiveLogonRight | Should -Not -Contain $DaveSid
        $r.Test() | Should -BeTrue
    }

    It 'refuses to revoke from <Identity> without Force, before writing anything' -ForEach @(
        @{ Identity = 'Everyone'; LogonType = 'Network'; Sid = 'S-1-1-0' }
        @{ Identity = 'BUILTIN\Users'; LogonType = 'Network'; Sid = 'S-1-5-32-545' }
        @{ Identity = 'S-1-5-32-544'; LogonType = 'Interactive'; Sid = 'S-1-5-32-544' }
    ) {
        $r = New-LogonRightResource @{ Identity = $Identity; LogonType = $LogonType; Ensure = 'Absent' }
        $right = "Se$($LogonType)LogonRight"
        $e = { $r.Set() } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -Be 'LogonRightBroadPrincipal'
        $e.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $e.TargetObject | Should -Be $Identity
        $e.Exception.Message | Should -Match 'Force'
        { $r.Test() } | Should -Throw -ExpectedMessage '*refuses*'
        Get-LsaWriteCount | Should -Be 0
        (Get-StateRights).$right | Should -Contain $Sid
    }

    It 'refuses a deny for Authenticated Users without Force, and allows a grant to Everyone' {
        $deny = New-LogonRightResource @{ Identity = 'NT AUTHORITY\Authenticated Users'; LogonType = 'Interactive'; Deny = $true }
        { $deny.Set() } | Should -Throw -ExpectedMessage '*Authenticated Users (S-1-5-11)*'
        Get-LsaWriteCount | Should -Be 0
        (Get-StateRights).PSObject.Properties['SeDenyInteractiveLogonRight'] | Should -BeNullOrEmpty
        $grant = New-LogonRightResource @{ Identity = 'Everyone'; LogonType = 'Batch' }
        $grant.Test() | Should -BeFalse
    }

    It 'with Force, revokes from a broad principal' {
        $r = New-LogonRightResource @{ Identity = 'Everyone'; LogonType = 'Network'; Ensure = 'Absent'; Force = $true }
        $r.Test() | Should -BeFalse
        $r.Set()
        (Get-StateRights).SeNetworkLogonRight | Should -Not -Contain 'S-1-1-0'
        $r.Test() | Should -BeTrue
    }

    It 'has no AllRights: an unknown LogonType is refused with the valid names' {
        { New-LogonRightResource @{ Identity = 'CONTOSO\alice'; LogonType = 'AllRights' } } |
            Should -Throw -ExpectedMessage '*Interactive, Network, Batch, Service, RemoteInteractive*'
    }

    It 'an empty Identity is a clear error' {
        $r = New-LogonRightResource @{ Identity = ''; LogonType = 'Interactive' }
        $e = { $r.Test() } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -Be 'LogonRightIdentityMissing'
        $e.Exception.Message | Should -Match 'needs an Identity'
    }

    It 'an account that does not exist is the cmdlet''s IdentityNotFound error, and nothing is written' {
        $r = New-LogonRightResource @{ Identity = 'CONTOSO\nobody'; LogonType = 'Interactive' }
        $e = { $r.Set() } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeLike 'IdentityNotFound*'
        $e.Exception.Message | Should -Match 'nobody'
        Get-LsaWriteCount | Should -Be 0
    }
}

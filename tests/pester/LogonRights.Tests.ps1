BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:IISLT_MODULE -Force
}

Describe 'Get-LogonLocallyRight / Grant-LogonLocallyRight: the KB Q247593 scenario' -Tag Emulator {
    BeforeEach {
        Initialize-TestMachine (New-TestScenario)
        Reset-EmulatorStats
    }
    AfterEach { Assert-EmulatorClean }

    It 'shows that a domain user without the right directly or through groups cannot log on locally' {
        $r = Get-LogonLocallyRight -Identity 'CONTOSO\alice'
        $r.Identity | Should -Be 'CONTOSO\alice'
        $r.Sid | Should -Be 'S-1-5-21-1000-2000-3000-1105'
        $r.LogonType | Should -Be 'Interactive'
        $r.DirectAllow | Should -BeFalse
        $r.Effective | Should -BeFalse
        $r.GroupExpansion | Should -Be 'Complete'
        $r.GrantedBy | Should -BeNullOrEmpty
    }

    It 'grants the right to the user, after which it is effective through the user' {
        $r = Grant-LogonLocallyRight -Identity 'CONTOSO\alice' -PassThru
        $r.Changed | Should -BeTrue
        $r.Effective | Should -BeTrue
        $r.DirectAllow | Should -BeTrue
        $r.GrantedBy | Should -Be @('CONTOSO\alice (S-1-5-21-1000-2000-3000-1105)')
        (Get-LogonLocallyRight -Identity 'CONTOSO\alice').Effective | Should -BeTrue
        Get-EmulatorCallCount LsaAddAccountRights | Should -Be 1
    }

    It 'grants the right to a group, after which members have it through the group' {
        (Get-LogonLocallyRight -Identity 'CONTOSO\carol').Effective | Should -BeFalse
        $g = Grant-LogonLocallyRight -Identity 'CONTOSO\WebEditors' -PassThru
        $g.Changed | Should -BeTrue
        $g.GroupExpansion | Should -Be 'NotApplicable'
        $g.Effective | Should -BeNullOrEmpty
        $carol = Get-LogonLocallyRight -Identity 'CONTOSO\carol'
        $carol.Effective | Should -BeTrue
        $carol.DirectAllow | Should -BeFalse
        $carol.GrantedBy | Should -Be @('CONTOSO\WebEditors (S-1-5-21-1000-2000-3000-1200)')
    }

    It 'is idempotent: a second grant makes no LSA write and says so' {
        Grant-LogonLocallyRight -Identity 'CONTOSO\alice'
        Reset-EmulatorStats
        $verbose = Grant-LogonLocallyRight -Identity 'CONTOSO\alice' -Verbose 4>&1
        Get-EmulatorCallCount LsaAddAccountRights | Should -Be 0
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match 'already holds SeInteractiveLogonRight'
        $again = Grant-LogonLocallyRight -Identity 'CONTOSO\alice' -PassThru
        $again.Changed | Should -BeFalse
    }

    It '-WhatIf changes nothing' {
        Grant-LogonLocallyRight -Identity 'CONTOSO\alice' -WhatIf
        Get-EmulatorCallCount LsaAddAccountRights | Should -Be 0
        (Get-LogonLocallyRight -Identity 'CONTOSO\alice').DirectAllow | Should -BeFalse
    }

    It 'revokes idempotently and never with AllRights' {
        Grant-LogonLocallyRight -Identity 'CONTOSO\alice'
        Revoke-LogonLocallyRight -Identity 'CONTOSO\alice' -Confirm:$false
        (Get-LogonLocallyRight -Identity 'CONTOSO\alice').DirectAllow | Should -BeFalse
        Reset-EmulatorStats
        Revoke-LogonLocallyRight -Identity 'CONTOSO\alice' -Confirm:$false
        Get-EmulatorCallCount LsaRemoveAccountRights | Should -Be 0
    }
}

Describe 'Deny wins' -Tag Emulator {
    BeforeEach { Initialize-TestMachine (New-TestScenario) }
    AfterEach { Assert-EmulatorClean }

    It 'a deny through BUILTIN\Guests blocks the network right that Everyone grants' {
        $r = Get-LogonRight -Identity 'CONTOSO\dave' -LogonType Network
        $r.GrantedBy | Should -Contain 'Everyone (S-1-1-0)'
        $r.DeniedBy | Should -Be @('BUILTIN\Guests (S-1-5-32-546)')
        $r.Effective | Should -BeFalse
    }

    It 'Grant warns when a deny assignment still blocks the identity' {
        $warnings = @()
        Grant-LogonRight -Identity 'CONTOSO\dave' -LogonType Network -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'deny assignment still blocks'
        "$($warnings[0])" | Should -Match 'BUILTIN\\Guests'
    }

    It 'a direct deny granted explicitly with -Deny blocks an allowed user, and -Deny revoke lifts it' {
        Grant-LogonLocallyRight -Identity 'CONTOSO\alice'
        Grant-LogonLocallyRight -Identity 'CONTOSO\alice' -Deny
        $r = Get-LogonLocallyRight -Identity 'CONTOSO\alice'
        $r.DirectAllow | Should -BeTrue
        $r.DirectDeny | Should -BeTrue
        $r.Effective | Should -BeFalse
        Revoke-LogonLocallyRight -Identity 'CONTOSO\alice' -Deny -Confirm:$false
        (Get-LogonLocallyRight -Identity 'CONTOSO\alice').Effective | Should -BeTrue
    }

    It 'Grant never adds a deny as a side effect' {
        Grant-LogonLocallyRight -Identity 'CONTOSO\alice'
        (Get-LogonLocallyRight -Identity 'CONTOSO\alice').DirectDeny | Should -BeFalse
    }
}

Describe 'Get-LogonRight without -Identity lists every holder' -Tag Emulator {
    BeforeEach { Initialize-TestMachine (New-TestScenario) }
    AfterEach { Assert-EmulatorClean }

    It 'lists allow and deny holders with names and SIDs' {
        $all = Get-LogonRight
        $interactive = $all | Where-Object { $_.LogonType -eq 'Interactive' -and $_.Assignment -eq 'Allow' }
        $interactive.Identity | Should -Be @('BUILTIN\Administrators', 'BUILTIN\Backup Operators')
        $deny = $all | Where-Object { $_.LogonType -eq 'Network' -and $_.Assignment -eq 'Deny' }
        $deny.Sid | Should -Be 'S-1-5-32-546'
    }

    It 'lists a SID that no longer resolves as a SID, marked unresolved, without failing' {
        Grant-LogonLocallyRight -Identity 'CONTOSO\alice'
        Initialize-TestMachine (New-TestScenario -Rights @{ SeInteractiveLogonRight = @('BUILTIN\Administrators', 'S-1-5-21-1000-2000-3000-9999') })
        $rows = Get-LogonLocallyRight -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $orphan = $rows | Where-Object Sid -eq 'S-1-5-21-1000-2000-3000-9999'
        $orphan.Resolved | Should -BeFalse
        $orphan.Identity | Should -Be 'S-1-5-21-1000-2000-3000-9999'
    }

    It 'reports an unresolvable SID identity, and Revoke can clean it up while Grant refuses it' {
        Initialize-TestMachine (New-TestScenario -Rights @{ SeInteractiveLogonRight = @('S-1-5-21-1000-2000-3000-9999') })
        $r = Get-LogonLocallyRight -Identity 'S-1-5-21-1000-2000-3000-9999'
        $r.Resolved | Should -BeFalse
        $r.DirectAllow | Should -BeTrue
        $r.GroupExpansion | Should -Be 'NotPossible'
        { Grant-LogonLocallyRight -Identity 'S-1-5-21-1000-2000-3000-9998' -ErrorAction Stop } | Should -Throw -ErrorId 'IdentityNotResolved,IisLogonTools.Commands.GrantLogonLocallyRightCommand'
        Revoke-LogonLocallyRight -Identity 'S-1-5-21-1000-2000-3000-9999' -Confirm:$false
        (Get-LogonLocallyRight -Identity 'S-1-5-21-1000-2000-3000-9999').DirectAllow | Should -BeFalse
    }
}

Describe 'Identity input forms' -Tag Emulator {
    BeforeAll { Initialize-TestMachine (New-TestScenario) }
    AfterEach { Assert-EmulatorClean }

    It 'resolves <Text> to <Sid>' -ForEach @(
        @{ Text = 'CONTOSO\alice'; Sid = 'S-1-5-21-1000-2000-3000-1105' }
        @{ Text = 'alice@contoso.com'; Sid = 'S-1-5-21-1000-2000-3000-1105' }
        @{ Text = '.\bob'; Sid = 'S-1-5-21-11-22-33-1001' }
        @{ Text = 'WEB01\bob'; Sid = 'S-1-5-21-11-22-33-1001' }
        @{ Text = 'bob'; Sid = 'S-1-5-21-11-22-33-1001' }
        @{ Text = 'Users'; Sid = 'S-1-5-32-545' }
        @{ Text = 'BUILTIN\Users'; Sid = 'S-1-5-32-545' }
        @{ Text = 'Everyone'; Sid = 'S-1-1-0' }
        @{ Text = 'NT AUTHORITY\Authenticated Users'; Sid = 'S-1-5-11' }
        @{ Text = 'S-1-5-21-1000-2000-3000-1105'; Sid = 'S-1-5-21-1000-2000-3000-1105' }
    ) {
        (Get-LogonLocallyRight -Identity $Text).Sid | Should -Be $Sid
    }

    It 'binds objects with a SID property by property name (Get-LocalUser shape)' {
        $objects = @(
            [pscustomobject]@{ Name = 'alice'; SID = 'S-1-5-21-1000-2000-3000-1105' }
            [pscustomobject]@{ Name = 'bob'; SID = 'S-1-5-21-11-22-33-1001' }
        )
        $r = $objects | Get-LogonLocallyRight
        $r.Identity | Should -Be @('CONTOSO\alice', 'WEB01\bob')
    }

    It 'binds plain strings from the pipeline' {
        ('CONTOSO\alice', 'WEB01\bob' | Get-LogonLocallyRight).Count | Should -Be 2
    }

    It 'refuses an object with neither a string value nor a SID property' {
        { [pscustomobject]@{ Foo = 1 } | Get-LogonLocallyRight -ErrorAction Stop } | Should -Throw
    }
}

Describe 'A bare name that exists locally and in the domain' -Tag Emulator {
    BeforeAll { Initialize-TestMachine (New-TestScenario -ExtraLocalAccounts @(@{ name = 'carol'; type = 'user'; rid = 1500; password = 'Local-Carol-1' })) }
    AfterEach { Assert-EmulatorClean }

    It 'is refused as IdentityAmbiguous, naming both accounts, and nothing is granted' {
        Reset-EmulatorStats
        Grant-LogonLocallyRight -Identity 'carol' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'IdentityAmbiguous,IisLogonTools.Commands.GrantLogonLocallyRightCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($errs[0])" | Should -Match ([regex]::Escape('WEB01\carol (S-1-5-21-11-22-33-1500)'))
        "$($errs[0])" | Should -Match ([regex]::Escape('CONTOSO\carol (S-1-5-21-1000-2000-3000-1106)'))
        Get-EmulatorCallCount LsaAddAccountRights | Should -Be 0
    }

    It 'resolves when qualified: <Text> -> <Sid>' -ForEach @(
        @{ Text = '.\carol'; Sid = 'S-1-5-21-11-22-33-1500' }
        @{ Text = 'WEB01\carol'; Sid = 'S-1-5-21-11-22-33-1500' }
        @{ Text = 'CONTOSO\carol'; Sid = 'S-1-5-21-1000-2000-3000-1106' }
        @{ Text = 'alice'; Sid = 'S-1-5-21-1000-2000-3000-1105' }
        @{ Text = 'bob'; Sid = 'S-1-5-21-11-22-33-1001' }
    ) {
        (Get-LogonLocallyRight -Identity $Text).Sid | Should -Be $Sid
    }
}

Describe 'Bad input gets a typed, non-terminating error and the pipeline goes on' -Tag Emulator {
    BeforeAll { Initialize-TestMachine (New-TestScenario) }
    AfterEach { Assert-EmulatorClean }

    It '<Text> -> <ErrorId>' -ForEach @(
        @{ Text = ''; ErrorId = 'IdentityEmpty' }
        @{ Text = '   '; ErrorId = 'IdentityEmpty' }
        @{ Text = '\name'; ErrorId = 'IdentityInvalidFormat' }
        @{ Text = 'a\b\c'; ErrorId = 'IdentityInvalidFormat' }
        @{ Text = 'x@'; ErrorId = 'IdentityInvalidFormat' }
        @{ Text = ('a' * 300); ErrorId = 'IdentityTooLong' }
        @{ Text = 'S-1-5-'; ErrorId = 'IdentityInvalidSid' }
        @{ Text = 'ali*'; ErrorId = 'IdentityWildcardNotSupported' }
        @{ Text = "ali`0ce"; ErrorId = 'IdentityInvalidCharacter' }
        @{ Text = 'CONTOSO\nobody'; ErrorId = 'IdentityNotFound' }
    ) {
        $out = Get-LogonLocallyRight -Identity $Text, 'CONTOSO\alice' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be "$ErrorId,IisLogonTools.Commands.GetLogonLocallyRightCommand"
        $errs[0].TargetObject | Should -Be $Text
        $errs[0].CategoryInfo.Category | Should -BeIn @('InvalidArgument', 'ObjectNotFound')
        $out.Identity | Should -Be 'CONTOSO\alice'
    }

    It 'Grant with bad input changes nothing for the bad item and grants the good ones' {
        Reset-EmulatorStats
        Grant-LogonLocallyRight -Identity 'a\b\c', 'CONTOSO\alice' -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs.Count | Should -Be 1
        Get-EmulatorCallCount LsaAddAccountRights | Should -Be 1
        (Get-LogonLocallyRight -Identity 'CONTOSO\alice').DirectAllow | Should -BeTrue
    }
}

Describe '-ComputerName' -Tag Emulator {
    BeforeEach { Initialize-TestMachine (New-TestScenario) }
    AfterEach { Assert-EmulatorClean }

    It 'reads the policy of the named computer and translates names there' {
        $r = Get-LogonLocallyRight -Identity 'CONTOSO\alice' -ComputerName WEB02
        $r.ComputerName | Should -Be 'WEB02'
        $r.Effective | Should -BeTrue
        $r.GrantedBy | Should -Be @('BUILTIN\Users (S-1-5-32-545)')
        $r.GroupExpansion | Should -Be 'Complete'
        (Get-LogonLocallyRight -Identity '.\erin' -ComputerName WEB02).Sid | Should -Be 'S-1-5-21-44-55-66-1001'
    }

    It 'reports an unreachable computer once and goes on with the others' {
        $r = Get-LogonLocallyRight -Identity 'CONTOSO\alice', 'CONTOSO\carol' -ComputerName OFFLINE01, WEB02 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ComputerUnreachable,IisLogonTools.Commands.GetLogonLocallyRightCommand'
        $errs[0].TargetObject | Should -Be 'OFFLINE01'
        $errs[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        @($r).Count | Should -Be 2
        $r.ComputerName | Should -Be @('WEB02', 'WEB02')
    }

    It 'sees a right that the remote computer assigns directly to a domain group' {
        $s = New-TestScenario
        $s.computers[1].rights = @{ SeInteractiveLogonRight = @('BUILTIN\Administrators') }
        Initialize-TestMachine $s
        (Get-LogonLocallyRight -Identity 'CONTOSO\carol' -ComputerName WEB02).Effective | Should -BeFalse
        Grant-LogonLocallyRight -Identity 'CONTOSO\WebEditors' -ComputerName WEB02
        $r = Get-LogonLocallyRight -Identity 'CONTOSO\carol' -ComputerName WEB02
        $r.Effective | Should -BeTrue
        $r.GrantedBy | Should -Be @('CONTOSO\WebEditors (S-1-5-21-1000-2000-3000-1200)')
        $r.GroupExpansion | Should -Be 'Complete'
    }

    It 'without the domain groups (AuthZ failing) it says LocalGroupsOnly and "not granted" becomes unknown' {
        # Token model T2/T9: a local group that lists a domain group may hold the account through groups AuthZ could not read.
        $s = New-TestScenario -Faults @(@{ function = 'AuthzInitializeResourceManager'; status = 8; skip = 0; count = 1 })
        $s.computers[1].rights = @{ SeInteractiveLogonRight = @('BUILTIN\Administrators') }
        $s.computers[1].builtin = @{ Users = @('CONTOSO\Domain Users'); Administrators = @('WEB02\Administrator', 'CONTOSO\WebEditors') }
        Initialize-TestMachine $s
        $r = Get-LogonLocallyRight -Identity 'CONTOSO\carol' -ComputerName WEB02
        $r.GroupExpansion | Should -Be 'LocalGroupsOnly'
        $r.GroupExpansionNote | Should -Match 'domain groups could not be read'
        $r.Effective | Should -BeNullOrEmpty
        $r.TokenComplete | Should -BeFalse
        $r.TokenGaps | Should -Match 'CONTOSO\\WebEditors'
    }

    It 'without the domain groups, a local group that lists only local accounts still decides: not granted' {
        # Token model: another SAM account of the computer is never in a domain account's token, whatever its groups.
        $s = New-TestScenario -Faults @(@{ function = 'AuthzInitializeResourceManager'; status = 8; skip = 0; count = 1 })
        $s.computers[1].rights = @{ SeInteractiveLogonRight = @('BUILTIN\Administrators') }
        Initialize-TestMachine $s
        $r = Get-LogonLocallyRight -Identity 'CONTOSO\carol' -ComputerName WEB02
        $r.GroupExpansion | Should -Be 'LocalGroupsOnly'
        $r.Effective | Should -BeFalse
        $r.TokenComplete | Should -BeTrue
    }

    It 'grants on the remote computer only' {
        Grant-LogonLocallyRight -Identity 'CONTOSO\alice' -ComputerName WEB02
        (Get-LogonLocallyRight -Identity 'CONTOSO\alice' -ComputerName WEB02).DirectAllow | Should -BeTrue
        (Get-LogonLocallyRight -Identity 'CONTOSO\alice').DirectAllow | Should -BeFalse
    }
}

Describe 'Access and LSA failures' -Tag Emulator {
    AfterEach { Assert-EmulatorClean }

    It 'access denied says to run elevated' {
        $scenario = New-TestScenario
        $scenario.computers[0].callerIsAdmin = $false
        Initialize-TestMachine $scenario
        Grant-LogonLocallyRight -Identity 'CONTOSO\alice' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'AccessDenied,IisLogonTools.Commands.GrantLogonLocallyRightCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        "$($errs[0])" | Should -Match 'elevated'
    }

    It 'a grant to five identities where the third write fails leaves exactly the other four granted' {
        Initialize-TestMachine (New-TestScenario -Faults @(@{ function = 'LsaAddAccountRights'; status = 0xC0000158; skip = 2; count = 1 }))
        $ids = 'CONTOSO\alice', 'CONTOSO\carol', 'CONTOSO\dave', 'WEB01\bob', 'CONTOSO\WebEditors'
        Grant-LogonLocallyRight -Identity $ids -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].TargetObject | Should -Be 'CONTOSO\dave'
        $errs[0].FullyQualifiedErrorId | Should -Be 'LsaDatabaseError,IisLogonTools.Commands.GrantLogonLocallyRightCommand'
        $direct = Get-LogonLocallyRight -Identity $ids | ForEach-Object { '{0}={1}' -f $_.Identity, $_.DirectAllow }
        $direct | Should -Be @('CONTOSO\alice=True', 'CONTOSO\carol=True', 'CONTOSO\dave=False', 'WEB01\bob=True', 'CONTOSO\WebEditors=True')
    }
}

Describe '-LogonType takes what Test-IisLogon reports' -Tag Emulator {
    BeforeAll { Initialize-TestMachine (New-TestScenario) }
    AfterEach { Assert-EmulatorClean }

    It '<Value> means the <Right> right' -ForEach @(
        @{ Value = 'NetworkCleartext'; Right = 'Network' }
        @{ Value = 'ClearText'; Right = 'Network' }
        @{ Value = 'LogonBatch'; Right = 'Batch' }
        @{ Value = 'Interactive'; Right = 'Interactive' }
        @{ Value = 'RemoteInteractive'; Right = 'RemoteInteractive' }
    ) {
        (Get-LogonRight -Identity 'CONTOSO\alice' -LogonType $Value).LogonType | Should -Be $Right
    }

    It 'a Test-IisLogon result feeds Grant-LogonRight directly' {
        $cred = [pscredential]::new('CONTOSO\dave', (ConvertTo-SecureString 'Dave-Pa55!' -AsPlainText -Force))
        $r = Test-IisLogon -Credential $cred -LogonType Batch
        $r.Reason | Should -Be 'LogonTypeNotGranted'
        Grant-LogonRight -Identity $r.Account -LogonType $r.LogonType
        (Test-IisLogon -Credential $cred -LogonType Batch).Succeeded | Should -BeTrue
    }
}

Describe 'Revoke warns when a group still grants the right' -Tag Emulator {
    BeforeAll { Initialize-TestMachine (New-TestScenario) }
    AfterEach { Assert-EmulatorClean }

    It 'says which group still grants it, although nothing was removed' {
        Reset-EmulatorStats
        $warnings = @()
        Revoke-LogonRight -Identity 'WEB01\bob' -LogonType Network -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        Get-EmulatorCallCount LsaRemoveAccountRights | Should -Be 0
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'does not hold SeNetworkLogonRight directly'
        "$($warnings[0])" | Should -Match 'BUILTIN\\Users'
    }
}

Describe 'Output shape' -Tag Emulator {
    BeforeAll { Initialize-TestMachine (New-TestScenario) }
    AfterEach { Assert-EmulatorClean }

    It 'declares its output types' {
        (Get-Command Get-LogonRight).OutputType.Name | Should -Contain 'IisLogonTools.Rights.LogonRightStatus'
        (Get-Command Grant-LogonRight).OutputType.Name | Should -Contain 'IisLogonTools.Rights.LogonRightStatus'
    }

    It 'has a default table view' {
        $text = Get-LogonLocallyRight -Identity 'CONTOSO\alice' | Out-String
        $text | Should -Match 'Identity\s+LogonType\s+Effective'
        $text | Should -Match 'CONTOSO\\alice'
    }

    It 'Revoke is ConfirmImpact High and Grant Medium' {
        (Get-Command Revoke-LogonRight).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
        (Get-Command Grant-LogonRight).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'Medium'
    }
}

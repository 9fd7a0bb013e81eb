# Issue 7: bad input, faults at every native call, leaks, stopped pipelines, concurrency, remoting shape and
# lockout safety, all through the emulator. Each case asserts something that fails if the behaviour regresses.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:IISLT_MODULE -Force
    function New-Cred([string] $User, [string] $Password) {
        [pscredential]::new($User, (ConvertTo-SecureString $Password -AsPlainText -Force))
    }
    function Get-DirectHolders([string] $Right = 'SeBatchLogonRight') {
        # The rights as LSA holds them, read through the module's listing.
        $type = switch -Wildcard ($Right) { '*Interactive*' { 'Interactive' } '*Network*' { 'Network' } '*Batch*' { 'Batch' } }
        $kind = if ($Right -like 'SeDeny*') { 'Deny' } else { 'Allow' }
        @(Get-LogonRight -LogonType $type | Where-Object Assignment -eq $kind | ForEach-Object Sid | Sort-Object)
    }
}

Describe 'Bad input to every cmdlet and parameter' -Tag Emulator {
    BeforeAll {
        Initialize-TestMachine (New-TestScenario)
        $script:Long40k = 'a' * 40000
    }
    BeforeEach { Reset-EmulatorStats }
    AfterEach {
        Assert-EmulatorClean
        Get-EmulatorCallCount LsaAddAccountRights | Should -Be 0 -Because 'bad input must not change the policy'
        Get-EmulatorCallCount LsaRemoveAccountRights | Should -Be 0
    }

    It '<Command> -Identity <Label> -> <ErrorId>' -ForEach @(
        foreach ($command in 'Get-LogonRight', 'Get-LogonLocallyRight', 'Grant-LogonRight', 'Grant-LogonLocallyRight', 'Revoke-LogonRight', 'Revoke-LogonLocallyRight') {
            foreach ($case in @(
                    @{ Label = 'empty'; Value = ''; ErrorId = 'IdentityEmpty' }
                    @{ Label = 'whitespace'; Value = " `t "; ErrorId = 'IdentityEmpty' }
                    @{ Label = '300 characters'; Value = ('x' * 300); ErrorId = 'IdentityTooLong' }
                    @{ Label = '40,000 characters'; Value = ('y' * 40000); ErrorId = 'IdentityTooLong' }
                    @{ Label = 'NUL'; Value = "ali`0ce"; ErrorId = 'IdentityInvalidCharacter' }
                    @{ Label = 'control character'; Value = "ali`bce"; ErrorId = 'IdentityInvalidCharacter' }
                    @{ Label = 'wildcard *'; Value = 'CONTOSO\*'; ErrorId = 'IdentityWildcardNotSupported' }
                    @{ Label = 'wildcard ?'; Value = 'al?ce'; ErrorId = 'IdentityWildcardNotSupported' }
                    @{ Label = 'S-1-'; Value = 'S-1-'; ErrorId = 'IdentityInvalidSid' }
                    @{ Label = 'S-1-5-99999999999'; Value = 'S-1-5-99999999999'; ErrorId = 'IdentityInvalidSid' }
                    @{ Label = '\x'; Value = '\x'; ErrorId = 'IdentityInvalidFormat' }
                    @{ Label = 'x\'; Value = 'x\'; ErrorId = 'IdentityInvalidFormat' }
                    @{ Label = 'a\b\c'; Value = 'a\b\c'; ErrorId = 'IdentityInvalidFormat' }
                    @{ Label = '@x'; Value = '@x'; ErrorId = 'IdentityInvalidFormat' }
                    @{ Label = 'x@'; Value = 'x@'; ErrorId = 'IdentityInvalidFormat' }
                    @{ Label = 'unknown name'; Value = 'CONTOSO\nobody'; ErrorId = 'IdentityNotFound' }
                    @{ Label = 'non-BMP name that does not exist'; Value = "CONTOSO\user$([char]::ConvertFromUtf32(0x1F600))"; ErrorId = 'IdentityNotFound' }
                )) {
                $case + @{ Command = $command }
            }
        }
    ) {
        $extra = @{}
        if ($Command -match '-LogonRight$') { $extra.LogonType = 'Batch' }
        if ($Command -like 'Revoke-*') { $extra.Confirm = $false }
        if ($Command -notlike 'Get-*') { $extra.PassThru = $true }
        # The good item after the bad one needs no change, so any LSA write would come from the bad item.
        $good = switch -Wildcard ($Command) { 'Get-*' { 'CONTOSO\alice' } 'Grant-*' { 'BUILTIN\Administrators' } 'Revoke-*' { 'CONTOSO\carol' } }
        $out = & $Command -Identity $Value, $good @extra -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be "$ErrorId,IisLogonTools.Commands.$($Command -replace '-', '')Command"
        $errs[0].CategoryInfo.Category | Should -BeIn 'InvalidArgument', 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be $Value
        "$($errs[0])".Length | Should -BeLessThan 600 -Because 'a 40,000-character input is not echoed back whole'
        @($out).Count | Should -BeGreaterThan 0 -Because 'the good item after the bad one is still processed'
        @($out)[0].Sid | Should -Match '^S-1-'
    }

    It '<Command> -Identity $null is a binding error' -ForEach @(
        @{ Command = 'Get-LogonLocallyRight' }, @{ Command = 'Grant-LogonLocallyRight' }, @{ Command = 'Revoke-LogonLocallyRight' }
    ) {
        { & $Command -Identity $null -ErrorAction Stop } | Should -Throw -ErrorId "ParameterArgumentValidationError*,IisLogonTools.Commands.$($Command -replace '-', '')Command"
    }

    It '<Label> on the pipeline -> <ErrorId>, and the next item is processed' -ForEach @(
        # Scalars bind as their text, as they would to a [string] parameter (a number is a legal account name).
        @{ Label = 'a number'; Value = 42; ErrorId = 'IdentityNotFound' }
        @{ Label = 'a date'; Value = [datetime]'2026-01-01'; ErrorId = 'InputObjectNotBound' }
        @{ Label = 'an object without SID or Identity'; Value = [pscustomobject]@{ Foo = 1 }; ErrorId = 'InputObjectNotBound' }
        @{ Label = 'a hashtable'; Value = @{ Name = 'alice' }; ErrorId = 'InputObjectNotBound' }
        @{ Label = '$null'; Value = $null; ErrorId = 'ParameterArgumentValidationError*' }
    ) {
        $out = @($Value, 'CONTOSO\alice') | Get-LogonLocallyRight -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,IisLogonTools.Commands.GetLogonLocallyRightCommand"
        @($out).Identity | Should -Be 'CONTOSO\alice'
    }

    It '-ComputerName <Label> -> ComputerNameInvalid, and the valid computer is still used' -ForEach @(
        @{ Label = 'whitespace'; Value = '   ' }
        @{ Label = 'NUL'; Value = "WEB`0" }
        @{ Label = 'wildcard'; Value = 'WEB*' }
        @{ Label = 'path'; Value = 'a\b' }
        @{ Label = '300 characters'; Value = ('w' * 300) }
    ) {
        $out = Get-LogonLocallyRight -Identity 'CONTOSO\alice' -ComputerName $Value, WEB02 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ComputerNameInvalid,IisLogonTools.Commands.GetLogonLocallyRightCommand'
        $errs[0].TargetObject | Should -Be $Value
        @($out).ComputerName | Should -Be 'WEB02'
    }

    It '-ComputerName $null or empty is a binding error' {
        { Get-LogonRight -ComputerName '' -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Get-LogonRight -ComputerName $null -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It '-LogonType <Value> is refused by <Command>' -ForEach @(
        @{ Command = 'Get-LogonRight'; Value = 'Sideways' }
        @{ Command = 'Grant-LogonRight'; Value = 'Unlock' }
        @{ Command = 'Revoke-LogonRight'; Value = '' }
    ) {
        { & $Command -Identity 'CONTOSO\alice' -LogonType $Value -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId '*,IisLogonTools.Commands.*'
    }

    It 'Test-IisLogon -Credential $null is a binding error' {
        { Test-IisLogon -Credential $null -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*,IisLogonTools.Commands.TestIisLogonCommand'
    }

    It 'Test-IisLogon user name <Label> -> InvalidUserName without a logon attempt' -ForEach @(
        @{ Label = 'empty (PSCredential.Empty)'; Cred = [pscredential]::Empty }
        @{ Label = '300 characters'; Cred = [pscredential]::new(('u' * 300), (ConvertTo-SecureString 'x' -AsPlainText -Force)) }
        @{ Label = '40,000 characters'; Cred = [pscredential]::new(('u' * 40000), (ConvertTo-SecureString 'x' -AsPlainText -Force)) }
        @{ Label = 'NUL'; Cred = [pscredential]::new("ali`0ce", (ConvertTo-SecureString 'x' -AsPlainText -Force)) }
        @{ Label = 'wildcard'; Cred = [pscredential]::new('ali*', (ConvertTo-SecureString 'x' -AsPlainText -Force)) }
        @{ Label = 'x\'; Cred = [pscredential]::new('x\', (ConvertTo-SecureString 'x' -AsPlainText -Force)) }
        @{ Label = '@x'; Cred = [pscredential]::new('@x', (ConvertTo-SecureString 'x' -AsPlainText -Force)) }
    ) {
        Test-IisLogon -Credential $Cred -LogonType Network -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidUserName,IisLogonTools.Commands.TestIisLogonCommand'
        "$($errs[0])".Length | Should -BeLessThan 600
        Get-EmulatorCallCount LogonUserW | Should -Be 0
    }

    It 'Test-IisLogon -ConfigurationPath "" is a binding error' {
        { Test-IisLogon -Credential (New-Cred 'alice' 'x') -ConfigurationPath '' -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}

Describe 'Bad input to Get-IisLogonFailure' {
    BeforeAll {
        Import-Module $env:IISLT_MODULE -Force
        # One small, valid W3C log, so every case also shows that the scan goes on with the next path.
        $script:GoodLog = Join-Path $TestDrive 'u_ex261124.log'
        @(
            '#Software: Microsoft Internet Information Services 10.0'
            '#Fields: date time s-ip cs-method cs-uri-stem cs-username c-ip sc-status sc-substatus sc-win32-status'
            '2026-11-24 10:00:00 10.0.0.5 GET /intranet CONTOSO\alice 10.0.0.9 401 1 1385'
        ) | Set-Content -LiteralPath $GoodLog -Encoding ascii
    }

    It '-Path <Label> -> LogPathNotFound with the path as target, and the next path is read' -ForEach @(
        @{ Label = 'whitespace'; Value = '   ' }
        @{ Label = 'NUL'; Value = "logs`0x" }
        @{ Label = 'control character'; Value = "logs`bx" }
        @{ Label = '300 characters'; Value = ('p' * 300) }
        @{ Label = '40,000 characters'; Value = ('p' * 40000) }
        @{ Label = 'a wildcard that matches nothing'; Value = 'TESTDRIVE-WILDCARD' }
    ) {
        if ($Value -eq 'TESTDRIVE-WILDCARD') { $Value = Join-Path $TestDrive 'nothing-*.log' }
        $out = Get-IisLogonFailure -Path $Value, $GoodLog -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'LogPathNotFound,IisLogonTools.Commands.GetIisLogonFailureCommand'
        $errs[0].TargetObject | Should -Be $Value
        "$($errs[0])".Length | Should -BeLessThan 700 -Because 'a huge path is not echoed back whole'
        "$($errs[0])" | Should -Not -Match "`0"
        $out.Identity | Should -Be 'CONTOSO\alice'
        $out.Count | Should -Be 1
    }

    It '-<Parameter> <Label> is a binding error' -ForEach @(
        @{ Parameter = 'Path'; Label = '$null'; Value = $null }
        @{ Parameter = 'Path'; Label = 'empty'; Value = '' }
        @{ Parameter = 'Site'; Label = 'empty'; Value = '' }
    ) {
        $splat = @{ $Parameter = $Value }
        { Get-IisLogonFailure @splat -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*,IisLogonTools.Commands.GetIisLogonFailureCommand'
    }

    It 'an object of the wrong type on the pipeline is refused and the next item is read' {
        $out = @([pscustomobject]@{ Foo = 1 }, $GoodLog) | Get-IisLogonFailure -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $out.Identity | Should -Be 'CONTOSO\alice'
    }
}

Describe 'Faults injected at every native call' -Tag Emulator {
    BeforeEach { Reset-EmulatorStats }
    AfterEach { Assert-EmulatorClean }

    It 'LsaOpenPolicy <Status> -> <ErrorId> for that computer, the other computer still answers' -ForEach @(
        @{ Status = 0xC0000022; ErrorId = 'AccessDenied' }
        @{ Status = 0xC0000017; ErrorId = 'InsufficientResources' }
        @{ Status = 0xC0020017; ErrorId = 'ComputerUnreachable' }
        @{ Status = 0xC0000158; ErrorId = 'LsaDatabaseError' }
    ) {
        Initialize-TestMachine (New-TestScenario -Faults @(@{ function = 'LsaOpenPolicy'; status = $Status; skip = 0; count = 1 }))
        $out = Get-LogonLocallyRight -Identity 'CONTOSO\alice' -ComputerName WEB01, WEB02 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be "$ErrorId,IisLogonTools.Commands.GetLogonLocallyRightCommand"
        $errs[0].TargetObject | Should -Be 'WEB01'
        @($out).ComputerName | Should -Be 'WEB02'
    }

    It 'LsaQueryInformationPolicy failing is a per-computer error' {
        Initialize-TestMachine (New-TestScenario -Faults @(@{ function = 'LsaQueryInformationPolicy'; status = 0xC0000017; skip = 0; count = 1 }))
        $out = Get-LogonLocallyRight -Identity 'CONTOSO\alice' -ComputerName WEB01, WEB02 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'InsufficientResources,IisLogonTools.Commands.GetLogonLocallyRightCommand'
        @($out).ComputerName | Should -Be 'WEB02'
    }

    It 'LsaEnumerateAccountsWithUserRight <Status> fails one identity; the next one is answered' -ForEach @(
        @{ Status = 0xC0000022; ErrorId = 'AccessDenied' }
        @{ Status = 0xC0000158; ErrorId = 'LsaDatabaseError' }
    ) {
        Initialize-TestMachine (New-TestScenario -Faults @(@{ function = 'LsaEnumerateAccountsWithUserRight'; status = $Status; skip = 0; count = 1 }))
        $out = Get-LogonLocallyRight -Identity 'CONTOSO\alice', 'CONTOSO\carol' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be "$ErrorId,IisLogonTools.Commands.GetLogonLocallyRightCommand"
        $errs[0].TargetObject | Should -Be 'CONTOSO\alice'
        @($out).Identity | Should -Be 'CONTOSO\carol'
    }

    It 'LsaLookupNames2 <Status> -> IdentityNotFound for the names of that lookup only; the next command is answered' -ForEach @(
        @{ Status = 0xC0000073 }
        @{ Status = 0x00000107 }
    ) {
        Initialize-TestMachine (New-TestScenario -Faults @(@{ function = 'LsaLookupNames2'; status = $Status; skip = 0; count = 1 }))
        # Names are looked up in batches, so both names of the failed lookup are reported, each as its own error.
        $out = Get-LogonLocallyRight -Identity 'CONTOSO\alice', 'CONTOSO\carol' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 2
        $errs.FullyQualifiedErrorId | Should -Be @('IdentityNotFound,IisLogonTools.Commands.GetLogonLocallyRightCommand', 'IdentityNotFound,IisLogonTools.Commands.GetLogonLocallyRightCommand')
        $errs.TargetObject | Should -Be @('CONTOSO\alice', 'CONTOSO\carol')
        $out | Should -BeNullOrEmpty
        (Get-LogonLocallyRight -Identity 'CONTOSO\carol').Identity | Should -Be 'CONTOSO\carol'
    }

    It 'LsaLookupNames2 <Status> -> <ErrorId>' -ForEach @(
        @{ Status = 0xC0000017; ErrorId = 'InsufficientResources' }
        @{ Status = 0xC0020017; ErrorId = 'ComputerUnreachable' }
    ) {
        Initialize-TestMachine (New-TestScenario -Faults @(@{ function = 'LsaLookupNames2'; status = $Status; skip = 0; count = 1 }))
        $null = Get-LogonLocallyRight -Identity 'CONTOSO\alice' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be "$ErrorId,IisLogonTools.Commands.GetLogonLocallyRightCommand"
    }

    It 'LsaLookupSids2 failing while listing holders is reported, and the next logon type is still listed' {
        Initialize-TestMachine (New-TestScenario -Faults @(@{ function = 'LsaLookupSids2'; status = 0xC0000017; skip = 0; count = 1 }))
        $out = Get-LogonRight -LogonType Interactive, Network -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'InsufficientResources,IisLogonTools.Commands.GetLogonRightCommand'
        @($out | Where-Object LogonType -eq 'Network').Count | Should -BeGreaterThan 0
    }

    It 'LsaLookupSids2 NONE_MAPPED shows holders as unresolved SIDs instead of failing' {
        Initialize-TestMachine (New-TestScenario -Faults @(@{ function = 'LsaLookupSids2'; status = 0xC0000073; skip = 0; count = 1 }))
        $out = Get-LogonLocallyRight -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs | Should -BeNullOrEmpty
        $out.Resolved | Should -Not -Contain $true
        $out.Identity | Should -Be $out.Sid
    }

    It 'LsaAddAccountRights <Status> on the second of three grants leaves exactly the other two granted' -ForEach @(
        @{ Status = 0xC0000022; ErrorId = 'AccessDenied' }
        @{ Status = 0xC0000017; ErrorId = 'InsufficientResources' }
        @{ Status = 0xC0020017; ErrorId = 'ComputerUnreachable' }
        @{ Status = 0xC0000158; ErrorId = 'LsaDatabaseError' }
    ) {
        Initialize-TestMachine (New-TestScenario -Faults @(@{ function = 'LsaAddAccountRights'; status = $Status; skip = 1; count = 1 }))
        Grant-LogonRight -LogonType Batch -Identity 'CONTOSO\alice', 'CONTOSO\carol', 'WEB01\bob' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be "$ErrorId,IisLogonTools.Commands.GrantLogonRightCommand"
        $errs[0].TargetObject | Should -Be 'CONTOSO\carol'
        $holders = Get-DirectHolders SeBatchLogonRight
        $holders | Should -Contain 'S-1-5-21-1000-2000-3000-1105'
        $holders | Should -Not -Contain 'S-1-5-21-1000-2000-3000-1106'
        $holders | Should -Contain 'S-1-5-21-11-22-33-1001'
    }

    It 'LsaRemoveAccountRights failing on one of three revokes leaves exactly that one in place' {
        Initialize-TestMachine (New-TestScenario -Rights @{ SeBatchLogonRight = @('CONTOSO\alice', 'CONTOSO\carol', 'WEB01\bob') } -Faults @(@{ function = 'LsaRemoveAccountRights'; status = 0xC0000158; skip = 1; count = 1 }))
        Revoke-LogonRight -LogonType Batch -Identity 'CONTOSO\alice', 'CONTOSO\carol', 'WEB01\bob' -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].TargetObject | Should -Be 'CONTOSO\carol'
        Get-DirectHolders SeBatchLogonRight | Should -Be @('S-1-5-21-1000-2000-3000-1106')
    }

    It '<Function> failing degrades group expansion to NotPossible with a note, not an error' -ForEach @(
        @{ Function = 'AuthzInitializeResourceManager'; Status = 8 }
        @{ Function = 'AuthzInitializeContextFromSid'; Status = 5 }
        @{ Function = 'AuthzGetInformationFromContext'; Status = 8 }
    ) {
        Initialize-TestMachine (New-TestScenario -Faults @(@{ function = $Function; status = $Status; skip = 0; count = 1 }))
        $r = Get-LogonLocallyRight -Identity 'CONTOSO\carol' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs | Should -BeNullOrEmpty
        $r.GroupExpansion | Should -Be 'NotPossible'
        $r.GroupExpansionNote | Should -Match $Function
        # Token model T9: the holders (Administrators, Backup Operators) list no domain group, so no unread group can grant.
        $r.Effective | Should -BeFalse
        $r.TokenComplete | Should -BeTrue
        # Network: Everyone grants, but BUILTIN\Guests (which lists the domain user dave) denies, and without the domain
        # groups (SID history included) nobody can tell whether carol's token holds dave's SID: unknown, and said so.
        Initialize-TestMachine (New-TestScenario -Faults @(@{ function = $Function; status = $Status; skip = 0; count = 1 }))
        $n = Get-LogonRight -Identity 'CONTOSO\carol' -LogonType Network
        $n.Effective | Should -BeNullOrEmpty -Because 'without groups a deny through a local group that lists a domain account cannot be ruled out'
        $n.TokenComplete | Should -BeFalse
        $n.TokenGaps -join "`n" | Should -Match 'S-1-5-21-1000-2000-3000-1107'
    }

    It 'NetLocalGroupGetMembers failing on a remote computer leaves the answer open and says which group' {
        Initialize-TestMachine (New-TestScenario -Faults @(@{ function = 'NetLocalGroupGetMembers'; status = 1722; skip = 0; count = 2 }))
        $r = Get-LogonLocallyRight -Identity 'CONTOSO\alice' -ComputerName WEB02 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs | Should -BeNullOrEmpty
        $r.GroupExpansion | Should -Be 'Complete'
        $r.Effective | Should -BeNullOrEmpty
        $r.TokenComplete | Should -BeFalse
        $r.TokenGaps -join "`n" | Should -Match 'BUILTIN\\Users.*could not be read.*NetLocalGroupGetMembers'
    }

    It 'a fault in the rights analysis after a 1385 still makes exactly one LogonUserW call' {
        Initialize-TestMachine (New-TestScenario -Faults @(@{ function = 'LsaOpenPolicy'; status = 0xC0000022; skip = 0; count = 1 }))
        $r = Test-IisLogon -Credential (New-Cred 'CONTOSO\alice' 'Alice-Pa55!') -LogonType Interactive
        $r.Reason | Should -Be 'LogonTypeNotGranted'
        $r.RightsAnalysis | Should -BeNullOrEmpty
        $r.RightsAnalysisNote | Should -Match 'LsaOpenPolicy'
        Get-EmulatorCallCount LogonUserW | Should -Be 1
    }
}

Describe 'No leaks: failed runs, stopped pipelines, many calls' -Tag Emulator {
    BeforeAll { Initialize-TestMachine (New-TestScenario) }
    AfterEach { Assert-EmulatorClean }

    It 'a pipeline stopped by Select-Object -First 1 closes everything (<Label>)' -ForEach @(
        @{ Label = 'listing'; Script = { Get-LogonRight | Select-Object -First 1 } }
        @{ Label = 'identities'; Script = { 'CONTOSO\alice', 'CONTOSO\carol', 'WEB01\bob' | Get-LogonLocallyRight | Select-Object -First 1 } }
        @{ Label = 'remote'; Script = { 'CONTOSO\alice', 'CONTOSO\carol' | Get-LogonLocallyRight -ComputerName WEB02 | Select-Object -First 1 } }
        @{ Label = 'grant'; Script = { 'CONTOSO\alice', 'CONTOSO\carol' | Grant-LogonRight -LogonType Service -PassThru | Select-Object -First 1 } }
        @{ Label = 'Test-IisLogon'; Script = { (New-Cred 'CONTOSO\alice' 'Alice-Pa55!'), (New-Cred 'CONTOSO\carol' 'Carol-Pa55!') | Test-IisLogon -LogonType Interactive | Select-Object -First 1 } }
    ) {
        @(& $Script).Count | Should -Be 1
    }

    It 'a pipeline that throws in the middle closes everything' {
        { 'CONTOSO\alice', 'CONTOSO\carol' | Get-LogonLocallyRight | ForEach-Object { throw 'boom' } } | Should -Throw 'boom'
    }

    It '10,000 repeated calls leave no allocation, handle or token behind' {
        for ($i = 0; $i -lt 10000; $i++) {
            $null = Get-LogonLocallyRight -Identity 'CONTOSO\alice'
        }
        $s = Get-EmulatorStats
        [int]$s.outstanding.lsaAllocations | Should -Be 0
        [int]$s.outstanding.lsaPolicyHandles | Should -Be 0
        [int]$s.outstanding.authzContexts | Should -Be 0
    }
}

Describe 'Concurrency: 8 runspaces granting and revoking overlapping identities' -Tag Emulator {
    It 'ends in the same state as a serial run, with no crash and no corruption' {
        $grants = @('CONTOSO\alice', 'CONTOSO\carol', 'WEB01\bob', 'CONTOSO\WebEditors')
        $revokes = @('CONTOSO\dave', 'WEB01\WebUsers')
        $rights = @{ SeBatchLogonRight = @('BUILTIN\Administrators', 'CONTOSO\dave', 'WEB01\WebUsers'); SeInteractiveLogonRight = @('BUILTIN\Administrators') }
        $plan = 0..7 | ForEach-Object {
            # Every worker grants an overlapping window of identities and revokes the same two.
            @{ Grant = @($grants[$_ % 4], $grants[($_ + 1) % 4]); Revoke = $revokes }
        }

        Initialize-TestMachine (New-TestScenario -Rights $rights)
        foreach ($p in $plan) {
            Grant-LogonRight -LogonType Batch -Identity $p.Grant
            Revoke-LogonRight -LogonType Batch -Identity $p.Revoke -Confirm:$false
        }
        $serial = Get-DirectHolders SeBatchLogonRight

        Initialize-TestMachine (New-TestScenario -Rights $rights)
        $module = $env:IISLT_MODULE
        $client = Join-Path $env:IISLT_EMULATOR 'WinEmu.Client.dll'
        $errors = $plan | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module $using:module
            $p = $_
            foreach ($round in 1..5) {
                Grant-LogonRight -LogonType Batch -Identity $p.Grant -ErrorAction Continue 2>&1
                Revoke-LogonRight -LogonType Batch -Identity $p.Revoke -Confirm:$false -ErrorAction Continue 2>&1
                $null = Get-LogonRight -LogonType Batch -Identity $p.Grant
            }
        }
        $errors | Should -BeNullOrEmpty
        $parallel = Get-DirectHolders SeBatchLogonRight
        $parallel | Should -Be $serial
        $serial.Count | Should -Be 5 -Because 'Administrators plus the four granted identities'
        { Get-Content -LiteralPath $env:WINEMU_STATE -Raw | ConvertFrom-Json } | Should -Not -Throw
        Assert-EmulatorClean
    }
}

Describe 'Remoting shape' -Tag Emulator {
    BeforeAll { Initialize-TestMachine (New-TestScenario) }
    AfterEach { Assert-EmulatorClean }

    It '<Type> keeps every property through serialization, and its view still applies' -ForEach @(
        @{ Type = 'LogonRightStatus'; Script = { Get-LogonLocallyRight -Identity 'CONTOSO\carol' } }
        @{ Type = 'LogonRightHolder'; Script = { Get-LogonLocallyRight | Select-Object -First 1 } }
        @{ Type = 'IisLogonTestResult'; Script = { Test-IisLogon -Credential (New-Cred 'CONTOSO\alice' 'Alice-Pa55!') -LogonType Interactive } }
    ) {
        $live = & $Script
        # What remoting and Start-Job do: CliXml serialization with the default depth.
        $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($live))
        $copy.PSObject.TypeNames[0] | Should -Be "Deserialized.$($live.GetType().FullName)"
        foreach ($p in $live.PSObject.Properties) {
            $copy.PSObject.Properties[$p.Name] | Should -Not -BeNullOrEmpty -Because "$($p.Name) must survive"
            if ($p.Value -is [string] -or $p.Value -is [bool] -or $p.Value -is [int] -or $p.Value -is [enum]) {
                "$($copy.($p.Name))" | Should -Be "$($p.Value)"
            }
        }
        ($copy | Out-String) | Should -Be ($live | Out-String)
    }

    It 'works through Start-Job in another process' {
        $job = Start-Job -ScriptBlock {
            param($module, $client, $state)
            Add-Type -Path $client
            [WinEmu.Emulator]::UseState($state)
            Import-Module $module
            Get-LogonLocallyRight -Identity 'CONTOSO\carol'
        } -ArgumentList $env:IISLT_MODULE, (Join-Path $env:IISLT_EMULATOR 'WinEmu.Client.dll'), $env:WINEMU_STATE
        $r = $job | Wait-Job -Timeout 120 | Receive-Job
        $job | Remove-Job -Force
        $r.Identity | Should -Be 'CONTOSO\carol'
        $r.Sid | Should -Be 'S-1-5-21-1000-2000-3000-1106'
        $r.GrantedBy.Count | Should -Be 0
        $r.PSObject.TypeNames[0] | Should -Be 'Deserialized.IisLogonTools.Rights.LogonRightStatus'
        ($r | Out-String) | Should -Match 'Identity\s+LogonType\s+Effective'
    }

    It 'works when imported in a fresh runspace' {
        $rs = [runspacefactory]::CreateRunspace()
        $rs.Open()
        try {
            $ps = [powershell]::Create()
            $ps.Runspace = $rs
            $null = $ps.AddScript("Import-Module '$($env:IISLT_MODULE)'; Get-LogonLocallyRight -Identity 'CONTOSO\alice'")
            $r = $ps.Invoke()
            $ps.HadErrors | Should -BeFalse
            $r[0].Identity | Should -Be 'CONTOSO\alice'
            $ps.Dispose()
        } finally {
            $rs.Dispose()
        }
    }
}

Describe 'Lockout safety' -Tag Emulator {
    It 'five bad attempts against a threshold of five lock the account after exactly five LogonUserW calls' {
        $s = New-TestScenario
        $s.domain.lockoutThreshold = 5
        Initialize-TestMachine $s
        Reset-EmulatorStats
        $creds = 1..5 | ForEach-Object { New-Cred 'CONTOSO\alice' "wrong-$_" }
        $r = $creds | Test-IisLogon -LogonType Network
        Get-EmulatorCallCount LogonUserW | Should -Be 5
        $r.Reason | Should -Be @('BadCredentials', 'BadCredentials', 'BadCredentials', 'BadCredentials', 'BadCredentials')
        (Test-IisLogon -Credential (New-Cred 'CONTOSO\alice' 'Alice-Pa55!') -LogonType Network).Reason | Should -Be 'AccountLockedOut'
        Get-EmulatorCallCount LogonUserW | Should -Be 6
        Assert-EmulatorClean
    }
}

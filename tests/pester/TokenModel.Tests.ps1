BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:IISLT_MODULE -Force

    $script:Types = @('Interactive', 'Network', 'Batch', 'Service', 'RemoteInteractive')
    $script:Rights = @{
        Interactive       = @('SeInteractiveLogonRight', 'SeDenyInteractiveLogonRight')
        Network           = @('SeNetworkLogonRight', 'SeDenyNetworkLogonRight')
        Batch             = @('SeBatchLogonRight', 'SeDenyBatchLogonRight')
        Service           = @('SeServiceLogonRight', 'SeDenyServiceLogonRight')
        RemoteInteractive = @('SeRemoteInteractiveLogonRight', 'SeDenyRemoteInteractiveLogonRight')
    }
    # The accounts of the matrix. Users log on with LogonUserW (types 2, 3, 8, 4, 5); the service and virtual accounts
    # have no password, so the emulator's rights step is asked directly (WinEmu_CheckLogonRight), as it is for type 10.
    $script:Accounts = [ordered]@{
        'local user'       = @{ Identity = 'WEB01\lu'; User = 'lu'; Domain = 'WEB01'; Password = 'Lu-Pa55!' }
        'local admin'      = @{ Identity = 'WEB01\la'; User = 'la'; Domain = 'WEB01'; Password = 'La-Pa55!' }
        'domain user'      = @{ Identity = 'CONTOSO\du'; User = 'du'; Domain = 'CONTOSO'; Password = 'Du-Pa55!' }
        'nested domain'    = @{ Identity = 'CONTOSO\dn'; User = 'dn'; Domain = 'CONTOSO'; Password = 'Dn-Pa55!' }
        'SYSTEM'           = @{ Identity = 'NT AUTHORITY\SYSTEM' }
        'NETWORK SERVICE'  = @{ Identity = 'NT AUTHORITY\NETWORK SERVICE' }
        'app pool'         = @{ Identity = 'IIS APPPOOL\DefaultAppPool' }
    }
    $script:LogonUserTypes = @{ Interactive = @(2); Network = @(3, 8); Batch = @(4); Service = @(5) }
    $script:CheckTypes = @{ Interactive = 2; Network = 3; Batch = 4; Service = 5; RemoteInteractive = 10 }

    function New-MatrixScenario([hashtable] $Rights) {
        @{
            localComputer = 'WEB01'
            domain        = @{
                name = 'CONTOSO'; dnsName = 'contoso.com'; sid = 'S-1-5-21-1000-2000-3000'
                accounts = @(
                    @{ name = 'du'; rid = 1301; password = 'Du-Pa55!' }
                    @{ name = 'dn'; rid = 1302; password = 'Dn-Pa55!' }
                    @{ name = 'Inner'; type = 'group'; rid = 1310; members = @('CONTOSO\dn') }
                    @{ name = 'Outer'; type = 'group'; rid = 1311; members = @('CONTOSO\Inner') }
                    @{ name = 'DG'; type = 'group'; rid = 1312; members = @('CONTOSO\du', 'CONTOSO\Outer') }
                )
            }
            computers     = @(@{
                name = 'WEB01'; sid = 'S-1-5-21-11-22-33'; role = 'memberServer'
                accounts = @(
                    @{ name = 'lu'; rid = 1001; password = 'Lu-Pa55!' }
                    @{ name = 'la'; rid = 1002; password = 'La-Pa55!' }
                    @{ name = 'Grp'; type = 'alias'; rid = 1010; members = @('WEB01\lu', 'WEB01\la', 'CONTOSO\du', 'CONTOSO\Outer', 'NT AUTHORITY\SYSTEM', 'NT AUTHORITY\NETWORK SERVICE', 'IIS APPPOOL\DefaultAppPool') }
                    @{ name = 'Batchers'; type = 'alias'; rid = 1011; members = @('NT AUTHORITY\BATCH') }
                )
                builtin = @{ Administrators = @('WEB01\Administrator', 'WEB01\la') }
                appPools = @('DefaultAppPool')
                rights = $Rights
            })
        }
    }

    # Which accounts each holder puts in the token, per logon type, written from the token model in
    # tests/emulator/README.md ("Token model"), not from the module: rule numbers in the comments.
    $all = @($script:Accounts.Keys)
    $script:Holders = [ordered]@{
        # T1
        'direct'                        = @{ Holder = $null; Members = { param($a, $t) $true } }
        # T2 (nested domain groups) + T9: WEB01\Grp lists every account, and CONTOSO\Outer for the nested user
        'local group'                   = @{ Holder = 'WEB01\Grp'; Members = { param($a, $t) $true } }
        # T2: CONTOSO\DG holds du directly and dn through Outer > Inner; local and service accounts have no domain groups
        'domain group'                  = @{ Holder = 'CONTOSO\DG'; Members = { param($a, $t) $a -in 'domain user', 'nested domain' } }
        # T5: INTERACTIVE is in interactive and Remote Desktop tokens only
        'well-known INTERACTIVE'        = @{ Holder = 'NT AUTHORITY\INTERACTIVE'; Members = { param($a, $t) $t -in 'Interactive', 'RemoteInteractive' } }
        # T8: Local account is in the tokens of the computer's own accounts only
        'well-known Local account'      = @{ Holder = 'NT AUTHORITY\Local account'; Members = { param($a, $t) $a -in 'local user', 'local admin' } }
        # T5 + T9: a local group that lists BATCH holds every batch logon
        'local group containing BATCH'  = @{ Holder = 'WEB01\Batchers'; Members = { param($a, $t) $t -eq 'Batch' } }
    }

    function Get-MatrixExpectation([string] $Holder, [bool] $Deny, [string] $Account, [string] $Type) {
        $in = [bool](& $script:Holders[$Holder].Members $Account $Type)
        if ($Deny) { -not $in } else { $in }
    }

    function Get-MatrixRights([string] $Holder, [bool] $Deny) {
        $h = $script:Holders[$Holder].Holder
        [string[]] $list = if ($h) { @($h) } else { @($script:Accounts.Values | ForEach-Object { $_.Identity }) }
        $rights = @{}
        foreach ($t in $script:Types) {
            if ($Deny) {
                $rights[$script:Rights[$t][0]] = @('Everyone')
                $rights[$script:Rights[$t][1]] = $list
            } else {
                $rights[$script:Rights[$t][0]] = $list
            }
        }
        $rights
    }

    # Every cell: Get-LogonRight here, Get-LogonRight with -ComputerName, and the emulator's own logon decision
    # must all equal the model's expectation. Returns the mismatches as text.
    function Test-Matrix([scriptblock] $Expect) {
        $ids = @($script:Accounts.Values | ForEach-Object { $_.Identity })
        $here = @(Get-LogonRight -Identity $ids -LogonType $script:Types)
        $remote = @(Get-LogonRight -Identity $ids -LogonType $script:Types -ComputerName WEB01)
        $bad = [Collections.Generic.List[string]]::new()
        $here.Count | Should -Be 35
        $remote.Count | Should -Be 35
        foreach ($name in $script:Accounts.Keys) {
            $acct = $script:Accounts[$name]
            foreach ($t in $script:Types) {
                $expected = [bool](& $Expect $name $t)
                foreach ($set in @(@{ Where = 'local'; Rows = $here }, @{ Where = 'remote'; Rows = $remote })) {
                    $row = @($set.Rows | Where-Object { $_.Identity -eq $acct.Identity -and "$($_.LogonType)" -eq $t })
                    if ($row.Count -ne 1) { $bad.Add("$name/$t/$($set.Where): $($row.Count) rows"); continue }
                    if ($row[0].Effective -ne $expected -or $null -eq $row[0].Effective) {
                        $bad.Add("$name/$t/$($set.Where): Effective '$($row[0].Effective)', model says $expected; granted [$($row[0].GrantedBy -join '; ')] denied [$($row[0].DeniedBy -join '; ')] gaps [$($row[0].TokenGaps -join '; ')]")
                    }
                    if (-not $row[0].TokenComplete) { $bad.Add("$name/$t/$($set.Where): token incomplete: $($row[0].TokenGaps -join '; ')") }
                }
                if ($acct.User -and $script:LogonUserTypes.Contains($t)) {
                    foreach ($lt in $script:LogonUserTypes[$t]) {
                        $code = [WinEmu.Emulator]::LogonUser($acct.User, $acct.Domain, $acct.Password, $lt)
                        $ok = $code -eq 0
                        if ($ok -ne $expected -or ($code -ne 0 -and $code -ne 1385)) { $bad.Add("$name/$t/LogonUserW type $lt`: error $code, model says $expected") }
                    }
                } else {
                    $ok = [WinEmu.Emulator]::CheckLogonRight($acct.Identity, $script:CheckTypes[$t])
                    if ($ok -ne $expected) { $bad.Add("$name/$t/emulator rights step: $ok, model says $expected") }
                }
            }
        }
        $bad
    }
}

Describe 'Token model matrix: Get-LogonRight and the emulated logon agree with the documented model' -Tag Emulator {
    AfterEach { Assert-EmulatorClean }

    It 'allow <Holder>' -ForEach @(
        @{ Holder = 'direct' }, @{ Holder = 'local group' }, @{ Holder = 'domain group' }, @{ Holder = 'well-known INTERACTIVE' },
        @{ Holder = 'well-known Local account' }, @{ Holder = 'local group containing BATCH' }
    ) {
        Initialize-TestMachine (New-MatrixScenario (Get-MatrixRights $Holder $false))
        $h = $Holder
        $bad = Test-Matrix { param($a, $t) Get-MatrixExpectation $h $false $a $t }
        $bad -join "`n" | Should -BeNullOrEmpty
    }

    It 'deny <Holder> (allow Everyone)' -ForEach @(
        @{ Holder = 'direct' }, @{ Holder = 'local group' }, @{ Holder = 'domain group' }, @{ Holder = 'well-known INTERACTIVE' },
        @{ Holder = 'well-known Local account' }, @{ Holder = 'local group containing BATCH' }
    ) {
        Initialize-TestMachine (New-MatrixScenario (Get-MatrixRights $Holder $true))
        $h = $Holder
        $bad = Test-Matrix { param($a, $t) Get-MatrixExpectation $h $true $a $t }
        $bad -join "`n" | Should -BeNullOrEmpty
    }

    It 'CIS-style deny of network logon to S-1-5-114 stops only the local admin, and only for Network (T8b)' {
        $rights = @{}
        foreach ($t in $script:Types) { $rights[$script:Rights[$t][0]] = @('Everyone') }
        $rights['SeDenyNetworkLogonRight'] = @('S-1-5-114')
        Initialize-TestMachine (New-MatrixScenario $rights)
        $bad = Test-Matrix { param($a, $t) -not ($a -eq 'local admin' -and $t -eq 'Network') }
        $bad -join "`n" | Should -BeNullOrEmpty
    }
}

Describe 'Token model: the cases the issue names' -Tag Emulator {
    AfterEach { Assert-EmulatorClean }

    It 'a local admin under a CIS deny of S-1-5-114 is not effective for Network, named by the deny, here and remotely' {
        Initialize-TestMachine (New-MatrixScenario @{ SeNetworkLogonRight = @('Everyone', 'BUILTIN\Administrators'); SeDenyNetworkLogonRight = @('S-1-5-114', 'BUILTIN\Guests') })
        foreach ($params in @(@{}, @{ ComputerName = 'WEB01' })) {
            $r = Get-LogonRight -Identity 'WEB01\la' -LogonType Network @params
            $r.Effective | Should -BeFalse
            $r.DeniedBy | Should -Be @('NT AUTHORITY\Local account and member of Administrators group (S-1-5-114)')
            $r.TokenSids | Should -Contain 'S-1-5-114'
            $r.TokenComplete | Should -BeTrue
        }
        [WinEmu.Emulator]::LogonUser('la', 'WEB01', 'La-Pa55!', 8) | Should -Be 1385
        [WinEmu.Emulator]::LogonUser('lu', 'WEB01', 'Lu-Pa55!', 8) | Should -Be 0
    }

    It 'SYSTEM, NETWORK SERVICE and IIS APPPOOL\DefaultAppPool get True or False for Batch and Service, never null, naming the assignment' {
        # Member-server defaults [BATCH][KB981949]: batch to Administrators, Backup Operators, Performance Log Users, IIS_IUSRS.
        Initialize-TestMachine (New-MatrixScenario @{
            SeBatchLogonRight = @('BUILTIN\Administrators', 'BUILTIN\Backup Operators', 'BUILTIN\Performance Log Users', 'BUILTIN\IIS_IUSRS')
            SeServiceLogonRight = @('NT AUTHORITY\NETWORK SERVICE')
            SeDenyServiceLogonRight = @('IIS APPPOOL\DefaultAppPool')
        })
        $r = Get-LogonRight -Identity 'NT AUTHORITY\SYSTEM', 'NT AUTHORITY\NETWORK SERVICE', 'IIS APPPOOL\DefaultAppPool' -LogonType Batch, Service
        @($r).Count | Should -Be 6
        foreach ($row in $r) { $row.Effective | Should -BeOfType [bool] }
        $get = { param($id, $t) $r | Where-Object { $_.Identity -eq $id -and "$($_.LogonType)" -eq $t } }
        $sys = & $get 'NT AUTHORITY\SYSTEM' 'Batch'
        $sys.Effective | Should -BeTrue
        $sys.GrantedBy | Should -Be @('BUILTIN\Administrators (S-1-5-32-544)')
        $sys.AccountKind | Should -Be 'LocalSystem'
        $sys.GroupExpansion | Should -Be 'Complete'
        (& $get 'NT AUTHORITY\SYSTEM' 'Service').Effective | Should -BeFalse
        (& $get 'NT AUTHORITY\NETWORK SERVICE' 'Batch').Effective | Should -BeFalse
        $ns = & $get 'NT AUTHORITY\NETWORK SERVICE' 'Service'
        $ns.Effective | Should -BeTrue
        $ns.GrantedBy | Should -Be @('NT AUTHORITY\NETWORK SERVICE (S-1-5-20)')
        $pool = & $get 'IIS APPPOOL\DefaultAppPool' 'Batch'
        $pool.Effective | Should -BeTrue
        $pool.Sid | Should -Be 'S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415'
        $pool.GrantedBy | Should -Be @('BUILTIN\IIS_IUSRS (S-1-5-32-568)')
        $poolService = & $get 'IIS APPPOOL\DefaultAppPool' 'Service'
        $poolService.Effective | Should -BeFalse
        $poolService.DeniedBy | Should -Be @('IIS APPPOOL\DefaultAppPool (S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415)')
    }

    It 'a rights holder outside the model makes the answer unknown and says why, instead of guessing' {
        Initialize-TestMachine (New-MatrixScenario @{ SeNetworkLogonRight = @('Everyone'); SeDenyNetworkLogonRight = @('S-1-5-64-10') })
        $r = Get-LogonRight -Identity 'CONTOSO\du' -LogonType Network
        $r.Effective | Should -BeNullOrEmpty
        $r.TokenComplete | Should -BeFalse
        $r.TokenGaps | Should -Match 'S-1-5-64-10.*does not say when Windows adds this SID'
    }
}

Describe 'Remote evaluation cost: member lists once per invocation, AuthZ per domain account' -Tag Emulator {
    AfterEach { Assert-EmulatorClean }

    It 'reads each local group that matters once, whatever the number of identities, and never calls NetUserGetLocalGroups' {
        $rights = @{ SeInteractiveLogonRight = @('BUILTIN\Users', 'WEB01\Grp'); SeDenyInteractiveLogonRight = @('BUILTIN\Guests') }
        Initialize-TestMachine (New-MatrixScenario $rights)
        Reset-EmulatorStats
        $r = @(Get-LogonLocallyRight -Identity 'CONTOSO\du', 'CONTOSO\dn', 'WEB01\lu', 'WEB01\la' -ComputerName WEB01)
        $r.Count | Should -Be 4
        Get-EmulatorCallCount NetLocalGroupGetMembers | Should -Be 3
        Get-EmulatorCallCount NetUserGetLocalGroups | Should -Be 0
        Get-EmulatorCallCount AuthzInitializeContextFromSid | Should -Be 2
    }
}

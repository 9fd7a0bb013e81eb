BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:IISLT_MODULE -Force
    # A configuration path that does not exist, so tests never depend on this machine's IIS.
    $script:NoConfig = Join-Path ([IO.Path]::GetTempPath()) 'iislt-no-such-dir/applicationHost.config'

    # The logon-hours bitmap (USER_INFO_4 usri4_logon_hours): 168 bits, one per hour of the week in UTC, bit 0 of
    # byte 0 = Sunday 00:00-00:59, least significant bit first (Microsoft Learn, USER_INFO_1020). $Hours are the
    # hour-of-week indexes whose bit is set (allowed), or with -Invert cleared.
    function New-LogonHours([int[]] $Hours, [switch] $Invert) {
        $bytes = [byte[]]::new(21)
        for ($i = 0; $i -lt 168; $i++) {
            $set = ($Hours -contains $i) -xor [bool]$Invert
            if ($set) { $bytes[[math]::Floor($i / 8)] = $bytes[[math]::Floor($i / 8)] -bor (1 -shl ($i % 8)) }
        }
        ($bytes | ForEach-Object { $_.ToString('x2') }) -join ''
    }
    function Get-HourOfWeek([datetime] $Utc) { [int]$Utc.DayOfWeek * 24 + $Utc.Hour }
}

Describe 'Test-IisLogon -Identity: each account state, without a logon' -Tag Emulator {
    BeforeEach { Reset-EmulatorStats }
    AfterEach {
        # Nothing in this path may count toward a lockout: not one LogonUserW call.
        Get-EmulatorCallCount LogonUserW | Should -Be 0
        Assert-EmulatorClean
    }

    # Expected codes: win-semantics.md 1.5 (the error LogonUser reports for each state).
    It 'domain account with <Flag> -> <Reason> (<Code>) and <Fix>' -ForEach @(
        @{ Flag = 'lockedOut'; Code = 1909; Reason = 'AccountLockedOut'; Fix = "Unlock-ADAccount -Identity 'frank'" }
        @{ Flag = 'disabled'; Code = 1331; Reason = 'AccountDisabled'; Fix = "Enable-ADAccount -Identity 'frank'" }
        @{ Flag = 'accountExpired'; Code = 1793; Reason = 'AccountExpired'; Fix = "Clear-ADAccountExpiration -Identity 'frank'" }
        @{ Flag = 'logonHoursDenied'; Code = 1328; Reason = 'InvalidLogonHours'; Fix = "Set-ADUser -Identity 'frank' -Clear logonHours" }
        @{ Flag = 'workstationDenied'; Code = 1329; Reason = 'InvalidWorkstation'; Fix = "Set-ADUser -Identity 'frank' -LogonWorkstations 'KIOSK01,WEB01'" }
        @{ Flag = 'passwordExpired'; Code = 1330; Reason = 'PasswordExpired'; Fix = "Set-ADAccountPassword -Identity 'frank' -Reset" }
        @{ Flag = 'mustChangePassword'; Code = 1907; Reason = 'PasswordMustChange'; Fix = "Set-ADUser -Identity 'frank' -ChangePasswordAtLogon `$false" }
    ) {
        $account = @{ name = 'frank'; type = 'user'; rid = 1300; password = 'Frank-Pa55!' }
        $account[$Flag] = $true
        Initialize-TestMachine (New-TestScenario -ExtraDomainAccounts @($account))
        $r = Test-IisLogon -Identity 'CONTOSO\frank'
        $r.Succeeded | Should -BeNullOrEmpty
        $r.Win32Error | Should -Be $Code
        $r.Reason | Should -Be $Reason
        $r.HttpStatus | Should -Be '401.1'
        $r.Account | Should -Be 'CONTOSO\frank'
        $r.AccountState.IsDomainAccount | Should -BeTrue
        $r.AccountState.ReadFrom | Should -Be '\\dc01.contoso.com'
        $r.Explanation | Should -Match '^No logon was tried\.'
        $r.Remediation | Should -Match ([regex]::Escape($Fix))
        $r.BlockingCauses.Count | Should -Be 1
        Get-EmulatorCallCount DsGetDcNameW | Should -Be 1
    }

    It 'local account with <Flag> -> <Reason> and <Fix>' -ForEach @(
        @{ Flag = 'lockedOut'; Reason = 'AccountLockedOut'; Fix = "[ADSI]'WinNT://./hank,user'; `$u.IsAccountLocked = `$false; `$u.SetInfo()" }
        @{ Flag = 'disabled'; Reason = 'AccountDisabled'; Fix = "Enable-LocalUser -Name 'hank'" }
        @{ Flag = 'accountExpired'; Reason = 'AccountExpired'; Fix = "Set-LocalUser -Name 'hank' -AccountNeverExpires" }
        @{ Flag = 'logonHoursDenied'; Reason = 'InvalidLogonHours'; Fix = 'net user hank /times:all' }
        @{ Flag = 'workstationDenied'; Reason = 'InvalidWorkstation'; Fix = 'net user hank /workstations:KIOSK01,WEB01' }
        @{ Flag = 'passwordExpired'; Reason = 'PasswordExpired'; Fix = "Set-LocalUser -Name 'hank' -Password (Read-Host -AsSecureString)" }
        @{ Flag = 'mustChangePassword'; Reason = 'PasswordMustChange'; Fix = 'net user hank /logonpasswordchg:no' }
    ) {
        $account = @{ name = 'hank'; type = 'user'; rid = 1010; password = 'Hank-Pa55!' }
        $account[$Flag] = $true
        Initialize-TestMachine (New-TestScenario -ExtraLocalAccounts @($account))
        $r = Test-IisLogon -Identity 'hank'
        $r.Reason | Should -Be $Reason
        $r.Account | Should -Be 'WEB01\hank'
        $r.AccountState.IsDomainAccount | Should -BeFalse
        $r.Remediation | Should -Match ([regex]::Escape($Fix))
        # A local account needs no domain controller.
        Get-EmulatorCallCount DsGetDcNameW | Should -Be 0
    }

    It 'a locked-out account says when Windows unlocks it by itself (NetUserModalsGet level 3)' {
        $scenario = New-TestScenario -ExtraDomainAccounts @(@{ name = 'lena'; rid = 1304; password = 'L-1'; lockedOut = $true }) -ExtraLocalAccounts @(@{ name = 'lou'; rid = 1013; password = 'L-2'; lockedOut = $true })
        $scenario.domain.lockoutDuration = 1800
        $scenario.computers[0].lockoutDuration = 0
        Initialize-TestMachine $scenario
        $r = 'CONTOSO\lena', 'CONTOSO\lena2', 'WEB01\lou' | Test-IisLogon -ErrorAction SilentlyContinue
        $r[0].AccountState.LockoutDuration | Should -Be ([timespan]::FromMinutes(30))
        $r[0].Explanation | Should -Match ([regex]::Escape('Windows unlocks it by itself 30 minute(s) after the lockout'))
        $r[1].AccountState.LockoutDuration | Should -BeNullOrEmpty
        $r[1].Explanation | Should -Match 'stays locked until an administrator unlocks it'
        # Once per server that holds a locked-out account.
        Get-EmulatorCallCount NetUserModalsGet | Should -Be 2
    }

    It 'a healthy account: only the password remains unchecked' {
        Initialize-TestMachine (New-TestScenario)
        $r = Test-IisLogon -Identity 'CONTOSO\alice' -LogonType Network
        $r.Succeeded | Should -BeNullOrEmpty
        $r.Reason | Should -Be 'PasswordNotChecked'
        $r.Win32Error | Should -Be 0
        $r.HttpStatus | Should -BeNullOrEmpty
        $r.BlockingCauses.Count | Should -Be 0
        $r.Explanation | Should -Match 'Only the password remains unchecked'
        $r.RightsAnalysis.Effective | Should -BeTrue
        $r.RightsAnalysis.GrantedBy | Should -Contain 'Everyone (S-1-1-0)'
        Get-EmulatorCallCount NetUserModalsGet | Should -Be 0
    }

    It 'logon type not granted by a deny, with the group analysis' {
        Initialize-TestMachine (New-TestScenario)
        $r = Test-IisLogon -Identity 'CONTOSO\dave' -LogonType NetworkCleartext
        $r.Reason | Should -Be 'LogonTypeNotGranted'
        $r.Win32Error | Should -Be 1385
        $r.RequiredRight | Should -Be 'SeNetworkLogonRight'
        $r.RightsAnalysis.DeniedBy | Should -Be @('BUILTIN\Guests (S-1-5-32-546)')
        $r.Remediation | Should -Match ([regex]::Escape("Revoke-LogonRight -Identity 'BUILTIN\Guests' -LogonType Network -Deny"))
    }

    It 'logon type not granted because no group holds the right (KB Q247593)' {
        Initialize-TestMachine (New-TestScenario)
        $r = Test-IisLogon -Identity 'CONTOSO\alice' -LogonType Interactive
        $r.Reason | Should -Be 'LogonTypeNotGranted'
        $r.RightsAnalysis.Effective | Should -BeFalse
        $r.RightsAnalysis.GrantedBy.Count | Should -Be 0
        $r.Remediation | Should -Match ([regex]::Escape("Neither CONTOSO\alice nor any group it belongs to holds SeInteractiveLogonRight"))
    }

    It 'reports the first cause in the order Windows checks, and lists the others' {
        $account = @{ name = 'ivan'; rid = 1301; password = 'I-1'; lockedOut = $true; disabled = $true; mustChangePassword = $true }
        Initialize-TestMachine (New-TestScenario -ExtraDomainAccounts @($account))
        $r = Test-IisLogon -Identity 'CONTOSO\ivan'
        $r.Reason | Should -Be 'AccountLockedOut'
        @($r.BlockingCauses | ForEach-Object { ($_ -split ' ')[0] }) | Should -Be @('AccountLockedOut', 'AccountDisabled', 'PasswordMustChange')
        $r.Explanation | Should -Match 'Also blocking'
    }

    It 'an account state cause comes before the missing logon right' {
        Initialize-TestMachine (New-TestScenario -ExtraDomainAccounts @(@{ name = 'judy'; rid = 1302; password = 'J-1'; disabled = $true }))
        $r = Test-IisLogon -Identity 'CONTOSO\judy' -LogonType Interactive
        $r.Reason | Should -Be 'AccountDisabled'
        $r.BlockingCauses[1] | Should -Match '^LogonTypeNotGranted \(1385\)'
    }

    It 'reads the logon hours bitmap for the current hour (bit 0 = Sunday 00:00 UTC)' {
        $now = Get-HourOfWeek ([datetime]::UtcNow)
        $next = ($now + 1) % 168
        Initialize-TestMachine (New-TestScenario -ExtraLocalAccounts @(
                @{ name = 'day'; rid = 1011; password = 'D-1'; logonHours = (New-LogonHours @($now, $next)) }
                @{ name = 'night'; rid = 1012; password = 'N-1'; logonHours = (New-LogonHours @($now, $next) -Invert) }))
        (Test-IisLogon -Identity 'day').Reason | Should -Be 'PasswordNotChecked'
        $night = Test-IisLogon -Identity 'night'
        $night.Reason | Should -Be 'InvalidLogonHours'
        $night.Win32Error | Should -Be 1328
    }

    It 'a workstation list that names this server does not block' {
        Initialize-TestMachine (New-TestScenario -ExtraDomainAccounts @(@{ name = 'kim'; rid = 1303; password = 'K-1'; workstations = 'KIOSK01, web01' }))
        (Test-IisLogon -Identity 'CONTOSO\kim').Reason | Should -Be 'PasswordNotChecked'
    }

    It 'finds <Typed> as <Account>' -ForEach @(
        @{ Typed = 'bob'; Account = 'WEB01\bob' }
        @{ Typed = '.\bob'; Account = 'WEB01\bob' }
        @{ Typed = 'alice'; Account = 'CONTOSO\alice' }
        @{ Typed = 'alice@contoso.com'; Account = 'CONTOSO\alice' }
        @{ Typed = 'contoso.com\alice'; Account = 'contoso.com\alice' }
    ) {
        Initialize-TestMachine (New-TestScenario)
        $r = Test-IisLogon -Identity $Typed
        $r.Account | Should -Be $Account
        $r.Reason | Should -Be 'PasswordNotChecked'
    }
}

Describe 'Test-IisLogon -Identity: errors and domain controller lookups' -Tag Emulator {
    BeforeEach { Reset-EmulatorStats }
    AfterEach {
        Get-EmulatorCallCount LogonUserW | Should -Be 0
        Assert-EmulatorClean
    }

    It 'an unknown account is a typed error with the account as target, and the pipeline goes on' {
        Initialize-TestMachine (New-TestScenario)
        $r = 'CONTOSO\nobody', 'CONTOSO\alice', 'nobody2' | Test-IisLogon -ErrorVariable errs -ErrorAction SilentlyContinue
        @($r).Count | Should -Be 1
        $r.Account | Should -Be 'CONTOSO\alice'
        $errs.Count | Should -Be 2
        $errs[0].FullyQualifiedErrorId | Should -Be 'AccountNotFound,IisLogonTools.Commands.TestIisLogonCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 'CONTOSO\nobody'
        $errs[1].TargetObject | Should -Be 'nobody2'
        # A bare name not found here is looked up in this computer's domain, CONTOSO: one DC lookup for both.
        Get-EmulatorCallCount DsGetDcNameW | Should -Be 1
    }

    It 'no reachable domain controller: DomainControllerUnreachable per account, one lookup per domain' {
        $scenario = New-TestScenario
        $scenario.domain.reachable = $false
        Initialize-TestMachine $scenario
        $null = 'CONTOSO\alice', 'CONTOSO\carol' | Test-IisLogon -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 2
        $errs | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'DomainControllerUnreachable,IisLogonTools.Commands.TestIisLogonCommand' }
        $errs[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $errs[1].TargetObject | Should -Be 'CONTOSO\carol'
        Get-EmulatorCallCount DsGetDcNameW | Should -Be 1
        Get-EmulatorCallCount NetUserGetInfo | Should -Be 0
    }

    It 'access denied on the domain controller is AccountStateAccessDenied' {
        Initialize-TestMachine (New-TestScenario -Faults @(@{ function = 'NetUserGetInfo'; status = 5; computer = 'DC01' }))
        $null = Test-IisLogon -Identity 'CONTOSO\alice' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'AccountStateAccessDenied,IisLogonTools.Commands.TestIisLogonCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $errs[0].TargetObject | Should -Be 'CONTOSO\alice'
    }

    It 'locates the domain controller once per domain for a whole pipeline' {
        Initialize-TestMachine (New-TestScenario)
        $r = 'CONTOSO\alice', 'CONTOSO\carol', 'CONTOSO\dave', 'WEB01\bob' | Test-IisLogon
        @($r).Count | Should -Be 4
        Get-EmulatorCallCount DsGetDcNameW | Should -Be 1
        Get-EmulatorCallCount NetUserGetInfo | Should -Be 4
    }

    It '-Server names the domain controller: no lookup' {
        Initialize-TestMachine (New-TestScenario)
        $r = Test-IisLogon -Identity 'CONTOSO\alice' -Server 'DC01'
        $r.AccountState.ReadFrom | Should -Be 'DC01'
        Get-EmulatorCallCount DsGetDcNameW | Should -Be 0
    }

    It 'a credential still logs on once; piped text never prompts' {
        Initialize-TestMachine (New-TestScenario)
        $cred = [pscredential]::new('CONTOSO\alice', (ConvertTo-SecureString 'Alice-Pa55!' -AsPlainText -Force))
        ($cred | Test-IisLogon -LogonType Network).Succeeded | Should -BeTrue
        Get-EmulatorCallCount LogonUserW | Should -Be 1
        Reset-EmulatorStats
        ('CONTOSO\alice' | Test-IisLogon).Reason | Should -Be 'PasswordNotChecked'
    }
}

Describe 'Get-IisLogonFailure -Site | Test-IisLogon: every failing account, with the log evidence' -Tag Emulator {
    BeforeAll {
        $script:LogRoot = Join-Path $TestDrive 'logs'
        $script:SiteLogs = Join-Path $LogRoot 'W3SVC1'
        $null = New-Item -ItemType Directory -Path $SiteLogs -Force
        $script:Config = Join-Path $TestDrive 'applicationHost.config'
        @"
<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.applicationHost>
    <sites>
      <site name="Default Web Site" id="1">
        <application path="/"><virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\wwwroot" /></application>
      </site>
      <siteDefaults><logFile logFormat="W3C" directory="$LogRoot" /></siteDefaults>
    </sites>
  </system.applicationHost>
  <location path="Default Web Site">
    <system.webServer><security><authentication>
      <basicAuthentication enabled="true" logonMethod="Network" />
    </authentication></security></system.webServer>
  </location>
</configuration>
"@ | Set-Content -LiteralPath $Config -Encoding utf8
        $script:Start = [datetime]::SpecifyKind([datetime]::UtcNow.Date.AddHours(2).AddMinutes(10), 'Utc')
        $lines = @('#Software: Microsoft Internet Information Services 10.0', '#Version: 1.0',
            '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken')
        $n = 0
        foreach ($spec in @(@(12, 'CONTOSO\alice', 1326), @(3, 'CONTOSO\frank', 1326), @(2, 'CONTOSO\frank', 1909), @(4, 'CONTOSO\dave', 1385), @(1, 'WEB01\bob', 1331), @(6, '-', 2148074254))) {
            for ($i = 0; $i -lt $spec[0]; $i++) {
                $t = $Start.AddSeconds($n++)
                $lines += "$($t.ToString('yyyy-MM-dd')) $($t.ToString('HH:mm:ss')) 10.0.0.1 GET /app - 80 $($spec[1]) 10.0.0.5 Mozilla/5.0 - 401 1 $($spec[2]) 15"
            }
        }
        Set-Content -LiteralPath (Join-Path $SiteLogs 'u_ex01.log') -Value $lines -Encoding utf8
    }
    BeforeEach {
        Initialize-TestMachine (New-TestScenario -ExtraDomainAccounts @(@{ name = 'frank'; rid = 1300; password = 'F-1'; lockedOut = $true }))
        Reset-EmulatorStats
    }
    AfterEach {
        Get-EmulatorCallCount LogonUserW | Should -Be 0
        Assert-EmulatorClean
    }

    It 'diagnoses each account once, with its log lines, and prompts for nothing' {
        $failures = Get-IisLogonFailure -Site 'Default Web Site' -ConfigurationPath $Config
        @($failures).Count | Should -Be 5   # frank has two codes
        $r = $failures | Test-IisLogon -ConfigurationPath $Config -ErrorVariable errs
        $errs.Count | Should -Be 0
        @($r).Count | Should -Be 4
        $by = @{}; $r | ForEach-Object { $by[$_.Account] = $_ }

        $by['CONTOSO\alice'].Reason | Should -Be 'PasswordNotChecked'
        $by['CONTOSO\alice'].LogEvidence.Failures | Should -Be 12
        $by['CONTOSO\alice'].LogEvidence.Summary | Should -Be "12 failures with 1326 since $($Start.ToString('yyyy-MM-dd HH:mm')) UTC: wrong password (or a name that does not exist where it was tried)"
        $by['CONTOSO\alice'].Explanation | Should -Match 'The logs show 12 failures with 1326'
        $by['CONTOSO\alice'].Remediation | Should -Match 'the password .* is wrong'

        $by['CONTOSO\frank'].Reason | Should -Be 'AccountLockedOut'
        $by['CONTOSO\frank'].LogEvidence.Failures | Should -Be 5
        $by['CONTOSO\frank'].LogEvidence.Codes | Should -Be @('3 x 1326 ERROR_LOGON_FAILURE (BadCredentials)', '2 x 1909 ERROR_ACCOUNT_LOCKED_OUT (AccountLockedOut)')
        # The first 1909 line is the 16th line written (Start + 15 s); the default lockout duration is 900 s.
        $locked = $Start.AddSeconds(15)
        $by['CONTOSO\frank'].LogEvidence.FirstLockedOut | Should -Be $locked
        $by['CONTOSO\frank'].Explanation | Should -Match ([regex]::Escape("The first 1909 in the logs is at $($locked.ToString('yyyy-MM-dd HH:mm')) UTC: a lockout from then ends by $($locked.AddSeconds(900).ToString('yyyy-MM-dd HH:mm')) UTC"))

        $by['CONTOSO\dave'].Reason | Should -Be 'LogonTypeNotGranted'
        $by['CONTOSO\dave'].LogonType | Should -Be 'Network'
        $by['CONTOSO\dave'].LogonTypeSource | Should -Be 'IisConfiguration'
        $by['CONTOSO\dave'].LogEvidence.Failures | Should -Be 4

        $by['WEB01\bob'].Reason | Should -Be 'PasswordNotChecked'
        $by['WEB01\bob'].LogEvidence.Summary | Should -Match '^1 failure with 1331'
        $by['WEB01\bob'].Remediation | Should -Match 'no longer apply'

        $r | ForEach-Object { $_.LogEvidence.Site | Should -Be 'Default Web Site' }
        Get-EmulatorCallCount DsGetDcNameW | Should -Be 1
    }

    It 'results read with -Path carry no site: the diagnosis still works, without evidence' {
        $r = Get-IisLogonFailure -Path $SiteLogs | Test-IisLogon -ConfigurationPath $Config
        @($r).Count | Should -Be 4
        $r | ForEach-Object { $_.LogEvidence | Should -BeNullOrEmpty }
    }

    It '-Site on the command line reads the evidence for typed names too' {
        $r = Test-IisLogon -Identity 'CONTOSO\alice' -Site 'Default Web Site' -ConfigurationPath $Config
        $r.LogEvidence.Failures | Should -Be 12
        $r.LogEvidence.FirstSeen | Should -Be $Start
    }
}

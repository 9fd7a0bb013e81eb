BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:IISLT_MODULE -Force
    $script:Config = Join-Path $PSScriptRoot 'data/applicationHost.basic.config'
    $script:Malformed = Join-Path $PSScriptRoot 'data/applicationHost.malformed.config'
    function New-Cred([string] $User, [string] $Password) {
        [pscredential]::new($User, (ConvertTo-SecureString $Password -AsPlainText -Force))
    }
    # A configuration path that does not exist, so tests never depend on this machine's IIS.
    $script:NoConfig = Join-Path ([IO.Path]::GetTempPath()) 'iislt-no-such-dir/applicationHost.config'
}

Describe 'Test-IisLogon: the KB Q247593 walkthrough' -Tag Emulator {
    BeforeEach {
        Initialize-TestMachine (New-TestScenario)
        Reset-EmulatorStats
    }
    AfterEach { Assert-EmulatorClean }

    It 'fails with LogonTypeNotGranted and a rights diagnosis, then succeeds after Grant-LogonLocallyRight' {
        $cred = New-Cred 'CONTOSO\alice' 'Alice-Pa55!'
        $before = Test-IisLogon -Credential $cred -LogonType Interactive
        $before.Succeeded | Should -BeFalse
        $before.Win32Error | Should -Be 1385
        $before.ErrorName | Should -Be 'ERROR_LOGON_TYPE_NOT_GRANTED'
        $before.Reason | Should -Be 'LogonTypeNotGranted'
        $before.HttpStatus | Should -Be '401.1'
        $before.RequiredRight | Should -Be 'SeInteractiveLogonRight'
        $before.Remediation | Should -Match ([regex]::Escape("Grant-LogonLocallyRight -Identity 'CONTOSO\alice'"))
        $before.RightsAnalysis.Effective | Should -BeFalse
        $before.RightsAnalysis.DirectAllow | Should -BeFalse
        Grant-LogonLocallyRight -Identity 'CONTOSO\alice'
        $after = Test-IisLogon -Credential $cred -LogonType Interactive
        $after.Succeeded | Should -BeTrue
        $after.Win32Error | Should -Be 0
        $after.Reason | Should -Be 'None'
        $after.HttpStatus | Should -BeNullOrEmpty
        Get-EmulatorCallCount LogonUserW | Should -Be 2
    }

    It 'names the deny assignment that blocks a logon and how to remove it' {
        $r = Test-IisLogon -Credential (New-Cred 'CONTOSO\dave' 'Dave-Pa55!') -LogonType NetworkCleartext
        $r.Reason | Should -Be 'LogonTypeNotGranted'
        $r.RequiredRight | Should -Be 'SeNetworkLogonRight'
        $r.RightsAnalysis.DeniedBy | Should -Be @('BUILTIN\Guests (S-1-5-32-546)')
        # Finding 3 of issue 14: the baseline deny on Guests is kept; the narrow fix takes the user out of Guests, and no
        # grant is advised because Everyone and Users already grant the right.
        $r.Remediation | Should -Match ([regex]::Escape("Remove-LocalGroupMember -Group 'Guests' -Member 'CONTOSO\dave'"))
        $r.Remediation | Should -Match 'baseline'
        $r.Remediation | Should -Not -Match ([regex]::Escape("Revoke-LogonRight -Identity 'BUILTIN\Guests'"))
        $r.Remediation | Should -Not -Match 'Grant-LogonRight'
        $r.Fix | Should -Be "Remove-LocalGroupMember -Group 'Guests' -Member 'CONTOSO\dave'"
    }
}

Describe 'Test-IisLogon: each LogonUser failure maps to its reason' -Tag Emulator {
    BeforeEach { Reset-EmulatorStats }
    AfterEach { Assert-EmulatorClean }

    It 'account flag <Flag> -> <Code> <Reason>' -ForEach @(
        @{ Flag = 'lockedOut'; Code = 1909; Reason = 'AccountLockedOut' }
        @{ Flag = 'disabled'; Code = 1331; Reason = 'AccountDisabled' }
        @{ Flag = 'accountExpired'; Code = 1793; Reason = 'AccountExpired' }
        @{ Flag = 'logonHoursDenied'; Code = 1328; Reason = 'InvalidLogonHours' }
        @{ Flag = 'workstationDenied'; Code = 1329; Reason = 'InvalidWorkstation' }
        @{ Flag = 'passwordExpired'; Code = 1330; Reason = 'PasswordExpired' }
        @{ Flag = 'mustChangePassword'; Code = 1907; Reason = 'PasswordMustChange' }
    ) {
        $account = @{ name = 'frank'; type = 'user'; rid = 1300; password = 'Frank-Pa55!' }
        $account[$Flag] = $true
        Initialize-TestMachine (New-TestScenario -ExtraDomainAccounts @($account))
        $r = Test-IisLogon -Credential (New-Cred 'CONTOSO\frank' 'Frank-Pa55!') -LogonType Network
        $r.Win32Error | Should -Be $Code
        $r.Reason | Should -Be $Reason
        $r.HttpStatus | Should -Be '401.1'
        $r.Explanation | Should -Not -BeNullOrEmpty
        $r.Remediation | Should -Not -BeNullOrEmpty
        $r.RightsAnalysis | Should -BeNullOrEmpty
    }

    It 'a wrong password -> 1326 BadCredentials' {
        Initialize-TestMachine (New-TestScenario)
        $r = Test-IisLogon -Credential (New-Cred 'CONTOSO\alice' 'wrong') -LogonType Network
        $r.Win32Error | Should -Be 1326
        $r.Reason | Should -Be 'BadCredentials'
    }

    It 'a blank password on a local account -> 1327 AccountRestriction' {
        Initialize-TestMachine (New-TestScenario -ExtraLocalAccounts @(@{ name = 'blank'; type = 'user'; rid = 1100; password = '' }))
        $cred = [pscredential]::new('WEB01\blank', [securestring]::new())
        $r = Test-IisLogon -Credential $cred -LogonType Network
        $r.Win32Error | Should -Be 1327
        $r.Reason | Should -Be 'AccountRestriction'
    }

    It 'an unreachable domain -> 1311 NoLogonServers' {
        $s = New-TestScenario
        $s.domain.reachable = $false
        Initialize-TestMachine $s
        (Test-IisLogon -Credential (New-Cred 'CONTOSO\alice' 'Alice-Pa55!') -LogonType Network).Reason | Should -Be 'NoLogonServers'
    }

    It 'a broken trust -> 1789 TrustFailure' {
        $s = New-TestScenario
        $s.computers[0].trustBroken = $true
        Initialize-TestMachine $s
        (Test-IisLogon -Credential (New-Cred 'CONTOSO\alice' 'Alice-Pa55!') -LogonType Network).Reason | Should -Be 'TrustFailure'
    }

    It 'injected error <Code> -> <Reason>' -ForEach @(
        @{ Code = 1380; Reason = 'LogonTypeNotGranted' }
        @{ Code = 1788; Reason = 'TrustFailure' }
        @{ Code = 1787; Reason = 'TrustFailure' }
        @{ Code = 1808; Reason = 'ComputerAccountUsed' }
        @{ Code = 1398; Reason = 'TimeSkew' }
        @{ Code = 1935; Reason = 'AuthenticationFirewall' }
        @{ Code = 1314; Reason = 'PrivilegeNotHeld' }
        @{ Code = 87; Reason = 'InvalidParameter' }
        @{ Code = 5; Reason = 'AccessDenied' }
        @{ Code = 1327; Reason = 'AccountRestriction' }
    ) {
        Initialize-TestMachine (New-TestScenario -Faults @(@{ function = 'LogonUserW'; status = $Code; skip = 0; count = 1 }))
        $r = Test-IisLogon -Credential (New-Cred 'CONTOSO\alice' 'Alice-Pa55!') -LogonType Network
        $r.Win32Error | Should -Be $Code
        $r.Reason | Should -Be $Reason
        $r.ErrorName | Should -Match '^ERROR_|^NERR_'
        $r.Explanation | Should -Not -Match 'Unknown error'
        Get-EmulatorCallCount LogonUserW | Should -Be 1
    }

    It 'an unknown error code is still explained without "Unknown error"' {
        Initialize-TestMachine (New-TestScenario -Faults @(@{ function = 'LogonUserW'; status = 4242; skip = 0; count = 1 }))
        $r = Test-IisLogon -Credential (New-Cred 'CONTOSO\alice' 'Alice-Pa55!') -LogonType Network
        $r.Reason | Should -Be 'Unknown'
        $r.Explanation | Should -Match '4242'
        $r.Explanation | Should -Not -Match 'Unknown error'
    }
}

Describe 'Test-IisLogon: which logon type IIS uses' -Tag Emulator {
    BeforeAll { Initialize-TestMachine (New-TestScenario) }
    AfterEach { Assert-EmulatorClean }

    It 'server level: defaultLogonDomain is applied to a bare user name and the schema default ClearText is used' {
        $r = Test-IisLogon -Credential (New-Cred 'alice' 'Alice-Pa55!') -ConfigurationPath $Config
        $r.Account | Should -Be 'CONTOSO\alice'
        $r.LogonType | Should -Be 'NetworkCleartext'
        $r.LogonTypeSource | Should -Be 'IisConfiguration'
        $r.Succeeded | Should -BeTrue
    }

    It 'a site location overrides the logon method (Legacy -> Interactive, the IIS 5 case)' {
        $r = Test-IisLogon -Credential (New-Cred 'alice' 'Alice-Pa55!') -ConfigurationPath $Config -Site Legacy
        $r.LogonType | Should -Be 'Interactive'
        $r.LogonTypeDetail | Should -Match "Legacy"
        $r.Reason | Should -Be 'LogonTypeNotGranted'
    }

    It 'the most specific location wins, with its own defaultLogonDomain' {
        $r = Test-IisLogon -Credential (New-Cred 'bob' 'Bob-Pa55!') -ConfigurationPath $Config -Site 'Default Web Site' -Path '/intranet'
        $r.LogonType | Should -Be 'Batch'
        $r.Account | Should -Be 'WEB01\bob'
    }

    It 'shared configuration: redirection.config sends it to the shared applicationHost.config, whose logonMethod wins' {
        $local = Join-Path $TestDrive 'shared-on/config'
        $share = Join-Path $TestDrive 'shared-on/share'
        New-Item -ItemType Directory -Path $local, $share -Force | Out-Null
        Copy-Item -LiteralPath $Config -Destination (Join-Path $local 'applicationHost.config')
        $sharedFile = Join-Path $share 'applicationHost.config'
        Set-Content -LiteralPath $sharedFile -Encoding ascii -Value @(
            '<configuration><system.webServer><security><authentication>'
            '<basicAuthentication enabled="true" logonMethod="Interactive" defaultLogonDomain="CONTOSO" />'
            '</authentication></security></system.webServer></configuration>')
        Set-Content -LiteralPath (Join-Path $local 'redirection.config') -Encoding ascii -Value @(
            '<configuration>'
            ('<configurationRedirection enabled="true" path="{0}" />' -f $share)
            '</configuration>')
        $r = Test-IisLogon -Credential (New-Cred 'alice' 'Alice-Pa55!') -ConfigurationPath (Join-Path $local 'applicationHost.config') -Verbose 4>&1
        $verbose = @($r | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $result = $r | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $result.ConfigurationFile | Should -Be $sharedFile
        $result.LogonType | Should -Be 'Interactive'
        $result.LogonTypeDetail | Should -Match ([regex]::Escape($sharedFile))
        ($verbose.Message -join "`n") | Should -Match 'Shared configuration is on'
    }

    It 'shared configuration pointing at a missing share is a terminating error, not the stale local copy' {
        $local = Join-Path $TestDrive 'shared-missing/config'
        New-Item -ItemType Directory -Path $local -Force | Out-Null
        Copy-Item -LiteralPath $Config -Destination (Join-Path $local 'applicationHost.config')
        $missing = Join-Path $TestDrive 'shared-missing/no-such-share'
        Set-Content -LiteralPath (Join-Path $local 'redirection.config') -Encoding ascii -Value @(
            '<configuration>'
            ('<configurationRedirection enabled="true" path="{0}" userName="CONTOSO\iisconfig" password="[enc:IISRsaProvider:x:enc]" />' -f $missing)
            '</configuration>')
        Reset-EmulatorStats
        $e = { Test-IisLogon -Credential (New-Cred 'alice' 'Alice-Pa55!') -ConfigurationPath (Join-Path $local 'applicationHost.config') } |
            Should -Throw -ErrorId 'IisSharedConfigurationUnavailable,IisLogonTools.Commands.TestIisLogonCommand' -PassThru
        $e.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $e.TargetObject | Should -Be (Join-Path $missing 'applicationHost.config')
        "$e" | Should -Match 'does not impersonate'
        Get-EmulatorCallCount LogonUserW | Should -Be 0
    }

    It 'shared configuration off: the local applicationHost.config is read' {
        $local = Join-Path $TestDrive 'shared-off/config'
        New-Item -ItemType Directory -Path $local -Force | Out-Null
        $localFile = Join-Path $local 'applicationHost.config'
        Copy-Item -LiteralPath $Config -Destination $localFile
        Set-Content -LiteralPath (Join-Path $local 'redirection.config') -Encoding ascii -Value '<configuration><configurationRedirection enabled="false" path="\\nowhere\share" /></configuration>'
        $r = Test-IisLogon -Credential (New-Cred 'alice' 'Alice-Pa55!') -ConfigurationPath $localFile
        $r.ConfigurationFile | Should -Be $localFile
        $r.LogonType | Should -Be 'NetworkCleartext'
    }

    It 'a bare user name with no defaultLogonDomain gets the server''s account domain, as IIS 6 documents (member server: the computer name)' {
        # IIS 6 DefaultLogonDomain: unset means the computer name unless the computer is a domain controller.
        # WEB01 is a member server, so its LSA account domain, and the expected domain, is WEB01.
        $local = Test-IisLogon -Credential (New-Cred 'bob' 'Bob-Pa55!') -LogonType NetworkCleartext
        $local.Domain | Should -Be 'WEB01'
        $local.Account | Should -Be 'WEB01\bob'
        $local.Succeeded | Should -BeTrue
        # A domain-only account typed without its domain is looked for on WEB01 only, so it fails as it does in IIS.
        $domainOnly = Test-IisLogon -Credential (New-Cred 'alice' 'Alice-Pa55!') -LogonType NetworkCleartext
        $domainOnly.Account | Should -Be 'WEB01\alice'
        $domainOnly.Win32Error | Should -Be 1326
        $domainOnly.Reason | Should -Be 'BadCredentials'
        # A UPN keeps the NULL domain LogonUser requires for it.
        $upn = Test-IisLogon -Credential (New-Cred 'alice@contoso.com' 'Alice-Pa55!') -LogonType NetworkCleartext
        $upn.Domain | Should -BeNullOrEmpty
        $upn.Succeeded | Should -BeTrue
    }

    It '-LogonType wins over the configuration and accepts IIS names' {
        $r = Test-IisLogon -Credential (New-Cred 'alice' 'Alice-Pa55!') -ConfigurationPath $Config -Site Legacy -LogonType ClearText
        $r.LogonType | Should -Be 'NetworkCleartext'
        $r.LogonTypeSource | Should -Be 'Parameter'
    }

    It 'without any IIS configuration on the computer it falls back to ClearText and says so' {
        # No IIS here (and none on the Windows CI runners): the default applicationHost.config does not exist.
        $r = Test-IisLogon -Credential (New-Cred 'CONTOSO\alice' 'Alice-Pa55!')
        $r.LogonType | Should -Be 'NetworkCleartext'
        $r.LogonTypeSource | Should -Be 'IisDefault'
        $r.LogonTypeDetail | Should -Match 'default logonMethod ClearText'
        $r.Succeeded | Should -BeTrue
    }

    It 'an explicit -ConfigurationPath that does not exist is a terminating error naming the file' {
        $e = { Test-IisLogon -Credential (New-Cred 'alice' 'x') -ConfigurationPath $NoConfig } | Should -Throw -ErrorId 'IisConfigurationNotFound,IisLogonTools.Commands.TestIisLogonCommand' -PassThru
        "$e" | Should -Match 'iislt-no-such-dir'
    }

    It '-Path without -Site is a terminating PathNeedsSite error' {
        { Test-IisLogon -Credential (New-Cred 'alice' 'x') -ConfigurationPath $Config -Path '/intranet' } | Should -Throw -ErrorId 'PathNeedsSite,IisLogonTools.Commands.TestIisLogonCommand'
    }

    It '-Site without any configuration file is a terminating error' {
        { Test-IisLogon -Credential (New-Cred 'alice' 'x') -Site 'Default Web Site' } | Should -Throw -ErrorId 'IisConfigurationNotFound,IisLogonTools.Commands.TestIisLogonCommand'
    }

    It 'a malformed applicationHost.config is a terminating error naming the file and line' {
        Reset-EmulatorStats
        $e = { Test-IisLogon -Credential (New-Cred 'alice' 'x') -ConfigurationPath $Malformed } | Should -Throw -ErrorId 'IisConfigurationInvalid,IisLogonTools.Commands.TestIisLogonCommand' -PassThru
        "$e" | Should -Match 'applicationHost.malformed.config'
        "$e" | Should -Match 'line 7'
        Get-EmulatorCallCount LogonUserW | Should -Be 0
    }

    It 'an unknown site is a terminating error that lists the sites' {
        $e = { Test-IisLogon -Credential (New-Cred 'alice' 'x') -ConfigurationPath $Config -Site 'Nope' } | Should -Throw -ErrorId 'IisSiteNotFound,IisLogonTools.Commands.TestIisLogonCommand' -PassThru
        "$e" | Should -Match 'Default Web Site'
    }

    It 'an unknown logon type is a parameter error listing the accepted names' {
        $e = { Test-IisLogon -Credential (New-Cred 'alice' 'x') -LogonType Sideways } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,IisLogonTools.Commands.TestIisLogonCommand' -PassThru
        "$e" | Should -Match 'NetworkCleartext'
    }
}

Describe 'Test-IisLogon: pipeline, -Quiet, bad user names, one attempt' -Tag Emulator {
    BeforeEach {
        Initialize-TestMachine (New-TestScenario)
        Reset-EmulatorStats
    }
    AfterEach { Assert-EmulatorClean }

    It '-Quiet returns only booleans' {
        $creds = (New-Cred 'CONTOSO\alice' 'Alice-Pa55!'), (New-Cred 'CONTOSO\alice' 'nope')
        $r = $creds | Test-IisLogon -LogonType Network -Quiet
        $r | Should -Be @($true, $false)
        $r[0] | Should -BeOfType [bool]
    }

    It 'binds credentials by property name' {
        $r = [pscustomobject]@{ Credential = (New-Cred 'WEB01\bob' 'Bob-Pa55!') } | Test-IisLogon -LogonType Network
        $r.Succeeded | Should -BeTrue
    }

    It 'calls LogonUserW exactly once per credential, also when every logon fails' {
        $creds = 1..5 | ForEach-Object { New-Cred 'CONTOSO\alice' "wrong$_" }
        $null = $creds | Test-IisLogon -LogonType Network
        Get-EmulatorCallCount LogonUserW | Should -Be 5
    }

    It 'malformed user name <User> -> InvalidUserName, and the pipeline goes on' -ForEach @(
        @{ User = 'a\b\c' }
        @{ User = '\x' }
        @{ User = 'x@' }
        @{ User = 'CONTOSO\alice@contoso.com' }
        @{ User = ' ' }
    ) {
        $creds = (New-Cred $User 'x'), (New-Cred 'CONTOSO\alice' 'Alice-Pa55!')
        $r = $creds | Test-IisLogon -LogonType Network -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidUserName,IisLogonTools.Commands.TestIisLogonCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -Be $User
        @($r).Count | Should -Be 1
        $r.Succeeded | Should -BeTrue
        Get-EmulatorCallCount LogonUserW | Should -Be 1
    }

    It 'has a default table view' {
        $text = Test-IisLogon -Credential (New-Cred 'CONTOSO\alice' 'Alice-Pa55!') -LogonType Interactive | Out-String -Width 200
        $text | Should -Match 'Account\s+LogonType\s+Succeeded'
        $text | Should -Match 'LogonTypeNotGranted'
    }
}

Describe 'Test-IisLogon: the password never leaks' -Tag Emulator {
    BeforeAll { Initialize-TestMachine (New-TestScenario) }
    AfterEach { Assert-EmulatorClean }

    It 'appears in no stream, error, transcript, emulator log or state' {
        $secret = 'Alice-Pa55!'
        $transcript = Join-Path ([IO.Path]::GetTempPath()) "iislt-transcript-$([guid]::NewGuid().ToString('N')).txt"
        Start-Transcript -Path $transcript -Force | Out-Null
        try {
            $all = & {
                Test-IisLogon -Credential (New-Cred 'CONTOSO\alice' $secret) -LogonType Interactive -Verbose -Debug
                Test-IisLogon -Credential (New-Cred 'CONTOSO\alice' $secret) -LogonType Network -Verbose
                Test-IisLogon -Credential (New-Cred 'a\b\c' $secret) -LogonType Network -ErrorAction Continue
                Test-IisLogon -Credential (New-Cred 'CONTOSO\alice' "$secret-wrong") -LogonType Network | Format-List * | Out-String
            } *>&1 | Out-String -Width 500
        } finally {
            Stop-Transcript | Out-Null
        }
        $errorsText = ($Error | ForEach-Object { $_ | Format-List * -Force | Out-String }) -join "`n"
        $texts = @{
            Streams    = $all
            Errors     = $errorsText
            Transcript = Get-Content -LiteralPath $transcript -Raw
        }
        foreach ($k in $texts.Keys) { $texts[$k] | Should -Not -BeNullOrEmpty -Because "$k was captured"; $texts[$k] | Should -Not -Match ([regex]::Escape($secret)) -Because "the password must not be in $k" }
        $utf16 = [Text.Encoding]::Unicode.GetBytes($secret)
        foreach ($file in $env:WINEMU_STATE, $env:WINEMU_LOG) {
            if (-not (Test-Path -LiteralPath $file)) { continue }
            $bytes = [IO.File]::ReadAllBytes($file)
            $latin = [Text.Encoding]::Latin1.GetString($bytes)
            $latin | Should -Not -Match ([regex]::Escape($secret)) -Because "$file must not hold the password as text"
            $latin.Contains([Text.Encoding]::Latin1.GetString($utf16)) | Should -BeFalse -Because "$file must not hold the password as UTF-16"
        }
        (Get-Content -LiteralPath $env:WINEMU_LOG -Raw) | Should -Match 'LogonUserW' -Because 'the log was written'
        Remove-Item -LiteralPath $transcript
    }
}

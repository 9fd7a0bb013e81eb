# Issue 14, "Remediation an admin can trust at 3 a.m.": one test block per finding. Each test failed on the code before
# the issue (the finding number is in the Describe name). PowerShell 5.1 syntax: the help block runs on Windows too.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:IISLT_MODULE -Force
    function New-Cred([string] $User, [string] $Password) {
        New-Object System.Management.Automation.PSCredential ($User, (ConvertTo-SecureString $Password -AsPlainText -Force))
    }
    function Get-StateJson { (Get-StateRights | ConvertTo-Json -Depth 5 -Compress) }
    $script:Alice = 'S-1-5-21-1000-2000-3000-1105'
    $script:NoConfig = Join-Path ([IO.Path]::GetTempPath()) 'iislt-no-such-dir/applicationHost.config'

    # A W3C log of 401.1 lines: each spec is @(count, user, win32).
    function Set-W3CLog([string] $Path, [object[]] $Specs) {
        $t = [datetime]::UtcNow.AddMinutes(-10)
        $lines = @('#Software: Microsoft Internet Information Services 10.0', '#Version: 1.0',
            '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken')
        foreach ($s in $Specs) {
            for ($i = 0; $i -lt $s[0]; $i++) {
                $lines += '{0} {1} 10.0.0.1 GET /app/default.aspx - 80 {2} 10.0.0.5 Mozilla/5.0 401 1 {3} 15' -f $t.ToString('yyyy-MM-dd'), $t.AddSeconds($i).ToString('HH:mm:ss'), $s[1], $s[2]
            }
        }
        $null = New-Item -ItemType Directory -Path (Split-Path $Path) -Force
        [IO.File]::WriteAllText($Path, (($lines -join "`r`n") + "`r`n"))
    }
    # A site whose Basic logonMethod is IIS's default (ClearText) and whose defaultLogonDomain is CONTOSO.
    $script:LogRoot = Join-Path $TestDrive 'logs'
    $script:Config = Join-Path $TestDrive 'applicationHost.config'
    @"
<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.applicationHost>
    <sites>
      <site name="Default Web Site" id="1"><application path="/"><virtualDirectory path="/" physicalPath="C:\inetpub\wwwroot" /></application></site>
      <site name="Batch Jobs" id="2"><application path="/"><virtualDirectory path="/" physicalPath="C:\batch" /></application></site>
      <siteDefaults><logFile logFormat="W3C" directory="$LogRoot" /></siteDefaults>
    </sites>
  </system.applicationHost>
  <system.webServer><security><authentication>
    <basicAuthentication enabled="true" defaultLogonDomain="CONTOSO" />
  </authentication></security></system.webServer>
</configuration>
"@ | Set-Content -LiteralPath $Config -Encoding UTF8
    # Network is granted to Administrators only, so the IIS default (ClearText) needs a grant for domain users.
    $script:NetworkRestricted = @{
        SeInteractiveLogonRight = @('BUILTIN\Administrators')
        SeNetworkLogonRight     = @('BUILTIN\Administrators')
        SeBatchLogonRight       = @('BUILTIN\Administrators', 'S-1-5-11')
        SeServiceLogonRight     = @('CONTOSO\carol')
        SeDenyNetworkLogonRight = @('BUILTIN\Guests')
    }
}

Describe 'Finding 1: one logon-type vocabulary; numbers are LOGON32 numbers for every cmdlet' -Tag Emulator {
    BeforeEach { Initialize-TestMachine (New-TestScenario -Rights $NetworkRestricted) }
    AfterEach { Assert-EmulatorClean }

    It 'Get-LogonRight -LogonType <Number> reads the <Right> right, as Test-IisLogon -LogonType <Number> logs on with <LogonType>' -ForEach @(
        @{ Number = 2; Right = 'Interactive'; LogonType = 'Interactive' }
        @{ Number = 3; Right = 'Network'; LogonType = 'Network' }
        @{ Number = 4; Right = 'Batch'; LogonType = 'Batch' }
        @{ Number = 5; Right = 'Service'; LogonType = 'Service' }
        @{ Number = 8; Right = 'Network'; LogonType = 'NetworkCleartext' }
    ) {
        (Get-LogonRight -Identity 'CONTOSO\alice' -LogonType $Number).LogonType | Should -Be $Right
        $t = Test-IisLogon -Credential (New-Cred 'CONTOSO\alice' 'Alice-Pa55!') -LogonType $Number
        $t.LogonType | Should -Be $LogonType
        $t.RequiredRight | Should -Be "Se$($Right)LogonRight"
    }

    It 'Grant-LogonRight -LogonType 3 grants the network right, never the service right' {
        Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType 3
        $state = Get-StateRights
        @($state.SeNetworkLogonRight) | Should -Contain $Alice
        @($state.SeServiceLogonRight) | Should -Not -Contain $Alice
    }

    It 'Revoke-LogonRight -LogonType 8 revokes the network right' {
        Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Network
        Revoke-LogonRight -Identity 'CONTOSO\alice' -LogonType 8 -Confirm:$false
        @((Get-StateRights).SeNetworkLogonRight) | Should -Not -Contain $Alice
    }

    It '<Command> refuses <Value> with a typed binding error' -ForEach @(
        @{ Command = 'Get-LogonRight'; Value = 0 }
        @{ Command = 'Get-LogonRight'; Value = 7 }
        @{ Command = 'Get-LogonRight'; Value = 10 }
        @{ Command = 'Grant-LogonRight'; Value = 1 }
        @{ Command = 'Grant-LogonRight'; Value = 9 }
        @{ Command = 'Revoke-LogonRight'; Value = 6 }
        @{ Command = 'Test-IisLogon'; Value = 7 }
        @{ Command = 'Test-IisLogon'; Value = 'RemoteInteractive' }
    ) {
        $before = Get-StateJson
        $params = @{ LogonType = $Value; ErrorAction = 'Stop' }
        if ($Command -eq 'Test-IisLogon') { $params.Credential = New-Cred 'CONTOSO\alice' 'Alice-Pa55!' } else { $params.Identity = 'CONTOSO\alice' }
        if ($Command -ne 'Get-LogonRight' -and $Command -ne 'Test-IisLogon') { $params.Confirm = $false }
        { & $Command @params } | Should -Throw -ErrorId "ParameterArgumentTransformationError,IisLogonTools.Commands.$($Command -replace '-', '')Command"
        Get-StateJson | Should -Be $before
    }

    It 'ConvertTo-Json writes names, the same name for the same logon type at every level' {
        $r = Test-IisLogon -Credential (New-Cred 'CONTOSO\alice' 'Alice-Pa55!')
        $json = $r | ConvertTo-Json -Depth 4 | ConvertFrom-Json
        $json.LogonType | Should -Be 'NetworkCleartext'
        $json.Reason | Should -Be 'LogonTypeNotGranted'
        $json.LogonTypeSource | Should -Be 'IisDefault'
        $json.RightsAnalysis.LogonType | Should -Be 'Network'
        $json.RightsAnalysis.AccountType | Should -Be 'User'
        $json.RightsAnalysis.GroupExpansion | Should -Be 'Complete'
    }
}

Describe 'Finding 2: results bind to exactly the right their remediation names' -Tag Emulator {
    BeforeEach {
        Initialize-TestMachine (New-TestScenario -Rights $NetworkRestricted)
        Set-W3CLog (Join-Path $LogRoot 'W3SVC1/u_ex01.log') @(@(3, 'CONTOSO\alice', 1385), @(2, 'CONTOSO\alice', 1326), @(4, 'CONTOSO\carol', 1385))
    }
    AfterEach { Assert-EmulatorClean }

    It 'Get-IisLogonFailure | Get-LogonRight checks the network right (ClearText), once per account' {
        $failures = Get-IisLogonFailure -Site 'Default Web Site' -ConfigurationPath $Config
        ($failures | Where-Object Identity -eq 'CONTOSO\alice' | Where-Object Reason -eq LogonTypeNotGranted).Remediation | Should -Match ([regex]::Escape("Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Network"))
        $rights = @($failures | Get-LogonRight)
        ($rights | ForEach-Object { '{0}={1}' -f $_.Identity, $_.LogonType } | Sort-Object) | Should -Be @('CONTOSO\alice=Network', 'CONTOSO\carol=Network')
    }

    It 'the documented triage pipeline grants exactly the network right' {
        $before = Get-StateRights
        Get-IisLogonFailure -Site 'Default Web Site' -ConfigurationPath $Config |
            Where-Object Reason -eq LogonTypeNotGranted | Grant-LogonRight -WhatIf
        (Get-StateJson) | Should -Be ($before | ConvertTo-Json -Depth 5 -Compress)
        Get-IisLogonFailure -Site 'Default Web Site' -ConfigurationPath $Config |
            Where-Object Reason -eq LogonTypeNotGranted | Grant-LogonRight
        $after = Get-StateRights
        @($after.SeNetworkLogonRight) | Should -Contain $Alice
        @($after.SeInteractiveLogonRight) | Should -Be @($before.SeInteractiveLogonRight)
        @($after.SeBatchLogonRight) | Should -Be @($before.SeBatchLogonRight)
        @($after.SeServiceLogonRight) | Should -Be @($before.SeServiceLogonRight)
    }

    It 'Test-IisLogon | Grant-LogonRight -WhatIf names the remediation''s right and changes nothing; without -WhatIf it grants it' {
        $cred = New-Cred 'CONTOSO\alice' 'Alice-Pa55!'
        $r = Test-IisLogon -Credential $cred -ConfigurationPath $Config -Site 'Default Web Site'
        $r.Fix | Should -Be "Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Network"
        $before = Get-StateJson
        $whatIf = $r | Grant-LogonRight -WhatIf -Verbose 4>&1 | Out-String
        $whatIf | Should -Match 'SeNetworkLogonRight'
        $whatIf | Should -Not -Match 'SeServiceLogonRight|SeInteractiveLogonRight|SeBatchLogonRight'
        Get-StateJson | Should -Be $before
        $r | Grant-LogonRight
        @((Get-StateRights).SeNetworkLogonRight) | Should -Contain $Alice
        (Test-IisLogon -Credential $cred -ConfigurationPath $Config -Site 'Default Web Site').Succeeded | Should -BeTrue
    }
}

Describe 'Finding 3: remediation from the analysis' -Tag Emulator {
    AfterEach { Assert-EmulatorClean }

    It 'a user denied through Guests is told to leave Guests, not to weaken the baseline deny, and no grant (Everyone grants it)' {
        Initialize-TestMachine (New-TestScenario)
        $r = Test-IisLogon -Credential (New-Cred 'CONTOSO\dave' 'Dave-Pa55!') -LogonType Network
        $r.Remediation | Should -Match 'baseline'
        $r.Remediation | Should -Match ([regex]::Escape("Remove-LocalGroupMember -Group 'Guests' -Member 'CONTOSO\dave'"))
        $r.Remediation | Should -Not -Match ([regex]::Escape("Revoke-LogonRight -Identity 'BUILTIN\Guests'"))
        $r.Remediation | Should -Not -Match 'Grant the right|Grant-LogonRight'
    }

    It 'when the analysis finds no deny, the deny check is not repeated' {
        Initialize-TestMachine (New-TestScenario)
        $r = Test-IisLogon -Credential (New-Cred 'CONTOSO\alice' 'Alice-Pa55!') -LogonType Batch
        $r.RightsAnalysis.DeniedBy | Should -BeNullOrEmpty
        $r.Remediation | Should -Match ([regex]::Escape("Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Batch"))
        $r.Remediation | Should -Not -Match 'SeDenyBatchLogonRight|check Get-LogonRight'
    }

    It 'LogonUser refuses (1385) a right the analysis finds effective: a contradiction, and no grant advised' {
        Initialize-TestMachine (New-TestScenario -Faults @(@{ function = 'LogonUserW'; status = 1385; skip = 0; count = 1 }))
        $r = Test-IisLogon -Credential (New-Cred 'WEB01\bob' 'Bob-Pa55!') -LogonType Network
        $r.RightsAnalysis.Effective | Should -BeTrue
        $r.Remediation | Should -Match 'analysis cannot see'
        $r.Remediation | Should -Match 'Group Policy'
        $r.Remediation | Should -Not -Match 'Grant-LogonRight -Identity'
        $r.Fix | Should -Match '^No grant'
    }
}

Describe 'Finding 4: the fix in plain view' -Tag Emulator {
    BeforeAll { Initialize-TestMachine (New-TestScenario) }
    AfterEach { Assert-EmulatorClean }

    It 'the default table of Test-IisLogon shows the reason and the fix' {
        $text = Test-IisLogon -Credential (New-Cred 'CONTOSO\alice' 'Alice-Pa55!') -LogonType Batch | Out-String -Width 250
        $text | Should -Match 'Reason\s+Fix'
        $text | Should -Match ([regex]::Escape("LogonTypeNotGranted"))
        $text | Should -Match ([regex]::Escape("Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Batch"))
    }

    It 'Format-List * and the list view show the rights analysis in words, not a type name' {
        $r = Test-IisLogon -Credential (New-Cred 'CONTOSO\dave' 'Dave-Pa55!') -LogonType Network
        $all = $r | Format-List * | Out-String -Width 250
        $all | Should -Not -Match 'IisLogonTools\.Rights\.LogonRightStatus'
        $all | Should -Match ([regex]::Escape('SeNetworkLogonRight not effective: denied by BUILTIN\Guests'))
        $list = $r | Format-List | Out-String -Width 250
        $list | Should -Match 'RightsAnalysis\s+: CONTOSO\\dave: SeNetworkLogonRight not effective'
    }

    It 'the default table of Get-IisLogonFailure shows the reason and the fix' {
        Set-W3CLog (Join-Path $LogRoot 'W3SVC2/u_ex01.log') @(, @(2, 'CONTOSO\alice', 1385))
        $text = Get-IisLogonFailure -Site 'Batch Jobs' -ConfigurationPath $Config | Out-String -Width 250
        $text | Should -Match 'Reason\s+LastSeen \(UTC\)\s+Fix'
        $text | Should -Match ([regex]::Escape("Get-LogonRight -Identity 'CONTOSO\alice' -LogonType Network"))
    }
}

Describe 'Finding 5: guarded revokes' -Tag Emulator {
    BeforeEach {
        Initialize-TestMachine (New-TestScenario -Rights $NetworkRestricted)
        Reset-EmulatorStats
    }
    AfterEach { Assert-EmulatorClean }

    It '<Command> -Identity <Identity> without -Force changes nothing and says what would have happened' -ForEach @(
        @{ Command = 'Revoke-LogonLocallyRight'; Identity = 'BUILTIN\Administrators'; Extra = @{} }
        @{ Command = 'Revoke-LogonRight'; Identity = 'BUILTIN\Administrators'; Extra = @{ LogonType = 'Network' } }
        @{ Command = 'Revoke-LogonRight'; Identity = 'S-1-5-11'; Extra = @{ LogonType = 'Batch' } }
        @{ Command = 'Revoke-LogonRight'; Identity = 'CONTOSO\carol'; Extra = @{ LogonType = 'Service' } }
        @{ Command = 'Grant-LogonRight'; Identity = 'BUILTIN\Users'; Extra = @{ LogonType = 'Network'; Deny = $true } }
        @{ Command = 'Grant-LogonRight'; Identity = 'Everyone'; Extra = @{ LogonType = 'Network'; Deny = $true } }
        @{ Command = 'Grant-LogonRight'; Identity = 'NT AUTHORITY\Authenticated Users'; Extra = @{ LogonType = 'Interactive'; Deny = $true } }
    ) {
        $before = Get-StateJson
        $errs = @()
        $params = $Extra.Clone()
        & $Command -Identity $Identity @params -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be "RightChangeNeedsForce,IisLogonTools.Commands.$($Command -replace '-', '')Command"
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        "$($errs[0])" | Should -Match 'Nothing was changed'
        "$($errs[0])" | Should -Match '-Force'
        Get-StateJson | Should -Be $before
        (Get-EmulatorCallCount LsaRemoveAccountRights) + (Get-EmulatorCallCount LsaAddAccountRights) | Should -Be 0
    }

    It 'Revoke-LogonRight -Identity Everyone -LogonType Network is refused, the other identities are still processed' {
        Initialize-TestMachine (New-TestScenario)
        Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Network
        $errs = @()
        Revoke-LogonRight -Identity 'Everyone', 'CONTOSO\alice' -LogonType Network -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].TargetObject | Should -Be 'Everyone'
        @((Get-StateRights).SeNetworkLogonRight) | Should -Contain 'S-1-1-0'
        @((Get-StateRights).SeNetworkLogonRight) | Should -Not -Contain $Alice
    }

    It '-Force makes the change' {
        Revoke-LogonLocallyRight -Identity 'BUILTIN\Administrators' -Force -Confirm:$false
        @((Get-StateRights).SeInteractiveLogonRight) | Should -Not -Contain 'S-1-5-32-544'
    }
}

Describe 'Finding 6: log identities normalised per site' -Tag Emulator {
    BeforeAll {
        Initialize-TestMachine (New-TestScenario -ExtraDomainAccounts @(@{ name = 'Jane Doe'; type = 'user'; rid = 1300; password = 'Jane-Pa55!' }))
        Set-W3CLog (Join-Path $LogRoot 'W3SVC1/u_ex01.log') @(@(2, 'CONTOSO\alice', 1385), @(3, 'alice', 1385), @(4, 'alice@contoso.com', 1385), @(1, 'CONTOSO\Jane+Doe', 1385))
    }
    AfterEach { Assert-EmulatorClean }

    It 'CONTOSO\alice, alice (defaultLogonDomain CONTOSO) and alice@contoso.com are one row, from one batched lookup' {
        Reset-EmulatorStats
        $r = @(Get-IisLogonFailure -Site 'Default Web Site' -ConfigurationPath $Config)
        Get-EmulatorCallCount LsaLookupNames2 | Should -Be 1
        $alice = @($r | Where-Object Identity -eq 'CONTOSO\alice')
        $alice.Count | Should -Be 1
        $alice[0].Count | Should -Be 9
        @($alice[0].LoggedAs | Sort-Object) | Should -Be @('alice', 'alice@contoso.com', 'CONTOSO\alice')
        $alice[0].Remediation | Should -Match ([regex]::Escape("-Identity 'CONTOSO\alice'"))
        @($r | Where-Object Identity -eq 'alice').Count | Should -Be 0
    }

    It 'a logged + is a space, so CONTOSO\Jane+Doe is checked as CONTOSO\Jane Doe' {
        $jane = Get-IisLogonFailure -Site 'Default Web Site' -ConfigurationPath $Config | Where-Object LoggedAs -contains 'CONTOSO\Jane+Doe'
        $jane.Identity | Should -Be 'CONTOSO\Jane Doe'
        $errs = @()
        $rights = $jane | Get-LogonRight -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $rights.Sid | Should -Be 'S-1-5-21-1000-2000-3000-1300'
    }
}

Describe 'Finding 7: exports keep the why' -Tag Emulator {
    BeforeAll {
        Initialize-TestMachine (New-TestScenario)
        Set-W3CLog (Join-Path $LogRoot 'W3SVC1/u_ex01.log') @(, @(2, 'CONTOSO\alice', 1385))
    }
    AfterEach { Assert-EmulatorClean }

    It 'Export-Csv of Get-LogonRight has the assignments as text' {
        $csv = Get-LogonRight -Identity 'CONTOSO\dave' -LogonType Network | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        $csv.GrantedByText | Should -Match ([regex]::Escape('Everyone (S-1-1-0)'))
        $csv.DeniedByText | Should -Be 'BUILTIN\Guests (S-1-5-32-546)'
        $csv.LogonType | Should -Be 'Network'
    }

    It 'Export-Csv and ConvertTo-Json of Get-IisLogonFailure keep addresses and names' {
        $f = Get-IisLogonFailure -Site 'Default Web Site' -ConfigurationPath $Config
        $csv = $f | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        $csv.ClientIPsText | Should -Be '10.0.0.5'
        $csv.UrisText | Should -Be '/app/default.aspx'
        $csv.Reason | Should -Be 'LogonTypeNotGranted'
        ($f | ConvertTo-Json | ConvertFrom-Json).Reason | Should -Be 'LogonTypeNotGranted'
    }
}

Describe 'Finding 8: argument completion' -Tag Emulator {
    It '-LogonType of <Command> completes <Expected>' -ForEach @(
        @{ Command = 'Test-IisLogon'; Word = 'Cl'; Expected = 'ClearText' }
        @{ Command = 'Get-LogonRight'; Word = 'Re'; Expected = 'RemoteInteractive' }
        @{ Command = 'Grant-LogonRight'; Word = 'NetworkC'; Expected = 'NetworkCleartext' }
        @{ Command = 'Revoke-LogonRight'; Word = 'Cl'; Expected = 'ClearText' }
    ) {
        $line = "$Command -LogonType $Word"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain $Expected
    }

    It '-Site completes the site names of the -ConfigurationPath given, quoted, and no file names' {
        foreach ($command in 'Get-IisLogonFailure', 'Test-IisLogon') {
            $line = "$command -ConfigurationPath '$Config' -Site "
            $m = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)
            $m | Should -Be @("'Default Web Site'", "'Batch Jobs'")
            $line = "$command -ConfigurationPath '$Config' -Site Ba"
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @("'Batch Jobs'")
        }
    }
}

Describe 'Finding 9: messages' -Tag Emulator {
    AfterEach { Assert-EmulatorClean }

    It 'not elevated: Get and Grant name the computer, say "elevated" once, and print no recommendation twice' {
        $scenario = New-TestScenario
        $scenario.computers[0].callerIsAdmin = $false
        Initialize-TestMachine $scenario
        $errs = @()
        Get-LogonRight -Identity 'CONTOSO\alice' -LogonType Network -ErrorVariable +errs -ErrorAction SilentlyContinue
        Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Network -ErrorVariable +errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 2
        foreach ($e in $errs) {
            $e.FullyQualifiedErrorId | Should -Match '^AccessDenied,'
            $text = "$e"
            $text | Should -Match '^WEB01: '
            ([regex]::Matches($text, 'elevated')).Count | Should -Be 1
            $e.ErrorDetails.RecommendedAction | Should -BeNullOrEmpty
        }
        $errs[1].TargetObject | Should -Be 'WEB01'
    }

    It 'verbose says "Revoke … from" and "Grant … to"' {
        Initialize-TestMachine (New-TestScenario)
        $grant = Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Batch -Verbose 4>&1 | Out-String
        $grant | Should -Match 'Grant SeBatchLogonRight .* to CONTOSO\\alice'
        $revoke = Revoke-LogonRight -Identity 'CONTOSO\alice' -LogonType Batch -Confirm:$false -Verbose 4>&1 | Out-String
        $revoke | Should -Match 'Revoke SeBatchLogonRight .* from CONTOSO\\alice'
    }
}

Describe 'Finding 11: orphaned SIDs visible, Changed only where something can change' -Tag Emulator {
    AfterEach { Assert-EmulatorClean }

    It 'the holder table shows an unresolved domain SID as unresolved' {
        Initialize-TestMachine (New-TestScenario -Rights @{ SeInteractiveLogonRight = @('BUILTIN\Administrators', 'S-1-5-21-1000-2000-3000-9999') })
        $text = Get-LogonLocallyRight | Out-String -Width 120
        $line = ($text -split "`n") | Where-Object { $_ -match 'S-1-5-21-1000-2000-3000-9999' }
        $line | Should -Match 'unresolved'
    }

    It 'Get-* results carry no Changed; Grant -PassThru does' {
        Initialize-TestMachine (New-TestScenario)
        (Get-LogonRight -Identity 'CONTOSO\alice' -LogonType Network).PSObject.Properties['Changed'] | Should -BeNullOrEmpty
        (Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Batch -PassThru).Changed | Should -BeTrue
    }
}

Describe 'Finding 10: help' {
    It '<Name> has a HelpUri at its page in the repository, and the page names it as online version' -ForEach @(
        @{ Name = 'Test-IisLogon' }, @{ Name = 'Get-IisLogonFailure' }, @{ Name = 'Get-LogonRight' }, @{ Name = 'Get-LogonLocallyRight' }
        @{ Name = 'Grant-LogonRight' }, @{ Name = 'Grant-LogonLocallyRight' }, @{ Name = 'Revoke-LogonRight' }, @{ Name = 'Revoke-LogonLocallyRight' }
    ) {
        $uri = "https://github.com/IisLogonTools/IisLogonTools/blob/main/en-US/$Name.md"
        (Get-Command $Name).HelpUri | Should -Be $uri
        (Get-Help $Name).relatedLinks.navigationLink[0].uri | Should -Be $uri
    }

    It '<Name> -<Parameter> documents its default <Default>' -ForEach @(
        @{ Name = 'Get-IisLogonFailure'; Parameter = 'Top'; Default = '5' }
        @{ Name = 'Get-IisLogonFailure'; Parameter = 'SubStatus'; Default = '1' }
        @{ Name = 'Get-LogonRight'; Parameter = 'LogonType'; Default = 'Interactive, Network, Batch, Service, RemoteInteractive' }
    ) {
        (Get-Help $Name -Parameter $Parameter).defaultValue | Should -Be $Default
    }

    It 'each example ends with an empty line before the next one' {
        $text = Get-Help Get-LogonRight -Examples | Out-String -Width 200
        $lines = $text -split "\r?\n"
        $titles = @(for ($i = 1; $i -lt $lines.Count; $i++) { if ($lines[$i] -match '^\s*-+ Example [2-9]') { $i } })
        $titles.Count | Should -BeGreaterThan 0
        foreach ($i in $titles) { $lines[$i - 1].Trim() | Should -BeNullOrEmpty }
    }
}

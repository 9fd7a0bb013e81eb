# Group Policy awareness against the emulator: which GPO defines a right (from a gpresult /x report, or from RSoP
# answers recorded in a Get-CimInstance function), the warnings and -WhatIf text of Grant/Revoke, the prediction in
# RevertsAtNextPolicyRefresh, and a policy refresh (WinEmu_ApplyPolicyRefresh) that shows the prediction come true.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:IISLT_MODULE -Force
    $script:Data = Join-Path $PSScriptRoot '../IisLogonTools.Tests/Policy/TestData'
    $script:Report = Join-Path $script:Data 'gpresult-web01.xml'
    $script:WebGpo = "Web Servers $([char]0x2013) Logon Rights"

    function Get-ReportPolicy {
        <# The winning (precedence 1) account lists of the report, read here with XPath by namespace URI, independently of the module. #>
        param([string] $Path)
        $ns = @{
            s = 'http://www.microsoft.com/GroupPolicy/Settings/Security'
            b = 'http://www.microsoft.com/GroupPolicy/Settings/Base'
            t = 'http://www.microsoft.com/GroupPolicy/Types'
        }
        $rights = @{}
        foreach ($ura in Select-Xml -Path $Path -XPath '//s:UserRightsAssignment[b:Precedence = 1]' -Namespace $ns) {
            $name = (Select-Xml -Xml $ura.Node -XPath 's:Name' -Namespace $ns).Node.InnerText
            $rights[$name] = @(foreach ($m in Select-Xml -Xml $ura.Node -XPath 's:Member' -Namespace $ns) {
                $sid = Select-Xml -Xml $m.Node -XPath 't:SID' -Namespace $ns
                if ($sid) { $sid.Node.InnerText } else { (Select-Xml -Xml $m.Node -XPath 't:Name' -Namespace $ns).Node.InnerText }
            })
        }
        $rights
    }

    function Invoke-PolicyRefresh {
        <# What the Security extension does at a refresh: each GPO-defined right gets the GPO's list (emulator README, "Policy refresh"). #>
        param([hashtable] $Rights)
        $file = Join-Path ([IO.Path]::GetTempPath()) "iislt-policy-$([guid]::NewGuid().ToString('N')).json"
        try {
            @{ computer = 'WEB01'; rights = $Rights } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $file -Encoding utf8
            [WinEmu.Emulator]::ApplyPolicyRefresh($file)
        } finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
    }
}

Describe 'PolicySource from a gpresult report' -Tag Emulator {
    BeforeEach { Initialize-TestMachine (New-TestScenario); Reset-EmulatorStats }
    AfterEach { Assert-EmulatorClean }

    It 'names the GPO that defines the network right, and the one that defines its deny right' {
        $r = Get-LogonRight -Identity 'CONTOSO\carol' -LogonType Network -PolicyReport $Report
        $r.PolicySource | Should -Be 'GroupPolicy'
        $r.GroupPolicyObject | Should -Be $WebGpo
        $r.DenyPolicySource | Should -Be 'GroupPolicy'
        $r.DenyGroupPolicyObject | Should -Be 'Server Baseline'
        $r.PolicyNote | Should -Match 'contoso\.com/Servers/Web'
        $r.RevertsAtNextPolicyRefresh | Should -BeNullOrEmpty
    }

    It 'reports Local for a right no GPO defines, also on the holder list' {
        $r = Get-LogonRight -Identity 'CONTOSO\alice' -LogonType Interactive -PolicyReport $Report
        $r.PolicySource | Should -Be 'Local'
        $r.GroupPolicyObject | Should -BeNullOrEmpty
        $holders = Get-LogonRight -LogonType Interactive, Network -PolicyReport $Report
        ($holders | Where-Object { $_.Right -eq 'SeInteractiveLogonRight' }).PolicySource | Sort-Object -Unique | Should -Be 'Local'
        ($holders | Where-Object { $_.Right -eq 'SeNetworkLogonRight' }).GroupPolicyObject | Sort-Object -Unique | Should -Be $WebGpo
    }

    It 'reports Unknown, never Local, for a report with RSoP logging off and without any report or RSoP' {
        $off = Get-LogonRight -Identity 'CONTOSO\alice' -LogonType Interactive, Network -PolicyReport (Join-Path $Data 'gpresult-rsop-off.xml')
        $off.PolicySource | Should -Be @('Unknown', 'Unknown')
        $off[0].PolicyNote | Should -Match 'RSoP logging is turned off'
        $none = Get-LogonLocallyRight -Identity 'CONTOSO\alice'
        $none.PolicySource | Should -Be 'Unknown'
        $none.DenyPolicySource | Should -Be 'Unknown'
        $none.PolicyNote | Should -Match 'CIM is not available'
    }

    It 'does not use a report that describes another computer' {
        $r = Get-LogonRight -Identity 'CONTOSO\alice' -LogonType Network -ComputerName WEB02 -PolicyReport $Report
        $r.ComputerName | Should -Be 'WEB02'
        $r.PolicySource | Should -Be 'Unknown'
        $r.PolicyNote | Should -Match 'describes WEB01, not WEB02'
    }

    It 'stops with a typed error for a missing file or a file that is not a report' {
        { Get-LogonRight -LogonType Network -PolicyReport (Join-Path $Data 'missing.xml') } | Should -Throw -ErrorId 'PolicyReportNotFound,IisLogonTools.Commands.GetLogonRightCommand'
        { Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Network -PolicyReport (Join-Path $Data 'not-a-report.xml') } | Should -Throw -ErrorId 'PolicyReportInvalid,IisLogonTools.Commands.GrantLogonRightCommand'
        Get-EmulatorCallCount LsaAddAccountRights | Should -Be 0
    }
}

Describe 'Grant and Revoke of a GPO-defined right' -Tag Emulator {
    BeforeEach { Initialize-TestMachine (New-TestScenario); Reset-EmulatorStats }
    AfterEach { Assert-EmulatorClean }

    It 'warns naming the GPO and its link, still grants, and predicts the revert' {
        $r = Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Network -PolicyReport $Report -PassThru -WarningVariable w -WarningAction SilentlyContinue
        @($w).Count | Should -Be 1
        "$w" | Should -Match ([regex]::Escape("'$WebGpo'"))
        "$w" | Should -Match 'linked to contoso\.com/Servers/Web'
        "$w" | Should -Match 'reverted'
        Get-EmulatorCallCount LsaAddAccountRights | Should -Be 1
        $r.Changed | Should -BeTrue
        $r.DirectAllow | Should -BeTrue
        $r.PolicySource | Should -Be 'GroupPolicy'
        $r.RevertsAtNextPolicyRefresh | Should -BeTrue
    }

    It 'names the GPO in the -WhatIf text and changes nothing' {
        $transcript = Join-Path ([IO.Path]::GetTempPath()) "iislt-whatif-$([guid]::NewGuid().ToString('N')).txt"
        Start-Transcript -LiteralPath $transcript | Out-Null
        try { Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Network -PolicyReport $Report -WhatIf -WarningAction SilentlyContinue }
        finally { Stop-Transcript | Out-Null }
        $text = Get-Content -LiteralPath $transcript -Raw
        Remove-Item -LiteralPath $transcript
        $text | Should -Match ('What if: .*Grant SeNetworkLogonRight.*defined by GPO ' + [regex]::Escape("'$WebGpo'") + '.*contoso\.com/Servers/Web: reverted at the next policy refresh')
        Get-EmulatorCallCount LsaAddAccountRights | Should -Be 0
    }

    It 'gives no warning for a right no GPO defines, and predicts that the grant lasts' {
        $r = Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Interactive -PolicyReport $Report -PassThru -WarningVariable w
        @($w).Count | Should -Be 0
        $r.PolicySource | Should -Be 'Local'
        $r.RevertsAtNextPolicyRefresh | Should -BeFalse
    }

    It 'gives no warning when the GPO lists the account (by name only), and predicts that the grant lasts' {
        $r = Grant-LogonRight -Identity 'CONTOSO\WebEditors' -LogonType Network -PolicyReport $Report -PassThru -WarningVariable w
        @($w).Count | Should -Be 0
        $r.RevertsAtNextPolicyRefresh | Should -BeFalse
    }

    It 'leaves RevertsAtNextPolicyRefresh empty when the policy state is unknown' {
        $r = Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Network -PassThru -WarningVariable w
        @($w).Count | Should -Be 0
        $r.PolicySource | Should -Be 'Unknown'
        $r.RevertsAtNextPolicyRefresh | Should -BeNullOrEmpty
    }

    It 'grant, refresh: the grant is gone as predicted, the one the GPO lists stays' {
        $alice = Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Network -PolicyReport $Report -PassThru -WarningAction SilentlyContinue
        $editors = Grant-LogonRight -Identity 'CONTOSO\WebEditors' -LogonType Network -PolicyReport $Report -PassThru
        $alice.RevertsAtNextPolicyRefresh | Should -BeTrue
        $editors.RevertsAtNextPolicyRefresh | Should -BeFalse
        (Get-LogonRight -Identity 'CONTOSO\alice' -LogonType Network).DirectAllow | Should -BeTrue

        $policy = Get-ReportPolicy $Report
        $policy['SeNetworkLogonRight'] | Should -Be @('S-1-5-32-544', 'CONTOSO\WebEditors', 'S-1-5-32-551')
        Invoke-PolicyRefresh $policy

        (Get-StateRights).SeNetworkLogonRight | Should -Be @('S-1-5-32-544', 'S-1-5-21-1000-2000-3000-1200', 'S-1-5-32-551')
        $after = Get-LogonRight -Identity 'CONTOSO\alice', 'CONTOSO\WebEditors' -LogonType Network
        $after[0].DirectAllow | Should -Be (-not $alice.RevertsAtNextPolicyRefresh)
        $after[1].DirectAllow | Should -Be (-not $editors.RevertsAtNextPolicyRefresh)
        # The refresh also took Everyone and BUILTIN\Users off the right, so alice cannot log on over the network now.
        $after[0].Effective | Should -BeFalse
    }

    It 'revoke of an account the GPO lists: warned, done, and back after the refresh as predicted' {
        $r = Revoke-LogonRight -Identity 'BUILTIN\Backup Operators' -LogonType Network -PolicyReport $Report -Confirm:$false -PassThru -WarningVariable w -WarningAction SilentlyContinue
        "$w" | Should -Match 'That GPO lists BUILTIN\\Backup Operators'
        $r.Changed | Should -BeTrue
        $r.RevertsAtNextPolicyRefresh | Should -BeTrue
        (Get-StateRights).SeNetworkLogonRight | Should -Not -Contain 'S-1-5-32-551'
        Invoke-PolicyRefresh (Get-ReportPolicy $Report)
        (Get-StateRights).SeNetworkLogonRight | Should -Contain 'S-1-5-32-551'
    }
}

Describe 'Test-IisLogon remediation when a GPO defines the right' -Tag Emulator {
    AfterEach { Assert-EmulatorClean }

    It 'a missing network right: change the GPO by name; the local grant only as a temporary measure' {
        Initialize-TestMachine (New-TestScenario -Rights @{
                SeInteractiveLogonRight = @('BUILTIN\Administrators')
                SeNetworkLogonRight     = @('BUILTIN\Administrators', 'CONTOSO\WebEditors')
            })
        $cred = [pscredential]::new('CONTOSO\alice', (ConvertTo-SecureString 'Alice-Pa55!' -AsPlainText -Force))
        $r = Test-IisLogon -Credential $cred -LogonType ClearText -PolicyReport $Report
        $r.Reason | Should -Be 'LogonTypeNotGranted'
        $r.RightsAnalysis.PolicySource | Should -Be 'GroupPolicy'
        $r.Remediation | Should -Match ('^SeNetworkLogonRight is defined by Group Policy Object ' + [regex]::Escape("'$WebGpo'"))
        $r.Remediation | Should -Match 'contoso\.com/Servers/Web'
        $r.Remediation | Should -Match "temporarily.*Grant-LogonRight -Identity 'CONTOSO\\alice' -LogonType Network|Grant-LogonRight -Identity 'CONTOSO\\alice' -LogonType Network.*temporarily"
    }

    It 'a deny from a GPO: change that GPO' {
        Initialize-TestMachine (New-TestScenario)
        $cred = [pscredential]::new('CONTOSO\dave', (ConvertTo-SecureString 'Dave-Pa55!' -AsPlainText -Force))
        $r = Test-IisLogon -Credential $cred -LogonType ClearText -PolicyReport $Report
        $r.Reason | Should -Be 'LogonTypeNotGranted'
        $r.RightsAnalysis.DenyPolicySource | Should -Be 'GroupPolicy'
        $r.Remediation | Should -Match "^SeDenyNetworkLogonRight is defined by Group Policy Object 'Server Baseline'"
        $r.Remediation | Should -Match 'reverted'
    }

    It 'a right no GPO defines keeps the local remediation first' {
        Initialize-TestMachine (New-TestScenario -Rights @{ SeNetworkLogonRight = @('BUILTIN\Administrators') })
        $cred = [pscredential]::new('CONTOSO\alice', (ConvertTo-SecureString 'Alice-Pa55!' -AsPlainText -Force))
        $r = Test-IisLogon -Credential $cred -LogonType Interactive -PolicyReport $Report
        $r.Reason | Should -Be 'LogonTypeNotGranted'
        $r.RightsAnalysis.PolicySource | Should -Be 'Local'
        $r.Remediation | Should -Not -Match 'Group Policy Object'
    }
}

Describe 'RSoP through Get-CimInstance (recorded answers)' -Tag Emulator {
    BeforeAll {
        # Recorded RSOP_GPO and RSOP_UserPrivilegeRight instances, in the shape Get-CimInstance returns them.
        $global:IisltCimCalls = [Collections.Generic.List[string]]::new()
        function global:New-CimSession { param($ComputerName) [pscustomobject]@{ ComputerName = $ComputerName } }
        function global:Remove-CimSession { param($CimSession) }
        function global:Get-CimInstance {
            param($Namespace, $ClassName, $Filter, $CimSession, $ComputerName, $ErrorAction)
            $global:IisltCimCalls.Add("$(if ($CimSession) { $CimSession.ComputerName } else { 'local' }):$ClassName")
            if ($Namespace -ne 'root\rsop\computer') { throw "unexpected namespace $Namespace" }
            if ($ClassName -eq 'RSOP_GPO') {
                [pscustomobject]@{ id = 'LocalGPO'; name = 'Local Group Policy'; guidName = 'LocalGPO' }
                [pscustomobject]@{ id = 'CN={5C7E3A10-92B4-4F1D-8A66-0D2E4B9C1A7F},CN=Policies,CN=System,DC=contoso,DC=com'; name = 'Web Servers (RSoP)'; guidName = '{5C7E3A10-92B4-4F1D-8A66-0D2E4B9C1A7F}' }
            } elseif ($ClassName -eq 'RSOP_UserPrivilegeRight') {
                if ($Filter -notmatch "UserRight='SeNetworkLogonRight'") { throw "filter lacks the network right: $Filter" }
                [pscustomobject]@{ UserRight = 'SeNetworkLogonRight'; AccountList = [string[]]@('*S-1-5-32-544', 'CONTOSO\WebEditors'); precedence = [uint32]1; GPOID = 'cn={5c7e3a10-92b4-4f1d-8a66-0d2e4b9c1a7f},cn=policies,cn=system,DC=contoso,DC=com'; SOMID = 'OU=Web,OU=Servers,DC=contoso,DC=com' }
            }
        }
    }
    AfterAll {
        Remove-Item function:global:Get-CimInstance, function:global:New-CimSession, function:global:Remove-CimSession
        Remove-Variable -Name IisltCimCalls -Scope Global
    }
    BeforeEach { Initialize-TestMachine (New-TestScenario); $global:IisltCimCalls.Clear() }
    AfterEach { Assert-EmulatorClean }

    It 'reads RSoP once per computer per invocation, however many identities and rights' {
        $r = @('CONTOSO\alice', 'CONTOSO\carol', 'CONTOSO\dave', 'WEB01\bob') | Get-LogonRight -LogonType Interactive, Network -ComputerName '.', 'WEB02' -ErrorAction SilentlyContinue -ErrorVariable errs
        $r.Count | Should -Be 14
        @($errs).Count | Should -Be 1   # WEB01\bob does not exist on WEB02
        ($r | Where-Object LogonType -eq 'Network').GroupPolicyObject | Sort-Object -Unique | Should -Be 'Web Servers (RSoP)'
        ($r | Where-Object LogonType -eq 'Interactive').PolicySource | Sort-Object -Unique | Should -Be 'Local'
        @($global:IisltCimCalls | Where-Object { $_ -like '*:RSOP_UserPrivilegeRight' }) | Should -Be @('local:RSOP_UserPrivilegeRight', 'WEB02:RSOP_UserPrivilegeRight')
        $global:IisltCimCalls.Count | Should -Be 4
    }

    It 'a grant the RSoP GPO does not list warns and predicts the revert' {
        $g = Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Network -PassThru -WarningVariable w -WarningAction SilentlyContinue
        "$w" | Should -Match "'Web Servers \(RSoP\)'.*OU=Web,OU=Servers,DC=contoso,DC=com"
        $g.RevertsAtNextPolicyRefresh | Should -BeTrue
        $global:IisltCimCalls.Count | Should -Be 2
    }
}

# The KB Q247593 walkthrough against a real IIS site, on the Windows CI legs only (elevated runner). build.ps1
# -Task PrepareIis installs IIS with Basic authentication and creates the site (tests/iis/IisTestSite.psm1) and
# describes it in the file named by IISLT_IIS_SITE_FILE; every test here creates its own throw-away account (a
# fresh name each time, so IIS's token cache never answers for an earlier logon) and removes it in AfterAll.
#
# The Windows facts these tests rely on (Microsoft documentation, see tests/emulator/README.md for the rules):
# - IIS Basic authentication calls LogonUser with the site's basicAuthentication logonMethod; a failed logon is
#   HTTP 401 substatus 1, and the W3C sc-win32-status field holds LogonUser's error: 1326 (ERROR_LOGON_FAILURE)
#   for a wrong password, 1385 (ERROR_LOGON_TYPE_NOT_GRANTED) when the account lacks the logon right the logon type
#   needs or is denied it.
# - ClearText is checked against SeNetworkLogonRight / SeDenyNetworkLogonRight, Interactive against
#   SeInteractiveLogonRight / SeDenyInteractiveLogonRight, Batch against SeBatchLogonRight / SeDenyBatchLogonRight.
# - A deny right wins over every grant, also when it is assigned to a group the account belongs to.
# - Windows Server gives "Access this computer from the network" to Everyone and "Allow log on locally" to Users
#   (which holds Authenticated Users), so for ClearText and Interactive a new local user can only be refused through
#   a deny; "Log on as a batch job" is not given to Users, so Batch shows the KB's missing-right case and its grant.
# Windows PowerShell 5.1 runs this file: 5.1 syntax only.
BeforeDiscovery {
    $script:OnWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or ((Test-Path variable:IsWindows) -and $IsWindows)
}

Describe 'The KB Q247593 walkthrough against a real IIS site' -Tag RealWindows -Skip:(-not $OnWindows) {
    BeforeAll {
        Import-Module (Get-ChildItem -LiteralPath $env:IISLT_MODULE -Recurse -Filter 'IisLogonTools.psd1' | Select-Object -First 1).FullName -Force
        Import-Module (Join-Path $PSScriptRoot '../iis/IisTestSite.psm1') -Force
        if (-not $env:IISLT_IIS_SITE_FILE -or -not (Test-Path -LiteralPath $env:IISLT_IIS_SITE_FILE)) {
            throw "No IIS test site: run 'build.ps1 -Task PrepareIis' first (IISLT_IIS_SITE_FILE='$env:IISLT_IIS_SITE_FILE')."
        }
        $script:Site = Get-Content -LiteralPath $env:IISLT_IIS_SITE_FILE -Raw | ConvertFrom-Json
        $script:Made = New-Object System.Collections.ArrayList
        $script:Computer = $env:COMPUTERNAME

        function New-TestUser {
            $a = New-IisTestAccount
            $null = $script:Made.Add([pscustomobject]@{ Name = $a.Name; Class = 'User'; Account = $a.Account })
            return $a
        }
        function New-TestGroup([string[]] $Member) {
            $g = New-IisTestGroup -Member $Member
            $null = $script:Made.Add([pscustomobject]@{ Name = $g.Name; Class = 'Group'; Account = $g.Account })
            return $g
        }
        function Assert-LoggedFailure($User, [long] $Code) {
            # The W3C line itself: '401 1 <code>' for this user.
            $lines = @(Wait-IisLogEntry -SiteLogDirectory $Site.SiteLogDirectory -UserName $User.Account -Win32Status $Code)
            $lines.Count | Should -BeGreaterOrEqual 1
            $lines[0].'sc-status' | Should -Be '401'
            $lines[0].'sc-substatus' | Should -Be '1'
            $lines[0].'sc-win32-status' | Should -Be ([string]$Code)
        }
        function Get-SiteFailure($User, [long] $Code) {
            # Get-IisLogonFailure -Site: the log folder comes from the real applicationHost.config.
            @(Get-IisLogonFailure -Site $Site.SiteName | Where-Object { $_.Identity -eq $User.Account -and $_.Win32Status -eq $Code })
        }
    }

    AfterAll {
        foreach ($m in @($script:Made)) {
            foreach ($t in 'Network', 'Interactive', 'Batch') {
                Revoke-LogonRight -Identity $m.Account -LogonType $t -Deny -Confirm:$false -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
                Revoke-LogonRight -Identity $m.Account -LogonType $t -Confirm:$false -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            }
        }
        foreach ($m in @($script:Made | Where-Object Class -EQ 'User') + @($script:Made | Where-Object Class -EQ 'Group')) {
            try { Remove-IisTestAccount -Name $m.Name -Class $m.Class } catch { Write-Warning "Could not remove $($m.Class) $($m.Name): $_" }
        }
        Set-IisTestLogonMethod -LogonMethod ClearText
    }

    Context 'logonMethod ClearText (the IIS default)' {
        BeforeAll { Set-IisTestLogonMethod -LogonMethod ClearText }

        It 'a wrong password: 401, the W3C line 401 1 1326, Get-IisLogonFailure -Site and Test-IisLogon -Site say BadCredentials; the right one: 200' {
            $u = New-TestUser
            Invoke-IisTestRequest -Url $Site.Url -Credential $u.BadCredential | Should -Be 401
            Assert-LoggedFailure $u 1326
            $found = Get-SiteFailure $u 1326
            $found.Count | Should -Be 1
            $found[0].Reason | Should -Be 'BadCredentials'
            $found[0].HttpStatus | Should -Be '401.1'
            $found[0].Site | Should -Be $Site.SiteName
            $t = Test-IisLogon -Credential $u.BadCredential -Site $Site.SiteName
            $t.LogonTypeSource | Should -Be 'IisConfiguration'
            $t.LogonType | Should -Be 'NetworkCleartext'
            $t.Win32Error | Should -Be 1326
            $t.Reason | Should -Be 'BadCredentials'
            Invoke-IisTestRequest -Url $Site.Url -Credential $u.Credential | Should -Be 200
        }

        It 'the user is denied network logon: 401 1 1385, the same diagnosis from the log and from Test-IisLogon, removing the deny gives 200' {
            $u = New-TestUser
            Grant-LogonRight -Identity $u.Account -LogonType Network -Deny
            Invoke-IisTestRequest -Url $Site.Url -Credential $u.Credential | Should -Be 401
            Assert-LoggedFailure $u 1385
            $found = Get-SiteFailure $u 1385
            $found.Count | Should -Be 1
            $found[0].Reason | Should -Be 'LogonTypeNotGranted'
            $found[0].ErrorName | Should -Be 'ERROR_LOGON_TYPE_NOT_GRANTED'
            $found[0].Remediation | Should -Match ([regex]::Escape("Grant-LogonRight -Identity '$($u.Account)' -LogonType Network"))
            $t = Test-IisLogon -Credential $u.Credential -Site $Site.SiteName
            $t.Win32Error | Should -Be 1385
            $t.Reason | Should -Be $found[0].Reason
            $t.RequiredRight | Should -Be 'SeNetworkLogonRight'
            $t.RightsAnalysis.DirectDeny | Should -BeTrue
            $t.RightsAnalysis.Effective | Should -Be $false
            Revoke-LogonRight -Identity $u.Account -LogonType Network -Deny -Confirm:$false
            (Test-IisLogon -Credential $u.Credential -Site $Site.SiteName).Succeeded | Should -BeTrue
            Invoke-IisTestRequest -Url $Site.Url -Credential $u.Credential | Should -Be 200
        }
    }

    Context 'logonMethod Interactive (the KB''s "Log on locally"), switched with appcmd' {
        BeforeAll { Set-IisTestLogonMethod -LogonMethod Interactive }

        It 'Test-IisLogon -Site reads Interactive from the real applicationHost.config' {
            $u = New-TestUser
            $t = Test-IisLogon -Credential $u.Credential -Site $Site.SiteName
            $t.LogonTypeSource | Should -Be 'IisConfiguration'
            $t.LogonType | Should -Be 'Interactive'
            $t.Succeeded | Should -BeTrue
            Invoke-IisTestRequest -Url $Site.Url -Credential $u.Credential | Should -Be 200
        }

        It 'a local group of the user is denied local logon (set with -ComputerName naming this computer): 401 1 1385, diagnosed, removing the deny gives 200' {
            $u = New-TestUser
            $g = New-TestGroup -Member $u.Name
            Grant-LogonRight -Identity $g.Account -LogonType Interactive -Deny -ComputerName $Computer
            $status = Get-LogonRight -Identity $u.Account -LogonType Interactive -ComputerName $Computer
            $status.Effective | Should -Be $false
            ($status.DeniedBy -join ';') | Should -Match ([regex]::Escape($g.Name))
            Invoke-IisTestRequest -Url $Site.Url -Credential $u.Credential | Should -Be 401
            Assert-LoggedFailure $u 1385
            $found = Get-SiteFailure $u 1385
            $found.Count | Should -Be 1
            $found[0].Reason | Should -Be 'LogonTypeNotGranted'
            $found[0].Remediation | Should -Match ([regex]::Escape("Grant-LogonLocallyRight -Identity '$($u.Account)'"))
            $t = Test-IisLogon -Credential $u.Credential -Site $Site.SiteName
            $t.LogonType | Should -Be 'Interactive'
            $t.Win32Error | Should -Be 1385
            $t.Reason | Should -Be 'LogonTypeNotGranted'
            $t.RequiredRight | Should -Be 'SeInteractiveLogonRight'
            ($t.RightsAnalysis.DeniedBy -join ';') | Should -Match ([regex]::Escape($g.Name))
            Revoke-LogonRight -Identity $g.Account -LogonType Interactive -Deny -ComputerName $Computer -Confirm:$false
            Invoke-IisTestRequest -Url $Site.Url -Credential $u.Credential | Should -Be 200
        }
    }

    Context 'logonMethod Batch: the right is missing, and a grant fixes it' {
        BeforeAll { Set-IisTestLogonMethod -LogonMethod Batch }

        It 'Grant-LogonRight to the user: 401 1 1385, diagnosed, then 200' {
            $u = New-TestUser
            $before = Test-IisLogon -Credential $u.Credential -Site $Site.SiteName
            if ($before.Succeeded) { Set-ItResult -Inconclusive -Because 'this runner grants "Log on as a batch job" to every user'; return }
            $before.LogonType | Should -Be 'Batch'
            $before.Win32Error | Should -Be 1385
            $before.RightsAnalysis.DirectDeny | Should -BeFalse
            $before.RightsAnalysis.Effective | Should -Be $false
            Invoke-IisTestRequest -Url $Site.Url -Credential $u.Credential | Should -Be 401
            Assert-LoggedFailure $u 1385
            $found = Get-SiteFailure $u 1385
            $found[0].Reason | Should -Be $before.Reason
            $found[0].Remediation | Should -Match ([regex]::Escape("Grant-LogonRight -Identity '$($u.Account)' -LogonType Batch"))
            $g = Grant-LogonRight -Identity $u.Account -LogonType Batch -PassThru
            $g.Changed | Should -BeTrue
            $g.Effective | Should -BeTrue
            Invoke-IisTestRequest -Url $Site.Url -Credential $u.Credential | Should -Be 200
        }

        It 'Grant-LogonRight to a local group of the user, with -ComputerName naming this computer: 401, then 200' {
            $u = New-TestUser
            $g = New-TestGroup -Member $u.Name
            $before = Get-LogonRight -Identity $u.Account -LogonType Batch -ComputerName $Computer
            if ($before.Effective) { Set-ItResult -Inconclusive -Because 'this runner grants "Log on as a batch job" to every user'; return }
            Invoke-IisTestRequest -Url $Site.Url -Credential $u.Credential | Should -Be 401
            Assert-LoggedFailure $u 1385
            Grant-LogonRight -Identity $g.Account -LogonType Batch -ComputerName $Computer
            $after = Get-LogonRight -Identity $u.Account -LogonType Batch -ComputerName $Computer
            $after.Effective | Should -BeTrue
            $after.DirectAllow | Should -BeFalse
            ($after.GrantedBy -join ';') | Should -Match ([regex]::Escape($g.Name))
            (Test-IisLogon -Credential $u.Credential -Site $Site.SiteName).Succeeded | Should -BeTrue
            Invoke-IisTestRequest -Url $Site.Url -Credential $u.Credential | Should -Be 200
        }
    }
}

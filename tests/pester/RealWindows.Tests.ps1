# Runs only on real Windows (the Windows CI jobs, elevated): a throw-away local user with a random password (created
# through ADSI by tests/iis/IisTestSite.psm1, which never prompts),
# the cmdlets against the real LSA and LogonUser, and everything removed again in AfterAll.
BeforeDiscovery {
    $script:OnWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or ((Test-Path variable:IsWindows) -and $IsWindows)
}

Describe 'On real Windows' -Tag RealWindows -Skip:(-not $OnWindows) {
    BeforeAll {
        Import-Module (Get-ChildItem -LiteralPath $env:IISLT_MODULE -Recurse -Filter 'IisLogonTools.psd1' | Select-Object -First 1).FullName -Force
        # A random password longer than 14 characters, set through ADSI: 'net user NAME PASSWORD /add' would stop at a
        # (Y/N) prompt for such a password. The password never leaves this process.
        Import-Module (Join-Path $PSScriptRoot '../iis/IisTestSite.psm1') -Force
        $script:Made = New-IisTestAccount
        $script:User = $Made.Name
        $script:Account = "$env:COMPUTERNAME\$User"
        $script:Cred = $Made.Credential
        $script:Bad = $Made.BadCredential
    }

    AfterAll {
        foreach ($t in 'Batch', 'Network', 'Service') {
            Revoke-LogonRight -Identity $Account -LogonType $t -Confirm:$false -ErrorAction SilentlyContinue
            Revoke-LogonRight -Identity $Account -LogonType $t -Deny -Confirm:$false -ErrorAction SilentlyContinue
        }
        Remove-IisTestAccount -Name $User
    }

    It 'lists the holders of "Allow log on locally", Administrators among them' {
        (Get-LogonLocallyRight).Sid | Should -Contain 'S-1-5-32-544'
    }

    It 'resolves the new user in each identity form' {
        (Get-LogonLocallyRight -Identity $Account).Identity | Should -Be $Account
        (Get-LogonLocallyRight -Identity ".\$User").Identity | Should -Be $Account
        $sid = (Get-LogonLocallyRight -Identity $Account).Sid
        (Get-LogonLocallyRight -Identity $sid).Identity | Should -Be $Account
    }

    It 'accepts SecurityIdentifier and NTAccount objects, and Get-LocalUser output by its SID property' {
        $sid = [System.Security.Principal.SecurityIdentifier]'S-1-5-32-544'
        (Get-LogonLocallyRight -Identity $sid).Sid | Should -Be 'S-1-5-32-544'
        (Get-LogonLocallyRight -Identity ([System.Security.Principal.NTAccount]$Account)).Identity | Should -Be $Account
        if (-not (Get-Command Get-LocalUser -ErrorAction SilentlyContinue)) {
            Set-ItResult -Skipped -Because 'Get-LocalUser is not available in this PowerShell'
            return
        }
        (Get-LocalUser -Name $User | Get-LogonLocallyRight).Identity | Should -Be $Account
    }

    It 'finds the interactive right through BUILTIN\Users with full group expansion' {
        $r = Get-LogonLocallyRight -Identity $Account
        $r.GroupExpansion | Should -Be 'Complete'
        $r.Effective | Should -BeTrue
        $r.GrantedBy -join ';' | Should -Match 'S-1-5-32-545'
    }

    It 'logs on over the network with the right password, and gets 1326 with a wrong one' {
        (Test-IisLogon -Credential $Cred -LogonType Network).Succeeded | Should -BeTrue
        $bad = Test-IisLogon -Credential $Bad -LogonType Network
        $bad.Win32Error | Should -Be 1326
        $bad.Reason | Should -Be 'BadCredentials'
    }

    It 'explains a missing batch right, and a grant fixes it; a revoke undoes it' {
        $before = Test-IisLogon -Credential $Cred -LogonType Batch
        if ($before.Succeeded) { Set-ItResult -Inconclusive -Because 'this machine grants the batch right to every user'; return }
        $before.Reason | Should -Be 'LogonTypeNotGranted'
        $before.RightsAnalysis.Effective | Should -BeFalse
        $g = Grant-LogonRight -Identity $Account -LogonType Batch -PassThru
        $g.Changed | Should -BeTrue
        $g.Effective | Should -BeTrue
        (Test-IisLogon -Credential $Cred -LogonType Batch).Succeeded | Should -BeTrue
        (Grant-LogonRight -Identity $Account -LogonType Batch -PassThru).Changed | Should -BeFalse
        Revoke-LogonRight -Identity $Account -LogonType Batch -Confirm:$false
        (Get-LogonRight -Identity $Account -LogonType Batch).DirectAllow | Should -BeFalse
    }

    It 'a deny assignment wins, and Test-IisLogon names it' {
        Grant-LogonRight -Identity $Account -LogonType Network -Deny
        try {
            $r = Test-IisLogon -Credential $Cred -LogonType Network
            $r.Reason | Should -Be 'LogonTypeNotGranted'
            $r.RightsAnalysis.DirectDeny | Should -BeTrue
            $r.Remediation | Should -Match 'Revoke-LogonRight'
        } finally {
            Revoke-LogonRight -Identity $Account -LogonType Network -Deny -Confirm:$false
        }
        (Test-IisLogon -Credential $Cred -LogonType Network).Succeeded | Should -BeTrue
    }

    It '-WhatIf changes nothing' {
        Grant-LogonRight -Identity $Account -LogonType Service -WhatIf
        (Get-LogonRight -Identity $Account -LogonType Service).DirectAllow | Should -BeFalse
    }

    It 'reports an unknown account as IdentityNotFound' {
        Get-LogonLocallyRight -Identity "$env:COMPUTERNAME\no-such-user-$User" -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'IdentityNotFound,IisLogonTools.Commands.GetLogonLocallyRightCommand'
    }
}

# Runs only on real Windows (the Windows CI jobs, elevated): a throw-away local user with a random password,
# the cmdlets against the real LSA and LogonUser, and everything removed again in AfterAll.
BeforeDiscovery {
    $script:OnWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or ((Test-Path variable:IsWindows) -and $IsWindows)
}

Describe 'On real Windows' -Tag RealWindows -Skip:(-not $OnWindows) {
    BeforeAll {
        Import-Module (Get-ChildItem -LiteralPath $env:IISLT_MODULE -Recurse -Filter 'IisLogonTools.psd1' | Select-Object -First 1).FullName -Force
        $script:User = 'iislt' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        # Random, and complex enough for any password policy; it never leaves this process except to net.exe.
        $chars = [char[]]'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'
        $rng = [System.Security.Cryptography.RandomNumberGenerator]::Create()
        $bytes = [byte[]]::new(24); $rng.GetBytes($bytes)
        $script:Password = -join ($bytes | ForEach-Object { $chars[$_ % $chars.Length] }) + '!7a'
        $null = & net.exe user $User $Password /add /comment:"IisLogonTools CI, removed by the test" 2>&1
        if ($LASTEXITCODE -ne 0) { throw "net user /add failed with $LASTEXITCODE" }
        $script:Account = "$env:COMPUTERNAME\$User"
        $script:Cred = [pscredential]::new($Account, (ConvertTo-SecureString $Password -AsPlainText -Force))
        $script:Bad = [pscredential]::new($Account, (ConvertTo-SecureString 'not-the-password' -AsPlainText -Force))
    }

    AfterAll {
        foreach ($t in 'Batch', 'Network', 'Service') {
            Revoke-LogonRight -Identity $Account -LogonType $t -Confirm:$false -ErrorAction SilentlyContinue
            Revoke-LogonRight -Identity $Account -LogonType $t -Deny -Confirm:$false -ErrorAction SilentlyContinue
        }
        $null = & net.exe user $User /delete 2>&1
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

    It 'a bare user name with no defaultLogonDomain is tried as COMPUTERNAME\user, the IIS 6 default, and the local user logs on' {
        # IIS 6 DefaultLogonDomain: unset means the computer name, unless the computer is a domain controller.
        # The CI runners are not domain controllers; the expected domain comes from that rule, not from the module.
        # This settles what the module passes and that LogonUser accepts it; whether IIS 7+ still applies the IIS 6
        # rule needs IIS and a domain-joined server, and stays UNVERIFIED (IisUserName remarks).
        $role = (Get-CimInstance -ClassName Win32_ComputerSystem).DomainRole
        if ($role -ge 4) { Set-ItResult -Inconclusive -Because 'a domain controller uses its domain, not its computer name'; return }
        $bare = [pscredential]::new($User, (ConvertTo-SecureString $Password -AsPlainText -Force))
        $r = Test-IisLogon -Credential $bare -LogonType NetworkCleartext
        $r.Domain | Should -Be $env:COMPUTERNAME
        $r.Account | Should -Be $Account
        $r.Succeeded | Should -BeTrue
    }

    It 'an applicationHost.config this session may not read is IisConfigurationAccessDenied, not the ClearText default' {
        # A Deny ACE for the current user on the file: the real Windows ACL case (xunit covers it with a file-system seam,
        # because the Linux tests run as root, where permissions do not deny reads).
        $dir = Join-Path $TestDrive 'denied-config'
        $null = New-Item -ItemType Directory -Path $dir -Force
        $file = Join-Path $dir 'applicationHost.config'
        Set-Content -LiteralPath $file -Value '<configuration />' -Encoding ascii
        $me = [System.Security.Principal.WindowsIdentity]::GetCurrent().User
        $acl = Get-Acl -LiteralPath $file
        $deny = New-Object System.Security.AccessControl.FileSystemAccessRule -ArgumentList $me, 'ReadData', 'Deny'
        $acl.AddAccessRule($deny)
        Set-Acl -LiteralPath $file -AclObject $acl
        try {
            { [System.IO.File]::ReadAllText($file) } | Should -Throw
            $e = { Test-IisLogon -Credential $Cred -ConfigurationPath $file } | Should -Throw -ErrorId 'IisConfigurationAccessDenied,IisLogonTools.Commands.TestIisLogonCommand' -PassThru
            $e.CategoryInfo.Category | Should -Be 'PermissionDenied'
            $e.TargetObject | Should -Be $file
            $null = Get-IisLogonFailure -Site 'Default Web Site' -ConfigurationPath $file -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -Be 'IisConfigurationAccessDenied,IisLogonTools.Commands.GetIisLogonFailureCommand'
        } finally {
            $null = $acl.RemoveAccessRule($deny)
            Set-Acl -LiteralPath $file -AclObject $acl
        }
    }

    It 'reports an unknown account as IdentityNotFound' {
        Get-LogonLocallyRight -Identity "$env:COMPUTERNAME\no-such-user-$User" -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'IdentityNotFound,IisLogonTools.Commands.GetLogonLocallyRightCommand'
    }
}

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
            Revoke-LogonRight -Identity $Account -LogonType $t -Force -Confirm:$false -ErrorAction SilentlyContinue
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

    It '-Identity completes the new user and BUILTIN groups from NetUserEnum/NetLocalGroupEnum (issue 14, finding 8)' {
        $line = "Grant-LogonRight -Identity $User"
        $m = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object { $_.CompletionText })
        $m | Should -Be @("$env:COMPUTERNAME\$User")
        $line = 'Test-IisLogon -Identity BUILTIN\Adm'
        $m = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object { $_.CompletionText })
        $m | Should -Contain 'BUILTIN\Administrators'
        $line = 'Get-LogonRight -Identity Ever'
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object { $_.CompletionText }) | Should -Contain 'Everyone'
    }

    It 'a deny on the account running the command needs -Force (issue 14, finding 5)' {
        # The running account is resolved from Environment.UserDomainName\UserName, which on Windows come from the token.
        $me = "$([Environment]::UserDomainName)\$([Environment]::UserName)"
        $errs = @()
        try {
            Grant-LogonRight -Identity $me -LogonType Service -Deny -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'RightChangeNeedsForce,IisLogonTools.Commands.GrantLogonRightCommand'
            (Get-LogonRight -Identity $me -LogonType Service).DirectDeny | Should -BeFalse
        } finally {
            # Should the guard ever fail, do not leave the runner's account denied.
            Revoke-LogonRight -Identity $me -LogonType Service -Deny -Confirm:$false -ErrorAction SilentlyContinue
        }
    }

    It 'Test-IisLogon | Grant-LogonRight grants the right the test needed (issue 14, finding 2)' {
        $r = Test-IisLogon -Credential $Cred -LogonType Service
        if ($r.Reason -eq 'LogonTypeNotGranted') {
            $r.RequiredRight | Should -Be 'SeServiceLogonRight'
            $r | Grant-LogonRight
            (Get-LogonRight -Identity $Account -LogonType Service).DirectAllow | Should -BeTrue
        }
    }
}

# The token model's UNVERIFIED rules (tests/emulator/README.md "Token model"), settled against the real LSA: tokens
# from LogonUser are inspected directly, and the rules that decide ERROR_LOGON_TYPE_NOT_GRANTED are exercised.
Describe 'Token model on real Windows' -Tag RealWindows -Skip:(-not $OnWindows) {
    BeforeAll {
        Import-Module (Get-ChildItem -LiteralPath $env:IISLT_MODULE -Recurse -Filter 'IisLogonTools.psd1' | Select-Object -First 1).FullName -Force
        if (-not ('IisLtTokenProbe' -as [type])) {
            Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Security.Principal;

public static class IisLtTokenProbe
{
    [DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
    private static extern bool LogonUserW(string user, string domain, string password, int type, int provider, out IntPtr token);

    [DllImport("advapi32.dll", SetLastError = true)]
    private static extern bool OpenProcessToken(IntPtr process, uint access, out IntPtr token);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool CloseHandle(IntPtr handle);

    private static string[] Sids(IntPtr token)
    {
        List<string> list = new List<string>();
        using (WindowsIdentity id = new WindowsIdentity(token))
        {
            list.Add(id.User.Value);
            foreach (IdentityReference g in id.Groups) { list.Add(g.Value); }
        }
        return list.ToArray();
    }

    // The SIDs of a LogonUser token (user first), or null with the Win32 error.
    public static string[] LogonSids(string user, string domain, string password, int type, out int error)
    {
        IntPtr token;
        error = 0;
        if (!LogonUserW(user, domain, password, type, 0, out token)) { error = Marshal.GetLastWin32Error(); return null; }
        try { return Sids(token); } finally { CloseHandle(token); }
    }

    public static string[] ProcessSids(IntPtr processHandle)
    {
        IntPtr token;
        if (!OpenProcessToken(processHandle, 0x8, out token)) { return null; }
        try { return Sids(token); } finally { CloseHandle(token); }
    }
}
'@
        }
        $chars = [char[]]'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'
        $rng = [System.Security.Cryptography.RandomNumberGenerator]::Create()
        $bytes = New-Object byte[] 24; $rng.GetBytes($bytes)
        $script:Pw = (-join ($bytes | ForEach-Object { $chars[$_ % $chars.Length] })) + '!7a'
        $suffix = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $script:TUser = 'iisltt' + $suffix
        $script:TAdmin = 'iislta' + $suffix
        $script:TGroup = 'iisltg' + $suffix
        # Through ADSI: 'net user NAME PASSWORD /add' stops at a (Y/N) prompt for a password over 14 characters.
        $computer = [adsi]"WinNT://$env:COMPUTERNAME,computer"
        foreach ($u in $TUser, $TAdmin) {
            $o = $computer.Create('User', $u)
            $o.SetPassword($Pw)
            $o.Put('Description', 'IisLogonTools CI, removed by the test')
            $o.SetInfo()
        }
        $null = & net.exe localgroup Administrators $TAdmin /add 2>&1
        $null = & net.exe localgroup $TGroup /add /comment:"IisLogonTools CI, removed by the test" 2>&1
        $script:TUserAccount = "$env:COMPUTERNAME\$TUser"
        $script:TAdminAccount = "$env:COMPUTERNAME\$TAdmin"
        $script:TGroupAccount = "$env:COMPUTERNAME\$TGroup"
        $script:Probe = {
            param([string] $User, [int] $Type)
            $err = 0
            $sids = [IisLtTokenProbe]::LogonSids($User, $env:COMPUTERNAME, $script:Pw, $Type, [ref] $err)
            [pscustomobject]@{ Sids = $sids; Error = $err }
        }
    }

    AfterAll {
        foreach ($t in 'Interactive', 'Network', 'Batch', 'Service') {
            foreach ($id in $TUserAccount, $TGroupAccount, 'S-1-5-114', 'S-1-5-113') {
                Revoke-LogonRight -Identity $id -LogonType $t -Confirm:$false -ErrorAction SilentlyContinue
                Revoke-LogonRight -Identity $id -LogonType $t -Deny -Confirm:$false -ErrorAction SilentlyContinue
            }
        }
        $null = & net.exe localgroup $TGroup /delete 2>&1
        foreach ($u in $TUser, $TAdmin) { $null = & net.exe user $u /delete 2>&1 }
    }

    It 'T3-T6, T8: an interactive token holds Everyone, Authenticated Users, INTERACTIVE, LOCAL and Local account; a network token NETWORK' {
        $i = & $Probe $TUser 2
        $i.Error | Should -Be 0
        foreach ($sid in 'S-1-1-0', 'S-1-5-11', 'S-1-5-4', 'S-1-2-0', 'S-1-5-113') { $i.Sids | Should -Contain $sid }
        $n = & $Probe $TUser 8
        $n.Error | Should -Be 0
        foreach ($sid in 'S-1-1-0', 'S-1-5-11', 'S-1-5-2', 'S-1-5-113') { $n.Sids | Should -Contain $sid }
        $n.Sids | Should -Not -Contain 'S-1-5-4'
    }

    It 'T5, T9: a local group that lists BATCH and holds "Log on as a batch job" lets an otherwise unlisted user log on as a batch job' {
        $before = & $Probe $TUser 4
        if ($before.Error -eq 0) { Set-ItResult -Inconclusive -Because 'this machine grants the batch right to every user'; return }
        $before.Error | Should -Be 1385
        $null = & net.exe localgroup $TGroup 'NT AUTHORITY\BATCH' /add 2>&1
        Grant-LogonRight -Identity $TGroupAccount -LogonType Batch
        try {
            $after = & $Probe $TUser 4
            $after.Error | Should -Be 0
            $after.Sids | Should -Contain 'S-1-5-3'
            $after.Sids | Should -Contain (Get-LogonRight -Identity $TGroupAccount -LogonType Batch).Sid
            $r = Get-LogonRight -Identity $TUserAccount -LogonType Batch
            $r.Effective | Should -BeTrue
            $r.GrantedBy -join ';' | Should -Match ([regex]::Escape($TGroup))
        } finally {
            Revoke-LogonRight -Identity $TGroupAccount -LogonType Batch -Confirm:$false
            $null = & net.exe localgroup $TGroup 'NT AUTHORITY\BATCH' /delete 2>&1
        }
    }

    It 'T9: a local group that lists INTERACTIVE is in interactive tokens only' {
        $null = & net.exe localgroup $TGroup 'NT AUTHORITY\INTERACTIVE' /add 2>&1
        try {
            $groupSid = (Get-LogonRight -Identity $TGroupAccount -LogonType Interactive).Sid
            (& $Probe $TUser 2).Sids | Should -Contain $groupSid
            (& $Probe $TUser 8).Sids | Should -Not -Contain $groupSid
        } finally {
            $null = & net.exe localgroup $TGroup 'NT AUTHORITY\INTERACTIVE' /delete 2>&1
        }
    }

    It 'T8b: a network-logon deny to S-1-5-114 makes a local admin''s NetworkCleartext logon fail with 1385, not a local user''s' {
        (& $Probe $TAdmin 8).Error | Should -Be 0
        Grant-LogonRight -Identity 'S-1-5-114' -LogonType Network -Deny
        try {
            (& $Probe $TAdmin 8).Error | Should -Be 1385
            (& $Probe $TUser 8).Error | Should -Be 0
            $r = Get-LogonRight -Identity $TAdminAccount -LogonType Network
            $r.Effective | Should -BeFalse
            $r.DeniedBy -join ';' | Should -Match 'S-1-5-114'
        } finally {
            Revoke-LogonRight -Identity 'S-1-5-114' -LogonType Network -Deny -Confirm:$false
        }
    }

    It 'names S-1-5-113 and S-1-5-114, and treats SYSTEM and NETWORK SERVICE as accounts with a True or False answer' {
        (Get-LogonRight -Identity 'S-1-5-113' -LogonType Network).Identity | Should -Be 'NT AUTHORITY\Local account'
        (Get-LogonRight -Identity 'S-1-5-114' -LogonType Network).Identity | Should -Be 'NT AUTHORITY\Local account and member of Administrators group'
        $r = Get-LogonRight -Identity 'NT AUTHORITY\SYSTEM', 'NT AUTHORITY\NETWORK SERVICE' -LogonType Batch, Service
        foreach ($row in $r) { $row.Effective | Should -BeOfType [bool] }
    }

    It 'T4, T10: the SYSTEM token holds Administrators and Authenticated Users' {
        $services = Get-Process -Name services -ErrorAction SilentlyContinue | Select-Object -First 1
        $sids = $null
        try { if ($services) { $sids = [IisLtTokenProbe]::ProcessSids($services.Handle) } } catch { $sids = $null }
        if (-not $sids) { Set-ItResult -Inconclusive -Because 'the token of services.exe could not be opened'; return }
        $sids[0] | Should -Be 'S-1-5-18'
        $sids | Should -Contain 'S-1-5-32-544'
        $sids | Should -Contain 'S-1-5-11'
    }

    It 'NT SERVICE SIDs are SHA-1 of the upper-cased name; IIS APPPOOL SIDs of the lower-cased name, with IIS_IUSRS in the worker token (T10)' {
        $sha = [System.Security.Cryptography.SHA1]::Create()
        $derive = {
            param([int] $Base, [string] $Name)
            $h = $sha.ComputeHash([System.Text.Encoding]::Unicode.GetBytes($Name))
            $parts = foreach ($k in 0..4) { [BitConverter]::ToUInt32($h, 4 * $k) }
            "S-1-5-$Base-" + ($parts -join '-')
        }
        $svc = Get-LogonRight -Identity 'NT SERVICE\EventLog' -LogonType Service
        $svc.Sid | Should -Be (& $derive 80 'EVENTLOG')
        $svc.AccountKind | Should -Be 'ServiceVirtualAccount'
        $pool = Get-LogonRight -Identity 'IIS APPPOOL\DefaultAppPool' -LogonType Batch -ErrorAction SilentlyContinue
        if (-not $pool) { Set-ItResult -Inconclusive -Because 'IIS is not installed here'; return }
        $pool.Sid | Should -Be (& $derive 82 'defaultapppool')
        $w3wp = Get-Process -Name w3wp -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not $w3wp) { Set-ItResult -Inconclusive -Because 'no worker process is running'; return }
        $sids = [IisLtTokenProbe]::ProcessSids($w3wp.Handle)
        if ($sids[0] -like 'S-1-5-82-*') {
            $sids | Should -Contain 'S-1-5-32-568'
            $sids | Should -Contain 'S-1-5-11'
        }
    }
}

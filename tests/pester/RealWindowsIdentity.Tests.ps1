# Runs only on real Windows (the Windows CI jobs, elevated): checks the UNVERIFIED readings of NetUserGetInfo that
# Test-IisLogon -Identity relies on, with a throw-away local user that is removed again in AfterAll.
BeforeDiscovery {
    $script:OnWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or ((Test-Path variable:IsWindows) -and $IsWindows)
}

Describe 'Test-IisLogon -Identity on real Windows' -Tag RealWindows -Skip:(-not $OnWindows) {
    BeforeAll {
        Import-Module (Get-ChildItem -LiteralPath $env:IISLT_MODULE -Recurse -Filter 'IisLogonTools.psd1' | Select-Object -First 1).FullName -Force
        $script:User = 'iislti' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $chars = [char[]]'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'
        $rng = [System.Security.Cryptography.RandomNumberGenerator]::Create()
        $bytes = [byte[]]::new(24); $rng.GetBytes($bytes)
        $password = -join ($bytes | ForEach-Object { $chars[$_ % $chars.Length] }) + '!7a'
        $null = & net.exe user $User $password /add /comment:"IisLogonTools CI, removed by the test" 2>&1
        if ($LASTEXITCODE -ne 0) { throw "net user /add failed with $LASTEXITCODE" }
        $script:Account = "$env:COMPUTERNAME\$User"
    }

    AfterAll {
        $null = & net.exe user $User /delete 2>&1
    }

    It 'a fresh account: only the password remains unchecked' {
        $r = Test-IisLogon -Identity $Account -LogonType Network
        $r.Reason | Should -Be 'PasswordNotChecked'
        $r.Succeeded | Should -BeNullOrEmpty
        $r.AccountState.Sid | Should -Match '^S-1-5-21-'
        $r.AccountState.UnitsPerWeek | Should -Be 168
    }

    It 'net user /active:no -> AccountDisabled' {
        $null = & net.exe user $User /active:no 2>&1
        try { (Test-IisLogon -Identity $Account -LogonType Network).Reason | Should -Be 'AccountDisabled' }
        finally { $null = & net.exe user $User /active:yes 2>&1 }
    }

    It 'net user /logonpasswordchg:yes -> PasswordMustChange (password_expired without UF_PASSWORD_EXPIRED)' {
        $null = & net.exe user $User /logonpasswordchg:yes 2>&1
        try { (Test-IisLogon -Identity $Account -LogonType Network).Reason | Should -Be 'PasswordMustChange' }
        finally { $null = & net.exe user $User /logonpasswordchg:no 2>&1 }
    }

    It 'the logon hours bitmap: an hour other than now -> InvalidLogonHours' {
        # net user /times takes local time; 'Su,3AM-4AM' or 'Sa,3AM-4AM' is never the current hour in both.
        $day = if ((Get-Date).DayOfWeek -eq 'Sunday') { 'Sa' } else { 'Su' }
        $null = & net.exe user $User "/times:$day,3AM-4AM" 2>&1
        try { (Test-IisLogon -Identity $Account -LogonType Network).Reason | Should -Be 'InvalidLogonHours' }
        finally { $null = & net.exe user $User /times:all 2>&1 }
    }

    It 'an unknown account is AccountNotFound' {
        $null = Test-IisLogon -Identity "$env:COMPUTERNAME\nobody$User" -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'AccountNotFound,IisLogonTools.Commands.TestIisLogonCommand'
    }
}

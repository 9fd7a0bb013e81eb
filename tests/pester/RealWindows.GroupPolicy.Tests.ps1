# Runs only on real Windows (the Windows CI jobs, elevated; Windows PowerShell 5.1 syntax). The runners are not in
# a domain, so no GPO can define a right there. What can be shown: a right set through local security policy
# (secedit /configure with a template) reaches LSA, RSoP does not report it as a domain GPO's setting, and the
# cmdlets agree with what RSoP (or a gpresult /x report of the runner) says: PolicySource Local, or Unknown when RSoP
# holds no data; never GroupPolicy, and no "will be reverted" warning. What a domain GPO does at a refresh (the
# emulator's [GPREFRESH] rule) cannot be shown without a domain; see tests/emulator/README.md, UNVERIFIED 31.
BeforeDiscovery {
    $script:OnWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or ((Test-Path variable:IsWindows) -and $IsWindows)
}

Describe 'Group Policy: local security policy on real Windows' -Tag RealWindows -Skip:(-not $OnWindows) {
    BeforeAll {
        Import-Module (Get-ChildItem -LiteralPath $env:IISLT_MODULE -Recurse -Filter 'IisLogonTools.psd1' | Select-Object -First 1).FullName -Force
        $script:User = 'iislg' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $chars = [char[]]'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'
        $rng = [System.Security.Cryptography.RandomNumberGenerator]::Create()
        $bytes = New-Object byte[] 24
        $rng.GetBytes($bytes)
        $password = (-join ($bytes | ForEach-Object { $chars[$_ % $chars.Length] })) + '!7a'
        $null = & net.exe user $User $password /add /comment:"IisLogonTools CI, removed by the test" 2>&1
        if ($LASTEXITCODE -ne 0) { throw "net user /add failed with $LASTEXITCODE" }
        $script:Account = "$env:COMPUTERNAME\$User"
        $script:Sid = (Get-LogonRight -Identity $Account -LogonType Batch).Sid

        $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('iislt-secedit-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $Work
        # Deny batch logon: no default holder, harmless for the runner, and a right a domain GPO commonly defines.
        $template = @(
            '[Unicode]', 'Unicode=yes',
            '[Version]', 'signature="$CHICAGO$"', 'Revision=1',
            '[Privilege Rights]', "SeDenyBatchLogonRight = *$Sid"
        )
        Set-Content -LiteralPath (Join-Path $Work 'rights.inf') -Value $template -Encoding Unicode
        $script:SeceditOutput = & secedit.exe /configure /db (Join-Path $Work 'secedit.sdb') /cfg (Join-Path $Work 'rights.inf') /areas USER_RIGHTS /quiet 2>&1
        $script:SeceditExit = $LASTEXITCODE

        # What RSoP itself says, read here without the module: the RSoP rules of about_IisLogonTools give the
        # expected PolicySource (no RSOP_GPO at all or no namespace: Unknown; a setting of a domain GPO: GroupPolicy;
        # otherwise Local, the local GPO counting as local policy).
        $script:RsopGpos = $null
        $script:RsopRights = @()
        $script:RsopError = $null
        try {
            $script:RsopGpos = @(Get-CimInstance -Namespace 'root\rsop\computer' -ClassName RSOP_GPO -ErrorAction Stop)
            $script:RsopRights = @(Get-CimInstance -Namespace 'root\rsop\computer' -ClassName RSOP_UserPrivilegeRight -Filter "UserRight='SeDenyBatchLogonRight'" -ErrorAction Stop)
        } catch {
            $script:RsopError = $_.Exception.Message
        }
        Write-Host "RSoP on this runner: error = '$RsopError'; RSOP_GPO = $(@($RsopGpos | ForEach-Object { "$($_.name) [$($_.id)]" }) -join '; ')"
        Write-Host "RSOP_UserPrivilegeRight for SeDenyBatchLogonRight: $(@($RsopRights | ForEach-Object { "precedence $($_.precedence), GPOID $($_.GPOID), SOMID $($_.SOMID), accounts $($_.AccountList -join ',')" }) -join ' | ')"
        $script:Expected = if ($RsopError -or @($RsopGpos).Count -eq 0) { 'Unknown' }
            elseif (@($RsopRights | Where-Object { [int]$_.precedence -eq 1 -and $_.GPOID -ne 'LocalGPO' }).Count -gt 0) { 'GroupPolicy' }
            else { 'Local' }
    }

    AfterAll {
        Revoke-LogonRight -Identity $Account -LogonType Batch -Deny -Confirm:$false -ErrorAction SilentlyContinue
        Revoke-LogonRight -Identity $Account -LogonType Batch -Confirm:$false -ErrorAction SilentlyContinue
        $null = & net.exe user $User /delete 2>&1
        Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'secedit /configure writes the template''s deny right to LSA' {
        $SeceditExit | Should -Be 0 -Because "secedit said: $SeceditOutput"
        $r = Get-LogonRight -Identity $Account -LogonType Batch
        $r.DirectDeny | Should -BeTrue
        $r.Effective | Should -BeFalse
    }

    It 'RSoP does not show the local security policy setting as a domain GPO''s' {
        $Expected | Should -Not -Be 'GroupPolicy'
    }

    It 'the cmdlets report what RSoP says for the right: Local, or Unknown without RSoP data, never GroupPolicy' {
        $r = Get-LogonRight -Identity $Account -LogonType Batch
        $r.DenyPolicySource | Should -Be $Expected
        $r.DenyGroupPolicyObject | Should -BeNullOrEmpty
        if ($Expected -eq 'Unknown') { $r.PolicyNote | Should -Not -BeNullOrEmpty }
    }

    It 'a grant next to it warns nothing about Group Policy and predicts by the same answer' {
        $g = Grant-LogonRight -Identity $Account -LogonType Batch -PassThru -WarningVariable w -WarningAction SilentlyContinue
        @($w | Where-Object { "$_" -match 'Group Policy' }).Count | Should -Be 0
        $g.PolicySource | Should -Be $Expected
        if ($Expected -eq 'Local') { $g.RevertsAtNextPolicyRefresh | Should -BeFalse } else { $g.RevertsAtNextPolicyRefresh | Should -BeNullOrEmpty }
    }

    It 'a gpresult /x report of this computer parses and gives the same answer' {
        $report = Join-Path $Work 'rsop.xml'
        $out = & gpresult.exe /scope computer /x $report /f 2>&1
        if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $report)) {
            Set-ItResult -Skipped -Because "gpresult could not write a report on this runner: $out"
            return
        }
        $r = Get-LogonRight -Identity $Account -LogonType Batch -PolicyReport $report
        Write-Host "gpresult report: DenyPolicySource $($r.DenyPolicySource); note: $($r.PolicyNote)"
        $r.DenyPolicySource | Should -Not -Be 'GroupPolicy'
        # A report may hold less than CIM shows (then Unknown, with the reason), never a different known answer.
        $r.DenyPolicySource | Should -BeIn @($Expected, 'Unknown')
    }
}

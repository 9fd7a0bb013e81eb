<#
.SYNOPSIS
    The KB Q247593 story end to end, against the Windows security emulator: a user gets "401.1 Unauthorized:
    Logon failed", Test-IisLogon says why, Get-LogonLocallyRight shows the missing right, Grant-LogonLocallyRight
    fixes it, and Test-IisLogon then succeeds.
.DESCRIPTION
    Run by 'build.ps1 -Task Demo', which builds the module and the emulator and starts this script in a fresh pwsh
    with LD_LIBRARY_PATH and WINEMU_STATE set. Exits non-zero if any step does not behave as described.
#>
param(
    [Parameter(Mandatory)][string] $ModuleFolder,
    [Parameter(Mandatory)][string] $EmulatorFolder
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

Import-Module $ModuleFolder
Add-Type -Path (Join-Path $EmulatorFolder 'WinEmu.Client.dll')

$script:Step = 0
$script:Failures = 0
function Step([string] $Title) {
    $script:Step++
    Write-Host ''
    Write-Host "Step $($script:Step): $Title" -ForegroundColor Cyan
    Write-Host ('-' * (8 + $Title.Length))
}
function Expect([bool] $Condition, [string] $What) {
    if ($Condition) { Write-Host "  [ok] $What" -ForegroundColor Green }
    else { Write-Host "  [FAILED] $What" -ForegroundColor Red; $script:Failures++ }
}

# The machine: WEB01, an IIS server in the CONTOSO domain. As on a domain controller (where Q247593 is most often
# met), only administrators and backup operators may log on locally; alice is an ordinary domain user.
$scenario = @{
    localComputer = 'WEB01'
    domain = @{
        name = 'CONTOSO'; dnsName = 'contoso.com'; sid = 'S-1-5-21-1000-2000-3000'; reachable = $true
        accounts = @(@{ name = 'alice'; type = 'user'; rid = 1105; password = 'Correct-Horse-7'; upn = 'alice@contoso.com' })
    }
    computers = @(@{
        name = 'WEB01'; reachable = $true; callerIsAdmin = $true; sid = 'S-1-5-21-11-22-33'; domainMember = $true; role = 'memberServer'
        builtin = @{ Users = @('CONTOSO\Domain Users') }
        rights = @{
            SeInteractiveLogonRight = @('BUILTIN\Administrators', 'BUILTIN\Backup Operators')
            SeNetworkLogonRight     = @('Everyone', 'BUILTIN\Administrators', 'BUILTIN\Users')
        }
    })
}
$seed = Join-Path ([IO.Path]::GetTempPath()) "iislt-walkthrough-$PID.json"
$scenario | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $seed -Encoding utf8
[WinEmu.Emulator]::Seed($seed, $env:WINEMU_STATE)
Remove-Item -LiteralPath $seed

$config = Join-Path $PSScriptRoot 'applicationHost.config'
# The password as a user would type it at the browser's prompt; only a SecureString reaches the module.
$credential = [pscredential]::new('alice', (ConvertTo-SecureString 'Correct-Horse-7' -AsPlainText -Force))

Write-Host 'KB Q247593: "401.1 Unauthorized: Logon failed" for alice on the Intranet site of WEB01.' -ForegroundColor White
Write-Host "IIS configuration: $config (Basic authentication, logonMethod Interactive, defaultLogonDomain CONTOSO)"

Step 'Test-IisLogon: log on the way IIS does'
Write-Host "PS> Test-IisLogon -Credential `$credential -ConfigurationPath $config -Site Intranet"
$first = Test-IisLogon -Credential $credential -ConfigurationPath $config -Site Intranet
$first | Format-List Account, LogonType, LogonTypeDetail, Succeeded, Win32Error, ErrorName, Reason, HttpStatus, Explanation, RightsAnalysis, Remediation, Fix | Out-Host
Expect (-not $first.Succeeded) 'the logon fails, as IIS reports 401.1'
Expect ($first.Reason -eq 'LogonTypeNotGranted' -and $first.Win32Error -eq 1385) 'the cause is the missing logon right (ERROR_LOGON_TYPE_NOT_GRANTED), not the password'
Expect ($first.Account -eq 'CONTOSO\alice' -and $first.LogonType -eq 'Interactive') 'IIS''s defaultLogonDomain and logonMethod were applied'
Expect ($first.Remediation -match [regex]::Escape("Grant-LogonLocallyRight -Identity 'CONTOSO\alice'")) 'the remediation names the exact command'

Step 'Get-LogonLocallyRight: who holds "Allow log on locally", and why alice does not'
Write-Host 'PS> Get-LogonLocallyRight'
Get-LogonLocallyRight | Out-Host
Write-Host "PS> Get-LogonLocallyRight -Identity 'CONTOSO\alice'"
$before = Get-LogonLocallyRight -Identity 'CONTOSO\alice'
$before | Out-Host
Expect ($before.Effective -eq $false -and -not $before.DirectAllow -and $before.GrantedBy.Count -eq 0) 'neither alice nor any of her groups holds SeInteractiveLogonRight'

Step 'Grant-LogonLocallyRight: the KB''s fix'
Write-Host "PS> Grant-LogonLocallyRight -Identity 'CONTOSO\alice' -WhatIf"
Grant-LogonLocallyRight -Identity 'CONTOSO\alice' -WhatIf
Expect (-not (Get-LogonLocallyRight -Identity 'CONTOSO\alice').DirectAllow) '-WhatIf changed nothing'
Write-Host "PS> Grant-LogonLocallyRight -Identity 'CONTOSO\alice' -PassThru"
$grant = Grant-LogonLocallyRight -Identity 'CONTOSO\alice' -PassThru
$grant | Out-Host
Expect ($grant.Changed -and $grant.Effective) 'the right is granted and now effective through the user'

Step 'Test-IisLogon again'
Write-Host "PS> Test-IisLogon -Credential `$credential -ConfigurationPath $config -Site Intranet"
$second = Test-IisLogon -Credential $credential -ConfigurationPath $config -Site Intranet
$second | Out-Host
Expect ($second.Succeeded -and $second.Win32Error -eq 0) 'the logon succeeds: IIS would now accept alice'

$stats = [WinEmu.Emulator]::StatsJson() | ConvertFrom-Json
$open = @($stats.outstanding.PSObject.Properties | Where-Object { [int]$_.Value -ne 0 })
Expect ($open.Count -eq 0) 'no LSA buffer, policy handle, AuthZ handle or token was left open'
Expect ([int]$stats.calls.LogonUserW -eq 2) 'exactly one LogonUser attempt per test (failed attempts count toward lockout)'

Write-Host ''
if ($script:Failures -gt 0) {
    Write-Host "Walkthrough FAILED: $($script:Failures) check(s) did not behave as KB Q247593 describes." -ForegroundColor Red
    exit 1
}
Write-Host "Walkthrough complete: all $($script:Step) steps behaved as KB Q247593 describes." -ForegroundColor Green

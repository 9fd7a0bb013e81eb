# Shared by the Pester suites: seed the emulated Windows machine, read its counters, assert nothing leaked.
# Each suite runs in its own fresh pwsh (build.ps1), with WINEMU_STATE naming that suite's state file.
Set-StrictMode -Version Latest

$script:EmulatorDir = $env:IISLT_EMULATOR
if ($script:EmulatorDir -and -not ('WinEmu.Emulator' -as [type])) {
    Add-Type -Path (Join-Path $script:EmulatorDir 'WinEmu.Client.dll')
}

function New-TestScenario {
    <# The KB Q247593 machine: WEB01, member of CONTOSO; domain users have no interactive right on it. #>
    param([hashtable[]] $ExtraDomainAccounts = @(), [hashtable[]] $ExtraLocalAccounts = @(), [hashtable] $Rights, [object[]] $Faults = @())
    if (-not $Rights) {
        $Rights = @{
            SeInteractiveLogonRight     = @('BUILTIN\Administrators', 'BUILTIN\Backup Operators')
            SeNetworkLogonRight         = @('Everyone', 'BUILTIN\Administrators', 'BUILTIN\Users', 'BUILTIN\Backup Operators')
            SeBatchLogonRight           = @('BUILTIN\Administrators', 'BUILTIN\Backup Operators', 'BUILTIN\IIS_IUSRS')
            SeDenyNetworkLogonRight     = @('BUILTIN\Guests')
        }
    }
    @{
        localComputer = 'WEB01'
        domain        = @{
            name = 'CONTOSO'; dnsName = 'contoso.com'; sid = 'S-1-5-21-1000-2000-3000'; reachable = $true
            accounts = @(
                @{ name = 'alice'; type = 'user'; rid = 1105; password = 'Alice-Pa55!'; upn = 'alice@contoso.com' }
                @{ name = 'carol'; type = 'user'; rid = 1106; password = 'Carol-Pa55!' }
                @{ name = 'dave'; type = 'user'; rid = 1107; password = 'Dave-Pa55!' }
                @{ name = 'WebEditors'; type = 'group'; rid = 1200; members = @('CONTOSO\carol') }
            ) + $ExtraDomainAccounts
        }
        computers     = @(
            @{
                name = 'WEB01'; reachable = $true; callerIsAdmin = $true; sid = 'S-1-5-21-11-22-33'; domainMember = $true; role = 'memberServer'
                accounts = @(
                    @{ name = 'bob'; type = 'user'; rid = 1001; password = 'Bob-Pa55!' }
                    @{ name = 'WebUsers'; type = 'alias'; rid = 1002; members = @('WEB01\bob') }
                ) + $ExtraLocalAccounts
                builtin = @{ Users = @('CONTOSO\Domain Users', 'WEB01\bob'); Guests = @('CONTOSO\dave'); Administrators = @('WEB01\Administrator') }
                rights = $Rights
            }
            @{
                name = 'WEB02'; reachable = $true; callerIsAdmin = $true; sid = 'S-1-5-21-44-55-66'; domainMember = $true; role = 'memberServer'
                accounts = @(@{ name = 'erin'; type = 'user'; rid = 1001; password = 'Erin-Pa55!' })
                builtin = @{ Users = @('CONTOSO\Domain Users') }
                rights = @{ SeInteractiveLogonRight = @('BUILTIN\Administrators', 'BUILTIN\Users') }
            }
            @{ name = 'OFFLINE01'; reachable = $false }
        )
        faults        = $Faults
    }
}

function Initialize-TestMachine {
    param([Parameter(Mandatory)][hashtable] $Scenario)
    $seed = [IO.Path]::Combine([IO.Path]::GetTempPath(), "iislt-seed-$([guid]::NewGuid().ToString('N')).json")
    try {
        $Scenario | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $seed -Encoding utf8
        [WinEmu.Emulator]::Seed($seed, $env:WINEMU_STATE)
        [WinEmu.Emulator]::UseState($env:WINEMU_STATE)
    } finally {
        Remove-Item -LiteralPath $seed -ErrorAction SilentlyContinue
    }
}

function Get-EmulatorStats {
    [WinEmu.Emulator]::StatsJson() | ConvertFrom-Json
}

function Reset-EmulatorStats {
    [WinEmu.Emulator]::ResetStats()
}

function Get-EmulatorCallCount {
    param([Parameter(Mandatory)][string] $Function)
    $calls = (Get-EmulatorStats).calls
    $p = $calls.PSObject.Properties[$Function]
    if ($p) { [int]$p.Value } else { 0 }
}

function Assert-EmulatorClean {
    <# Fails when any LSA buffer, handle or token is still open, or any misuse was counted. #>
    $s = Get-EmulatorStats
    $problems = @()
    foreach ($p in $s.outstanding.PSObject.Properties) { if ([int]$p.Value -ne 0) { $problems += "outstanding $($p.Name) = $($p.Value)" } }
    foreach ($p in $s.misuse.PSObject.Properties) { if ([int]$p.Value -ne 0) { $problems += "misuse $($p.Name) = $($p.Value)" } }
    if ([int]$s.removeAllRightsCalls -ne 0) { $problems += "LsaRemoveAccountRights was called with AllRights = TRUE $($s.removeAllRightsCalls) time(s)" }
    if ($problems) { throw "Emulator not clean: $($problems -join '; ')" }
}

function Get-StateRights {
    <# The rights as the emulator stores them, for asserting the machine's state without the module. #>
    param([string] $Computer = 'WEB01')
    $state = Get-Content -LiteralPath $env:WINEMU_STATE -Raw | ConvertFrom-Json
    ($state.computers | Where-Object name -eq $Computer).rights
}

Export-ModuleMember -Function *

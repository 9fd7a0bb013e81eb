# Issue 14, finding 8: -Identity completes this computer's users, local groups and the usual well-known principals
# (NetUserEnum, NetLocalGroupEnum, LSA translation), and asks no other computer. The expected names are the scenario's
# accounts as the emulator README's NetUserEnum/NetLocalGroupEnum rules list them, in DOMAIN\name form.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:IISLT_MODULE -Force
    function Get-Completion([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText)
    }
}

Describe 'Finding 8: -Identity completion' -Tag Emulator {
    BeforeEach {
        $scenario = New-TestScenario -ExtraLocalAccounts @(@{ name = 'bobby'; type = 'user'; rid = 1003; password = 'Bobby-Pa55!' })
        $scenario.computers[0].builtin['Remote Desktop Users'] = @()
        Initialize-TestMachine $scenario
    }
    AfterEach { Assert-EmulatorClean }

    It '<Command> -Identity completes local users, local groups and well-known principals' -ForEach @(
        @{ Command = 'Get-LogonRight' }
        @{ Command = 'Grant-LogonRight' }
        @{ Command = 'Revoke-LogonRight' }
        @{ Command = 'Get-LogonLocallyRight' }
        @{ Command = 'Grant-LogonLocallyRight' }
        @{ Command = 'Revoke-LogonLocallyRight' }
        @{ Command = 'Test-IisLogon' }
    ) {
        $all = Get-Completion "$Command -Identity "
        foreach ($expected in 'WEB01\bob', 'WEB01\bobby', 'WEB01\WebUsers', 'BUILTIN\Users', 'BUILTIN\Administrators',
            "'BUILTIN\Remote Desktop Users'", 'Everyone', "'NT AUTHORITY\Authenticated Users'", "'NT AUTHORITY\NETWORK SERVICE'") {
            $all | Should -Contain $expected
        }
        $all | Should -Not -Contain 'CONTOSO\alice' -Because 'domain accounts are not enumerated'
        $all | Should -Not -Contain 'WEB02\erin' -Because 'only this computer is enumerated'
        Get-Completion "$Command -Identity bo" | Should -Be @('WEB01\bob', 'WEB01\bobby')
        Get-Completion "$Command -Identity 'BUILTIN\Rem" | Should -Be @("'BUILTIN\Remote Desktop Users'")
    }

    It 'a completed value is accepted by -Identity' {
        $value = @(Get-Completion 'Get-LogonRight -Identity bobb')[0]
        $value | Should -Be 'WEB01\bobby'
        $r = Get-LogonRight -Identity $value -LogonType Network -ErrorAction Stop
        $r | Should -Not -BeNullOrEmpty
    }

    It 'asks only this computer: every call during completion names no server' {
        $before = if (Test-Path -LiteralPath $env:WINEMU_LOG) { @(Get-Content -LiteralPath $env:WINEMU_LOG).Count } else { 0 }
        $null = Get-Completion 'Grant-LogonRight -Identity '
        $lines = @(Get-Content -LiteralPath $env:WINEMU_LOG | Select-Object -Skip $before)
        ($lines -match 'fn=NetUserEnum ').Count | Should -BeGreaterThan 0
        ($lines -match 'fn=NetLocalGroupEnum ').Count | Should -BeGreaterThan 0
        $lines -match 'fn=NetUserEnum .*filter=2 ' | Should -Not -BeNullOrEmpty -Because 'FILTER_NORMAL_ACCOUNT'
        foreach ($line in $lines) {
            $line | Should -Not -Match '(server|system)=(?!\(null\)( |$))[^ ]' -Because 'no call may be aimed at another computer'
            $line | Should -Not -Match 'computer=(?!WEB01( |$))' -Because 'LSA handles are this computer''s (WEB01)'
        }
    }

    It 'completes nothing, without an error, when the enumeration fails' {
        $scenario = New-TestScenario -Faults @(@{ function = 'NetUserEnum'; status = 5 })
        Initialize-TestMachine $scenario
        $Error.Clear()
        Get-Completion 'Get-LogonRight -Identity ' | Should -BeNullOrEmpty
        $Error.Count | Should -Be 0
    }
}

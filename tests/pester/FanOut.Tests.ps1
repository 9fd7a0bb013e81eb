# The fan-out recipe of about_IisLogonTools: outputs cross the remoting serializer with every property and their
# table views, nothing prompts in a non-interactive host, and the results of several servers aggregate with
# Group-Object. Start-Job gives a real process boundary with the remoting serializer (out-of-process remoting);
# each job is one emulated "server" with its own machine state.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:IISLT_MODULE -Force
    $script:ModuleManifest = (Get-ChildItem -LiteralPath $env:IISLT_MODULE -Recurse -Filter 'IisLogonTools.psd1' | Select-Object -First 1).FullName

    function ConvertTo-Deserialized {
        # What Invoke-Command hands back: the object serialized with the remoting default depth, then rehydrated.
        param([Parameter(Mandatory)] $InputObject)
        [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($InputObject))
    }

    function Assert-SameProperties {
        # Every property of the live object, with the same value: enums as their names (so that a filter such as
        # Where-Object Reason -eq 'LogonTypeNotGranted' works on the deserialized copy), arrays item by item.
        param($Live, $Copy)
        foreach ($p in $Live.PSObject.Properties) {
            $name = $p.Name
            $Copy.PSObject.Properties.Name | Should -Contain $p.Name -Because "$name must survive serialization"
            $a = $p.Value
            $b = $Copy.PSObject.Properties[$p.Name].Value
            if ($null -eq $a) { $b | Should -BeNullOrEmpty -Because $name; continue }
            if ($a.GetType().FullName -like 'IisLogonTools.*' -and -not $a.GetType().IsEnum) {
                # A nested object is past the remoting depth (1): it arrives as text. The about topic says so.
                $b | Should -BeOfType [string] -Because "$name is nested"
            } elseif ($a.GetType().IsEnum) {
                $b | Should -BeOfType [string] -Because "$name is an enum"
                $b -eq $a.ToString() | Should -BeTrue -Because "$name must compare equal to its name"
            } elseif ($a -is [array]) {
                @($b | ForEach-Object { "$_" }) | Should -Be @($a | ForEach-Object { "$_" }) -Because $name
            } elseif ($a -is [datetime]) {
                ([datetime]$b).ToUniversalTime() | Should -Be $a.ToUniversalTime() -Because $name
            } else {
                "$b" | Should -Be "$a" -Because $name
            }
        }
    }

    $script:AliceCred = [pscredential]::new('CONTOSO\alice', (ConvertTo-SecureString 'Alice-Pa55!' -AsPlainText -Force))
}

Describe 'Outputs after the remoting serializer' -Tag Emulator {
    BeforeAll {
        Initialize-TestMachine (New-TestScenario)
        $log = Join-Path ([IO.Path]::GetTempPath()) ('iislt-fanout-' + [guid]::NewGuid().ToString('N') + '.log')
        @(
            '#Software: Microsoft Internet Information Services 10.0'
            '#Version: 1.0'
            '#Date: 2026-11-30 08:00:00'
            '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken'
            '2026-11-30 08:00:01 10.0.0.1 GET /intranet/ - 80 CONTOSO\alice 10.0.0.5 Mozilla/5.0 - 401 1 1326 12'
            '2026-11-30 08:00:02 10.0.0.1 GET /intranet/ - 80 CONTOSO\alice 10.0.0.6 Mozilla/5.0 - 401 1 1385 12'
        ) | Set-Content -LiteralPath $log -Encoding utf8
        $script:Outputs = @{
            LogonRightStatus   = Get-LogonRight -Identity 'CONTOSO\alice' -LogonType Network
            LogonRightHolder   = @(Get-LogonRight -LogonType Network)[0]
            IisLogonTestResult = Test-IisLogon -Credential $AliceCred -LogonType Interactive
            IisLogonFailure    = @(Get-IisLogonFailure -LiteralPath $log)[0]
        }
        Remove-Item -LiteralPath $log
    }

    It '<_> keeps its type name (Deserialized.*) and every property' -ForEach @('LogonRightStatus', 'LogonRightHolder', 'IisLogonTestResult', 'IisLogonFailure') {
        $live = $Outputs[$_]
        $live | Should -Not -BeNullOrEmpty
        $copy = ConvertTo-Deserialized $live
        $copy.PSObject.TypeNames[0] | Should -Be "Deserialized.$($live.GetType().FullName)"
        Assert-SameProperties -Live $live -Copy $copy
    }

    It 'Test-IisLogon''s RightsAnalysis arrives as its one-sentence text, so the recipe reads rights with Get-LogonRight -ComputerName' {
        # At the serializer's default depth a nested object arrives as its ToString(): for a LogonRightStatus that is
        # its Summary sentence. The flat properties (Reason, RequiredRight, names rather than enum numbers) survive.
        $live = $Outputs.IisLogonTestResult.RightsAnalysis
        $live | Should -Not -BeNullOrEmpty
        $copy = ConvertTo-Deserialized $Outputs.IisLogonTestResult
        $copy.RightsAnalysis | Should -BeOfType [string]
        $copy.RightsAnalysis | Should -Be $live.Summary
        $copy.RightsAnalysis | Should -Match 'SeInteractiveLogonRight'
        $copy.Reason -eq 'LogonTypeNotGranted' | Should -BeTrue
        $copy.RequiredRight | Should -Be 'SeInteractiveLogonRight'
    }

    It '<_> is shown with the same table view after deserialization' -ForEach @('LogonRightStatus', 'LogonRightHolder', 'IisLogonTestResult', 'IisLogonFailure') {
        $live = $Outputs[$_]
        $copy = ConvertTo-Deserialized $live
        Get-FormatData -TypeName "Deserialized.$($live.GetType().FullName)" | Should -Not -BeNullOrEmpty
        $liveText = ($live | Out-String -Width 200).Trim()
        ($copy | Out-String -Width 200).Trim() | Should -Be $liveText
        # A table, not the list PowerShell falls back to for a type without a view.
        $liveText | Should -Match '(?m)^-+ +-+'
    }
}

Describe 'Several servers, each in its own process' -Tag Emulator {
    BeforeAll {
        # Three emulated web servers; WEB03 grants alice nothing, so its logon fails for want of the right.
        $script:StateDir = Join-Path ([IO.Path]::GetTempPath()) ('iislt-fleet-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $StateDir
        $script:Servers = 'WEB01', 'WEB02', 'WEB03'
        foreach ($server in $Servers) {
            $scenario = New-TestScenario
            $scenario.localComputer = $server
            if ($server -ne 'WEB01') { $scenario.computers = @($scenario.computers | Where-Object { $_.name -ne 'WEB01' }) }
            if ($server -eq 'WEB03') {
                $scenario.computers += @{ name = 'WEB03'; sid = 'S-1-5-21-77-88-99'; domainMember = $true; builtin = @{ Users = @('WEB03\Administrator') }; rights = @{ SeInteractiveLogonRight = @('BUILTIN\Administrators') } }
            }
            $state = Join-Path $StateDir "$server.state.json"
            $seed = Join-Path $StateDir "$server.seed.json"
            $scenario | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $seed -Encoding utf8
            [WinEmu.Emulator]::Seed($seed, $state)
            Remove-Item -LiteralPath $seed
        }
        [WinEmu.Emulator]::UseState($env:WINEMU_STATE)

        # The body of the about topic's Invoke-Command recipe, run once per "server" in a job.
        $probe = {
            param($Manifest, $Emulator, $State, $Password)
            # (Not WINEMU_STATE: on Linux .NET does not pass a changed variable to native code.)
            Add-Type -Path (Join-Path $Emulator 'WinEmu.Client.dll')
            [WinEmu.Emulator]::UseState($State)
            Import-Module $Manifest
            $cred = [pscredential]::new('CONTOSO\alice', (ConvertTo-SecureString $Password -AsPlainText -Force))
            Test-IisLogon -Credential $cred -LogonType Interactive
        }
        $jobs = foreach ($server in $Servers) {
            Start-Job -Name $server -ScriptBlock $probe -ArgumentList $ModuleManifest, $env:IISLT_EMULATOR, (Join-Path $StateDir "$server.state.json"), 'Alice-Pa55!'
        }
        $null = $jobs | Wait-Job -Timeout 120
        $script:Results = foreach ($j in $jobs) {
            # Tag each result with its server, as Invoke-Command -ComputerName does with PSComputerName.
            Receive-Job $j | Add-Member -NotePropertyName Server -NotePropertyValue $j.Name -PassThru
        }
        $script:JobStates = @($jobs | ForEach-Object State)
        $jobs | Remove-Job -Force
    }
    AfterAll { Remove-Item -LiteralPath $StateDir -Recurse -Force -ErrorAction SilentlyContinue }

    It 'every server answers with a deserialized Test-IisLogon result' {
        $JobStates | Should -Be @('Completed', 'Completed', 'Completed')
        @($Results).Count | Should -Be 3
        foreach ($r in $Results) {
            $r.PSObject.TypeNames[0] | Should -Be 'Deserialized.IisLogonTools.Diagnostics.IisLogonTestResult'
            $r.PSComputerName | Should -Not -BeNullOrEmpty
        }
    }

    It 'the results aggregate with Group-Object: which servers refuse the logon, and why' {
        # Scenario: WEB01 and WEB02 were seeded from the KB Q247593 machine, where domain users have no interactive
        # right on WEB01 (only Administrators, Backup Operators) but do on WEB02 (BUILTIN\Users holds it there);
        # WEB03 grants it to Administrators only.
        $byReason = $Results | Group-Object Reason | Sort-Object Name
        $failed = @($Results | Where-Object { -not $_.Succeeded } | ForEach-Object Server | Sort-Object)
        $failed | Should -Be @('WEB01', 'WEB03')
        ($byReason | Where-Object Name -eq 'LogonTypeNotGranted').Count | Should -Be 2
        $bySuccess = $Results | Group-Object Succeeded -AsHashTable -AsString
        @($bySuccess['True']).Count | Should -Be 1
        $bySuccess['True'][0].Server | Should -Be 'WEB02'
    }

    It 'the rights of several computers come back flat from one call with -ComputerName, grouped by ComputerName' {
        $rows = Get-LogonRight -Identity 'CONTOSO\alice' -LogonType Interactive, Network -ComputerName WEB01, WEB02
        $groups = $rows | Group-Object ComputerName -AsHashTable -AsString
        @($groups.Keys | Sort-Object) | Should -Be @('WEB01', 'WEB02')
        @($groups['WEB01']).Count | Should -Be 2
        ($groups['WEB01'] | Where-Object LogonType -eq 'Interactive').Effective | Should -BeFalse
        ($groups['WEB02'] | Where-Object LogonType -eq 'Interactive').Effective | Should -BeTrue
    }
}

Describe 'Nothing prompts in a non-interactive host' -Tag Emulator {
    BeforeAll {
        Initialize-TestMachine (New-TestScenario)
        function Invoke-NonInteractive {
            # A fresh pwsh -NonInteractive with no console input, as a scheduled task or runbook worker runs it.
            param([Parameter(Mandatory)][string] $Command)
            $pwsh = (Get-Process -Id $PID).Path
            $prefix = @()
            if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
            $script = "`$ErrorActionPreference = 'Stop'; Import-Module '$ModuleManifest'; $Command"
            $psi = [System.Diagnostics.ProcessStartInfo]::new($pwsh)
            foreach ($a in $prefix + @('-NoLogo', '-NoProfile', '-NonInteractive', '-Command', $script)) { $psi.ArgumentList.Add($a) }
            $psi.RedirectStandardInput = $true
            $psi.RedirectStandardOutput = $true
            $psi.RedirectStandardError = $true
            $p = [System.Diagnostics.Process]::Start($psi)
            $p.StandardInput.Close()
            $out = $p.StandardOutput.ReadToEndAsync()
            $err = $p.StandardError.ReadToEndAsync()
            if (-not $p.WaitForExit(60000)) { $p.Kill(); throw "pwsh -NonInteractive did not finish in 60 s (waiting for input?): $Command" }
            [pscustomobject]@{ ExitCode = $p.ExitCode; Output = $out.Result; Error = $err.Result }
        }
    }

    It 'the recipe''s commands run to the end: Test-IisLogon, Get-LogonRight, Grant, and Revoke with -Confirm:$false' {
        $r = Invoke-NonInteractive @'
$cred = [pscredential]::new('CONTOSO\alice', (ConvertTo-SecureString 'Alice-Pa55!' -AsPlainText -Force))
$t = Test-IisLogon -Credential $cred -LogonType Interactive
$g = Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Interactive -PassThru
$v = Revoke-LogonRight -Identity 'CONTOSO\alice' -LogonType Interactive -Confirm:$false -PassThru
$s = Get-LogonRight -Identity 'CONTOSO\alice' -LogonType Interactive
"RESULT $($t.Reason) $($g.Changed) $($v.Changed) $($s.DirectAllow)"
'@
        $r.ExitCode | Should -Be 0 -Because $r.Error
        $r.Output | Should -Match 'RESULT LogonTypeNotGranted True True False'
    }

    It 'a Revoke without -Confirm:$false fails at once with a clear error instead of waiting for an answer' {
        Grant-LogonRight -Identity 'CONTOSO\alice' -LogonType Batch
        $r = Invoke-NonInteractive "Revoke-LogonRight -Identity 'CONTOSO\alice' -LogonType Batch"
        $r.ExitCode | Should -Not -Be 0
        $r.Error + $r.Output | Should -Match 'NonInteractive'
        (Get-StateRights).SeBatchLogonRight | Should -Contain 'S-1-5-21-1000-2000-3000-1105'
    }

    It 'a missing mandatory parameter is an error, not a prompt' {
        $r = Invoke-NonInteractive 'Test-IisLogon -LogonType Interactive'
        $r.ExitCode | Should -Not -Be 0
        $r.Error + $r.Output | Should -Match 'missing mandatory parameters'
    }
}

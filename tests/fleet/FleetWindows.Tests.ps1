# Past one server, on real Windows: the LogonRight DSC resource through Invoke-DscResource on PowerShell 7
# (PSDesiredStateConfiguration 2.0.x from the PowerShell Gallery) and under the Windows PowerShell 5.1 LCM, and the JEA
# endpoint built from the shipped files, used by a throw-away non-admin user to grant a right.
# Run by 'build.ps1 -Task FleetWindows' (the Windows CI step, elevated) and by 'build.ps1 -Task Test' everywhere: off
# Windows only the preparation block runs and the RealWindows block is reported as skipped.
# Environment: IISLT_MODULE (out/IisLogonTools), IISLT_DSC_MODULE (out/IisLogonToolsDsc).
BeforeDiscovery {
    $script:OnWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or ((Test-Path variable:IsWindows) -and $IsWindows)
}

BeforeAll {
    $script:MainManifest = (Get-ChildItem -LiteralPath $env:IISLT_MODULE -Recurse -Filter 'IisLogonTools.psd1' | Select-Object -First 1).FullName
    # build.ps1 sets IISLT_DSC_MODULE; otherwise the DSC module is built beside the main one (out/IisLogonToolsDsc).
    $script:DscFolder = $env:IISLT_DSC_MODULE
    if (-not $DscFolder) { $script:DscFolder = Join-Path (Split-Path $env:IISLT_MODULE) 'IisLogonToolsDsc' }
    $script:DscManifest = (Get-ChildItem -LiteralPath $DscFolder -Recurse -Filter 'IisLogonToolsDsc.psd1' | Select-Object -First 1).FullName
    $script:Version = (Import-PowerShellDataFile $MainManifest).ModuleVersion
    $script:Sample = Import-PowerShellDataFile (Join-Path (Split-Path $MainManifest) 'Samples/IisLogonTools.pssc')
    $script:EndpointName = 'IisLogonToolsCI'
    $script:OperatorsGroup = 'IisLogonTools CI Operators'

    function New-EndpointConfigurationFile {
        # The about topic's registration steps: the shipped sample with this computer's operators group.
        param([Parameter(Mandatory)][string] $Path, [Parameter(Mandatory)][string] $Group, [Parameter(Mandatory)][string] $TranscriptDirectory)
        $config = $Sample.Clone()
        $config.RoleDefinitions = @{ $Group = @{ RoleCapabilities = 'IisLogonTools.Operator' } }
        $config.TranscriptDirectory = $TranscriptDirectory
        New-PSSessionConfigurationFile -Path $Path @config
    }

    function New-RandomPassword {
        $chars = [char[]]'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'
        $bytes = [byte[]]::new(24)
        [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
        (-join ($bytes | ForEach-Object { $chars[$_ % $chars.Length] })) + '!7a'
    }

    # Invoke-DscResource property sets of the tests below: the resource's own property names only.
    function Get-LogonRightProperty {
        param([string] $Identity, [string] $LogonType, [string] $Ensure = 'Present', [bool] $Deny = $false)
        @{ Identity = $Identity; LogonType = $LogonType; Ensure = $Ensure; Deny = $Deny }
    }
}

Describe 'Preparing the Windows checks' {
    It 'the endpoint configuration is made from the shipped sample and is a valid session configuration file' {
        $dir = Join-Path ([IO.Path]::GetTempPath()) ('iislt-fleet-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $dir
        try {
            $pssc = Join-Path $dir "$EndpointName.pssc"
            New-EndpointConfigurationFile -Path $pssc -Group "WEB01\$OperatorsGroup" -TranscriptDirectory (Join-Path $dir 'transcripts')
            $back = Import-PowerShellDataFile $pssc
            $back.SessionType | Should -Be 'RestrictedRemoteServer'
            $back.RunAsVirtualAccount | Should -BeTrue
            $back.RoleDefinitions["WEB01\$OperatorsGroup"].RoleCapabilities | Should -Be 'IisLogonTools.Operator'
            if (Get-Command Test-PSSessionConfigurationFile -ErrorAction SilentlyContinue) {
                Test-PSSessionConfigurationFile -Path $pssc | Should -BeTrue
            }
        } finally {
            Remove-Item -LiteralPath $dir -Recurse -Force
        }
    }

    It 'the Invoke-DscResource property sets name only LogonRight properties' {
        $env:PSModulePath = (Split-Path $env:IISLT_MODULE) + [IO.Path]::PathSeparator + $env:PSModulePath
        $dsc = Import-Module $DscManifest -PassThru -Force
        $names = & $dsc { [LogonRight].GetProperties() | Where-Object { $_.GetCustomAttributes([System.Management.Automation.DscPropertyAttribute], $false) } | ForEach-Object Name }
        foreach ($k in (Get-LogonRightProperty -Identity 'x' -LogonType 'Batch').Keys) { $names | Should -Contain $k }
    }
}

Describe 'On real Windows' -Tag RealWindows -Skip:(-not $OnWindows) {
    BeforeAll {
        $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('iislt-fleet-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $Work

        # Two throw-away local users: the account whose rights change, and a non-admin JEA operator.
        $script:Target = 'iisltT' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $script:Operator = 'iisltO' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $script:OperatorPassword = New-RandomPassword
        $null = & net.exe user $Target (New-RandomPassword) /add /comment:"IisLogonTools CI, removed by the test" 2>&1
        if ($LASTEXITCODE -ne 0) { throw "net user /add $Target failed with $LASTEXITCODE" }
        $null = & net.exe user $Operator $OperatorPassword /add /comment:"IisLogonTools CI, removed by the test" 2>&1
        if ($LASTEXITCODE -ne 0) { throw "net user /add $Operator failed with $LASTEXITCODE" }
        $null = & net.exe localgroup $OperatorsGroup /add /comment:"IisLogonTools CI, removed by the test" 2>&1
        $null = & net.exe localgroup $OperatorsGroup $Operator /add 2>&1
        if ($LASTEXITCODE -ne 0) { throw "net localgroup /add failed with $LASTEXITCODE" }
        $script:TargetAccount = "$env:COMPUTERNAME\$Target"
        $script:OperatorCred = [pscredential]::new("$env:COMPUTERNAME\$Operator", (ConvertTo-SecureString $OperatorPassword -AsPlainText -Force))

        # Installed for the machine, where the 5.1 LCM (SYSTEM) and JEA sessions look: IisLogonTools without a
        # version folder (JEA finds role capabilities by name only there), IisLogonToolsDsc with one.
        $script:SystemModules = Join-Path $env:ProgramFiles 'WindowsPowerShell\Modules'
        $script:Installed = @((Join-Path $SystemModules 'IisLogonTools'), (Join-Path $SystemModules 'IisLogonToolsDsc'))
        foreach ($d in $Installed) { if (Test-Path $d) { throw "$d already exists; refusing to overwrite a real installation." } }
        $null = New-Item -ItemType Directory -Path $Installed[0], (Join-Path $Installed[1] $Version) -Force
        Copy-Item -Path (Join-Path (Split-Path $MainManifest) '*') -Destination $Installed[0] -Recurse
        Copy-Item -Path (Join-Path (Split-Path $DscManifest) '*') -Destination (Join-Path $Installed[1] $Version) -Recurse

        # WinRM: the 5.1 LCM's meta-configuration and the JEA endpoint are reached through it.
        Enable-PSRemoting -Force -SkipNetworkProfileCheck | Out-Null

        Import-Module (Join-Path $Installed[0] 'IisLogonTools.psd1') -Force
        $script:WindowsPowerShell = Join-Path $env:SystemRoot 'System32\WindowsPowerShell\v1.0\powershell.exe'
    }

    AfterAll {
        foreach ($t in 'Batch', 'Network') {
            Revoke-LogonRight -Identity $TargetAccount -LogonType $t -Confirm:$false -ErrorAction SilentlyContinue
            Revoke-LogonRight -Identity $TargetAccount -LogonType $t -Deny -Confirm:$false -ErrorAction SilentlyContinue
        }
        & $WindowsPowerShell -NoProfile -NonInteractive -Command "Unregister-PSSessionConfiguration -Name '$EndpointName' -Force -ErrorAction SilentlyContinue" 2>&1 | Out-Null
        $null = & net.exe localgroup $OperatorsGroup /delete 2>&1
        $null = & net.exe user $Operator /delete 2>&1
        $null = & net.exe user $Target /delete 2>&1
        Remove-Module IisLogonTools -Force -ErrorAction SilentlyContinue
        foreach ($d in $Installed) { Remove-Item -LiteralPath $d -Recurse -Force -ErrorAction SilentlyContinue }
        Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'PowerShell 7: Invoke-DscResource drives LogonRight with PSDesiredStateConfiguration 2.0.x' {
        $saveDir = Join-Path $Work 'psdsc'
        $null = New-Item -ItemType Directory -Path $saveDir
        Save-PSResource -Name PSDesiredStateConfiguration -Version '[2.0.0, 2.1.0)' -Repository PSGallery -Path $saveDir -TrustRepository
        Import-Module (Get-ChildItem $saveDir -Recurse -Filter 'PSDesiredStateConfiguration.psd1' | Select-Object -First 1).FullName -Force
        (Get-Module PSDesiredStateConfiguration).Version.Major | Should -Be 2
        $module = @{ ModuleName = 'IisLogonToolsDsc'; ModuleVersion = $Version }

        $present = Get-LogonRightProperty -Identity $TargetAccount -LogonType 'Batch'
        (Invoke-DscResource -Name LogonRight -ModuleName $module -Method Test -Property $present).InDesiredState | Should -BeFalse
        $null = Invoke-DscResource -Name LogonRight -ModuleName $module -Method Set -Property $present
        (Invoke-DscResource -Name LogonRight -ModuleName $module -Method Test -Property $present).InDesiredState | Should -BeTrue
        (Get-LogonRight -Identity $TargetAccount -LogonType Batch).DirectAllow | Should -BeTrue
        $got = Invoke-DscResource -Name LogonRight -ModuleName $module -Method Get -Property $present
        $got.Ensure | Should -Be 'Present'
        $got.Right | Should -Be 'SeBatchLogonRight'

        $deny = Get-LogonRightProperty -Identity $TargetAccount -LogonType 'Network' -Deny $true
        $null = Invoke-DscResource -Name LogonRight -ModuleName $module -Method Set -Property $deny
        (Get-LogonRight -Identity $TargetAccount -LogonType Network).DirectDeny | Should -BeTrue
        (Invoke-DscResource -Name LogonRight -ModuleName $module -Method Get -Property $deny).Effective | Should -BeFalse

        $absent = Get-LogonRightProperty -Identity $TargetAccount -LogonType 'Network' -Deny $true -Ensure 'Absent'
        $null = Invoke-DscResource -Name LogonRight -ModuleName $module -Method Set -Property $absent
        (Get-LogonRight -Identity $TargetAccount -LogonType Network).DirectDeny | Should -BeFalse

        $broad = Get-LogonRightProperty -Identity 'Everyone' -LogonType 'Network' -Ensure 'Absent'
        { Invoke-DscResource -Name LogonRight -ModuleName $module -Method Set -Property $broad -ErrorAction Stop } | Should -Throw -ExpectedMessage '*refuses*'
        (Get-LogonRight -LogonType Network).Sid | Should -Contain 'S-1-1-0'
    }

    It 'Windows PowerShell 5.1: the LCM runs LogonRight through Invoke-DscResource' {
        # Invoke-DscResource needs the LCM's RefreshMode to be Disabled; then Test, Set, Test, Get as SYSTEM.
        $script51 = @"
`$ErrorActionPreference = 'Stop'
[DscLocalConfigurationManager()]
Configuration IisLogonToolsLcm { Node localhost { Settings { RefreshMode = 'Disabled' } } }
`$null = IisLogonToolsLcm -OutputPath '$Work\lcm'
Set-DscLocalConfigurationManager -Path '$Work\lcm' -Force
`$p = @{ Identity = '$TargetAccount'; LogonType = 'Service'; Ensure = 'Present'; Deny = `$false }
`$m = @{ ModuleName = 'IisLogonToolsDsc'; ModuleVersion = '$Version' }
`$before = (Invoke-DscResource -Name LogonRight -ModuleName `$m -Method Test -Property `$p).InDesiredState
`$null = Invoke-DscResource -Name LogonRight -ModuleName `$m -Method Set -Property `$p
`$after = (Invoke-DscResource -Name LogonRight -ModuleName `$m -Method Test -Property `$p).InDesiredState
`$got = Invoke-DscResource -Name LogonRight -ModuleName `$m -Method Get -Property `$p
`$p.Ensure = 'Absent'
`$null = Invoke-DscResource -Name LogonRight -ModuleName `$m -Method Set -Property `$p
`$gone = (Invoke-DscResource -Name LogonRight -ModuleName `$m -Method Test -Property `$p).InDesiredState
[pscustomobject]@{ Before = `$before; After = `$after; Ensure = [string]`$got.Ensure; Right = [string]`$got.Right; Gone = `$gone } | ConvertTo-Json
"@
        $out = & $WindowsPowerShell -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command $script51 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $r = ($out | Where-Object { $_ -is [string] }) -join "`n" | ConvertFrom-Json
        $r.Before | Should -BeFalse
        $r.After | Should -BeTrue
        $r.Ensure | Should -Be 'Present'
        $r.Right | Should -Be 'SeServiceLogonRight'
        $r.Gone | Should -BeTrue
        (Get-LogonRight -Identity $TargetAccount -LogonType Service).DirectAllow | Should -BeFalse
    }

    It 'JEA: a non-admin operator grants a right through the registered endpoint, and cannot touch broad principals' {
        $pssc = Join-Path $Work "$EndpointName.pssc"
        New-EndpointConfigurationFile -Path $pssc -Group "$env:COMPUTERNAME\$OperatorsGroup" -TranscriptDirectory (Join-Path $Work 'transcripts')
        $out = & $WindowsPowerShell -NoProfile -NonInteractive -Command "Register-PSSessionConfiguration -Name '$EndpointName' -Path '$pssc' -Force | Out-Null" 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $admins = @(& net.exe localgroup Administrators 2>&1 | ForEach-Object { "$_".Trim() })
        $admins | Should -Not -Contain $Operator
        $admins | Should -Not -Contain "$env:COMPUTERNAME\$Operator"

        $session = New-PSSession -ComputerName localhost -ConfigurationName $EndpointName -Credential $OperatorCred
        try {
            $visible = Invoke-Command -Session $session -ScriptBlock { Get-Command } | ForEach-Object Name
            $visible | Should -Contain 'Grant-LogonRight'
            $visible | Should -Not -Contain 'Get-Process'
            $grant = Invoke-Command -Session $session -ScriptBlock ([scriptblock]::Create("Grant-LogonRight -Identity '$TargetAccount' -LogonType Batch -PassThru"))
            $grant.PSObject.TypeNames[0] | Should -Be 'Deserialized.IisLogonTools.Rights.LogonRightStatus'
            (Get-LogonRight -Identity $TargetAccount -LogonType Batch).DirectAllow | Should -BeTrue
            { Invoke-Command -Session $session -ErrorAction Stop -ScriptBlock { Grant-LogonRight -Identity 'Everyone' -LogonType Batch -Deny } } |
                Should -Throw -ExpectedMessage "*Identity*"
            { Invoke-Command -Session $session -ErrorAction Stop -ScriptBlock { Grant-LogonRight -Identity 'x\y' -LogonType Batch -ComputerName 'other' } } |
                Should -Throw
            (Get-LogonRight -Identity 'Everyone' -LogonType Batch).DirectDeny | Should -BeFalse
        } finally {
            Remove-PSSession $session
        }
    }
}

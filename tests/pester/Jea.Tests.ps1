# The JEA files shipped in the built module: IisLogonTools.Auditor.psrc, IisLogonTools.Operator.psrc and the sample
# session configuration. They parse, use only keys the New-PS*File cmdlets know, name only commands and parameters
# the module has, and - built into a real restricted session with InitialSessionState.CreateFromSessionConfigurationFile,
# the code JEA endpoints use - let an operator fix a right but not touch broad principals (emulator).
# Windows PowerShell 5.1 syntax outside the Emulator-tagged block.
BeforeDiscovery {
    $script:Denied = @(
        'Everyone', 'everyone', 'EVERYONE', 'Authenticated Users', 'NT AUTHORITY\Authenticated Users', 'Users', 'BUILTIN\Users',
        'builtin\users', 'Administrators', 'BUILTIN\Administrators', 'WEB01\Administrators', 'Guests', 'BUILTIN\Guests',
        'CONTOSO\Domain Users', 'CONTOSO\Domain Admins', 'CONTOSO\Enterprise Admins', 'CONTOSO\Domain Computers',
        'domain users@contoso.com', 'NT AUTHORITY\SYSTEM', 'NT AUTHORITY\NETWORK SERVICE', 'SYSTEM', 'INTERACTIVE',
        'NT AUTHORITY\NETWORK', 'ANONYMOUS LOGON', 'Local account', 'S-1-1-0', 'S-1-5-32-545', 'S-1-5-21-1000-2000-3000-1105',
        ' CONTOSO\alice', 'CONTOSO\alice ', 'CONTOSO\*', 'CONTOSO\al?ce', 'CONTOSO\', '\alice', 'CONTOSO\alice\x', 'a@b@c', ''
    )
    $script:Allowed = @(
        'CONTOSO\alice', '.\bob', 'WEB01\bob', 'alice@contoso.com', 'alice', 'CONTOSO\WebEditors', 'CONTOSO\Web Editors',
        'IIS APPPOOL\DefaultAppPool', 'BUILTIN\IIS_IUSRS', 'CONTOSO\svc-web01$', 'CONTOSO\Users-Web', 'CONTOSO\EveryoneInSales'
    )
}

BeforeAll {
    $script:Base = (Get-ChildItem -LiteralPath $env:IISLT_MODULE -Recurse -Filter 'IisLogonTools.psd1' | Select-Object -First 1).Directory.FullName
    Import-Module (Join-Path $Base 'IisLogonTools.psd1') -Force
    $script:Auditor = Import-PowerShellDataFile (Join-Path $Base 'RoleCapabilities/IisLogonTools.Auditor.psrc')
    $script:Operator = Import-PowerShellDataFile (Join-Path $Base 'RoleCapabilities/IisLogonTools.Operator.psrc')
    $script:Sample = Import-PowerShellDataFile (Join-Path $Base 'Samples/IisLogonTools.pssc')

    function Get-VisibleEntry {
        # VisibleCmdlets entries as objects: Name and the parameter hashtables (a plain string entry has none).
        param($Role)
        foreach ($entry in $Role.VisibleCmdlets) {
            if ($entry -is [string]) { [pscustomobject]@{ Name = $entry; Parameters = @() } }
            else { [pscustomobject]@{ Name = $entry.Name; Parameters = @($entry.Parameters) } }
        }
    }
    $script:IdentityPattern = @(Get-VisibleEntry $Operator | ForEach-Object { $_.Parameters } | Where-Object { $_.Name -eq 'Identity' -and $_.ContainsKey('ValidatePattern') } | ForEach-Object { $_.ValidatePattern } | Select-Object -Unique)
}

Describe 'JEA role capabilities and the sample session configuration' {
    It 'are in the built module: RoleCapabilities/*.psrc and Samples/IisLogonTools.pssc' {
        @(Get-ChildItem (Join-Path $Base 'RoleCapabilities') -Filter '*.psrc' | ForEach-Object Name | Sort-Object) |
            Should -Be @('IisLogonTools.Auditor.psrc', 'IisLogonTools.Operator.psrc')
        Join-Path $Base 'Samples/IisLogonTools.pssc' | Should -Exist
    }

    It 'use only keys that New-PSRoleCapabilityFile / New-PSSessionConfigurationFile know' {
        $rcKeys = (Get-Command New-PSRoleCapabilityFile).Parameters.Keys
        foreach ($role in $Auditor, $Operator) {
            foreach ($k in $role.Keys) { $rcKeys | Should -Contain $k }
        }
        $scKeys = (Get-Command New-PSSessionConfigurationFile).Parameters.Keys
        foreach ($k in $Sample.Keys) { $scKeys | Should -Contain $k }
    }

    It 'are accepted by New-PSRoleCapabilityFile and New-PSSessionConfigurationFile, which validate the value types' {
        $dir = Join-Path ([IO.Path]::GetTempPath()) ('iislt-jea-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $dir
        try {
            foreach ($role in $Auditor, $Operator) {
                $copy = Join-Path $dir 'copy.psrc'
                New-PSRoleCapabilityFile -Path $copy @role
                $back = Import-PowerShellDataFile $copy
                @(Get-VisibleEntry $back).Count | Should -Be @(Get-VisibleEntry $role).Count
                $back.ModulesToImport | Should -Be 'IisLogonTools'
            }
            $sample = $Sample.Clone()
            New-PSSessionConfigurationFile -Path (Join-Path $dir 'copy.pssc') @sample
            (Import-PowerShellDataFile (Join-Path $dir 'copy.pssc')).RoleDefinitions.Count | Should -Be 2
        } finally {
            Remove-Item -LiteralPath $dir -Recurse -Force
        }
    }

    It 'name only cmdlets and parameters that exist in the built module' {
        foreach ($entry in @(Get-VisibleEntry $Auditor) + @(Get-VisibleEntry $Operator)) {
            $command = Get-Command -Module IisLogonTools -Name $entry.Name -ErrorAction SilentlyContinue
            $command | Should -Not -BeNullOrEmpty -Because "$($entry.Name) is named in a role capability"
            foreach ($p in $entry.Parameters) {
                $command.Parameters.Keys | Should -Contain $p.Name -Because "$($entry.Name) -$($p.Name) is named in a role capability"
            }
        }
    }

    It 'the auditor sees only read-only cmdlets; the operator sees all of them plus Grant and Revoke' {
        @(Get-VisibleEntry $Auditor | ForEach-Object Name | Sort-Object) |
            Should -Be @('Get-IisLogonFailure', 'Get-LogonLocallyRight', 'Get-LogonRight', 'Test-IisLogon')
        $operatorNames = @(Get-VisibleEntry $Operator | ForEach-Object Name)
        foreach ($n in (Get-VisibleEntry $Auditor | ForEach-Object Name)) { $operatorNames | Should -Contain $n }
        @($operatorNames | Where-Object { $_ -match '^(Grant|Revoke)-' } | Sort-Object) |
            Should -Be @('Grant-LogonLocallyRight', 'Grant-LogonRight', 'Revoke-LogonLocallyRight', 'Revoke-LogonRight')
    }

    It 'expose no -ComputerName, no -Force and no parameter that takes a file path' {
        foreach ($entry in @(Get-VisibleEntry $Auditor) + @(Get-VisibleEntry $Operator)) {
            $entry.Parameters.Count | Should -BeGreaterThan 0 -Because "$($entry.Name) must list its parameters (all would be visible otherwise)"
            $names = @($entry.Parameters | ForEach-Object { $_.Name })
            foreach ($forbidden in 'ComputerName', 'Force', 'ConfigurationPath', 'LiteralPath') { $names | Should -Not -Contain $forbidden }
            if ($entry.Name -eq 'Get-IisLogonFailure') { $names | Should -Not -Contain 'Path' }
        }
    }

    It 'limit the operator''s -LogonType to the rights IIS logons need: Interactive, Batch, Network (ClearText uses Network)' {
        foreach ($entry in Get-VisibleEntry $Operator | Where-Object { $_.Name -match '^(Grant|Revoke)-LogonRight$' }) {
            $set = @($entry.Parameters | Where-Object { $_.Name -eq 'LogonType' } | ForEach-Object { $_.ValidateSet })
            @($set | Sort-Object) | Should -Be @('Batch', 'Interactive', 'Network')
            foreach ($v in $set) { [enum]::GetNames([IisLogonTools.Security.LogonRightType]) | Should -Contain $v }
        }
    }

    It 'give every operator -Identity the same ValidatePattern' {
        $IdentityPattern.Count | Should -Be 1
        foreach ($entry in Get-VisibleEntry $Operator | Where-Object { $_.Name -match '^(Grant|Revoke)-' }) {
            @($entry.Parameters | Where-Object { $_.Name -eq 'Identity' } | ForEach-Object { $_.ValidatePattern }) | Should -Be $IdentityPattern
        }
    }

    It 'the operator pattern refuses "<_>"' -ForEach $Denied {
        # JEA applies the pattern as ValidatePattern does: case-insensitive, anchored as ^(pattern)$.
        [regex]::IsMatch($_, "^($($IdentityPattern[0]))$", 'IgnoreCase') | Should -BeFalse
    }

    It 'the operator pattern accepts "<_>"' -ForEach $Allowed {
        [regex]::IsMatch($_, "^($($IdentityPattern[0]))$", 'IgnoreCase') | Should -BeTrue
    }

    It 'the sample session configuration is a restricted JEA endpoint with a virtual account, a transcript, and only the shipped roles' {
        $Sample.SessionType | Should -Be 'RestrictedRemoteServer'
        $Sample.RunAsVirtualAccount | Should -BeTrue
        $Sample.TranscriptDirectory | Should -Not -BeNullOrEmpty
        @($Sample.RoleDefinitions.Values | ForEach-Object { $_.RoleCapabilities } | Sort-Object) |
            Should -Be @('IisLogonTools.Auditor', 'IisLogonTools.Operator')
    }
}

Describe 'A JEA session built from the shipped files' -Tag Emulator {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        # JEA finds role capabilities by name in <module path>/<ModuleName>/RoleCapabilities: the install layout the
        # about topic describes (the module's files directly in the IisLogonTools folder, no version folder).
        $script:ModulesRoot = Join-Path ([IO.Path]::GetTempPath()) ('iislt-jea-modules-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path (Join-Path $ModulesRoot 'IisLogonTools') -Force
        Copy-Item -Path (Join-Path $Base '*') -Destination (Join-Path $ModulesRoot 'IisLogonTools') -Recurse
        $script:SavedModulePath = $env:PSModulePath
        $env:PSModulePath = $ModulesRoot + [IO.Path]::PathSeparator + $env:PSModulePath

        function New-JeaRunspace {
            param([Parameter(Mandatory)][string] $Role)
            $config = $Sample.Clone()
            $config.Remove('TranscriptDirectory')
            $config.RoleDefinitions = @{ 'WEB01\IIS Helpdesk' = @{ RoleCapabilities = $Role } }
            $pssc = Join-Path $ModulesRoot "$Role.pssc"
            New-PSSessionConfigurationFile -Path $pssc @config
            # Every connecting user is treated as a member of the role's group.
            $iss = [System.Management.Automation.Runspaces.InitialSessionState]::CreateFromSessionConfigurationFile($pssc, [Func[string, bool]] { param($group) $true })
            $rs = [runspacefactory]::CreateRunspace([System.Management.Automation.Runspaces.InitialSessionState]$iss)
            $rs.Open()
            $rs
        }

        function Invoke-Jea {
            # As remoting sends it: one command with parameters, no script (the session has no language).
            param([Parameter(Mandatory)] $Runspace, [Parameter(Mandatory)][string] $Command, [hashtable] $Parameters = @{})
            $ps = [powershell]::Create()
            try {
                $ps.Runspace = $Runspace
                $null = $ps.AddCommand($Command)
                foreach ($k in $Parameters.Keys) { $null = $ps.AddParameter($k, $Parameters[$k]) }
                $out = $ps.Invoke()
                [pscustomobject]@{ Output = @($out); Errors = @($ps.Streams.Error) }
            } finally {
                $ps.Dispose()
            }
        }
        $script:AliceSid = 'S-1-5-21-1000-2000-3000-1105'
    }
    AfterAll {
        $env:PSModulePath = $SavedModulePath
        Remove-Item -LiteralPath $ModulesRoot -Recurse -Force -ErrorAction SilentlyContinue
    }
    BeforeEach {
        Initialize-TestMachine (New-TestScenario)
        Reset-EmulatorStats
    }
    AfterEach { Assert-EmulatorClean }

    It 'the operator session shows the role''s commands and the JEA defaults, nothing else' {
        $rs = New-JeaRunspace -Role 'IisLogonTools.Operator'
        try {
            $names = @((Invoke-Jea $rs 'Get-Command').Output | ForEach-Object Name)
            foreach ($n in 'Get-LogonRight', 'Get-LogonLocallyRight', 'Test-IisLogon', 'Get-IisLogonFailure', 'Grant-LogonRight', 'Revoke-LogonRight', 'Grant-LogonLocallyRight', 'Revoke-LogonLocallyRight') {
                $names | Should -Contain $n
            }
            $names | Should -Not -Contain 'Get-Process'
            $names | Should -Not -Contain 'Invoke-Expression'
            { Invoke-Jea $rs 'Get-Process' } | Should -Throw -ExceptionType ([System.Management.Automation.MethodInvocationException])
        } finally { $rs.Dispose() }
    }

    It 'an operator grants a right to a specific account' {
        $rs = New-JeaRunspace -Role 'IisLogonTools.Operator'
        try {
            $r = Invoke-Jea $rs 'Grant-LogonRight' @{ Identity = 'CONTOSO\alice'; LogonType = 'Batch'; PassThru = $true }
            $r.Errors | Should -BeNullOrEmpty
            $r.Output[0].Changed | Should -BeTrue
            (Get-StateRights).SeBatchLogonRight | Should -Contain $AliceSid
            # Revoke is ConfirmImpact High: a remote session cannot prompt, so -Confirm:$false is part of the call.
            $v = Invoke-Jea $rs 'Revoke-LogonRight' @{ Identity = 'CONTOSO\alice'; LogonType = 'Batch'; Confirm = $false; PassThru = $true }
            $v.Output[0].Changed | Should -BeTrue
            (Get-StateRights).SeBatchLogonRight | Should -Not -Contain $AliceSid
        } finally { $rs.Dispose() }
    }

    It 'an operator cannot <Why>, and nothing is written' -ForEach @(
        @{ Why = 'grant to Everyone'; Command = 'Grant-LogonRight'; Parameters = @{ Identity = 'Everyone'; LogonType = 'Batch' }; Error = 'ParameterArgumentValidationError' }
        @{ Why = 'deny BUILTIN\Users'; Command = 'Grant-LogonRight'; Parameters = @{ Identity = 'BUILTIN\Users'; LogonType = 'Network'; Deny = $true }; Error = 'ParameterArgumentValidationError' }
        @{ Why = 'revoke from a SID'; Command = 'Revoke-LogonRight'; Parameters = @{ Identity = 'S-1-5-32-545'; LogonType = 'Network'; Confirm = $false }; Error = 'ParameterArgumentValidationError' }
        @{ Why = 'revoke locally from Administrators'; Command = 'Revoke-LogonLocallyRight'; Parameters = @{ Identity = 'BUILTIN\Administrators'; Confirm = $false }; Error = 'ParameterArgumentValidationError' }
        @{ Why = 'grant the service right'; Command = 'Grant-LogonRight'; Parameters = @{ Identity = 'CONTOSO\alice'; LogonType = 'Service' }; Error = 'ParameterArgumentValidationError' }
        @{ Why = 'reach another computer'; Command = 'Grant-LogonRight'; Parameters = @{ Identity = 'CONTOSO\alice'; LogonType = 'Batch'; ComputerName = 'WEB02' }; Error = 'NamedParameterNotFound' }
        @{ Why = 'pass -Force'; Command = 'Revoke-LogonRight'; Parameters = @{ Identity = 'CONTOSO\alice'; LogonType = 'Batch'; Force = $true; Confirm = $false }; Error = 'NamedParameterNotFound' }
    ) {
        $rs = New-JeaRunspace -Role 'IisLogonTools.Operator'
        try {
            $e = { Invoke-Jea $rs $Command $Parameters } | Should -Throw -PassThru
            $e.Exception.InnerException.ErrorRecord.FullyQualifiedErrorId | Should -BeLike "$Error*"
            (Get-EmulatorCallCount LsaAddAccountRights) + (Get-EmulatorCallCount LsaRemoveAccountRights) | Should -Be 0
        } finally { $rs.Dispose() }
    }

    It 'the auditor session reads rights but has no Grant or Revoke' {
        $rs = New-JeaRunspace -Role 'IisLogonTools.Auditor'
        try {
            $r = Invoke-Jea $rs 'Get-LogonRight' @{ Identity = 'CONTOSO\alice'; LogonType = 'Network' }
            $r.Output[0].Effective | Should -BeTrue
            $names = @((Invoke-Jea $rs 'Get-Command').Output | ForEach-Object Name)
            $names | Should -Not -Contain 'Grant-LogonRight'
            { Invoke-Jea $rs 'Grant-LogonRight' @{ Identity = 'CONTOSO\alice'; LogonType = 'Batch' } } | Should -Throw
            Get-EmulatorCallCount LsaAddAccountRights | Should -Be 0
        } finally { $rs.Dispose() }
    }

    It 'finds role capabilities by name only in an unversioned module folder (why the about topic installs it that way)' {
        $versioned = Join-Path ([IO.Path]::GetTempPath()) ('iislt-jea-versioned-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path (Join-Path $versioned "IisLogonTools/$((Get-Module IisLogonTools).Version)") -Force
        Copy-Item -Path (Join-Path $Base '*') -Destination (Join-Path $versioned "IisLogonTools/$((Get-Module IisLogonTools).Version)") -Recurse
        $saved = $env:PSModulePath
        try {
            $env:PSModulePath = $versioned
            { New-JeaRunspace -Role 'IisLogonTools.Operator' } | Should -Throw -ExpectedMessage '*Could not find the role capability*'
        } finally {
            $env:PSModulePath = $saved
            Remove-Item -LiteralPath $versioned -Recurse -Force
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:IISLT_MODULE -Force

    $script:Fields = @{
        Default   = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken'
        Reordered = 'time date c-ip cs-username sc-win32-status sc-status sc-substatus s-ip cs-uri-stem time-taken'
    }

    function New-LogLine {
        param([string] $Order, [datetime] $Time, [string] $User, [int] $Status, [int] $Sub, [long] $Win32, [string] $ClientIp = '10.0.0.5', [string] $ServerIp = '10.0.0.1', [string] $Uri = '/intranet/default.aspx')
        $v = @{
            'date' = $Time.ToString('yyyy-MM-dd'); 'time' = $Time.ToString('HH:mm:ss'); 's-ip' = $ServerIp; 'cs-method' = 'GET'; 'cs-uri-stem' = $Uri
            'cs-uri-query' = '-'; 's-port' = '80'; 'cs-username' = $User; 'c-ip' = $ClientIp; 'cs(User-Agent)' = 'Mozilla/5.0'; 'cs(Referer)' = '-'
            'sc-status' = $Status; 'sc-substatus' = $Sub; 'sc-win32-status' = $Win32; 'time-taken' = 12
        }
        (($script:Fields[$Order] -split ' ') | ForEach-Object { $v[$_] }) -join ' '
    }

    function New-LogBlock {
        # A #Fields header and lines: each spec is @(count, user, status, substatus, win32[, client ip[, server ip]]).
        param([string] $Order, [datetime] $Time, [object[]] $Specs)
        "#Software: Microsoft Internet Information Services 10.0"
        "#Version: 1.0"
        "#Date: $($Time.ToString('yyyy-MM-dd HH:mm:ss'))"
        "#Fields: $($script:Fields[$Order])"
        foreach ($s in $Specs) {
            $client = if ($s.Count -gt 5) { $s[5] } else { '10.0.0.5' }
            $server = if ($s.Count -gt 6) { $s[6] } else { '10.0.0.1' }
            for ($i = 0; $i -lt $s[0]; $i++) { New-LogLine -Order $Order -Time $Time.AddSeconds($i) -User $s[1] -Status $s[2] -Sub $s[3] -Win32 $s[4] -ClientIp $client -ServerIp $server }
        }
    }

    function Set-LogFile([string] $Path, [string[]] $Lines, [switch] $Gzip) {
        $bytes = [Text.Encoding]::UTF8.GetBytes(($Lines -join "`r`n") + "`r`n")
        if ($Gzip) {
            $file = [IO.File]::Create($Path)
            try { $zip = [IO.Compression.GZipStream]::new($file, [IO.Compression.CompressionMode]::Compress); $zip.Write($bytes, 0, $bytes.Length); $zip.Dispose() } finally { $file.Dispose() }
        } else {
            [IO.File]::WriteAllBytes($Path, $bytes)
        }
    }

    # The sample site: Default Web Site (id 1) with Basic logonMethod Interactive, logging under TestDrive.
    $script:LogRoot = Join-Path $TestDrive 'logs'
    $script:SiteLogs = Join-Path $LogRoot 'W3SVC1'
    $null = New-Item -ItemType Directory -Path $SiteLogs -Force
    $script:Config = Join-Path $TestDrive 'applicationHost.config'
    @"
<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.applicationHost>
    <sites>
      <site name="Default Web Site" id="1">
        <application path="/"><virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\wwwroot" /></application>
      </site>
      <site name="No Logs Yet" id="9">
        <logFile directory="$(Join-Path $TestDrive 'elsewhere')" />
      </site>
      <siteDefaults>
        <logFile logFormat="W3C" directory="$LogRoot" />
      </siteDefaults>
    </sites>
  </system.applicationHost>
  <location path="Default Web Site">
    <system.webServer><security><authentication>
      <basicAuthentication enabled="true" logonMethod="Interactive" />
    </authentication></security></system.webServer>
  </location>
</configuration>
"@ | Set-Content -LiteralPath $Config -Encoding utf8

    $now = [datetime]::UtcNow
    $script:Recent = [datetime]::SpecifyKind($now.AddMinutes(-20).Date.AddHours($now.AddMinutes(-20).Hour).AddMinutes($now.AddMinutes(-20).Minute), 'Utc')
    $script:Old = $Recent.AddHours(-5)
    $noCred = 2148074254; $denied = 2148074252

    # File 1: IIS default field order, old and recent lines.
    Set-LogFile (Join-Path $SiteLogs 'u_ex01.log') @(
        New-LogBlock Default $Old @(@(2, 'CONTOSO\alice', 401, 1, 1385), @(3, 'CONTOSO\bob', 401, 1, 1326), @(10, '-', 401, 2, 5), @(20, 'CONTOSO\alice', 200, 0, 0))
        New-LogBlock Default $Recent @(@(3, 'CONTOSO\alice', 401, 1, 1385), @(4, '-', 401, 1, $noCred))
    )
    # File 2: a different field order, then a second #Fields header with the default order in the same file, and garbled lines.
    $lines = @(New-LogBlock Reordered $Recent @(@(2, 'CONTOSO\carol', 401, 1, 1385), @(1, 'contoso\ALICE', 401, 1, 1385), @(5, 'CONTOSO\dave', 401, 1, $denied, '10.0.0.1', '10.0.0.1')))
    $lines += (New-LogLine Reordered $Recent 'CONTOSO\carol' 401 1 1385).Substring(0, 25)
    $lines += "garbage line`0$([char]1) with control bytes"
    $lines += @(New-LogBlock Default $Recent.AddMinutes(1) @(@(2, 'CONTOSO\carol', 401, 1, 1385), @(1, 'WEB01\bob', 401, 1, 1331)))
    Set-LogFile (Join-Path $SiteLogs 'u_ex02.log') $lines
    # File 3: gzip-compressed.
    Set-LogFile (Join-Path $SiteLogs 'u_ex03.log.gz') (New-LogBlock Reordered $Recent.AddMinutes(2) @(@(4, 'CONTOSO\erin', 401, 1, 1909), @(1, 'CONTOSO\alice', 401, 1, 1385))) -Gzip

    # Bad inputs, kept out of the site folder.
    $script:Bad = Join-Path $TestDrive 'bad'
    $null = New-Item -ItemType Directory -Path $Bad -Force
    $script:Binary = Join-Path $Bad 'binary.log'
    $random = [byte[]]::new(65536); [Random]::new(7).NextBytes($random); [IO.File]::WriteAllBytes($Binary, $random)
    $script:Headerless = Join-Path $Bad 'headerless.log'
    Set-LogFile $Headerless @((New-LogBlock Default $Recent @(, @(3, 'CONTOSO\alice', 401, 1, 1385))) | Where-Object { $_ -notlike '#*' })
    $script:Missing = Join-Path $TestDrive 'no-such-folder'
}

Describe 'Get-IisLogonFailure: counts per account and code' {
    BeforeAll {
        $script:All = Get-IisLogonFailure -Path $SiteLogs -WarningAction SilentlyContinue
        function Get-Count($Results, $Identity, $Code) { ($Results | Where-Object { $_.Identity -eq $Identity -and $_.Win32Status -eq $Code } | Measure-Object Count -Sum).Sum }
    }

    It 'groups by account (case-insensitive) and sc-win32-status across field orders, headers and gzip' {
        Get-Count $All 'CONTOSO\alice' 1385 | Should -Be 7
        Get-Count $All 'CONTOSO\bob' 1326 | Should -Be 3
        Get-Count $All 'CONTOSO\carol' 1385 | Should -Be 4
        Get-Count $All 'CONTOSO\dave' 2148074252 | Should -Be 5
        Get-Count $All 'WEB01\bob' 1331 | Should -Be 1
        Get-Count $All 'CONTOSO\erin' 1909 | Should -Be 4
        $All.Count | Should -Be 6
        ($All | Where-Object Identity -eq 'CONTOSO\alice').LogFiles | Should -Be 3
    }

    It 'diagnoses each group with the mapping Test-IisLogon uses' {
        ($All | Where-Object Identity -eq 'CONTOSO\alice').Reason | Should -Be 'LogonTypeNotGranted'
        ($All | Where-Object Identity -eq 'CONTOSO\bob').Reason | Should -Be 'BadCredentials'
        ($All | Where-Object Identity -eq 'WEB01\bob').Reason | Should -Be 'AccountDisabled'
        ($All | Where-Object Identity -eq 'CONTOSO\erin').Reason | Should -Be 'AccountLockedOut'
        $dave = $All | Where-Object Identity -eq 'CONTOSO\dave'
        $dave.Reason | Should -Be 'LoopbackCheck'
        $dave.ErrorName | Should -Be 'SEC_E_LOGON_DENIED'
        $dave.Authentication | Should -Be 'Integrated'
        $dave.Remediation | Should -Match 'BackConnectionHostNames'
        $All | ForEach-Object { $_.HttpStatus | Should -Be '401.1' }
        $All[0].PSObject.TypeNames[0] | Should -Be 'IisLogonTools.Logs.IisLogonFailure'
    }

    It 'reports times in UTC, top client addresses and URIs' {
        $alice = $All | Where-Object Identity -eq 'CONTOSO\alice'
        $alice.FirstSeen | Should -Be $Old
        $alice.FirstSeen.Kind | Should -Be 'Utc'
        $alice.LastSeen | Should -Be $Recent.AddMinutes(2)
        $alice.ClientIPs | Should -Be @('10.0.0.5')
        $alice.Uris | Should -Be @('/intranet/default.aspx')
    }

    It 'leaves anonymous lines out unless asked, and then calls the SSPI first leg a challenge' {
        $All | Where-Object IsAnonymous | Should -BeNullOrEmpty
        $anon = Get-IisLogonFailure -Path $SiteLogs -IncludeAnonymous -WarningAction SilentlyContinue | Where-Object IsAnonymous
        $anon.Count | Should -Be 4
        $anon.Identity | Should -Be '-'
        $anon.Reason | Should -Be 'AuthenticationChallenge'
        $anon.IsFailure | Should -BeFalse
    }

    It 'selects other substatus values with -SubStatus' {
        $r = Get-IisLogonFailure -Path $SiteLogs -SubStatus 2 -IncludeAnonymous -WarningAction SilentlyContinue
        $r.Count | Should -Be 10
        $r.Win32Status | Should -Be 5
        $r.HttpStatus | Should -Be '401.2'
    }

    It 'honours -Since and -Until in UTC' {
        $r = Get-IisLogonFailure -Path $SiteLogs -Since $Recent -WarningAction SilentlyContinue
        Get-Count $r 'CONTOSO\alice' 1385 | Should -Be 5
        Get-Count $r 'CONTOSO\bob' 1326 | Should -BeNullOrEmpty
        $r = Get-IisLogonFailure -Path $SiteLogs -Until $Recent.AddSeconds(-1) -WarningAction SilentlyContinue
        Get-Count $r 'CONTOSO\alice' 1385 | Should -Be 2
        Get-Count $r 'CONTOSO\bob' 1326 | Should -Be 3
        $r = Get-IisLogonFailure -Path $SiteLogs -Since $Recent.ToLocalTime() -Until $Recent.AddMinutes(1).AddSeconds(1).ToLocalTime() -WarningAction SilentlyContinue
        Get-Count $r 'CONTOSO\alice' 1385 | Should -Be 4
        Get-Count $r 'CONTOSO\carol' 1385 | Should -Be 4
    }

    It 'counts the truncated and garbled lines in a warning that names the file, and goes on' {
        $warnings = @()
        $null = Get-IisLogonFailure -Path (Join-Path $SiteLogs 'u_ex*.log') -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -BeLike "*u_ex02.log: 2 of * line(s) were truncated or garbled*"
    }
}

Describe 'Get-IisLogonFailure: a multi-member gzip log is read to the end' {
    # RFC 1952 2.2: a gzip file is a series of members. Each GZipStream below writes one complete member and the
    # members are appended to one file, as 'cat a.gz b.gz > all.gz' does. .NET Framework's GZipStream alone
    # would stop after the first member: this runs on the Windows PowerShell 5.1 leg too.
    BeforeAll {
        $script:MultiFolder = Join-Path $TestDrive 'multi-member'
        $null = New-Item -ItemType Directory -Path $MultiFolder -Force
        $script:MultiFile = Join-Path $MultiFolder 'u_ex261201.log.gz'
        # Three members (each a whole log block); an ArrayList keeps each block one element.
        $members = New-Object System.Collections.ArrayList
        [void] $members.Add(@(New-LogBlock Default $Recent @(, @(3, 'CONTOSO\alice', 401, 1, 1385))))
        [void] $members.Add(@(New-LogBlock Default $Recent.AddMinutes(1) @(, @(250, 'CONTOSO\bob', 401, 1, 1326))))
        [void] $members.Add(@(New-LogBlock Reordered $Recent.AddMinutes(2) @(@(5, 'CONTOSO\alice', 401, 1, 1385), @(2, 'CONTOSO\erin', 401, 1, 1909))))
        $file = [IO.File]::Create($MultiFile)
        try {
            foreach ($member in $members) {
                $bytes = [Text.Encoding]::UTF8.GetBytes(($member -join "`r`n") + "`r`n")
                $zip = New-Object IO.Compression.GZipStream -ArgumentList $file, ([IO.Compression.CompressionMode]::Compress), $true
                $zip.Write($bytes, 0, $bytes.Length)
                $zip.Dispose()
            }
        } finally { $file.Dispose() }
    }

    It 'counts the lines of every member' {
        $r = Get-IisLogonFailure -LiteralPath $MultiFile
        (($r | Where-Object { $_.Identity -eq 'CONTOSO\alice' }) | Measure-Object Count -Sum).Sum | Should -Be 8
        (($r | Where-Object { $_.Identity -eq 'CONTOSO\bob' }) | Measure-Object Count -Sum).Sum | Should -Be 250
        (($r | Where-Object { $_.Identity -eq 'CONTOSO\erin' }) | Measure-Object Count -Sum).Sum | Should -Be 2
    }
}

Describe 'Get-IisLogonFailure: bad input gives typed, non-terminating errors with the file as target' {
    It 'reports <Id> for <Name> and still reads the good logs' -ForEach @(
        @{ Name = 'a missing folder'; Id = 'LogPathNotFound'; Var = 'Missing' }
        @{ Name = 'binary garbage'; Id = 'NotW3CLog'; Var = 'Binary' }
        @{ Name = 'a header-less file'; Id = 'W3CHeaderMissing'; Var = 'Headerless' }
    ) {
        $target = Get-Variable -Name $Var -ValueOnly
        $errs = @()
        $r = Get-IisLogonFailure -Path $target, $SiteLogs -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be "$Id,IisLogonTools.Commands.GetIisLogonFailureCommand"
        $errs[0].TargetObject | Should -Be $target
        ($r | Measure-Object Count -Sum).Sum | Should -Be 24
    }

    It 'reports an unknown site and a site without a log folder, then reads the next site' {
        $errs = @()
        $r = Get-IisLogonFailure -Site 'Nope', 'No Logs Yet', 'Default Web Site' -ConfigurationPath $Config -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $errs.Count | Should -Be 2
        $errs[0].FullyQualifiedErrorId | Should -Be 'IisSiteNotFound,IisLogonTools.Commands.GetIisLogonFailureCommand'
        $errs[0].TargetObject | Should -Be 'Nope'
        $errs[1].FullyQualifiedErrorId | Should -Be 'LogPathNotFound,IisLogonTools.Commands.GetIisLogonFailureCommand'
        $errs[1].TargetObject | Should -Be (Join-Path (Join-Path $TestDrive 'elsewhere') 'W3SVC9')
        ($r | Measure-Object Count -Sum).Sum | Should -Be 24
        $r.Site | Select-Object -Unique | Should -Be 'Default Web Site'
    }

    It 'with shared configuration on, -Site reads the site from the shared file; a missing share is IisSharedConfigurationUnavailable' {
        $local = Join-Path $TestDrive 'farm/config'
        $share = Join-Path $TestDrive 'farm/share'
        $null = New-Item -ItemType Directory -Path $local, $share -Force
        # The local copy is stale: it has no 'Default Web Site'; the shared file (the one IIS reads) has it.
        Set-Content -LiteralPath (Join-Path $local 'applicationHost.config') -Encoding ascii -Value '<configuration><system.applicationHost><sites><site name="Stale" id="3" /></sites></system.applicationHost></configuration>'
        Copy-Item -LiteralPath $Config -Destination (Join-Path $share 'applicationHost.config')
        $redirection = Join-Path $local 'redirection.config'
        Set-Content -LiteralPath $redirection -Encoding ascii -Value ('<configuration><configurationRedirection enabled="true" path="{0}" /></configuration>' -f $share)
        $r = Get-IisLogonFailure -Site 'Default Web Site' -ConfigurationPath (Join-Path $local 'applicationHost.config') -WarningAction SilentlyContinue
        ($r | Measure-Object Count -Sum).Sum | Should -Be 24

        $missing = Join-Path $TestDrive 'farm/no-such-share'
        Set-Content -LiteralPath $redirection -Encoding ascii -Value ('<configuration><configurationRedirection enabled="true" path="{0}" /></configuration>' -f $missing)
        $errs = @()
        $r = Get-IisLogonFailure -Site 'Default Web Site' -ConfigurationPath (Join-Path $local 'applicationHost.config') -ErrorVariable errs -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'IisSharedConfigurationUnavailable,IisLogonTools.Commands.GetIisLogonFailureCommand'
        $errs[0].TargetObject | Should -Be (Join-Path $missing 'applicationHost.config')
    }

    It 'rejects -Since later than -Until' {
        { Get-IisLogonFailure -Path $SiteLogs -Since $Recent -Until $Old } | Should -Throw -ErrorId 'InvalidTimeWindow,IisLogonTools.Commands.GetIisLogonFailureCommand'
    }
}

Describe 'Get-IisLogonFailure | Get-LogonLocallyRight: the triage pipeline against the emulator' -Tag Emulator {
    BeforeEach {
        Initialize-TestMachine (New-TestScenario)
        Reset-EmulatorStats
    }
    AfterEach { Assert-EmulatorClean }

    It 'finds the site''s logs, keeps the last hour, and shows that each LogonTypeNotGranted account lacks the right' {
        $failures = Get-IisLogonFailure -Site 'Default Web Site' -ConfigurationPath $Config -Since (Get-Date).AddHours(-1) -WarningAction SilentlyContinue
        ($failures | Where-Object Reason -eq LogonTypeNotGranted).Identity | Sort-Object | Should -Be @('CONTOSO\alice', 'CONTOSO\carol')
        ($failures | Where-Object Identity -eq 'CONTOSO\alice').Count | Should -Be 5
        ($failures | Where-Object Identity -eq 'CONTOSO\alice').Remediation | Should -Match 'logonMethod=Interactive'
        ($failures | Where-Object Identity -eq 'CONTOSO\bob') | Should -BeNullOrEmpty

        $rights = Get-IisLogonFailure -Site 'Default Web Site' -ConfigurationPath $Config -Since (Get-Date).AddHours(-1) -WarningAction SilentlyContinue |
            Where-Object Reason -eq LogonTypeNotGranted | Get-LogonLocallyRight
        $rights.Count | Should -Be 2
        foreach ($r in $rights) {
            $r.LogonType | Should -Be 'Interactive'
            $r.Effective | Should -BeFalse
            $r.GrantedBy | Should -BeNullOrEmpty
        }
        ($rights.Identity | Sort-Object) | Should -Be @('CONTOSO\alice', 'CONTOSO\carol')
    }

    It 'after Grant-LogonLocallyRight the same pipeline shows the right as effective' {
        Get-IisLogonFailure -Site 'Default Web Site' -ConfigurationPath $Config -Since (Get-Date).AddHours(-1) -WarningAction SilentlyContinue |
            Where-Object Reason -eq LogonTypeNotGranted | Grant-LogonLocallyRight
        $rights = Get-IisLogonFailure -Site 'Default Web Site' -ConfigurationPath $Config -Since (Get-Date).AddHours(-1) -WarningAction SilentlyContinue |
            Where-Object Reason -eq LogonTypeNotGranted | Get-LogonLocallyRight
        $rights.Effective | Should -Be @($true, $true)
        Get-EmulatorCallCount LsaAddAccountRights | Should -Be 2
    }

    It 'leads Get-LogonRight -LogonType Network to the deny on BUILTIN\Guests for an Integrated failure' {
        $r = Get-IisLogonFailure -Path $SiteLogs -WarningAction SilentlyContinue | Where-Object Identity -eq 'CONTOSO\dave' | Get-LogonRight -LogonType Network
        $r.DeniedBy | Should -Be @('BUILTIN\Guests (S-1-5-32-546)')
        $r.Effective | Should -BeFalse
    }
}

Describe 'Get-IisLogonFailure: a password spray is one summary, not a row per account' {
    BeforeAll {
        # 1,500 accounts fail once each from two addresses; CONTOSO\s0007 and CONTOSO\alice also fail repeatedly.
        $script:SprayLogs = Join-Path $TestDrive 'spray'
        $null = New-Item -ItemType Directory -Path $SprayLogs -Force
        $t = [datetime]::new(2026, 3, 2, 6, 0, 0, [DateTimeKind]::Utc)
        $lines = [Collections.Generic.List[string]]::new()
        foreach ($l in (New-LogBlock -Order Default -Time $t -Specs @(, @(12, 'CONTOSO\alice', 401, 1, 1909)))) { $lines.Add($l) }
        for ($i = 0; $i -lt 1500; $i++) {
            $lines.Add((New-LogLine -Order Default -Time $t.AddSeconds($i) -User ('CONTOSO\s{0:0000}' -f $i) -Status 401 -Sub 1 -Win32 1326 -ClientIp ('203.0.113.{0}' -f (7 + $i % 2))))
        }
        for ($i = 0; $i -lt 5; $i++) { $lines.Add((New-LogLine -Order Default -Time $t.AddHours(1) -User 'CONTOSO\s0007' -Status 401 -Sub 1 -Win32 1326 -ClientIp '203.0.113.7')) }
        Set-LogFile -Path (Join-Path $SprayLogs 'u_ex260302.log') -Lines $lines
    }

    It 'warns, lists the 100 busiest accounts, then writes an IisLogonSpray summary' {
        $out = @(Get-IisLogonFailure -Path $SprayLogs -WarningVariable w -WarningAction SilentlyContinue)
        $out.Count | Should -Be 101
        $spray = $out[-1]
        $spray | Should -BeOfType ([IisLogonTools.Logs.IisLogonSpray])
        $spray.Accounts | Should -Be 1501
        $spray.Count | Should -Be (12 + 1500 + 5)
        $spray.AccountsListed | Should -Be 100
        $spray.ClientIPs | Should -Be @('203.0.113.7', '203.0.113.8', '10.0.0.5')
        $spray.DistinctClientIPs | Should -Be 3
        $spray.Errors | Should -Be @('ERROR_LOGON_FAILURE (1326): 1505', 'ERROR_ACCOUNT_LOCKED_OUT (1909): 12')
        $spray.FirstSeen | Should -Be ([datetime]::new(2026, 3, 2, 6, 0, 0, [DateTimeKind]::Utc))
        $out[0].Identity | Should -Be 'CONTOSO\alice'
        $out[1].Identity | Should -Be 'CONTOSO\s0007'
        $out[1].Count | Should -Be 6
        $out[2].Identity | Should -Be 'CONTOSO\s0000'
        ($w -join ' ') | Should -BeLike '*Password spray pattern*1501 accounts*-SprayThreshold 1501*'
    }

    It 'returns every account when -SprayThreshold is not exceeded' {
        $out = @(Get-IisLogonFailure -Path $SprayLogs -SprayThreshold 1501 -WarningVariable w -WarningAction SilentlyContinue)
        $out.Count | Should -Be 1501
        @($out | Where-Object { $_ -is [IisLogonTools.Logs.IisLogonSpray] }).Count | Should -Be 0
        $w | Should -BeNullOrEmpty
    }

    It 'gives the same output however often it runs over many files, including the truncated-sample flags' {
        $many = Join-Path $TestDrive 'many'
        $null = New-Item -ItemType Directory -Path $many -Force
        for ($f = 0; $f -lt 6; $f++) {
            $t = [datetime]::new(2026, 3, 10 + $f, 8, 0, 0, [DateTimeKind]::Utc)
            $specs = @(@((20 + $f), 'CONTOSO\alice', 401, 1, 1385, "10.0.$f.1"), @(3, 'contoso\BOB', 401, 1, 1326))
            $block = @(New-LogBlock -Order ($(if ($f % 2) { 'Reordered' } else { 'Default' })) -Time $t -Specs $specs)
            Set-LogFile -Path (Join-Path $many ('u_ex2603{0:00}.log' -f (10 + $f))) -Lines $block -Gzip:($f -eq 3)
        }
        $render = { Get-IisLogonFailure -Path $many | ForEach-Object { '{0}|{1}|{2}|{3:o}|{4:o}|{5}|{6}|{7}' -f $_.Identity, $_.Win32Status, $_.Count, $_.FirstSeen, $_.LastSeen, ($_.ClientIPs -join ','), $_.DistinctClientIPs, $_.LogFiles } }
        $first = & $render
        $first | Should -Be @(
            "CONTOSO\alice|1385|$(20 + 21 + 22 + 23 + 24 + 25)|2026-03-10T08:00:00.0000000Z|2026-03-15T08:00:24.0000000Z|10.0.5.1,10.0.4.1,10.0.3.1,10.0.2.1,10.0.1.1|6|6"
            'contoso\BOB|1326|18|2026-03-10T08:00:00.0000000Z|2026-03-15T08:00:02.0000000Z|10.0.0.5|1|6')
        for ($i = 0; $i -lt 3; $i++) { (& $render) | Should -Be $first }
    }
}

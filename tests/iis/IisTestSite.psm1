# A real IIS site for the RealWindows tests of the Windows CI legs, and the throw-away accounts they log on with.
#
# Windows PowerShell 5.1 (x64 and x86) and PowerShell 7 import this module: 5.1 syntax only.
# Every change to the computer goes through Invoke-IisStep. In plan mode (Start-IisTestPlan, used by the Linux test
# run, where there is no IIS) the step is recorded instead of done, so the same code paths run everywhere and a typo
# fails on Linux first. Passwords never reach a command line, a plan, a log or an error: accounts are created through
# the WinNT ADSI provider (IADsUser.SetPassword), which never prompts, unlike 'net user NAME PASSWORD /add' with a
# password longer than 14 characters.
#
# Sources (Microsoft documentation):
# - appcmd.exe: 'add site', 'add apppool', 'set site /logFile.*', 'set config ... /commit:apphost' (Basic
#   authentication is locked at server level, overrideModeDefault="Deny", so site settings go into a <location> tag
#   in applicationHost.config), 'recycle apppool'.
# - basicAuthentication logonMethod: Interactive, Batch, Network, ClearText (the default).
# - W3C logging is written by HTTP.sys, buffered; 'netsh http flush logbuffer' writes the buffer out.
# - A 32-bit process on 64-bit Windows sees SysWOW64 as System32; %windir%\Sysnative reaches the real System32,
#   where IIS's configuration and the 64-bit appcmd.exe live.
Set-StrictMode -Version Latest

$script:Plan = $null
$script:AccountDescription = 'IisLogonTools CI throw-away account, removed by the tests'

function Start-IisTestPlan {
    <# From now on Invoke-IisStep records each step instead of changing the computer. #>
    $script:Plan = New-Object System.Collections.Generic.List[string]
}

function Stop-IisTestPlan {
    <# Ends plan mode and returns the recorded steps. #>
    $steps = if ($null -ne $script:Plan) { $script:Plan.ToArray() } else { @() }
    $script:Plan = $null
    return , $steps
}

function Test-IisTestPlan { return ($null -ne $script:Plan) }

function Invoke-IisStep {
    <# Runs one change (or records it in plan mode). The description says what happens; it never holds a secret. #>
    param([Parameter(Mandatory = $true)][string] $Description, [Parameter(Mandatory = $true)][scriptblock] $Action)
    if ($null -ne $script:Plan) {
        $script:Plan.Add($Description)
        return
    }
    Write-Host "[iis] $Description"
    & $Action
}

function Get-IisTestSiteDefault {
    <# The names the set-up, the tests and the teardown agree on. #>
    [pscustomobject]@{
        SiteName      = 'IisLogonToolsCI'
        AppPoolName   = 'IisLogonToolsCI'
        Port          = 8431
        SiteId        = 8431
        AccountPrefix = 'iislt'
        Features      = @('Web-Server', 'Web-Basic-Auth', 'Web-Http-Logging')
        LogFields     = 'Date,Time,ClientIP,UserName,ServerIP,Method,UriStem,UriQuery,HttpStatus,Win32Status,HttpSubStatus,ServerPort,UserAgent,TimeTaken'
    }
}

function Get-NativeSystemFolder {
    <# System32 as a 64-bit process sees it: Sysnative from a 32-bit process on 64-bit Windows. #>
    param(
        [string] $WindowsDirectory = $env:SystemRoot,
        [bool] $Is64BitOperatingSystem = [Environment]::Is64BitOperatingSystem,
        [bool] $Is64BitProcess = [Environment]::Is64BitProcess
    )
    if (-not $WindowsDirectory) {
        # Plan mode runs where Windows is not: the recorded commands then name the usual folder.
        if (Test-IisTestPlan) { $WindowsDirectory = 'C:\Windows' } else { throw 'SystemRoot is not set.' }
    }
    $folder = if ($Is64BitOperatingSystem -and -not $Is64BitProcess) { 'Sysnative' } else { 'System32' }
    return ($WindowsDirectory.TrimEnd('\') + '\' + $folder)
}

function Get-AppCmdPath {
    param([string] $WindowsDirectory = $env:SystemRoot, [bool] $Is64BitOperatingSystem = [Environment]::Is64BitOperatingSystem, [bool] $Is64BitProcess = [Environment]::Is64BitProcess)
    return (Get-NativeSystemFolder -WindowsDirectory $WindowsDirectory -Is64BitOperatingSystem $Is64BitOperatingSystem -Is64BitProcess $Is64BitProcess) + '\inetsrv\appcmd.exe'
}

function Invoke-IisTool {
    <# Runs a native tool (appcmd, netsh, icacls) and throws with its output when it exits non-zero. #>
    param([Parameter(Mandatory = $true)][string] $FilePath, [string[]] $ArgumentList = @(), [switch] $AllowFailure)
    $output = & $FilePath @ArgumentList 2>&1
    $code = $LASTEXITCODE
    $text = ($output | Out-String).Trim()
    if ($code -ne 0 -and -not $AllowFailure) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code ${code}: $text"
    }
    return [pscustomobject]@{ ExitCode = $code; Output = $text }
}

function Get-AppCmdArgument {
    <# appcmd arguments for each change, kept apart so the Linux run can check them. #>
    param(
        [Parameter(Mandatory = $true)][ValidateSet('AddAppPool', 'AddSite', 'SetAppPool', 'SetLogging', 'DisableAnonymous', 'SetBasic', 'RecycleAppPool', 'DeleteSite', 'DeleteAppPool', 'ListSiteId')][string] $Change,
        [Parameter(Mandatory = $true)] $Site,
        [ValidateSet('ClearText', 'Interactive', 'Batch', 'Network')][string] $LogonMethod = 'ClearText',
        [string] $ContentDirectory,
        [string] $LogDirectory
    )
    $auth = 'system.webServer/security/authentication'
    switch ($Change) {
        'AddAppPool' { return @('add', 'apppool', "/name:$($Site.AppPoolName)") }
        'AddSite' { return @('add', 'site', "/name:$($Site.SiteName)", "/id:$($Site.SiteId)", "/bindings:http/*:$($Site.Port):", "/physicalPath:$ContentDirectory") }
        'SetAppPool' { return @('set', 'app', "$($Site.SiteName)/", "/applicationPool:$($Site.AppPoolName)") }
        'SetLogging' { return @('set', 'site', "/site.name:$($Site.SiteName)", '/logFile.logFormat:W3C', "/logFile.directory:$LogDirectory", "/logFile.logExtFileFlags:$($Site.LogFields)", '/logFile.enabled:true') }
        'DisableAnonymous' { return @('set', 'config', $Site.SiteName, "-section:$auth/anonymousAuthentication", '/enabled:false', '/commit:apphost') }
        'SetBasic' { return @('set', 'config', $Site.SiteName, "-section:$auth/basicAuthentication", '/enabled:true', "/logonMethod:$LogonMethod", '/commit:apphost') }
        'RecycleAppPool' { return @('recycle', 'apppool', "/apppool.name:$($Site.AppPoolName)") }
        'DeleteSite' { return @('delete', 'site', "/site.name:$($Site.SiteName)") }
        'DeleteAppPool' { return @('delete', 'apppool', "/apppool.name:$($Site.AppPoolName)") }
        'ListSiteId' { return @('list', 'site', "/name:$($Site.SiteName)", '/text:id') }
    }
}

function Install-IisTestSite {
    <#
    .SYNOPSIS
        Installs IIS with Basic authentication and creates the test site; writes its description to SiteFile.
    .DESCRIPTION
        Site: http://localhost:<Port>/ok.txt, anonymous off, Basic on (logonMethod ClearText), its own application
        pool, W3C logging with sc-substatus and sc-win32-status into LogDirectory\W3SVC<id>. The content folder is
        readable by Everyone, so a logon that succeeds is answered 200 whatever groups the account is in.
    #>
    param([Parameter(Mandatory = $true)][string] $WorkDirectory, [Parameter(Mandatory = $true)][string] $SiteFile)
    $site = Get-IisTestSiteDefault
    $content = Join-Path $WorkDirectory 'site'
    $logs = Join-Path $WorkDirectory 'logs'
    foreach ($d in $content, $logs) { $null = New-Item -ItemType Directory -Force -Path $d }
    Set-Content -LiteralPath (Join-Path $content 'ok.txt') -Value 'IisLogonTools CI: logged on' -Encoding ASCII
    $appcmd = Get-AppCmdPath

    Invoke-IisStep "Install-WindowsFeature $($site.Features -join ', ')" {
        $result = Install-WindowsFeature -Name $site.Features
        if (-not $result.Success) { throw "Install-WindowsFeature $($site.Features -join ', ') failed: exit code $($result.ExitCode)." }
        if ([string]$result.RestartNeeded -eq 'Yes') { Write-Warning 'Windows asks for a restart after installing IIS; the tests go on without one.' }
    }
    Invoke-IisStep "icacls $content /grant *S-1-1-0:(OI)(CI)RX" {
        $null = Invoke-IisTool (Join-Path (Get-NativeSystemFolder) 'icacls.exe') @($content, '/grant', '*S-1-1-0:(OI)(CI)RX')
    }
    # A site or pool left by an earlier run on the same computer goes first, so the set-up can be repeated.
    Remove-IisTestSiteConfiguration
    foreach ($change in 'AddAppPool', 'AddSite', 'SetAppPool', 'SetLogging', 'DisableAnonymous', 'SetBasic') {
        $arguments = Get-AppCmdArgument -Change $change -Site $site -ContentDirectory $content -LogDirectory $logs
        Invoke-IisStep "appcmd $($arguments -join ' ')" { $null = Invoke-IisTool $appcmd $arguments }
    }
    $id = $site.SiteId
    Invoke-IisStep "appcmd $((Get-AppCmdArgument -Change ListSiteId -Site $site) -join ' ')" {
        $script:SiteIdText = (Invoke-IisTool $appcmd (Get-AppCmdArgument -Change ListSiteId -Site $site)).Output
    }
    if (-not (Test-IisTestPlan)) {
        if ($script:SiteIdText -ne [string]$site.SiteId) { throw "appcmd reports id '$($script:SiteIdText)' for site $($site.SiteName), expected $($site.SiteId)." }
    }
    $description = [ordered]@{
        SiteName         = $site.SiteName
        SiteId           = $id
        AppPoolName      = $site.AppPoolName
        Url              = "http://localhost:$($site.Port)/ok.txt"
        ContentDirectory = $content
        LogDirectory     = $logs
        SiteLogDirectory = Join-Path $logs "W3SVC$id"
    }
    $description | ConvertTo-Json | Set-Content -LiteralPath $SiteFile -Encoding UTF8
    Invoke-IisStep "GET $($description.Url) without credentials must answer 401" {
        $status = Invoke-IisTestRequest -Url $description.Url
        if ($status -ne 401) { throw "The new site answered $status to an anonymous request; expected 401 (anonymous off, Basic on)." }
    }
    return [pscustomobject]$description
}

function Remove-IisTestSiteConfiguration {
    <# Deletes the test site and its application pool when they exist. #>
    $site = Get-IisTestSiteDefault
    $appcmd = Get-AppCmdPath
    foreach ($change in 'DeleteSite', 'DeleteAppPool') {
        $arguments = Get-AppCmdArgument -Change $change -Site $site
        # appcmd exits non-zero when there is nothing to delete; that is the state wanted.
        Invoke-IisStep "appcmd $($arguments -join ' ') (if present)" { $null = Invoke-IisTool $appcmd $arguments -AllowFailure }
    }
}

function Uninstall-IisTestSite {
    <# Teardown: the site, its pool, and every throw-away account or group a test run left behind. #>
    Remove-IisTestSiteConfiguration
    Invoke-IisStep "Remove local users and groups described '$script:AccountDescription'" {
        foreach ($a in @(Get-IisTestAccountLeftOver)) { Remove-IisTestAccount -Name $a.Name -Class $a.Class }
    }
}

function Get-IisTestAccountLeftOver {
    $computer = [adsi]"WinNT://$env:COMPUTERNAME,computer"
    foreach ($child in $computer.Children) {
        $class = $child.SchemaClassName
        if ($class -ne 'User' -and $class -ne 'Group') { continue }
        if ([string]$child.Description -eq $script:AccountDescription) {
            [pscustomobject]@{ Name = [string]$child.Name; Class = $class }
        }
    }
}

function New-IisTestPassword {
    <# 24 random characters plus one of each class: longer than 14 characters and valid under any complexity policy. #>
    $chars = [char[]]'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'
    $rng = [System.Security.Cryptography.RandomNumberGenerator]::Create()
    try {
        $bytes = New-Object byte[] 24
        $rng.GetBytes($bytes)
        return (-join ($bytes | ForEach-Object { $chars[$_ % $chars.Length] })) + 'Q7z!'
    } finally {
        $rng.Dispose()
    }
}

function New-IisTestName {
    param([Parameter(Mandatory = $true)][string] $Prefix)
    # Local account names are at most 20 characters.
    return $Prefix + [guid]::NewGuid().ToString('N').Substring(0, 8)
}

function New-IisTestAccount {
    <#
    .SYNOPSIS
        A local user with a random password, created through ADSI (no prompt, failures throw).
    .OUTPUTS
        Name, Account (COMPUTER\name), Credential, BadCredential (same user, wrong password).
    #>
    param([string] $Prefix = (Get-IisTestSiteDefault).AccountPrefix)
    $name = New-IisTestName $Prefix
    $password = New-IisTestPassword
    Invoke-IisStep "Create local user $name (random password, ADSI WinNT provider)" {
        $computer = [adsi]"WinNT://$env:COMPUTERNAME,computer"
        $user = $computer.Create('User', $name)
        $user.SetPassword($password)
        $user.Put('Description', $script:AccountDescription)
        $user.SetInfo()
    }
    $account = "$env:COMPUTERNAME\$name"
    [pscustomobject]@{
        Name          = $name
        Account       = $account
        Credential    = New-Object System.Management.Automation.PSCredential($account, (ConvertTo-SecureString $password -AsPlainText -Force))
        BadCredential = New-Object System.Management.Automation.PSCredential($account, (ConvertTo-SecureString ('Wrong-' + (New-IisTestPassword)) -AsPlainText -Force))
    }
}

function New-IisTestGroup {
    <# A local group with the given members (user names on this computer). #>
    param([string[]] $Member = @(), [string] $Prefix = ((Get-IisTestSiteDefault).AccountPrefix + 'g'))
    $name = New-IisTestName $Prefix
    Invoke-IisStep "Create local group $name with members $($Member -join ', ')" {
        $computer = [adsi]"WinNT://$env:COMPUTERNAME,computer"
        $group = $computer.Create('Group', $name)
        $group.Put('Description', $script:AccountDescription)
        $group.SetInfo()
        foreach ($m in $Member) { $group.Add("WinNT://$env:COMPUTERNAME/$m,user") }
    }
    return [pscustomobject]@{ Name = $name; Account = "$env:COMPUTERNAME\$name" }
}

function Remove-IisTestAccount {
    param([Parameter(Mandatory = $true)][string] $Name, [ValidateSet('User', 'Group')][string] $Class = 'User')
    Invoke-IisStep "Remove local $($Class.ToLowerInvariant()) $Name" {
        $computer = [adsi]"WinNT://$env:COMPUTERNAME,computer"
        $computer.Delete($Class, $Name)
    }
}

function Set-IisTestLogonMethod {
    <# Switches the site's basicAuthentication logonMethod with appcmd and recycles its pool (new worker, empty token cache). #>
    param([Parameter(Mandatory = $true)][ValidateSet('ClearText', 'Interactive', 'Batch', 'Network')][string] $LogonMethod)
    $site = Get-IisTestSiteDefault
    $appcmd = Get-AppCmdPath
    $arguments = Get-AppCmdArgument -Change SetBasic -Site $site -LogonMethod $LogonMethod
    Invoke-IisStep "appcmd $($arguments -join ' ')" { $null = Invoke-IisTool $appcmd $arguments }
    # The recycle only empties the worker's token cache early (each test also uses a fresh account); a pool without
    # a running worker may refuse it, which is no failure.
    $recycle = Get-AppCmdArgument -Change RecycleAppPool -Site $site
    Invoke-IisStep "appcmd $($recycle -join ' ')" {
        $r = Invoke-IisTool $appcmd $recycle -AllowFailure
        if ($r.ExitCode -ne 0) { Write-Host "[iis] recycle not done (exit code $($r.ExitCode)): $($r.Output)" }
    }
}

function ConvertTo-BasicAuthorization {
    <# The Authorization header value a browser sends for Basic authentication (RFC 7617): user:password, Base64. #>
    param([Parameter(Mandatory = $true)][System.Management.Automation.PSCredential] $Credential)
    $pair = $Credential.UserName + ':' + $Credential.GetNetworkCredential().Password
    return 'Basic ' + [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($pair))
}

function Invoke-IisTestRequest {
    <# GET with Invoke-WebRequest; returns the HTTP status code, also for 401 (which Invoke-WebRequest throws for). #>
    param([Parameter(Mandatory = $true)][string] $Url, [System.Management.Automation.PSCredential] $Credential)
    $headers = @{}
    if ($Credential) { $headers['Authorization'] = ConvertTo-BasicAuthorization $Credential }
    try {
        $response = Invoke-WebRequest -Uri $Url -Headers $headers -UseBasicParsing -MaximumRedirection 0 -TimeoutSec 60
        return [int]$response.StatusCode
    } catch {
        # Windows PowerShell: WebException.Response (HttpWebResponse); PowerShell 7: HttpResponseException.Response
        # (HttpResponseMessage). Both have StatusCode. No response at all (connection refused) is rethrown.
        $inner = $_.Exception
        if ($inner.PSObject.Properties['Response'] -and $null -ne $inner.Response) { return [int]$inner.Response.StatusCode }
        throw
    }
}

function Invoke-IisLogFlush {
    <# HTTP.sys buffers W3C lines; this writes them to the log file now. #>
    Invoke-IisStep 'netsh http flush logbuffer' {
        $null = Invoke-IisTool (Join-Path (Get-NativeSystemFolder) 'netsh.exe') @('http', 'flush', 'logbuffer')
    }
}

function Read-SharedTextFile {
    <# The lines of a file another process holds open for writing (HTTP.sys keeps the current log open). #>
    param([Parameter(Mandatory = $true)][string] $Path)
    $stream = New-Object System.IO.FileStream($Path, [System.IO.FileMode]::Open, [System.IO.FileAccess]::Read, ([System.IO.FileShare]::ReadWrite -bor [System.IO.FileShare]::Delete))
    try {
        $reader = New-Object System.IO.StreamReader($stream, [System.Text.Encoding]::UTF8)
        return ($reader.ReadToEnd() -split "`r?`n")
    } finally {
        $stream.Dispose()
    }
}

function Read-W3CLogEntry {
    <# The lines of W3C extended log files as objects, named by each file's current #Fields directive. #>
    param([Parameter(Mandatory = $true)][AllowEmptyCollection()][string[]] $Path)
    foreach ($file in $Path) {
        $fields = $null
        foreach ($line in (Read-SharedTextFile $file)) {
            if ($line.StartsWith('#Fields:')) { $fields = $line.Substring(8).Trim() -split ' '; continue }
            if ($line.StartsWith('#') -or -not $line.Trim() -or $null -eq $fields) { continue }
            $values = $line -split ' '
            $entry = [ordered]@{}
            for ($i = 0; $i -lt $fields.Count -and $i -lt $values.Count; $i++) { $entry[$fields[$i]] = $values[$i] }
            [pscustomobject]$entry
        }
    }
}

function Find-W3CLogEntry {
    <# Entries for one user with the given sc-status, sc-substatus and sc-win32-status. #>
    param(
        [Parameter(Mandatory = $true)][AllowEmptyCollection()][object[]] $Entry,
        [Parameter(Mandatory = $true)][string] $UserName,
        [int] $Status = 401, [int] $SubStatus = 1, [long] $Win32Status
    )
    foreach ($e in $Entry) {
        if (-not $e.PSObject.Properties['cs-username'] -or $e.'cs-username' -ne $UserName) { continue }
        if ([int]$e.'sc-status' -ne $Status -or [int]$e.'sc-substatus' -ne $SubStatus) { continue }
        if ($PSBoundParameters.ContainsKey('Win32Status') -and [long]$e.'sc-win32-status' -ne $Win32Status) { continue }
        $e
    }
}

function Wait-IisLogEntry {
    <# Flushes HTTP.sys's log buffer until the site's log holds the wanted line; throws after TimeoutSeconds. #>
    param(
        [Parameter(Mandatory = $true)][string] $SiteLogDirectory,
        [Parameter(Mandatory = $true)][string] $UserName,
        [int] $Status = 401, [int] $SubStatus = 1, [Parameter(Mandatory = $true)][long] $Win32Status,
        [int] $TimeoutSeconds = 90
    )
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    do {
        Invoke-IisLogFlush
        $files = @(Get-ChildItem -LiteralPath $SiteLogDirectory -Filter '*.log' -ErrorAction SilentlyContinue | ForEach-Object { $_.FullName })
        $found = @(Find-W3CLogEntry -Entry @(Read-W3CLogEntry -Path $files) -UserName $UserName -Status $Status -SubStatus $SubStatus -Win32Status $Win32Status)
        if ($found.Count -gt 0) { return $found }
        Start-Sleep -Seconds 2
    } while ([DateTime]::UtcNow -lt $deadline)
    throw "No '$Status $SubStatus $Win32Status' line for $UserName in $SiteLogDirectory after $TimeoutSeconds s."
}

Export-ModuleMember -Function *-*

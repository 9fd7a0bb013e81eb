#Requires -Version 7.2
<#
RSoP reads per computer per invocation. Outside Windows there is no CIM, so Get-CimInstance, New-CimSession and
Remove-CimSession are replaced by functions that return recorded RSOP_GPO / RSOP_UserPrivilegeRight instances and
count every call by computer and class: the module runs its real RSoP code path (CimRsopQuery through
InvokeScript) and the counters show how often it reaches RSoP. Counts are exact, so no timing noise.
One invocation each: Get-LogonRight (Network and Interactive) over 1 / 100 / 10,000 identities on this computer, and
over 1 / 100 on this computer plus WEB01 by name (two RSoP targets); Grant-LogonRight over 100 identities.
#>
param(
    [Parameter(Mandatory)][string] $ModuleFolder,
    [Parameter(Mandatory)][string] $EmulatorFolder,
    [Parameter(Mandatory)][string] $WorkDir,
    [Parameter(Mandatory)][string] $ResultFile,
    [int] $UserCount = 10000
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force
Initialize-BenchEmulator -EmulatorFolder $EmulatorFolder
$null = New-Item -ItemType Directory -Path $WorkDir -Force
New-BenchMachine -UserCount $UserCount -StatePath $env:WINEMU_STATE -WorkDir $WorkDir
Import-Module $ModuleFolder

$global:RsopCalls = [Collections.Generic.List[string]]::new()
function global:New-CimSession { param($ComputerName, $ErrorAction) [pscustomobject]@{ ComputerName = $ComputerName } }
function global:Remove-CimSession { param($CimSession, $ErrorAction) }
function global:Get-CimInstance {
    param($Namespace, $ClassName, $Filter, $CimSession, $ErrorAction)
    $global:RsopCalls.Add("$(if ($CimSession) { $CimSession.ComputerName } else { 'local' })|$ClassName")
    if ($ClassName -eq 'RSOP_GPO') {
        [pscustomobject]@{ id = 'LocalGPO'; name = 'Local Group Policy'; guidName = 'LocalGPO' }
        [pscustomobject]@{ id = 'CN={5C7E3A10-92B4-4F1D-8A66-0D2E4B9C1A7F},CN=Policies,CN=System,DC=contoso,DC=com'; name = 'Web Servers'; guidName = '{5C7E3A10-92B4-4F1D-8A66-0D2E4B9C1A7F}' }
    } else {
        [pscustomobject]@{ UserRight = 'SeNetworkLogonRight'; AccountList = [string[]]@('*S-1-5-32-544'); precedence = [uint32]1; GPOID = 'CN={5C7E3A10-92B4-4F1D-8A66-0D2E4B9C1A7F},CN=Policies,CN=System,DC=contoso,DC=com'; SOMID = 'OU=Web,DC=contoso,DC=com' }
    }
}

$bench = 'RSoP reads'
$rows = [Collections.Generic.List[object]]::new()
$cases = @(
    foreach ($n in 1, 100, $UserCount) { [pscustomobject]@{ Command = 'Get-LogonRight'; Count = $n; Computers = @('.') } }
    foreach ($n in 1, 100) { [pscustomobject]@{ Command = 'Get-LogonRight'; Count = $n; Computers = @('.', 'WEB01') } }
    [pscustomobject]@{ Command = 'Grant-LogonRight'; Count = 100; Computers = @('.') }
)
foreach ($case in $cases) {
    $ids = foreach ($i in 0..($case.Count - 1)) { "CONTOSO\u$i" }
    $global:RsopCalls.Clear()
    $sw = [Diagnostics.Stopwatch]::StartNew()
    if ($case.Command -eq 'Get-LogonRight') {
        $out = @($ids | Get-LogonRight -LogonType Network, Interactive -ComputerName $case.Computers -ErrorAction SilentlyContinue)
    } else {
        $out = @($ids | Grant-LogonRight -LogonType Network -PassThru -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)
    }
    $sw.Stop()
    $byComputer = $global:RsopCalls | Where-Object { $_ -like '*|RSOP_UserPrivilegeRight' } | Group-Object { $_.Split('|')[0] }
    $targets = @($byComputer).Count
    $maxPerComputer = if ($targets) { ($byComputer | Measure-Object -Property Count -Maximum).Maximum } else { 0 }
    $gpoDefined = @($out | Where-Object { $_.PolicySource -eq 'GroupPolicy' }).Count
    $label = "$($case.Command), $($case.Count) identities, $(@($case.Computers).Count) computer(s)"
    $notes = "RSoP targets $targets; CIM enumerations in all $($global:RsopCalls.Count) (RSOP_GPO + RSOP_UserPrivilegeRight per read, one CIM session); outputs $($out.Count), GroupPolicy-sourced $gpoDefined; $($sw.ElapsedMilliseconds) ms"
    Write-Host "$label`: $($global:RsopCalls -join ', ')"
    $rows.Add((New-BenchRow $bench "$label`: RSoP reads per computer" $maxPerComputer 'reads' '<= 1 per computer per invocation' ($maxPerComputer -le 1 -and $targets -eq @($case.Computers).Count) $notes))
}
$rows | ConvertTo-Json -Depth 4 -AsArray | Set-Content -LiteralPath $ResultFile -Encoding utf8
$rows | Format-Table Metric, Value, Unit, Target, Met -AutoSize | Out-Host

#Requires -Version 7.2
<#
LSA calls per identity, from the emulator's per-process counters, for one Get-LogonLocallyRight invocation over 1,
100 and 10,000 identities (pipeline input), on this computer and with -ComputerName (the emulated WEB01 reached
by name, so the remote code path: NetUserGetLocalGroups instead of AuthZ). Counts are exact, so no timing noise.
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

$bench = 'LSA calls'
$rows = [Collections.Generic.List[object]]::new()
# Calls that do work, by what they are for. Frees and closes (LsaFreeMemory, LsaClose, AuthzFree*,
# NetApiBufferFree) are bookkeeping of the calls below and are not counted.
$groups = [ordered]@{
    opens   = @('LsaOpenPolicy')
    enums   = @('LsaEnumerateAccountsWithUserRight')
    lookups = @('LsaLookupNames2', 'LsaLookupSids2')
    authz   = @('AuthzInitializeResourceManager', 'AuthzInitializeContextFromSid', 'AuthzGetInformationFromContext')
    net     = @('NetUserGetLocalGroups')
    other   = @('LsaQueryInformationPolicy', 'LsaEnumerateAccountRights')
}
function Sum-Calls([hashtable] $Calls, [string[]] $Names) { [long](($Names | ForEach-Object { if ($Calls.ContainsKey($_)) { $Calls[$_] } else { 0 } } | Measure-Object -Sum).Sum) }

$cases = foreach ($where in 'local', 'remote') {
    foreach ($n in 1, 100, $UserCount) {
        [pscustomobject]@{ Where = $where; Form = 'DOMAIN\name'; Count = $n }
    }
    [pscustomobject]@{ Where = $where; Form = 'SID'; Count = $UserCount }
}
$results = foreach ($case in $cases) {
    $ids = if ($case.Form -eq 'SID') {
        foreach ($i in 0..($case.Count - 1)) { "S-1-5-21-1000-2000-3000-$(100000 + $i)" }
    } else {
        foreach ($i in 0..($case.Count - 1)) { "CONTOSO\u$i" }
    }
    $params = @{}
    if ($case.Where -eq 'remote') { $params.ComputerName = 'WEB01' }
    [WinEmu.Emulator]::ResetStats()
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $out = @($ids | Get-LogonLocallyRight @params -ErrorVariable errs -ErrorAction SilentlyContinue)
    $sw.Stop()
    $calls = Get-EmulatorCalls
    $r = [ordered]@{ Case = $case; Outputs = $out.Count; Errors = @($errs).Count; Effective = @($out | Where-Object Effective).Count; Ms = $sw.ElapsedMilliseconds }
    foreach ($g in $groups.Keys) { $r[$g] = Sum-Calls $calls $groups[$g] }
    $r.detail = ($calls.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ' '
    [pscustomobject]$r
    Write-Host ("{0,-6} {1,-11} n={2,-6} {3,6} ms: {4}" -f $case.Where, $case.Form, $case.Count, $sw.ElapsedMilliseconds, $r.detail)
}

foreach ($r in $results) {
    $c = $r.Case
    $label = "$($c.Where), $($c.Count) x $($c.Form)"
    $perId = $r.lookups + $r.authz + $r.net + $r.other
    # Per-identity calls: everything but the per-invocation set-up (one open, one account-domain query, one AuthZ
    # resource manager, the two holder enumerations), divided by the identity count.
    $rmInit = if ($c.Where -eq 'local') { 1 } else { 0 }
    $further = ($perId - [math]::Min($r.other, 1) - $rmInit) / $c.Count
    $sane = "outputs $($r.Outputs), errors $($r.Errors), effective $($r.Effective) (expected $(@(0..($c.Count - 1) | Where-Object { ($_ % 20) -lt 5 }).Count)); $($r.Ms) ms"
    $rows.Add((New-BenchRow $bench "$label`: policy opens" $r.opens 'calls' '= 1 per invocation' ($r.opens -eq 1) $sane))
    $rows.Add((New-BenchRow $bench "$label`: holder enumerations" $r.enums 'calls' '<= 2 per invocation' ($r.enums -le 2)))
    $rows.Add((New-BenchRow $bench "$label`: further calls per identity" ([math]::Round($further, 3)) 'calls/identity' '<= 2' ($further -le 2) `
        "lookups $([math]::Round($r.lookups / $c.Count, 3)) + AuthZ/NetUserGetLocalGroups $([math]::Round(($r.authz + $r.net - $rmInit) / $c.Count, 3)) per identity, beyond the per-invocation set-up (open, account-domain query, AuthZ resource manager, enumerations); frees and closes not counted. All calls: $($r.detail)"))
}

$rows | ConvertTo-Json -Depth 4 -AsArray | Set-Content -LiteralPath $ResultFile -Encoding utf8
$rows | Format-Table Metric, Value, Unit, Target, Met -AutoSize | Out-Host

#Requires -Version 7.2
<#
LSA calls per identity, from the emulator's per-process counters, for one Get-LogonLocallyRight invocation over 1,
100 and 10,000 identities (pipeline input), on this computer and with -ComputerName (the emulated WEB01 reached
by name, so the remote code path). Both paths build the token model from AuthZ's groups (2 calls per domain
identity) and the member lists of the local groups that hold or deny the right (NetLocalGroupGetMembers, read once
per invocation); the remote path no longer calls NetUserGetLocalGroups per identity. Counts are exact, so no timing
noise. The remote answers must equal the local ones (same Effective for every identity).
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
    members = @('NetLocalGroupGetMembers')
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
    $answers = -join ($out | ForEach-Object { if ($null -eq $_.Effective) { '?' } elseif ($_.Effective) { '1' } else { '0' } })
    $r = [ordered]@{ Case = $case; Outputs = $out.Count; Errors = @($errs).Count; Effective = @($out | Where-Object Effective).Count; Answers = $answers; Ms = $sw.ElapsedMilliseconds; RmInit = 0 }
    foreach ($g in $groups.Keys) { $r[$g] = Sum-Calls $calls $groups[$g] }
    if ($calls.ContainsKey('AuthzInitializeResourceManager')) { $r.RmInit = $calls['AuthzInitializeResourceManager'] }
    $r.detail = ($calls.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ' '
    [pscustomobject]$r
    Write-Host ("{0,-6} {1,-11} n={2,-6} {3,6} ms: {4}" -f $case.Where, $case.Form, $case.Count, $sw.ElapsedMilliseconds, $r.detail)
}

foreach ($r in $results) {
    $c = $r.Case
    $label = "$($c.Where), $($c.Count) x $($c.Form)"
    $perId = $r.lookups + $r.authz + $r.net + $r.other
    # Per-identity calls: everything but the per-invocation set-up (one open, one account-domain query, one AuthZ
    # resource manager, the two holder enumerations, one member listing per local group that matters), divided by
    # the identity count. Issue #18's target: at most 2.05 at 10,000 identities.
    $further = ($perId - [math]::Min($r.other, 1) - $r.RmInit) / $c.Count
    $atScale = $c.Count -eq $UserCount
    $sane = "outputs $($r.Outputs), errors $($r.Errors), effective $($r.Effective) (expected $(@(0..($c.Count - 1) | Where-Object { ($_ % 20) -lt 5 }).Count)); $($r.Ms) ms"
    $rows.Add((New-BenchRow $bench "$label`: policy opens" $r.opens 'calls' '= 1 per invocation' ($r.opens -eq 1) $sane))
    $rows.Add((New-BenchRow $bench "$label`: holder enumerations" $r.enums 'calls' '<= 2 per invocation' ($r.enums -le 2)))
    $rows.Add((New-BenchRow $bench "$label`: local-group member listings" $r.members 'calls' '<= 1 per local group that holds or denies the right, per invocation' ($r.members -le 2) 'WEB01\WebUsers and BUILTIN\Administrators hold the interactive right; NetLocalGroupGetMembers'))
    $rows.Add((New-BenchRow $bench "$label`: further calls per identity" ([math]::Round($further, 3)) 'calls/identity' '<= 2.05 at 10,000 identities' $(if ($atScale) { $further -le 2.05 } else { $null }) `
        "lookups $([math]::Round($r.lookups / $c.Count, 3)) + AuthZ $([math]::Round(($r.authz - $r.RmInit) / $c.Count, 3)) + NetUserGetLocalGroups $([math]::Round($r.net / $c.Count, 3)) per identity, beyond the per-invocation set-up (open, account-domain query, AuthZ resource manager, enumerations, member listings); frees and closes not counted. All calls: $($r.detail)"))
}

# Same answers on both paths: every identity's Effective, remote against local, for each form and count.
foreach ($local in @($results | Where-Object { $_.Case.Where -eq 'local' })) {
    $remote = $results | Where-Object { $_.Case.Where -eq 'remote' -and $_.Case.Form -eq $local.Case.Form -and $_.Case.Count -eq $local.Case.Count }
    $same = $remote -and $remote.Answers -eq $local.Answers
    $rows.Add((New-BenchRow $bench "$($local.Case.Count) x $($local.Case.Form): remote answers equal local answers" $(if ($same) { 1 } else { 0 }) 'bool' '= 1' ([bool]$same) "Effective of every identity, in order; local effective $($local.Effective), remote effective $($remote.Effective)"))
}

$rows | ConvertTo-Json -Depth 4 -AsArray | Set-Content -LiteralPath $ResultFile -Encoding utf8
$rows | Format-Table Metric, Value, Unit, Target, Met -AutoSize | Out-Host

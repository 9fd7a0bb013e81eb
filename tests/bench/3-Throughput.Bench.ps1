#Requires -Version 7.2
<#
Throughput against the emulator: identities per second for Get-LogonLocallyRight (10,000 distinct DOMAIN\name
identities through the pipeline, one invocation) and credentials per second for Test-IisLogon (1,000 credentials,
-LogonType Network). Each is run three times after a warm-up; the median is reported. For Test-IisLogon the
same 1,000 logons are also made by a direct LogonUserW + CloseHandle P/Invoke loop, so the cmdlet's overhead is a
ratio independent of the machine (the emulator's iterated password hash dominates both).
#>
param(
    [Parameter(Mandatory)][string] $ModuleFolder,
    [Parameter(Mandatory)][string] $EmulatorFolder,
    [Parameter(Mandatory)][string] $WorkDir,
    [Parameter(Mandatory)][string] $ResultFile,
    [int] $IdentityCount = 10000,
    [int] $CredentialCount = 1000,
    [int] $Repeat = 3
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force
Initialize-BenchEmulator -EmulatorFolder $EmulatorFolder
$null = New-Item -ItemType Directory -Path $WorkDir -Force
New-BenchMachine -UserCount $IdentityCount -StatePath $env:WINEMU_STATE -WorkDir $WorkDir
Import-Module $ModuleFolder

$bench = 'Throughput'
$rows = [Collections.Generic.List[object]]::new()

# --- Get-LogonLocallyRight ---
$ids = foreach ($i in 0..($IdentityCount - 1)) { "CONTOSO\u$i" }
$null = $ids[0..99] | Get-LogonLocallyRight   # warm-up (JIT)
$times = @(); $effective = 0
for ($k = 0; $k -lt $Repeat; $k++) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $out = @($ids | Get-LogonLocallyRight)
    $sw.Stop()
    $times += $sw.Elapsed.TotalSeconds
    $effective = @($out | Where-Object Effective).Count
    if ($out.Count -ne $IdentityCount) { throw "Get-LogonLocallyRight returned $($out.Count) rows for $IdentityCount identities." }
}
$rate = $IdentityCount / (Get-Median -Values $times)
$rows.Add((New-BenchRow $bench "Get-LogonLocallyRight, $IdentityCount identities (pipeline)" ([math]::Round($rate, 0)) 'identities/s' -Notes `
    "median of $Repeat runs: $(Format-Spread -Values $times -Unit 's'); $effective of $IdentityCount effective (expected 25 %); on this computer (AuthZ expansion)"))

# --- Test-IisLogon ---
$creds = foreach ($i in 0..($CredentialCount - 1)) {
    [pscredential]::new("CONTOSO\u$i", (ConvertTo-SecureString "Pw-$i!" -AsPlainText -Force))
}
$null = $creds[0..9] | Test-IisLogon -LogonType Network   # warm-up
$times = @(); $ok = 0
for ($k = 0; $k -lt $Repeat; $k++) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $out = @($creds | Test-IisLogon -LogonType Network)
    $sw.Stop()
    $times += $sw.Elapsed.TotalSeconds
    $ok = @($out | Where-Object Succeeded).Count
}
$cmdletRate = $CredentialCount / (Get-Median -Values $times)

Add-Type -TypeDefinition @'
using System;
using System.Runtime.InteropServices;
public static class BenchLogon {
    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern bool LogonUserW(string user, string domain, string password, int type, int provider, out IntPtr token);
    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool CloseHandle(IntPtr h);
    public static int Run(string[] users, string[] passwords) {
        int ok = 0;
        for (int i = 0; i < users.Length; i++) {
            IntPtr t;
            if (LogonUserW(users[i], "CONTOSO", passwords[i], 3, 0, out t)) { ok++; CloseHandle(t); }
        }
        return ok;
    }
}
'@
$users = [string[]]@(foreach ($i in 0..($CredentialCount - 1)) { "u$i" })
$passwords = [string[]]@(foreach ($i in 0..($CredentialCount - 1)) { "Pw-$i!" })
$null = [BenchLogon]::Run($users[0..9], $passwords[0..9])
$direct = @(); $directOk = 0
for ($k = 0; $k -lt $Repeat; $k++) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $directOk = [BenchLogon]::Run($users, $passwords)
    $sw.Stop()
    $direct += $sw.Elapsed.TotalSeconds
}
$directRate = $CredentialCount / (Get-Median -Values $direct)
$rows.Add((New-BenchRow $bench "Test-IisLogon -LogonType Network, $CredentialCount credentials" ([math]::Round($cmdletRate, 0)) 'credentials/s' -Notes `
    "median of $Repeat runs: $(Format-Spread -Values $times -Unit 's'); $ok of $CredentialCount succeeded (expected all: everyone holds the network right)"))
$rows.Add((New-BenchRow $bench 'Test-IisLogon time / direct LogonUserW time' ([math]::Round($directRate / $cmdletRate, 2)) 'ratio' -Notes `
    "direct P/Invoke loop: $([math]::Round($directRate, 0)) logons/s ($directOk ok); the ratio is the cmdlet's overhead over the bare call"))

$rows | ConvertTo-Json -Depth 4 -AsArray | Set-Content -LiteralPath $ResultFile -Encoding utf8
$rows | Format-Table Metric, Value, Unit, Target, Met -AutoSize | Out-Host

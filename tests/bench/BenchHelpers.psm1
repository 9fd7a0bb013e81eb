# Shared by tests/bench/*.Bench.ps1: result rows, statistics, fresh child processes and a large seeded machine.
Set-StrictMode -Version Latest

function New-BenchRow {
    <# One result row as build.ps1's Invoke-Bench expects it. Met: $true / $false / $null (no target). #>
    param(
        [Parameter(Mandatory)][string] $Benchmark,
        [Parameter(Mandatory)][string] $Metric,
        [Parameter(Mandatory)][AllowNull()] $Value,
        [string] $Unit = '',
        [string] $Target = '',
        [AllowNull()] $Met = $null,
        [string] $Notes = ''
    )
    [pscustomobject][ordered]@{
        Benchmark = $Benchmark; Metric = $Metric; Value = $Value; Unit = $Unit
        Target = $Target; Met = if ($null -eq $Met) { $null } else { [bool]$Met }; Notes = $Notes
    }
}

function Get-Quantile {
    <# Linear-interpolated quantile (0..1) of a list of numbers. #>
    param([Parameter(Mandatory)][double[]] $Values, [Parameter(Mandatory)][double] $Q)
    $s = @($Values | Sort-Object)
    if ($s.Count -eq 0) { return [double]::NaN }
    $pos = ($s.Count - 1) * $Q
    $lo = [math]::Floor($pos); $hi = [math]::Ceiling($pos)
    return $s[$lo] + ($s[$hi] - $s[$lo]) * ($pos - $lo)
}

function Get-Median { param([Parameter(Mandatory)][double[]] $Values) Get-Quantile -Values $Values -Q 0.5 }

function Format-Spread {
    <# "median (p25–p75, n=N)" with one decimal, for Notes. #>
    param([Parameter(Mandatory)][double[]] $Values, [string] $Unit = 'ms')
    '{0:0.0} {3} (IQR {1:0.0}–{2:0.0}, n={4})' -f (Get-Median -Values $Values), (Get-Quantile -Values $Values -Q 0.25), (Get-Quantile -Values $Values -Q 0.75), $Unit, $Values.Count
}

function Get-PwshInvocation {
    <# A fresh pwsh of this version: under 'dotnet pwsh' the host is dotnet plus pwsh.dll. #>
    $hostPath = (Get-Process -Id $PID).Path
    $prefix = @('-NoLogo', '-NoProfile', '-NonInteractive')
    if ([IO.Path]::GetFileNameWithoutExtension($hostPath) -eq 'dotnet') { $prefix = @((Join-Path $PSHOME 'pwsh.dll')) + $prefix }
    @{ FilePath = $hostPath; Prefix = $prefix }
}

function Invoke-ChildPwsh {
    <#
    Runs a script file in a fresh pwsh (same environment: LD_LIBRARY_PATH, WINEMU_STATE) and returns its wall time
    and its last output line parsed as JSON (children print one JSON object last).
    #>
    param([Parameter(Mandatory)][string] $File, [string[]] $ArgumentList = @())
    $pwsh = Get-PwshInvocation
    $env:NO_COLOR = '1'
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $out = & $pwsh.FilePath @($pwsh.Prefix + @('-File', $File) + $ArgumentList) 2>&1
    $sw.Stop()
    $code = $LASTEXITCODE
    $lines = @($out | ForEach-Object { "$_" })
    if ($code -ne 0) { throw "Child pwsh $File $($ArgumentList -join ' ') failed with exit code ${code}:`n$($lines -join "`n")" }
    $json = $lines | Where-Object { $_.StartsWith('{') } | Select-Object -Last 1
    [pscustomobject]@{ WallMs = $sw.Elapsed.TotalMilliseconds; Result = if ($json) { $json | ConvertFrom-Json } else { $null }; Output = $lines }
}

function Initialize-BenchEmulator {
    param([Parameter(Mandatory)][string] $EmulatorFolder)
    if (-not ('WinEmu.Emulator' -as [type])) { Add-Type -Path (Join-Path $EmulatorFolder 'WinEmu.Client.dll') }
}

function New-BenchMachine {
    <#
    Seeds WEB01 (member of CONTOSO) with $UserCount domain users u0..u<n-1> (password 'Pw-<i>!'), each in one of 20
    domain groups Team00..Team19 (user i in Team(i mod 20)). WEB01\WebUsers holds Team00..Team04 and the interactive
    right, Team19 is denied it: 25 % of the users can log on locally, 5 % are denied, 70 % lack the right.
    The scenario JSON is written with a StringBuilder (ConvertTo-Json is slow for 100,000 accounts) and deleted after
    seeding. The state file is $StatePath; this process uses it afterwards.
    #>
    param([Parameter(Mandatory)][int] $UserCount, [Parameter(Mandatory)][string] $StatePath, [Parameter(Mandatory)][string] $WorkDir)
    $sb = [Text.StringBuilder]::new()
    $null = $sb.Append('{"localComputer":"WEB01","domain":{"name":"CONTOSO","dnsName":"contoso.com","sid":"S-1-5-21-1000-2000-3000","accounts":[')
    $teams = foreach ($g in 0..19) { [Text.StringBuilder]::new() }
    for ($i = 0; $i -lt $UserCount; $i++) {
        $null = $sb.Append('{"name":"u').Append($i).Append('","rid":').Append(100000 + $i).Append(',"password":"Pw-').Append($i).Append('!"},')
        $t = $teams[$i % 20]
        if ($t.Length -gt 0) { $null = $t.Append(',') }
        $null = $t.Append('"CONTOSO\\u').Append($i).Append('"')
    }
    for ($g = 0; $g -lt 20; $g++) {
        if ($g -gt 0) { $null = $sb.Append(',') }
        $null = $sb.Append('{"name":"Team').Append($g.ToString('00')).Append('","type":"group","rid":').Append(50000 + $g).Append(',"members":[').Append($teams[$g].ToString()).Append(']}')
    }
    $null = $sb.Append(']},"computers":[{"name":"WEB01","sid":"S-1-5-21-11-22-33","role":"memberServer",')
    $null = $sb.Append('"accounts":[{"name":"WebUsers","type":"alias","rid":1002,"members":["CONTOSO\\Team00","CONTOSO\\Team01","CONTOSO\\Team02","CONTOSO\\Team03","CONTOSO\\Team04"]}],')
    $null = $sb.Append('"builtin":{"Users":["CONTOSO\\Domain Users"],"Administrators":["WEB01\\Administrator"]},')
    $null = $sb.Append('"rights":{"SeInteractiveLogonRight":["BUILTIN\\Administrators","WEB01\\WebUsers"],"SeDenyInteractiveLogonRight":["CONTOSO\\Team19"],')
    $null = $sb.Append('"SeNetworkLogonRight":["Everyone","BUILTIN\\Administrators","BUILTIN\\Users"]}}]}')
    $scenario = Join-Path $WorkDir "scenario-$UserCount.json"
    try {
        [IO.File]::WriteAllText($scenario, $sb.ToString())
        [WinEmu.Emulator]::Seed($scenario, $StatePath)
        [WinEmu.Emulator]::UseState($StatePath)
    } finally {
        Remove-Item -LiteralPath $scenario -ErrorAction SilentlyContinue
    }
}

function Get-EmulatorCalls {
    <# The per-process call counters as a hashtable (function -> count). #>
    $calls = ([WinEmu.Emulator]::StatsJson() | ConvertFrom-Json).calls
    $h = @{}
    foreach ($p in $calls.PSObject.Properties) { $h[$p.Name] = [long]$p.Value }
    $h
}

function Get-VmHwmMB {
    <# Peak resident set of this process (VmHWM), in MiB; PeakWorkingSet64 off Linux. #>
    if (Test-Path /proc/self/status) {
        $line = Get-Content /proc/self/status | Where-Object { $_ -like 'VmHWM:*' }
        return [math]::Round([long](($line -replace '\D', '')) / 1024, 1)
    }
    [math]::Round((Get-Process -Id $PID).PeakWorkingSet64 / 1MB, 1)
}

Export-ModuleMember -Function *

#Requires -Version 7.2
<#
Memory while streaming identities through Get-LogonLocallyRight: peak resident set (VmHWM) of a fresh pwsh that
imports the module and streams N generated identities through one pipeline (output counted by Measure-Object,
nothing kept). All children use the same seeded machine, so the emulator's own copy of the state is the same
constant in each; the difference between N = 10,000 and N = 100,000 is what the module and the pipeline keep.
#>
param(
    [Parameter(Mandatory)][string] $ModuleFolder,
    [Parameter(Mandatory)][string] $EmulatorFolder,
    [Parameter(Mandatory)][string] $WorkDir,
    [Parameter(Mandatory)][string] $ResultFile,
    [int] $UserCount = 100000,
    [string] $Counts = '1000,10000,100000'   # a string: '-File' passes '1000,10000' as one argument
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force
Initialize-BenchEmulator -EmulatorFolder $EmulatorFolder
$null = New-Item -ItemType Directory -Path $WorkDir -Force
$sw = [Diagnostics.Stopwatch]::StartNew()
New-BenchMachine -UserCount $UserCount -StatePath $env:WINEMU_STATE -WorkDir $WorkDir
$seedSeconds = $sw.Elapsed.TotalSeconds

$child = Join-Path $WorkDir 'memory-child.ps1'
Set-Content -LiteralPath $child -Encoding utf8 -Value @'
param([string] $ModuleFolder, [int] $Count, [int] $Distinct)
$ErrorActionPreference = 'Stop'
function Hwm { [math]::Round([long]((Get-Content /proc/self/status | Where-Object { $_ -like 'VmHWM:*' }) -replace '\D', '') / 1024, 1) }
Import-Module $ModuleFolder
$null = Get-LogonLocallyRight -Identity 'CONTOSO\u0'   # load the state and JIT before the baseline
$before = Hwm
$sw = [Diagnostics.Stopwatch]::StartNew()
$n = 0; $live = 0
# At the last row the cmdlet (and whatever it caches) is still alive: a forced full collection there measures
# the managed memory the stream retains, apart from garbage not yet collected.
& { for ($i = 0; $i -lt $Count; $i++) { "CONTOSO\u$($i % $Distinct)" } } | Get-LogonLocallyRight |
    ForEach-Object { $n++; if ($n -eq $Count) { $live = [GC]::GetTotalMemory($true) } }
[ordered]@{ Count = $Count; Rows = $n; BaselineMB = $before; PeakMB = (Hwm); Seconds = $sw.Elapsed.TotalSeconds
    LiveHeapMB = [math]::Round($live / 1MB, 1) } | ConvertTo-Json -Compress
'@

Write-Host "Seeded $UserCount accounts in $([math]::Round($seedSeconds, 1)) s"
$results = foreach ($n in @($Counts -split ',' | ForEach-Object { [int]$_ })) {
    $run = Invoke-ChildPwsh -File $child -ArgumentList @('-ModuleFolder', $ModuleFolder, '-Count', $n, '-Distinct', [math]::Min($n, $UserCount))
    if ($run.Result.Rows -ne $n) { throw "Memory child for $n identities returned $($run.Result.Rows) rows." }
    Write-Host ("{0,7} identities: peak {1} MB (baseline {2} MB), {3:0.0} s" -f $n, $run.Result.PeakMB, $run.Result.BaselineMB, $run.Result.Seconds)
    $run.Result
}

$bench = 'Memory'
$rows = [Collections.Generic.List[object]]::new()
foreach ($r in $results) {
    $rows.Add((New-BenchRow $bench "peak working set, $($r.Count) identities streamed" $r.PeakMB 'MiB' -Notes `
        "VmHWM of the child pwsh; $($r.BaselineMB) MiB after import and one call; live managed heap at the last row (after a full GC) $($r.LiveHeapMB) MiB; $([math]::Round($r.Count / $r.Seconds, 0)) identities/s"))
}
$small = $results | Where-Object Count -eq 10000
$large = $results | Where-Object Count -eq 100000
if ($small -and $large) {
    $ratio = $large.PeakMB / $small.PeakMB
    $extra = ($large.PeakMB - $large.BaselineMB) - ($small.PeakMB - $small.BaselineMB)
    $rows.Add((New-BenchRow $bench 'peak 100,000 / peak 10,000' ([math]::Round($ratio, 3)) 'ratio' -Notes `
        "whole-process peaks; the emulator's copy of the $UserCount-account state (~$([math]::Round($small.BaselineMB, 0)) MiB baseline) dilutes this ratio, so the verdict is on the growth below. Seeding took $([math]::Round($seedSeconds, 1)) s; every identity distinct"))
    $rows.Add((New-BenchRow $bench 'extra peak growth, 100,000 vs 10,000 identities' ([math]::Round($extra, 1)) 'MiB' '<= 10 MiB (flat)' ($extra -le 10) `
        "growth of VmHWM above each child's own baseline (after import and one call): 10,000 -> $([math]::Round($small.PeakMB - $small.BaselineMB, 1)) MiB, 100,000 -> $([math]::Round($large.PeakMB - $large.BaselineMB, 1)) MiB ($([math]::Round($extra / 90, 2)) MiB per 1,000 identities)"))
    $rows.Add((New-BenchRow $bench 'live managed heap, 100,000 / 10,000 identities' ([math]::Round($large.LiveHeapMB / $small.LiveHeapMB, 2)) 'ratio' '<= 1.10' (($large.LiveHeapMB / $small.LiveHeapMB) -le 1.10) `
        "after a forced full GC at the last row, with the cmdlet still running: $($small.LiveHeapMB) MiB vs $($large.LiveHeapMB) MiB; growth here is memory the cmdlet keeps per identity"))
}

$rows | ConvertTo-Json -Depth 4 -AsArray | Set-Content -LiteralPath $ResultFile -Encoding utf8
$rows | Format-Table Metric, Value, Unit, Target, Met -AutoSize | Out-Host

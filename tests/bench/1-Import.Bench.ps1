#Requires -Version 7.2
<#
Import cost. Fresh pwsh processes in interleaved rounds (the order rotates each round): a bare start, the import of
an empty manifest-only module, and Import-Module of the built folder. Each child runs the same script file, so
the only difference is the import; it reports its in-process Import-Module time, and the module child also the
first and second Get-LogonLocallyRight call (against the seeded emulator) and the first formatting of its output.
The verdict comes from paired rounds: one fresh process imports an untimed warm-up manifest module (which pays for
the module system's own first use), then times Import-Module of the empty module and of IisLogonTools, in an order
that alternates per round. The per-round difference cancels the process-to-process noise; rounds continue until the
95 % confidence interval of the median difference is at most 10 ms wide (at least 15, at most 40 rounds).
#>
param(
    [Parameter(Mandatory)][string] $ModuleFolder,
    [Parameter(Mandatory)][string] $EmulatorFolder,
    [Parameter(Mandatory)][string] $WorkDir,
    [Parameter(Mandatory)][string] $ResultFile,
    [int] $Rounds = 12
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force
Initialize-BenchEmulator -EmulatorFolder $EmulatorFolder
$null = New-Item -ItemType Directory -Path $WorkDir -Force
New-BenchMachine -UserCount 100 -StatePath $env:WINEMU_STATE -WorkDir $WorkDir

# The empty module: a manifest and nothing else.
$emptyDir = Join-Path $WorkDir 'EmptyModule/1.0.0'
$null = New-Item -ItemType Directory -Path $emptyDir -Force
Set-Content -LiteralPath (Join-Path $emptyDir 'EmptyModule.psd1') -Value "@{ ModuleVersion = '1.0.0'; GUID = '$([guid]::NewGuid())' }"

$warmDir = Join-Path $WorkDir 'WarmModule/1.0.0'
$null = New-Item -ItemType Directory -Path $warmDir -Force
Set-Content -LiteralPath (Join-Path $warmDir 'WarmModule.psd1') -Value "@{ ModuleVersion = '1.0.0'; GUID = '$([guid]::NewGuid())' }"
$pairedChild = Join-Path $WorkDir 'import-paired.ps1'
Set-Content -LiteralPath $pairedChild -Encoding utf8 -Value @'
param([string] $Warm, [string] $Empty, [string] $Module, [switch] $ModuleFirst)
$ErrorActionPreference = 'Stop'
Import-Module $Warm
$times = @{}
foreach ($k in $(if ($ModuleFirst) { 'Module', 'Empty' } else { 'Empty', 'Module' })) {
    $path = if ($k -eq 'Module') { $Module } else { $Empty }
    $sw = [Diagnostics.Stopwatch]::StartNew()
    Import-Module $path
    $times[$k] = $sw.Elapsed.TotalMilliseconds
}
[pscustomobject]@{ EmptyMs = $times.Empty; ModuleMs = $times.Module } | ConvertTo-Json -Compress
'@

$child = Join-Path $WorkDir 'import-child.ps1'
Set-Content -LiteralPath $child -Encoding utf8 -Value @'
param([string] $Kind, [string] $Path)
$ErrorActionPreference = 'Stop'
$r = [ordered]@{ Kind = $Kind; ImportMs = 0.0; FirstCallMs = $null; SecondCallMs = $null; FirstFormatMs = $null }
$sw = [Diagnostics.Stopwatch]::StartNew()
if ($Kind -ne 'bare') { Import-Module $Path }
$r.ImportMs = $sw.Elapsed.TotalMilliseconds
if ($Kind -eq 'module') {
    $sw.Restart(); $out = Get-LogonLocallyRight -Identity 'CONTOSO\u1'; $r.FirstCallMs = $sw.Elapsed.TotalMilliseconds
    $sw.Restart(); $null = $out | Out-String; $r.FirstFormatMs = $sw.Elapsed.TotalMilliseconds
    $sw.Restart(); $null = Get-LogonLocallyRight -Identity 'CONTOSO\u2'; $r.SecondCallMs = $sw.Elapsed.TotalMilliseconds
}
[pscustomobject]$r | ConvertTo-Json -Compress
'@

$kinds = [ordered]@{ bare = ''; empty = (Split-Path $emptyDir); module = $ModuleFolder }
$names = @($kinds.Keys)
$samples = @{ bare = @(); empty = @(); module = @() }
# One untimed warm-up of each kind: the first start after a build pays for disk cache misses.
foreach ($k in $names) { $null = Invoke-ChildPwsh -File $child -ArgumentList @('-Kind', $k, '-Path', $kinds[$k]) }
for ($round = 0; $round -lt $Rounds; $round++) {
    for ($j = 0; $j -lt $names.Count; $j++) {
        $k = $names[($round + $j) % $names.Count]
        $run = Invoke-ChildPwsh -File $child -ArgumentList @('-Kind', $k, '-Path', $kinds[$k])
        $samples[$k] += [pscustomobject]@{ WallMs = $run.WallMs; ImportMs = [double]$run.Result.ImportMs; Result = $run.Result }
    }
}

# Paired rounds, until the median difference is known to within 10 ms (95 % interval from order statistics).
function Get-MedianInterval([double[]] $Values) {
    $s = @($Values | Sort-Object); $n = $s.Count
    $half = 0.98 * [math]::Sqrt($n)
    $lo = [math]::Max(0, [math]::Floor($n / 2 - $half) - 1); $hi = [math]::Min($n - 1, [math]::Ceiling($n / 2 + 1 + $half) - 1)
    @($s[$lo], $s[$hi])
}
$paired = [Collections.Generic.List[object]]::new()
$null = Invoke-ChildPwsh -File $pairedChild -ArgumentList @('-Warm', (Split-Path $warmDir), '-Empty', (Split-Path $emptyDir), '-Module', $ModuleFolder)
for ($round = 0; $round -lt 40; $round++) {
    $a = @('-Warm', (Split-Path $warmDir), '-Empty', (Split-Path $emptyDir), '-Module', $ModuleFolder)
    if ($round % 2) { $a += '-ModuleFirst' }
    $r = (Invoke-ChildPwsh -File $pairedChild -ArgumentList $a).Result
    $paired.Add([pscustomobject]@{ Empty = [double]$r.EmptyMs; Module = [double]$r.ModuleMs; Diff = [double]$r.ModuleMs - [double]$r.EmptyMs })
    if ($paired.Count -ge 15) {
        $ci = Get-MedianInterval -Values @($paired.Diff)
        if ($ci[1] - $ci[0] -le 10) { break }
    }
}
$diffs = @($paired.Diff)
$ci = Get-MedianInterval -Values $diffs
$pairedMedian = Get-Median -Values $diffs

function Median([object[]] $Rows, [string] $Property) { Get-Median -Values @($Rows | ForEach-Object $Property) }
$bench = 'Import'
$rows = [Collections.Generic.List[object]]::new()
foreach ($k in $names) {
    $rows.Add((New-BenchRow $bench "process wall time, $k" ([math]::Round((Median $samples[$k] WallMs), 0)) 'ms' -Notes (Format-Spread -Values @($samples[$k].WallMs))))
}
$wallAbove = (Median $samples.module WallMs) - (Median $samples.empty WallMs)
$emptyImport = Median $samples.empty ImportMs
$moduleImport = Median $samples.module ImportMs
$importAbove = $moduleImport - $emptyImport
$moduleDir = Get-ChildItem $ModuleFolder -Directory | Sort-Object { [version]$_.Name } | Select-Object -Last 1
$hasFormat = Test-Path (Join-Path $moduleDir.FullName '*.Format.ps1xml')
$hasHelp = Test-Path (Join-Path $moduleDir.FullName 'en-US/*-help.xml')
$inPlace = "format file $(if ($hasFormat) { 'present' } else { 'MISSING' }), MAML help $(if ($hasHelp) { 'present' } else { 'MISSING (helpdocs not merged yet; help is only read by Get-Help, not at import)' })"
$rows.Add((New-BenchRow $bench 'Import-Module in-process, empty manifest module' ([math]::Round($emptyImport, 1)) 'ms' -Notes (Format-Spread -Values @($samples.empty.ImportMs))))
$rows.Add((New-BenchRow $bench 'Import-Module in-process, IisLogonTools' ([math]::Round($moduleImport, 1)) 'ms' -Notes (Format-Spread -Values @($samples.module.ImportMs))))
$rows.Add((New-BenchRow $bench 'import cost above the empty module (paired, same process)' ([math]::Round($pairedMedian, 1)) 'ms' '<= 60 ms' ($ci[1] -le 60) `
    ("median of $($paired.Count) per-process differences (IisLogonTools minus empty module, both imported after an untimed warm-up import, order alternating); 95 % interval of the median {0:0.0}–{1:0.0} ms, IQR {2:0.0}–{3:0.0} ms; empty module alone {4:0.0} ms; $inPlace" -f $ci[0], $ci[1], (Get-Quantile -Values $diffs -Q 0.25), (Get-Quantile -Values $diffs -Q 0.75), (Get-Median -Values @($paired.Empty)))))
$rows.Add((New-BenchRow $bench 'import cost above the empty module (medians of separate processes)' ([math]::Round($importAbove, 1)) 'ms' -Notes `
    "Median of the module's first Import-Module minus the empty module's, each the first import of its own process (which also pays for the module system's first use); cross-check. Reference: DLL root module + format file ~20-30 ms, .psm1 picking its DLL ~270 ms, Add-Type ~1800 ms."))
$rows.Add((New-BenchRow $bench 'import cost above the empty module (process wall medians)' ([math]::Round($wallAbove, 0)) 'ms' -Notes `
    "Whole-process difference; start-up noise (IQRs above) is of the same order, so this is a cross-check, not the verdict."))
$first = @($samples.module | ForEach-Object { [double]$_.Result.FirstCallMs })
$second = @($samples.module | ForEach-Object { [double]$_.Result.SecondCallMs })
$format = @($samples.module | ForEach-Object { [double]$_.Result.FirstFormatMs })
$rows.Add((New-BenchRow $bench 'first Get-LogonLocallyRight call after import' ([math]::Round((Get-Median -Values $first), 1)) 'ms' -Notes "$(Format-Spread -Values $first); one DOMAIN\name identity against the emulator (JIT, P/Invoke binding, emulator state load)"))
$rows.Add((New-BenchRow $bench 'first call / second call' ([math]::Round((Get-Median -Values $first) / (Get-Median -Values $second), 1)) 'ratio' -Notes "second call: $(Format-Spread -Values $second)"))
$rows.Add((New-BenchRow $bench 'first formatting of the output (Out-String)' ([math]::Round((Get-Median -Values $format), 1)) 'ms' -Notes "$(Format-Spread -Values $format); loads the format file's views"))

$rows | ConvertTo-Json -Depth 4 -AsArray | Set-Content -LiteralPath $ResultFile -Encoding utf8
$rows | Format-Table Metric, Value, Unit, Target, Met -AutoSize | Out-Host

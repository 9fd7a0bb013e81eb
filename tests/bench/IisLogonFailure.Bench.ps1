<#
.SYNOPSIS
    Get-IisLogonFailure throughput and peak memory over a generated 1 GB W3C log set, side by side with the
    usual PowerShell approaches (Select-String; Get-Content | ConvertFrom-Csv -Delimiter ' ').
.NOTES
    Contract (build.ps1 Invoke-Bench): writes a JSON array of rows {Benchmark, Metric, Value, Unit, Target, Met, Notes}.
    Every measurement runs in its own child pwsh; the child times only the scan (not its start-up) and reports
    its peak resident memory (VmHWM on Linux, PeakWorkingSet64 elsewhere). The files were just written, so
    they are in the page cache: the numbers measure parsing, not the disk.
#>
param(
    [Parameter(Mandatory)][string] $ModuleFolder,
    [string] $EmulatorFolder,
    [Parameter(Mandatory)][string] $WorkDir,
    [Parameter(Mandatory)][string] $ResultFile,
    [long] $TotalBytes = 1GB
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$logDir = Join-Path $WorkDir 'logs'
if (Test-Path $logDir) { Remove-Item $logDir -Recurse -Force }
$null = New-Item -ItemType Directory -Path $logDir -Force

# --- Generate: a 40-line block per field order (2 failures = 5 %, 2 anonymous challenges, 36 successes), repeated
#     with a new minute per block; each file holds two #Fields headers with different orders and its own date.
$orders = @(
    'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken'
    'time date c-ip cs-username sc-win32-status sc-status sc-substatus s-ip cs-uri-stem cs-uri-query time-taken sc-bytes cs-bytes'
    'date time cs-uri-stem cs-username c-ip s-ip sc-status sc-substatus sc-win32-status cs(User-Agent) time-taken'
)
function New-Line([string] $Order, [string] $User, [int] $Status, [int] $Sub, [string] $Win32, [int] $N) {
    $v = @{
        'date' = '@DATE@'; 'time' = '@TIME@:{0:00}' -f ($N % 60); 's-ip' = '10.0.0.1'; 'cs-method' = 'GET'; 'cs-uri-stem' = "/app/page$($N % 7).aspx"
        'cs-uri-query' = "id=$N"; 's-port' = '443'; 'cs-username' = $User; 'c-ip' = "10.1.$($N % 5).$($N % 250)"
        'cs(User-Agent)' = 'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36'; 'cs(Referer)' = 'https://intranet.contoso.com/'
        'sc-status' = $Status; 'sc-substatus' = $Sub; 'sc-win32-status' = $Win32; 'time-taken' = 10 + $N; 'sc-bytes' = 5120 + $N; 'cs-bytes' = 480 + $N
    }
    (($Order -split ' ') | ForEach-Object { $v[$_] }) -join ' '
}
$blocksPerChunk = 1500
$chunks = foreach ($order in $orders) {
    $block = [Text.StringBuilder]::new()
    for ($n = 0; $n -lt 40; $n++) {
        $line = switch ($n) {
            7 { New-Line $order 'CONTOSO\alice' 401 1 '1385' $n }
            23 { New-Line $order 'CONTOSO\bob' 401 1 '1326' $n }
            { $_ -in 6, 22 } { New-Line $order '-' 401 1 '2148074254' $n }
            default { New-Line $order "CONTOSO\user$($n % 9)" 200 0 '0' $n }
        }
        $null = $block.Append($line).Append("`r`n")
    }
    $blockText = $block.ToString()
    $chunk = [Text.StringBuilder]::new($blockText.Length * $blocksPerChunk + 256)
    $null = $chunk.Append("#Software: Microsoft Internet Information Services 10.0`r`n#Version: 1.0`r`n#Date: @DATE@ 00:00:00`r`n#Fields: $order`r`n")
    for ($b = 0; $b -lt $blocksPerChunk; $b++) {
        $null = $chunk.Append($blockText.Replace('@TIME@', ('{0:00}:{1:00}' -f [math]::Floor($b / 60 % 24), ($b % 60))))
    }
    $chunk.ToString()
}
$utf8 = [Text.UTF8Encoding]::new($false)
$files = [System.Collections.Generic.List[string]]::new()
$written = 0L
$day = [datetime]'2026-01-01'
$generate = [Diagnostics.Stopwatch]::StartNew()
while ($written -lt $TotalBytes) {
    $i = $files.Count
    $date = $day.AddDays($i).ToString('yyyy-MM-dd')
    $text = $chunks[$i % 3].Replace('@DATE@', $date) + $chunks[($i + 1) % 3].Replace('@DATE@', $date)
    $path = Join-Path $logDir ('u_ex{0}.log' -f $day.AddDays($i).ToString('yyMMdd'))
    $bytes = $utf8.GetBytes($text)
    [IO.File]::WriteAllBytes($path, $bytes)
    $written += $bytes.Length
    $files.Add($path)
}
$generate.Stop()
$expectedAlice = $files.Count * 2 * $blocksPerChunk    # two chunks per file, one alice line per block
Write-Host ("Generated {0} files, {1:N0} MB in {2:N1} s" -f $files.Count, ($written / 1MB), $generate.Elapsed.TotalSeconds)

function Get-SubsetFiles([long] $Bytes) {
    $sum = 0L
    foreach ($f in $files) { if ($sum -ge $Bytes) { break }; $sum += (Get-Item $f).Length; $f }
}
$list100 = @(Get-SubsetFiles 100MB)
$listCsv = @(Get-SubsetFiles 16MB)

# --- Measure in a child pwsh: prints one JSON line {Seconds, Bytes, PeakMB, Result}.
# A child of the same pwsh: under 'dotnet pwsh' the host is dotnet plus pwsh.dll.
$pwsh = (Get-Process -Id $PID).Path
$pwshPrefix = @(if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { Join-Path $PSHOME "pwsh.dll" })
function Invoke-Measured([string] $Name, [string[]] $Paths, [string] $Body) {
    $listFile = Join-Path $WorkDir "$Name.files.txt"
    Set-Content -LiteralPath $listFile -Value $Paths -Encoding utf8
    $script = @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$ModuleFolder'
`$paths = @(Get-Content -LiteralPath '$listFile')
`$bytes = (`$paths | ForEach-Object { (Get-Item -LiteralPath `$_).Length } | Measure-Object -Sum).Sum
`$null = Get-IisLogonFailure -LiteralPath `$paths[0]   # warm-up: JIT and module start-up stay out of the timing
`$sw = [Diagnostics.Stopwatch]::StartNew()
`$result = & { $Body }
`$sw.Stop()
`$peak = if (Test-Path /proc/self/status) { [long]((Get-Content /proc/self/status | Where-Object { `$_ -like 'VmHWM:*' }) -replace '\D', '') * 1KB } else { [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 }
[ordered]@{ Seconds = `$sw.Elapsed.TotalSeconds; Bytes = `$bytes; PeakMB = [math]::Round(`$peak / 1MB, 1); Result = "`$result" } | ConvertTo-Json -Compress
"@
    $out = & $pwsh @pwshPrefix -NoLogo -NoProfile -NonInteractive -Command $script
    if ($LASTEXITCODE -ne 0) { throw "$Name failed: $out" }
    $m = ($out | Select-Object -Last 1) | ConvertFrom-Json
    $m | Add-Member -NotePropertyName MBps -NotePropertyValue ([math]::Round($m.Bytes / 1MB / $m.Seconds, 1))
    Write-Host ("{0}: {1:N0} MB in {2:N2} s = {3} MB/s, peak {4} MB, result {5}" -f $Name, ($m.Bytes / 1MB), $m.Seconds, $m.MBps, $m.PeakMB, $m.Result)
    $m
}

# Flush the freshly written files so the kernel's write-back does not compete with the measurements.
if (Get-Command sync -CommandType Application -ErrorAction SilentlyContinue) { & sync }

$cmdletBody = '$r = Get-IisLogonFailure -LiteralPath $paths; ($r | Where-Object Identity -eq ''CONTOSO\alice'').Count'
$small = Invoke-Measured 'cmdlet-100MB' $list100 $cmdletBody
$full = Invoke-Measured 'cmdlet-1GB' $files $cmdletBody
$selectString = Invoke-Measured 'select-string-100MB' $list100 '$n = 0; Select-String -LiteralPath $paths -Pattern '' 401 1 '' -SimpleMatch | ForEach-Object { $n++ }; $n'
# The same question answered with Select-String: capture account and code (IIS default field order), then group.
$selectGroupBody = @'
$n = 0
Select-String -LiteralPath $paths -Pattern '^\S+ \S+ \S+ \S+ \S+ \S+ \S+ (\S+) \S+ \S+ \S+ 401 1 (\d+) ' |
    ForEach-Object { [pscustomobject]@{ User = $_.Matches[0].Groups[1].Value; Code = $_.Matches[0].Groups[2].Value } } |
    Where-Object User -ne '-' | Group-Object User, Code | ForEach-Object { $n += $_.Count }
$n
'@
$selectGroup = Invoke-Measured 'select-string-group-100MB' $list100 $selectGroupBody
$csvBody = @'
$n = 0
foreach ($p in $paths) {
    # The usual script takes the field names from the first #Fields: line and drops every directive.
    $fields = (Get-Content -LiteralPath $p -TotalCount 4)[3].Substring(9) -split ' '
    Get-Content -LiteralPath $p | Where-Object { $_[0] -ne '#' } | ConvertFrom-Csv -Delimiter ' ' -Header $fields |
        Where-Object { $_.'sc-status' -eq '401' -and $_.'sc-substatus' -eq '1' -and $_.'cs-username' -ne '-' } |
        Group-Object 'cs-username', 'sc-win32-status' | ForEach-Object { $n += $_.Count }
}
$n
'@
$csv = Invoke-Measured 'convertfrom-csv-16MB' $listCsv $csvBody

$usualBest = [math]::Max($selectGroup.MBps, $csv.MBps)
$speedup = [math]::Round($full.MBps / $usualBest, 1)
$speedupBare = [math]::Round($full.MBps / $selectString.MBps, 1)
$flat = [math]::Round($full.PeakMB / $small.PeakMB, 2)
$bench = 'Get-IisLogonFailure'
$rows = @(
    [ordered]@{ Benchmark = $bench; Metric = 'Throughput, 1 GB log set'; Value = $full.MBps; Unit = 'MB/s'; Target = '>= 150'; Met = ($full.MBps -ge 150)
        Notes = "$($files.Count) files, $([math]::Round($full.Bytes / 1MB)) MB, 3 field orders, two #Fields headers per file, 5 % 401.1 failures; page-cached; $([math]::Round($full.Seconds, 2)) s" }
    [ordered]@{ Benchmark = $bench; Metric = 'Throughput, 100 MB subset'; Value = $small.MBps; Unit = 'MB/s'; Target = '>= 150'; Met = ($small.MBps -ge 150); Notes = "$($list100.Count) files, $([math]::Round($small.Bytes / 1MB)) MB" }
    [ordered]@{ Benchmark = 'Select-String (usual approach)'; Metric = 'Throughput, 100 MB subset'; Value = $selectString.MBps; Unit = 'MB/s'; Target = $null; Met = $null
        Notes = "Select-String -SimpleMatch ' 401 1 ' over the same $([math]::Round($selectString.Bytes / 1MB)) MB as the 100 MB row; matches lines only, no grouping or time parsing" }
    [ordered]@{ Benchmark = 'Select-String + Group-Object (usual approach)'; Metric = 'Throughput, 100 MB subset'; Value = $selectGroup.MBps; Unit = 'MB/s'; Target = $null; Met = $null
        Notes = "regex capture of cs-username and sc-win32-status (IIS default field order only, so it misses the other orders), then Group-Object; same $([math]::Round($selectGroup.Bytes / 1MB)) MB" }
    [ordered]@{ Benchmark = 'Get-Content piped to ConvertFrom-Csv (usual approach)'; Metric = 'Throughput, 16 MB subset'; Value = $csv.MBps; Unit = 'MB/s'; Target = $null; Met = $null
        Notes = "Get-Content, ConvertFrom-Csv -Delimiter ' ', Where-Object and Group-Object in one pipeline over $([math]::Round($csv.Bytes / 1MB)) MB (a subset: too slow for 1 GB); uses the first #Fields header only" }
    [ordered]@{ Benchmark = $bench; Metric = 'Speed-up over the faster usual approach'; Value = $speedup; Unit = 'x'; Target = '>= 10'; Met = ($speedup -ge 10); Notes = "1 GB cmdlet MB/s divided by max(Select-String + Group-Object, ConvertFrom-Csv) MB/s: the approaches that answer the same question" }
    [ordered]@{ Benchmark = $bench; Metric = 'Speed-up over bare Select-String line matching'; Value = $speedupBare; Unit = 'x'; Target = $null; Met = $null; Notes = 'for reference: Select-String -SimpleMatch only finds lines; it parses no fields, times or accounts' }
    [ordered]@{ Benchmark = $bench; Metric = 'Peak memory, 100 MB'; Value = $small.PeakMB; Unit = 'MB'; Target = $null; Met = $null; Notes = 'peak resident set (VmHWM) of the measuring pwsh, module loaded' }
    [ordered]@{ Benchmark = $bench; Metric = 'Peak memory, 1 GB'; Value = $full.PeakMB; Unit = 'MB'; Target = $null; Met = $null; Notes = 'peak resident set (VmHWM) of the measuring pwsh, module loaded' }
    [ordered]@{ Benchmark = $bench; Metric = 'Peak memory ratio 1 GB / 100 MB'; Value = $flat; Unit = 'x'; Target = '<= 1.2'; Met = ($flat -le 1.2); Notes = 'flat memory: ten times the data, about the same peak' }
    [ordered]@{ Benchmark = $bench; Metric = 'Correct count, CONTOSO\alice 1385'; Value = [long]$full.Result; Unit = 'lines'; Target = "$expectedAlice"; Met = ([long]$full.Result -eq $expectedAlice); Notes = 'the 1 GB scan finds exactly the generated failures' }
)
$rows | ConvertTo-Json -Depth 3 | Set-Content -LiteralPath $ResultFile -Encoding utf8
Remove-Item $logDir -Recurse -Force

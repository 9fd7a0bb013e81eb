<#
.SYNOPSIS
    Get-IisLogonFailure against mawk doing the same aggregation and against cat reading the same bytes, on a generated
    1 GB W3C log set and on a 1,000,000-account password-spray set; plus the usual PowerShell approaches.
.NOTES
    Contract (build.ps1 Invoke-Bench): writes a JSON array of rows {Benchmark, Metric, Value, Unit, Target, Met, Notes}.
    The module runs in its own child pwsh, which times only the scan (after a warm-up call) and reports its peak
    resident memory (VmHWM): the whole process, engine included. mawk and cat are timed as whole processes and their
    peak comes from GNU time (%M). All measurements interleave in rounds and the medians are reported, so load from
    other processes hits every contender alike; the ratios are what to compare between runs.
    The files were just written, so they are in the page cache: the numbers measure parsing, not the disk.
    IISLT_BENCH_BASELINE names an older built module folder to measure in the same rounds (build.ps1 -Task Bench sets it to
    its build of commit 030b924, the version before issue #18's scanner).
#>
param(
    [Parameter(Mandatory)][string] $ModuleFolder,
    [string] $EmulatorFolder,
    [Parameter(Mandatory)][string] $WorkDir,
    [Parameter(Mandatory)][string] $ResultFile,
    [long] $TotalBytes = 1GB,
    [int] $SprayAccounts = 1000000,
    [int] $Rounds = 3
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force

# --- Prerequisites: mawk (the reference) and GNU time (peak memory of mawk and cat), installed like build.ps1 does.
$needed = @{ 'mawk' = '/usr/bin/mawk'; 'time' = '/usr/bin/time' }
$missing = @($needed.Keys | Where-Object { -not (Test-Path $needed[$_]) } | Sort-Object)
if ($missing.Count -gt 0) {
    Write-Host "== Installing Debian packages: $($missing -join ' ')"
    $useSudo = (& id -u) -ne '0'
    $env:DEBIAN_FRONTEND = 'noninteractive'
    foreach ($aptArgs in @(@('update', '-qq'), (@('install', '-y', '-qq', '--no-install-recommends') + $missing))) {
        if ($useSudo) { & sudo apt-get @aptArgs } else { & apt-get @aptArgs }
        if ($LASTEXITCODE -ne 0) { throw "apt-get $($aptArgs -join ' ') failed; install $($missing -join ' ') by hand." }
    }
}

$logDir = Join-Path $WorkDir 'logs'
$sprayDir = Join-Path $WorkDir 'spray'
foreach ($d in $logDir, $sprayDir) {
    if (Test-Path $d) { Remove-Item $d -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $d -Force
}

# --- Generate the 1 GB set: a 40-line block per field order (2 failures = 5 %, 2 anonymous challenges, 36 successes),
#     repeated with a new minute per block; each file holds two #Fields headers with different orders and its own date.
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
$expectedAlice = $files.Count * 2 * $blocksPerChunk    # two chunks per file, one alice line per block

# --- Generate the spray set with mawk: every failure a different account (CONTOSO\s0000000 ...) from three addresses,
#     one success after every third failure, 8 files; IIS's default field order.
$sprayFields = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken'
$sprayGen = @'
BEGIN {
    per = int((n + files - 1) / files)
    for (f = 0; f < files; f++) {
        out = sprintf("%s/u_ex2602%02d.log", dir, f + 1)
        printf "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2026-02-%02d 00:00:00\r\n#Fields: %s\r\n", f + 1, fields > out
        for (i = f * per; i < (f + 1) * per && i < n; i++) {
            t = sprintf("2026-02-%02d %02d:%02d:%02d", f + 1, int(i / 3600) % 24, int(i / 60) % 60, i % 60)
            printf "%s 10.0.0.1 POST /owa/auth.owa - 443 CONTOSO\\s%07d 203.0.113.%d Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - 401 1 1326 15\r\n", t, i, i % 3 + 7 > out
            if (i % 3 == 2) printf "%s 10.0.0.1 GET /owa/ - 443 CONTOSO\\user%d 10.1.0.%d Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - 200 0 0 31\r\n", t, i % 50, i % 200 > out
        }
        close(out)
    }
}
'@
$sw = [Diagnostics.Stopwatch]::StartNew()
& mawk -v n=$SprayAccounts -v files=8 -v "dir=$sprayDir" -v "fields=$sprayFields" $sprayGen
if ($LASTEXITCODE -ne 0) { throw 'mawk could not generate the spray set.' }
$sprayFiles = @(Get-ChildItem $sprayDir -Filter '*.log' | Sort-Object Name | ForEach-Object FullName)
$generate.Stop()
$fullBytes = ($files | ForEach-Object { (Get-Item -LiteralPath $_).Length } | Measure-Object -Sum).Sum
$sprayBytes = ($sprayFiles | ForEach-Object { (Get-Item -LiteralPath $_).Length } | Measure-Object -Sum).Sum
Write-Host ("Generated {0} files, {1:N0} MB, and a spray set of {2} files, {3:N0} MB, in {4:N1} s" -f $files.Count, ($fullBytes / 1MB), $sprayFiles.Count, ($sprayBytes / 1MB), $generate.Elapsed.TotalSeconds)
if (Get-Command sync -CommandType Application -ErrorAction SilentlyContinue) { & sync }

# --- The same aggregation in mawk: honours every #Fields header, selects 401.1 with a user name, groups by the
#     account (case-insensitive, as IIS and Windows compare names) and sc-win32-status; count, first and last time.
$awkScript = Join-Path $WorkDir 'aggregate.awk'
Set-Content -LiteralPath $awkScript -Encoding ascii -Value @'
BEGIN { RS = "\r?\n" }
/^#/ {
    if (substr($0, 1, 8) == "#Fields:") {
        split("", ix); for (i = 2; i <= NF; i++) ix[$i] = i - 1
        st = ("sc-status" in ix) ? ix["sc-status"] : 0; ss = ("sc-substatus" in ix) ? ix["sc-substatus"] : 0
        us = ("cs-username" in ix) ? ix["cs-username"] : 0; wc = ("sc-win32-status" in ix) ? ix["sc-win32-status"] : 0
        dt = ("date" in ix) ? ix["date"] : 0; tm = ("time" in ix) ? ix["time"] : 0; nf = NF - 1
    }
    next
}
st && NF == nf && $st == "401" && $ss == "1" && $us != "-" {
    k = tolower($us) SUBSEP $wc; n[k]++; t = $dt " " $tm
    if (!(k in first) || t < first[k]) first[k] = t
    if (t > last[k]) last[k] = t
}
END { for (k in n) { split(k, p, SUBSEP); print p[1] "\t" p[2] "\t" n[k] "\t" first[k] "\t" last[k] } }
'@

# The VM reclaims page cache it thinks cold (DAMON), so every contender first reads its files once, untimed:
# the timed run then measures parsing, not the disk.
function Read-Files([string[]] $Paths) {
    $logs = @($Paths | Where-Object { $_ -like '*.log' })
    if ($logs.Count -gt 0) { & cat @logs > /dev/null }
}

function Invoke-Timed([string] $Name, [string] $Command, [string[]] $Arguments, [string] $OutFile) {
    # GNU time runs the command and writes its peak RSS (KiB) to a file; the Stopwatch gives the wall time. The shell
    # sends the output to the file: a PowerShell redirection would pass every byte through this process (cat's 1 GB
    # included), which measured PowerShell's pipe instead of the command.
    $peakFile = Join-Path $WorkDir "$Name.peak"
    Read-Files $Arguments
    $sw = [Diagnostics.Stopwatch]::StartNew()
    & /usr/bin/time -f '%M %U %S' -o $peakFile /bin/sh -c 'out=$1; shift; exec "$@" > "$out"' sh $OutFile $Command @Arguments
    $sw.Stop()
    if ($LASTEXITCODE -ne 0) { throw "$Name failed with exit code $LASTEXITCODE." }
    $m = (Get-Content $peakFile | Select-Object -Last 1).Trim() -split ' '
    [pscustomobject]@{ Seconds = $sw.Elapsed.TotalSeconds; PeakMB = [math]::Round([long]$m[0] / 1KB, 1); CpuSeconds = [double]$m[1] + [double]$m[2] }
}

# A module in a child pwsh: prints one JSON line {Seconds, CpuSeconds, PeakMB, Groups, SprayAccounts}. Groups go to a
# TSV file in mawk's shape when one is named. -TimingOnly (the version before #18, whose spray returns a million objects)
# skips counting the results, which would take longer than the scan.
$pwsh = Get-PwshInvocation
function Invoke-Module([string] $Name, [string] $Folder, [string[]] $Paths, [string] $GroupsFile, [switch] $TimingOnly) {
    $listFile = Join-Path $WorkDir "$Name.files.txt"
    Set-Content -LiteralPath $listFile -Value $Paths -Encoding utf8
    $child = Join-Path $WorkDir "$Name.child.ps1"
    $count = if ($TimingOnly) { '$groups = @(); $spray = @()' } else {
        '$spray = @($result | Where-Object { $_.PSObject.Properties[''Accounts''] }); $groups = @($result | Where-Object { $_.PSObject.Properties[''Win32Status''] })' }
    Set-Content -LiteralPath $child -Encoding utf8 -Value @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$Folder'
`$paths = @(Get-Content -LiteralPath '$listFile')
# Warm-up on the first 200 lines: JIT and module start-up stay out of the timing, and out of the peak memory.
`$warm = Join-Path '$WorkDir' 'warm-up.log'
Get-Content -LiteralPath `$paths[0] -TotalCount 200 | Set-Content -LiteralPath `$warm
`$null = Get-IisLogonFailure -LiteralPath `$warm -WarningAction SilentlyContinue
`$process = [Diagnostics.Process]::GetCurrentProcess(); `$cpu = `$process.TotalProcessorTime
`$sw = [Diagnostics.Stopwatch]::StartNew()
`$result = @(Get-IisLogonFailure -LiteralPath `$paths -WarningAction SilentlyContinue)
`$sw.Stop(); `$process.Refresh(); `$cpuSeconds = (`$process.TotalProcessorTime - `$cpu).TotalSeconds
`$peak = if (Test-Path /proc/self/status) { [long]((Get-Content /proc/self/status | Where-Object { `$_ -like 'VmHWM:*' }) -replace '\D', '') * 1KB } else { [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 }
$count
if ('$GroupsFile') {
    `$rows = foreach (`$g in `$groups) { '{0}`t{1}`t{2}`t{3:yyyy-MM-dd HH:mm:ss}`t{4:yyyy-MM-dd HH:mm:ss}' -f `$g.Identity.ToLowerInvariant(), `$g.Win32Status, `$g.Count, `$g.FirstSeen, `$g.LastSeen }
    [IO.File]::WriteAllLines('$GroupsFile', [string[]]@(`$rows | Sort-Object))
}
[ordered]@{ Seconds = `$sw.Elapsed.TotalSeconds; CpuSeconds = `$cpuSeconds; PeakMB = [math]::Round(`$peak / 1MB, 1); Groups = `$groups.Count; SprayAccounts = if (`$spray) { `$spray[0].Accounts } else { 0 } } | ConvertTo-Json -Compress
"@
    Read-Files $Paths
    (Invoke-ChildPwsh -File $child).Result
}

$baseline = $env:IISLT_BENCH_BASELINE
$mawkGroups = Join-Path $WorkDir 'mawk-groups.tsv'
$moduleGroups = Join-Path $WorkDir 'module-groups.tsv'
$samples = @{ module = @(); mawk = @(); cat = @(); baseline = @(); sprayModule = @(); sprayMawk = @(); sprayCat = @(); sprayBaseline = @() }
$load = @()
for ($round = 0; $round -lt $Rounds; $round++) {
    $load += (Get-Content /proc/loadavg -Raw).Split(' ')[0]
    $samples.cat += Invoke-Timed 'cat' 'cat' $files '/dev/null'
    $samples.mawk += Invoke-Timed 'mawk' 'mawk' (@('-f', $awkScript) + $files) $mawkGroups
    $samples.module += Invoke-Module 'module' $ModuleFolder $files $moduleGroups
    if ($baseline) { $samples.baseline += Invoke-Module 'baseline' $baseline $files '' -TimingOnly }
    $samples.sprayCat += Invoke-Timed 'spray-cat' 'cat' $sprayFiles '/dev/null'
    $samples.sprayMawk += Invoke-Timed 'spray-mawk' 'mawk' (@('-f', $awkScript) + $sprayFiles) (Join-Path $WorkDir 'spray-mawk.tsv')
    $samples.sprayModule += Invoke-Module 'spray-module' $ModuleFolder $sprayFiles ''
    if ($baseline) { $samples.sprayBaseline += Invoke-Module 'spray-baseline' $baseline $sprayFiles '' -TimingOnly }
    Write-Host ("round {0}: cat {1:N2} s, mawk {2:N2} s, module {3:N2} s{4}; spray: cat {5:N2} s, mawk {6:N2} s, module {7:N2} s ({8} MB peak)" -f $round,
        $samples.cat[-1].Seconds, $samples.mawk[-1].Seconds, $samples.module[-1].Seconds,
        $(if ($baseline) { ', baseline {0:N2} s' -f $samples.baseline[-1].Seconds } else { '' }),
        $samples.sprayCat[-1].Seconds, $samples.sprayMawk[-1].Seconds, $samples.sprayModule[-1].Seconds, $samples.sprayModule[-1].PeakMB)
}
$load += (Get-Content /proc/loadavg -Raw).Split(' ')[0]

function Med([object[]] $S, [string] $P = 'Seconds') { Get-Median -Values @($S | ForEach-Object { [double]$_.$P }) }
function Spread([object[]] $S) { Format-Spread -Values @($S | ForEach-Object { [double]$_.Seconds }) -Unit 's' }
$mb = $fullBytes / 1MB
$sprayMb = $sprayBytes / 1MB
$tModule = Med $samples.module; $tMawk = Med $samples.mawk; $tCat = Med $samples.cat
$tSprayModule = Med $samples.sprayModule; $tSprayMawk = Med $samples.sprayMawk; $tSprayCat = Med $samples.sprayCat
$sprayPeak = [double](($samples.sprayModule | Measure-Object PeakMB -Maximum).Maximum)
$sameGroups = ((Get-Content $mawkGroups | Sort-Object) -join "`n") -ceq ((Get-Content $moduleGroups) -join "`n")
$groupCount = @(Get-Content $moduleGroups).Count
$sprayGroupsMawk = @(Get-Content (Join-Path $WorkDir 'spray-mawk.tsv')).Count
$sprayReported = [long]$samples.sprayModule[-1].SprayAccounts
$sprayListed = [long]$samples.sprayModule[-1].Groups
$context = "$Rounds interleaved rounds, medians; load average during the rounds $($load -join ', ') on $([Environment]::ProcessorCount) cores"

$bench = 'Get-IisLogonFailure'
$rows = [Collections.Generic.List[object]]::new()
$rows.Add((New-BenchRow $bench 'Throughput, 1 GB log set' ([math]::Round($mb / $tModule, 0)) 'MB/s' -Notes "$($files.Count) files, $([math]::Round($mb)) MB, 3 field orders, two #Fields headers per file, 5 % 401.1 failures; page-cached; $(Spread $samples.module); $context"))
$rows.Add((New-BenchRow 'mawk (same aggregation)' 'Throughput, 1 GB log set' ([math]::Round($mb / $tMawk, 0)) 'MB/s' -Notes "$(& mawk -W version 2>&1 | ForEach-Object { "$_" } | Where-Object { $_ -match '^mawk \d' } | Select-Object -First 1): every #Fields header, 401.1, named accounts, grouped by lower-cased account and code with count, first and last time; $(Spread $samples.mawk)"))
$rows.Add((New-BenchRow 'cat to /dev/null' 'Throughput, 1 GB log set' ([math]::Round($mb / $tCat, 0)) 'MB/s' -Notes "reading the same bytes; $(Spread $samples.cat)"))
$rows.Add((New-BenchRow $bench 'Speed over mawk, 1 GB' ([math]::Round($tMawk / $tModule, 2)) 'x' '>= 3' (($tMawk / $tModule) -ge 3) 'mawk time / module time, same rounds'))
$cpuModule = Med $samples.module CpuSeconds; $cpuMawk = Med $samples.mawk CpuSeconds
$rows.Add((New-BenchRow $bench 'CPU time, 1 GB' ([math]::Round($cpuModule, 2)) 's' -Notes "user + system CPU seconds of the scan (all threads); mawk $([math]::Round($cpuMawk, 2)) s, cat $([math]::Round((Med $samples.cat CpuSeconds), 2)) s: less sensitive to other load than wall time"))
$rows.Add((New-BenchRow $bench 'CPU time over mawk, 1 GB' ([math]::Round($cpuModule / $cpuMawk, 2)) 'x' -Notes 'module CPU seconds / mawk CPU seconds; below 1 means less work, whatever the parallelism'))
$rows.Add((New-BenchRow $bench 'Time over cat, 1 GB' ([math]::Round($tModule / $tCat, 2)) 'x' -Notes 'module time / cat time: how far the scan is from reading the bytes'))
$rows.Add((New-BenchRow $bench 'Groups identical to mawk''s, 1 GB' $groupCount 'groups' "= mawk's" $sameGroups 'account (lower-cased), code, count, first and last time, compared line by line'))
if ($baseline) {
    $tBase = Med $samples.baseline
    $rows.Add((New-BenchRow 'Get-IisLogonFailure before #18' 'Throughput, 1 GB log set' ([math]::Round($mb / $tBase, 0)) 'MB/s' -Notes "the module built from $baseline, measured in the same rounds; $(Spread $samples.baseline); peak $(Med $samples.baseline PeakMB) MB"))
    $rows.Add((New-BenchRow $bench 'Scan time / time before #18, 1 GB' ([math]::Round($tModule / $tBase, 2)) 'x' '<= 0.33' (($tModule / $tBase) -le 1 / 3) 'wall time, same rounds'))
    $rows.Add((New-BenchRow $bench 'CPU time / CPU time before #18, 1 GB' ([math]::Round($cpuModule / (Med $samples.baseline CpuSeconds), 2)) 'x' -Notes "CPU seconds, same rounds: before #18 $([math]::Round((Med $samples.baseline CpuSeconds), 2)) s"))
    $rows.Add((New-BenchRow 'Get-IisLogonFailure before #18' "Spray, $SprayAccounts accounts: time" ([math]::Round((Med $samples.sprayBaseline), 2)) 's' -Notes "$(Spread $samples.sprayBaseline); peak $(Med $samples.sprayBaseline PeakMB) MiB; one result per account"))
}
$rows.Add((New-BenchRow $bench 'Peak memory, 1 GB' (Med $samples.module PeakMB) 'MiB' -Notes 'VmHWM of the whole measuring pwsh (engine and module included)'))
$rows.Add((New-BenchRow $bench 'Correct count, CONTOSO\alice 1385' ([long](@(Get-Content $moduleGroups | Where-Object { $_ -like "contoso\alice`t1385`t*" }) -split "`t")[2]) 'lines' "$expectedAlice" $null 'the 1 GB scan finds exactly the generated failures'))
$rows[-1].Met = ($rows[-1].Value -eq $expectedAlice)
$rows.Add((New-BenchRow $bench "Spray, $SprayAccounts accounts: time" ([math]::Round($tSprayModule, 2)) 's' -Notes "$($sprayFiles.Count) files, $([math]::Round($sprayMb)) MB, $([math]::Round($sprayMb / $tSprayModule)) MB/s; $(Spread $samples.sprayModule); reported as one spray summary of $sprayReported accounts plus the $sprayListed busiest"))
$rows.Add((New-BenchRow $bench "Spray, $SprayAccounts accounts: peak memory" $sprayPeak 'MiB' '<= 400' ($sprayPeak -le 400) 'highest VmHWM of the measuring pwsh over the rounds (engine and module included)'))
$rows.Add((New-BenchRow 'mawk (same aggregation)' "Spray, $SprayAccounts accounts: time" ([math]::Round($tSprayMawk, 2)) 's' -Notes "$(Spread $samples.sprayMawk); peak $(Med $samples.sprayMawk PeakMB) MiB; $sprayGroupsMawk groups"))
$rows.Add((New-BenchRow 'cat to /dev/null' "Spray, $SprayAccounts accounts: time" ([math]::Round($tSprayCat, 2)) 's' -Notes (Spread $samples.sprayCat)))
$rows.Add((New-BenchRow $bench 'Spray CPU time / mawk CPU time' ([math]::Round((Med $samples.sprayModule CpuSeconds) / (Med $samples.sprayMawk CpuSeconds), 2)) 'x' -Notes "module $([math]::Round((Med $samples.sprayModule CpuSeconds), 2)) s, mawk $([math]::Round((Med $samples.sprayMawk CpuSeconds), 2)) s"))
$rows.Add((New-BenchRow $bench 'Spray time / mawk time' ([math]::Round($tSprayModule / $tSprayMawk, 2)) 'x' '<= 2' (($tSprayModule / $tSprayMawk) -le 2) 'same rounds'))
$rows.Add((New-BenchRow $bench 'Spray accounts in the summary' $sprayReported 'accounts' "$SprayAccounts" ($sprayReported -eq $SprayAccounts) "mawk's group count: $sprayGroupsMawk"))

$rows | ConvertTo-Json -Depth 3 -AsArray | Set-Content -LiteralPath $ResultFile -Encoding utf8
$rows | Format-Table Benchmark, Metric, Value, Unit, Target, Met -AutoSize | Out-Host
Remove-Item $logDir, $sprayDir -Recurse -Force

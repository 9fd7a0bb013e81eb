<#
.SYNOPSIS
    Runs one Pester file in this (fresh) process and writes its counts as JSON for build.ps1.
.NOTES
    Pester's own exit code wraps modulo 256, so the counts travel in a file instead.
    Windows PowerShell 5.1 (x64 and x86) runs this file on the Windows CI legs: 5.1 syntax only.
    The JSON holds every count (passed, failed, skipped, not run, inconclusive), how many RealWindows-tagged tests
    really ran, and which host ran them, so build.ps1 can check that a leg ran where it claims to.
#>
param(
    [Parameter(Mandatory)][string] $Path,
    [Parameter(Mandatory)][string] $ResultFile,
    [Parameter(Mandatory)][string] $PesterPath,
    # Windows CI leaves out the suites that need the Linux emulator.
    [string[]] $ExcludeTag = @(),
    # Optional NUnit XML report of the same run (kept as a CI artifact).
    [string] $TestResultPath
)
$ErrorActionPreference = 'Stop'
# 'powershell -File' passes an array as one comma-separated string.
$ExcludeTag = @($ExcludeTag | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
Import-Module $PesterPath -Force
$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
if ($ExcludeTag) { $config.Filter.ExcludeTag = $ExcludeTag }
$config.Output.Verbosity = 'Normal'
$config.Output.RenderMode = 'Plaintext'
$run = Invoke-Pester -Configuration $config
if ($null -eq $run) {
    # No result object at all: count it as a failure rather than as an empty, green run.
    Write-Host "[-] Invoke-Pester returned no result for $Path" -ForegroundColor Red
    [ordered]@{ Passed = 0; Failed = 1; Skipped = 0; NotRun = 0; Inconclusive = 0; RealWindowsRan = 0 } | ConvertTo-Json | Set-Content -Path $ResultFile -Encoding utf8
    exit 1
}
if ($TestResultPath) {
    # The XML report is a convenience for CI artifacts; a test name it cannot encode (a NUL, say) must not cost the
    # counts, so it is written after the run and its failure is only reported.
    try { Export-NUnitReport -Result $run -Path $TestResultPath }
    catch { Write-Host "[!] No NUnit report for ${Path}: $($_.Exception.Message)" }
}
# A container that failed to run (syntax error, BeforeAll throw) counts as a failure even with no test counted.
$failed = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount

function Get-InheritedTag($Test) {
    # Pester keeps a test's own tags on the test and a Describe's tags on the block: a tag applies when any has it.
    $tags = @($Test.Tag)
    $block = $Test.Block
    while ($null -ne $block) {
        $tags += @($block.Tag)
        $block = $block.Parent
    }
    return @($tags | Where-Object { $_ })
}

# RealWindows tests that really ran (passed or failed): the Windows legs assert a minimum of these, so a suite that
# silently skips does not pass as green.
$realWindowsRan = 0
$realWindowsPassed = 0
foreach ($t in $run.Tests) {
    if ((Get-InheritedTag $t) -notcontains 'RealWindows') { continue }
    if ($t.Result -eq 'Passed') { $realWindowsRan++; $realWindowsPassed++ }
    elseif ($t.Result -eq 'Failed') { $realWindowsRan++ }
}

# Central leak check: whatever the suite did, no LSA buffer, policy/AuthZ handle or token may still be open in this
# process. The suites also check after each test (and misuse counters there); this catches what they miss.
if ('WinEmu.Emulator' -as [type]) {
    $stats = [WinEmu.Emulator]::StatsJson() | ConvertFrom-Json
    $open = @($stats.outstanding.PSObject.Properties | Where-Object { [int]$_.Value -ne 0 } | ForEach-Object { "$($_.Name)=$($_.Value)" })
    if ($open.Count -gt 0) {
        Write-Host "[-] Leak check: still open after the suite: $($open -join ', ')" -ForegroundColor Red
        $failed++
    } else {
        Write-Host '[+] Leak check: no LSA buffer, handle or token left open by the suite'
    }
}

$passed = $run.PassedCount
if ($run.TotalCount -eq 0 -and $failed -eq 0 -and -not $ExcludeTag) {
    # A file that ran no test is a broken file, not a pass.
    Write-Host "[-] $Path ran no test" -ForegroundColor Red
    $failed = 1
}
$isDesktop = $PSVersionTable.PSEdition -eq 'Desktop' -or -not $PSVersionTable.PSEdition
[ordered]@{
    Passed            = $passed
    Failed            = $failed
    Skipped           = $run.SkippedCount
    NotRun            = $run.NotRunCount
    Inconclusive      = $run.InconclusiveCount
    RealWindowsRan    = $realWindowsRan
    RealWindowsPassed = $realWindowsPassed
    PSVersion         = $PSVersionTable.PSVersion.ToString()
    PSEdition         = $(if ($isDesktop) { 'Desktop' } else { 'Core' })
    Is64BitProcess    = [Environment]::Is64BitProcess
} | ConvertTo-Json | Set-Content -Path $ResultFile -Encoding utf8

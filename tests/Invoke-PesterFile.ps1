<#
.SYNOPSIS
    Runs one Pester file in this (fresh) process and writes its counts as JSON for build.ps1.
.NOTES
    Pester's own exit code wraps modulo 256, so the counts travel in a file instead.
#>
param(
    [Parameter(Mandatory)][string] $Path,
    [Parameter(Mandatory)][string] $ResultFile,
    [Parameter(Mandatory)][string] $PesterPath,
    # Windows CI leaves out the suites that need the Linux emulator.
    [string[]] $ExcludeTag = @()
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
# A container that failed to run (syntax error, BeforeAll throw) counts as a failure even with no test counted.
$failed = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount

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
[ordered]@{ Passed = $run.PassedCount; Failed = $failed; Skipped = $run.SkippedCount; NotRun = $run.NotRunCount } |
    ConvertTo-Json | Set-Content -Path $ResultFile -Encoding utf8
if ($run.TotalCount -eq 0 -and $failed -eq 0 -and -not $ExcludeTag) {
    # A file that ran no test is a broken file, not a pass.
    [ordered]@{ Passed = 0; Failed = 1; Skipped = 0; NotRun = 0 } | ConvertTo-Json | Set-Content -Path $ResultFile -Encoding utf8
}

<#
.SYNOPSIS
    Runs one Pester file in this (fresh) process and writes its counts as JSON for build.ps1.
.NOTES
    Pester's own exit code wraps modulo 256, so the counts travel in a file instead.
#>
param(
    [Parameter(Mandatory)][string] $Path,
    [Parameter(Mandatory)][string] $ResultFile,
    [Parameter(Mandatory)][string] $PesterPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.Output.RenderMode = 'Plaintext'
$run = Invoke-Pester -Configuration $config
# A container that failed to run (syntax error, BeforeAll throw) counts as a failure even with no test counted.
$failed = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount
[ordered]@{ Passed = $run.PassedCount; Failed = $failed; Skipped = $run.SkippedCount; NotRun = $run.NotRunCount } |
    ConvertTo-Json | Set-Content -Path $ResultFile -Encoding utf8
if ($run.TotalCount -eq 0 -and $failed -eq 0) {
    # A file that ran no test is a broken file, not a pass.
    [ordered]@{ Passed = 0; Failed = 1; Skipped = 0; NotRun = 0 } | ConvertTo-Json | Set-Content -Path $ResultFile -Encoding utf8
}

<#
.SYNOPSIS
    Sets up (Install) or tears down (Remove) the IIS test site of the Windows CI legs. build.ps1 -Task PrepareIis and
    -Task RemoveIis run it in Windows PowerShell 5.1 x64, where ServerManager (Install-WindowsFeature) is native.
.PARAMETER PlanOnly
    Change nothing: print the steps that would run. The Linux test run uses it, so every line of the set-up and
    teardown code runs (and a typo fails) before a Windows runner sees it.
#>
param(
    [Parameter(Mandatory = $true)][ValidateSet('Install', 'Remove')][string] $Action,
    [Parameter(Mandatory = $true)][string] $WorkDirectory,
    [Parameter(Mandatory = $true)][string] $SiteFile,
    [switch] $PlanOnly
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot 'IisTestSite.psm1') -Force
if ($PlanOnly) { Start-IisTestPlan }
try {
    if ($Action -eq 'Install') {
        $site = Install-IisTestSite -WorkDirectory $WorkDirectory -SiteFile $SiteFile
        Write-Host "IIS test site: $($site.SiteName) (id $($site.SiteId)) at $($site.Url), W3C logs in $($site.SiteLogDirectory)"
    } else {
        Uninstall-IisTestSite
    }
} finally {
    if ($PlanOnly) {
        $steps = Stop-IisTestPlan
        foreach ($s in $steps) { Write-Host "[plan] $s" }
        if ($steps.Count -eq 0) { throw "The $Action plan has no steps." }
    }
}

#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests, packages and benchmarks IisLogonTools.

.DESCRIPTION
    Plain PowerShell, no build framework. Every task fails loudly: the script exits non-zero when any step fails.

    Build    Compiles the module and assembles a self-contained module folder in out/IisLogonTools/<version>/, and the
             DSC resource module in out/IisLogonToolsDsc/<version>/.
    Demo     Build, then run the KB Q247593 walkthrough (Test-IisLogon -> Get-LogonLocallyRight ->
             Grant-LogonLocallyRight -> Test-IisLogon) against the Windows security emulator.
    Test     Build, then every test suite (xunit, Pester) in fresh processes against the built folder, and the
             package round trip,
             ending with one line 'Tests: N passed, N failed'.
    Bench    Build, then every tests/bench/*.Bench.ps1 against the built module and the emulator; prints one table
             and writes it as JSON and markdown to out/bench/ (results.json, results.md).
    UpdateHelp  Compile, then create help pages for new cmdlets and refresh every page's syntax and parameter
             metadata from the cmdlets, keeping the prose (like PlatyPS Update-MarkdownHelp).
    Package  Build, then Publish-PSResource to a local folder repository, Save-PSResource it back and import
             the saved copy in a fresh pwsh; the same for IisLogonToolsDsc, which installs beside IisLogonTools.
    FleetWindows  Build and Package, then tests/fleet (Invoke-DscResource on PowerShell 7 and the 5.1 LCM, the JEA
             endpoint used by a non-admin user). Windows CI runs it for real; elsewhere the Windows-only tests skip.
    Clean    Removes out/ and every bin/ and obj/ folder.

.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Demo', 'Test', 'Package', 'Bench', 'UpdateHelp', 'Clean', 'FleetWindows')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$env:NO_COLOR = '1'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

$Root = $PSScriptRoot
$OutRoot = Join-Path $Root 'out'
$Manifest = Import-PowerShellDataFile (Join-Path $Root 'IisLogonTools.psd1')
$Version = $Manifest.ModuleVersion
# Import-Module takes the module folder (out/IisLogonTools) and finds the version folder inside it.
$ModuleFolder = Join-Path $OutRoot 'IisLogonTools'
$ModuleDir = Join-Path $ModuleFolder $Version
$EmulatorDir = Join-Path $OutRoot 'emulator'
# The DSC resource module, built beside the main one with the same version (src/IisLogonToolsDsc).
$DscModuleFolder = Join-Path $OutRoot 'IisLogonToolsDsc'
$DscModuleDir = Join-Path $DscModuleFolder $Version
$TestResultsDir = Join-Path $OutRoot 'test-results'

function Invoke-Native {
    # Runs a native command and throws when it exits non-zero, so no failure goes unnoticed.
    param([Parameter(Mandatory)][string] $FilePath, [string[]] $ArgumentList = @())
    Write-Host "> $FilePath $($ArgumentList -join ' ')" -ForegroundColor DarkGray
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Get-PwshInvocation {
    # A fresh pwsh of the same version as this one: under 'dotnet pwsh' the host is dotnet + pwsh.dll.
    $hostPath = (Get-Process -Id $PID).Path
    if ([IO.Path]::GetFileNameWithoutExtension($hostPath) -eq 'dotnet') {
        return @{ FilePath = $hostPath; Prefix = @((Join-Path $PSHOME 'pwsh.dll'), '-NoLogo', '-NoProfile', '-NonInteractive') }
    }
    return @{ FilePath = $hostPath; Prefix = @('-NoLogo', '-NoProfile', '-NonInteractive') }
}

function Invoke-FreshPwsh {
    param([Parameter(Mandatory)][string[]] $ArgumentList, [switch] $AllowFailure)
    $pwsh = Get-PwshInvocation
    & $pwsh.FilePath @($pwsh.Prefix + $ArgumentList) | Out-Host
    $code = $LASTEXITCODE
    if (-not $AllowFailure -and $code -ne 0) { throw "pwsh $($ArgumentList -join ' ') failed with exit code $code." }
    return $code
}

function Get-NuGetPackageRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    return Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages'
}

function Invoke-Build {
    param([switch] $SkipHelp)
    Write-Host "== Build IisLogonTools $Version ($Configuration)" -ForegroundColor Cyan
    $project = Join-Path $Root 'src/IisLogonTools/IisLogonTools.csproj'
    $binOut = Join-Path $OutRoot "obj/module/$Configuration"
    Invoke-Native dotnet @('build', $project, '-c', $Configuration, "-p:Version=$Version", '-o', $binOut, '-nologo', '-v:q', '-clp:ErrorsOnly')

    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path (Join-Path $ModuleDir 'bin') -Force
    Copy-Item (Join-Path $Root 'IisLogonTools.psd1') $ModuleDir
    Copy-Item (Join-Path $Root 'LICENSE') $ModuleDir
    foreach ($file in 'IisLogonTools.dll', 'IisLogonTools.pdb', 'IisLogonTools.xml') {
        Copy-Item (Join-Path $binOut $file) (Join-Path $ModuleDir 'bin')
    }
    Get-ChildItem (Join-Path $Root 'src/IisLogonTools') -Filter '*.ps1xml' | Copy-Item -Destination $ModuleDir

    Copy-JeaFiles
    Test-BuiltManifest
    if (-not $SkipHelp) { Invoke-HelpBuild }
    Write-Host "Module folder: $ModuleDir"
    Invoke-DscModuleBuild
}

function Test-BuiltManifest {
    # Test-ModuleManifest plus the rule that the manifest exports exactly the cmdlets the assembly defines.
    $check = @'
param($Dir, $Folder)
$ErrorActionPreference = 'Stop'
$m = Test-ModuleManifest (Join-Path $Dir 'IisLogonTools.psd1')
$mod = Import-Module $Folder -PassThru
$declared = @((Import-PowerShellDataFile (Join-Path $Dir 'IisLogonTools.psd1')).CmdletsToExport | Sort-Object)
$actual = @(Get-Command -Module IisLogonTools | ForEach-Object Name | Sort-Object)
$inAssembly = @($mod.ImplementingAssembly.GetTypes() |
    Where-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
    ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" } |
    Sort-Object)
if (Compare-Object $declared $actual) { throw "CmdletsToExport ($($declared -join ', ')) differs from Get-Command -Module ($($actual -join ', '))." }
if (Compare-Object $declared $inAssembly) { throw "CmdletsToExport ($($declared -join ', ')) differs from the cmdlets in the assembly ($($inAssembly -join ', '))." }
"Manifest OK: $($m.Name) $($m.Version), cmdlets: $($actual -join ', ')"
'@
    $null = Invoke-FreshPwsh @('-Command', "& { $check } -Dir '$ModuleDir' -Folder '$ModuleFolder'")
}

function Invoke-HelpTool {
    # Our PlatyPS-schema help tool: 'build' (validate, check drift, write MAML and about topics) or 'update'.
    param([Parameter(Mandatory)][string] $Command, [string[]] $Arguments = @())
    $toolDir = Join-Path $OutRoot 'tools/HelpBuilder'
    Invoke-Native dotnet @('build', (Join-Path $Root 'src/IisLogonTools.HelpBuilder/IisLogonTools.HelpBuilder.csproj'), '-c', $Configuration, '-o', $toolDir, '-nologo', '-v:q', '-clp:ErrorsOnly')
    $metadata = Join-Path $OutRoot 'command-metadata.json'
    $null = Invoke-FreshPwsh @('-File', (Join-Path $Root 'src/IisLogonTools.HelpBuilder/Export-CommandMetadata.ps1'), '-ModulePath', (Join-Path $ModuleDir 'IisLogonTools.psd1'), '-OutFile', $metadata)
    Invoke-Native dotnet (@((Join-Path $toolDir 'IisLogonTools.HelpBuilder.dll'), $Command, '--source', (Join-Path $Root 'en-US'), '--metadata', $metadata, '--module', 'IisLogonTools') + $Arguments)
}

function Invoke-HelpBuild {
    # Fails the build when a page is malformed or disagrees with the cmdlets (run -Task UpdateHelp to sync).
    Write-Host '== Help: en-US markdown -> MAML and about topics' -ForegroundColor Cyan
    Invoke-HelpTool -Command 'build' -Arguments @('--out', (Join-Path $ModuleDir 'en-US'))
}

function Invoke-Clean {
    Write-Host '== Clean' -ForegroundColor Cyan
    if (Test-Path $OutRoot) { Remove-Item $OutRoot -Recurse -Force }
    Get-ChildItem $Root -Directory -Recurse -Include 'bin', 'obj' |
        Where-Object { $_.FullName -notmatch '[\\/]\.git[\\/]' } |
        Remove-Item -Recurse -Force
}

function Invoke-Package {
    Write-Host '== Package' -ForegroundColor Cyan
    $repoDir = Join-Path $OutRoot 'repo'
    $saveDir = Join-Path $OutRoot 'package-check'
    foreach ($d in $repoDir, $saveDir) {
        if (Test-Path $d) { Remove-Item $d -Recurse -Force }
        $null = New-Item -ItemType Directory -Path $d
    }
    $script = @'
param($ModuleDir, $RepoDir, $SaveDir, $Version)
$ErrorActionPreference = 'Stop'
$name = 'IisLogonToolsBuild' + [guid]::NewGuid().ToString('N').Substring(0, 8)
Register-PSResourceRepository -Name $name -Uri $RepoDir -Trusted
try {
    Publish-PSResource -Path $ModuleDir -Repository $name
    $pkg = Get-ChildItem $RepoDir -Filter '*.nupkg'
    "Published: $($pkg.Name) ($($pkg.Length) bytes)"
    Save-PSResource -Name IisLogonTools -Version $Version -Repository $name -Path $SaveDir -TrustRepository
} finally {
    Unregister-PSResourceRepository -Name $name
}
$saved = Join-Path $SaveDir "IisLogonTools"
$m = Import-Module $saved -PassThru
"Imported the saved package: $($m.Name) $($m.Version) from $($m.ModuleBase), $(@(Get-Command -Module IisLogonTools).Count) cmdlets"
if ($m.Version -ne [version]$Version) { throw "Imported version $($m.Version), expected $Version." }
'@
    $null = Invoke-FreshPwsh @('-Command', "& { $script } -ModuleDir '$ModuleDir' -RepoDir '$repoDir' -SaveDir '$saveDir' -Version '$Version'")
    $nupkg = Get-ChildItem $repoDir -Filter '*.nupkg' | Select-Object -First 1
    Write-Host "Package: $($nupkg.FullName)"
}

# ---- Past one server (issue 17): the DSC resource module, the JEA files, and the fleet checks on real Windows ----

function Copy-JeaFiles {
    # JEA finds role capabilities by name in <module path>/IisLogonTools/RoleCapabilities (an install without a version
    # folder, see about_IisLogonTools); the sample session configuration goes to Samples.
    foreach ($folder in 'RoleCapabilities', 'Samples') {
        $source = Join-Path $Root "src/IisLogonTools/$folder"
        $target = Join-Path $ModuleDir $folder
        $null = New-Item -ItemType Directory -Path $target -Force
        Get-ChildItem $source -File | Copy-Item -Destination $target
    }
}

function Invoke-DscModuleBuild {
    # out/IisLogonToolsDsc/<version>/: the manifest is written here from src/IisLogonToolsDsc/IisLogonToolsDsc.psd1
    # with IisLogonTools.psd1's version (the one version source), and RequiredModules pinned to that exact
    # IisLogonTools, so the two packages always install as a matching pair.
    Write-Host "== Build IisLogonToolsDsc $Version" -ForegroundColor Cyan
    $source = Join-Path $Root 'src/IisLogonToolsDsc'
    $data = Import-PowerShellDataFile (Join-Path $source 'IisLogonToolsDsc.psd1')
    if ($data.ContainsKey('ModuleVersion')) { throw "src/IisLogonToolsDsc/IisLogonToolsDsc.psd1 must not set ModuleVersion: the build takes it from IisLogonTools.psd1." }
    if (@($data.RequiredModules) -join ',' -ne 'IisLogonTools') { throw "src/IisLogonToolsDsc/IisLogonToolsDsc.psd1 must require exactly 'IisLogonTools' (the build pins its version)." }
    if (Test-Path $DscModuleDir) { Remove-Item $DscModuleDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $DscModuleDir -Force
    $psData = $data.PrivateData.PSData
    $manifest = @{
        Path                 = Join-Path $DscModuleDir 'IisLogonToolsDsc.psd1'
        ModuleVersion        = $Version
        RequiredModules      = @(@{ ModuleName = 'IisLogonTools'; RequiredVersion = $Version; GUID = $Manifest.GUID })
        Tags                 = $psData.Tags
        LicenseUri           = $psData.LicenseUri
        ProjectUri           = $psData.ProjectUri
        ReleaseNotes         = $psData.ReleaseNotes
    }
    foreach ($key in 'RootModule', 'GUID', 'Author', 'CompanyName', 'Copyright', 'Description', 'PowerShellVersion',
        'CompatiblePSEditions', 'DscResourcesToExport', 'CmdletsToExport', 'FunctionsToExport', 'VariablesToExport', 'AliasesToExport') {
        $manifest[$key] = $data[$key]
    }
    New-ModuleManifest @manifest
    Copy-Item (Join-Path $source 'IisLogonToolsDsc.psm1') $DscModuleDir
    Copy-Item (Join-Path $Root 'LICENSE') $DscModuleDir
    Test-DscModuleManifest
    Write-Host "Module folder: $DscModuleDir"
}

function Test-DscModuleManifest {
    # In a fresh pwsh with out/ on PSModulePath: the manifest is valid, RequiredModules resolves to the built
    # IisLogonTools, no command is exported, and DscResourcesToExport names exactly the [DscResource()] classes.
    $check = @'
param($Dir, $OutRoot, $Version)
$ErrorActionPreference = 'Stop'
$env:PSModulePath = $OutRoot + [IO.Path]::PathSeparator + $env:PSModulePath
$m = Test-ModuleManifest (Join-Path $Dir 'IisLogonToolsDsc.psd1')
if ($m.Version -ne [version]$Version) { throw "IisLogonToolsDsc manifest version $($m.Version), expected $Version." }
$mod = Import-Module (Join-Path $Dir 'IisLogonToolsDsc.psd1') -PassThru
$main = Get-Module IisLogonTools
if (-not $main -or $main.Version -ne [version]$Version) { throw "RequiredModules did not load IisLogonTools $Version." }
$commands = @(Get-Command -Module IisLogonToolsDsc)
if ($commands.Count -ne 0) { throw "IisLogonToolsDsc exports commands ($($commands.Name -join ', ')); a DSC resource module must export none." }
$classes = @(& $mod { [LogonRight] } | Where-Object { $_.GetCustomAttributes([System.Management.Automation.DscResourceAttribute], $false) } | ForEach-Object Name)
$declared = @((Import-PowerShellDataFile (Join-Path $Dir 'IisLogonToolsDsc.psd1')).DscResourcesToExport)
if (Compare-Object $declared $classes) { throw "DscResourcesToExport ($($declared -join ', ')) differs from the [DscResource()] classes ($($classes -join ', '))." }
"DSC manifest OK: $($m.Name) $($m.Version), requires IisLogonTools $($main.Version), resources: $($declared -join ', ')"
'@
    $null = Invoke-FreshPwsh @('-Command', "& { $check } -Dir '$DscModuleDir' -OutRoot '$OutRoot' -Version '$Version'")
}

function Invoke-DscPackage {
    # Publishes IisLogonToolsDsc to the local repository Invoke-Package filled, so its RequiredModules resolves from
    # there; saves it back (with its dependency) into a folder of its own and imports it from there in a fresh pwsh.
    Write-Host '== Package IisLogonToolsDsc' -ForegroundColor Cyan
    $repoDir = Join-Path $OutRoot 'repo'
    $saveDir = Join-Path $OutRoot 'package-check-dsc'
    if (Test-Path $saveDir) { Remove-Item $saveDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $saveDir
    $script = @'
param($ModuleDir, $RepoDir, $SaveDir, $Version)
$ErrorActionPreference = 'Stop'
$name = 'IisLogonToolsDsc' + [guid]::NewGuid().ToString('N').Substring(0, 8)
Register-PSResourceRepository -Name $name -Uri $RepoDir -Trusted
try {
    # Publish-PSResource runs Test-ModuleManifest, which needs RequiredModules installed: take IisLogonTools from the
    # same repository (published by Invoke-Package just before), not from the build output.
    $depDir = Join-Path ([IO.Path]::GetTempPath()) ('iislt-dep-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $depDir
    Save-PSResource -Name IisLogonTools -Version $Version -Repository $name -Path $depDir -TrustRepository
    $env:PSModulePath = $depDir + [IO.Path]::PathSeparator + $env:PSModulePath
    Publish-PSResource -Path $ModuleDir -Repository $name
    Remove-Item $depDir -Recurse -Force
    $found = Find-PSResource -Name IisLogonToolsDsc -Version $Version -Repository $name
    "Published: IisLogonToolsDsc $($found.Version), depends on $(@($found.Dependencies | ForEach-Object { "$($_.Name) $($_.VersionRange)" }) -join ', ')"
    Save-PSResource -Name IisLogonToolsDsc -Version $Version -Repository $name -Path $SaveDir -TrustRepository
} finally {
    Unregister-PSResourceRepository -Name $name
}
$saved = @(Get-ChildItem $SaveDir -Directory | ForEach-Object Name | Sort-Object)
if (($saved -join ',') -ne 'IisLogonTools,IisLogonToolsDsc') { throw "Save-PSResource IisLogonToolsDsc saved [$($saved -join ', ')], expected IisLogonTools and IisLogonToolsDsc side by side." }
# Only the saved folder: RequiredModules must resolve from what the package installed, not from out/.
$env:PSModulePath = $SaveDir
$m = Import-Module IisLogonToolsDsc -PassThru
$main = Get-Module IisLogonTools
if ($m.Version -ne [version]$Version -or $main.Version -ne [version]$Version) { throw "Imported IisLogonToolsDsc $($m.Version) with IisLogonTools $($main.Version), expected $Version for both." }
if (-not $main.ModuleBase.StartsWith($SaveDir)) { throw "IisLogonTools came from $($main.ModuleBase), not from the saved package." }
"Imported the saved packages side by side: IisLogonToolsDsc $($m.Version) (resources: $((Import-PowerShellDataFile (Join-Path $m.ModuleBase 'IisLogonToolsDsc.psd1')).DscResourcesToExport -join ', ')) and IisLogonTools $($main.Version) from $SaveDir"
'@
    $null = Invoke-FreshPwsh @('-Command', "& { $script } -ModuleDir '$DscModuleDir' -RepoDir '$repoDir' -SaveDir '$saveDir' -Version '$Version'")
    $nupkg = Get-ChildItem $repoDir -Filter 'IisLogonToolsDsc*.nupkg' | Select-Object -First 1
    if (-not $nupkg) { throw "No IisLogonToolsDsc .nupkg in $repoDir." }
    Write-Host "Package: $($nupkg.FullName)"
}

function Complete-FleetWindowsTask {
    param([Parameter(Mandatory)] $Result)
    $Result | Format-Table -AutoSize | Out-Host
    Write-Host "Tests: $($Result.Passed) passed, $($Result.Failed) failed"
    if ($Result.Failed -gt 0) { exit 1 }
}

function Invoke-FleetWindowsTest {
    # tests/fleet/FleetWindows.Tests.ps1: the DSC resource through Invoke-DscResource (PowerShell 7 with
    # PSDesiredStateConfiguration 2.0.x, and the Windows PowerShell 5.1 LCM) and the JEA endpoint used by a non-admin
    # user. The Windows CI step runs it for real; every other run does the parts that need no Windows (preparing the
    # endpoint's files from the shipped sample) and reports the Windows-only tests as skipped.
    $script:PesterPath = Join-Path (Get-NuGetPackageRoot) 'pester/6.2.0/tools/Pester.psd1'
    if (-not (Test-Path $script:PesterPath)) {
        Invoke-Native dotnet @('restore', (Join-Path $Root 'tests/IisLogonTools.Tests/IisLogonTools.Tests.csproj'), '-v:q', '-nologo')
    }
    $null = New-Item -ItemType Directory -Path $TestResultsDir -Force
    $env:IISLT_MODULE = $ModuleFolder
    $env:IISLT_DSC_MODULE = $DscModuleFolder
    $env:IISLT_ROOT = $Root
    return Invoke-PesterSuite -File (Get-Item (Join-Path $Root 'tests/fleet/FleetWindows.Tests.ps1'))
}

function Install-NativePrerequisites {
    # The emulator links Debian's cJSON; the layout test compiles the Windows SDK headers with mingw-w64.
    if (-not $IsLinux) { return }
    $packages = @{ 'libcjson-dev' = '/usr/include/cjson/cJSON.h'; 'gcc-mingw-w64-x86-64' = '/usr/bin/x86_64-w64-mingw32-gcc'; 'make' = '/usr/bin/make'; 'gcc' = '/usr/bin/gcc' }
    $missing = @($packages.Keys | Where-Object { -not (Test-Path $packages[$_]) } | Sort-Object)
    if ($missing.Count -eq 0) { return }
    Write-Host "== Installing Debian packages: $($missing -join ' ')" -ForegroundColor Cyan
    $useSudo = (& id -u) -ne '0'
    if ($useSudo -and -not (Get-Command sudo -ErrorAction SilentlyContinue)) {
        throw "Missing Debian packages ($($missing -join ' ')). Install them as root: apt-get install -y $($missing -join ' ')"
    }
    $env:DEBIAN_FRONTEND = 'noninteractive'
    foreach ($aptArgs in @(@('update', '-qq'), (@('install', '-y', '-qq', '--no-install-recommends') + $missing))) {
        if ($useSudo) { Invoke-Native sudo (@('apt-get') + $aptArgs) } else { Invoke-Native apt-get $aptArgs }
    }
}

function Invoke-EmulatorBuild {
    # The Windows security emulator (tests only, never shipped): advapi32/kernel32/authz/netapi32 .dll.so files
    # and the WinEmu.Client control assembly, side by side in out/emulator.
    Install-NativePrerequisites
    Write-Host '== Build the Windows security emulator' -ForegroundColor Cyan
    $null = New-Item -ItemType Directory -Path $EmulatorDir -Force
    Invoke-Native make @('-s', '-C', (Join-Path $Root 'tests/emulator'), "OUT=$EmulatorDir")
    Invoke-Native dotnet @('build', (Join-Path $Root 'tests/WinEmu.Client/WinEmu.Client.csproj'), '-c', $Configuration, '-o', $EmulatorDir, '-nologo', '-v:q', '-clp:ErrorsOnly')
    $env:IISLT_EMULATOR = $EmulatorDir
    $env:LD_LIBRARY_PATH = if ($env:LD_LIBRARY_PATH) { "$EmulatorDir$([IO.Path]::PathSeparator)$($env:LD_LIBRARY_PATH)" } else { $EmulatorDir }
}

function Invoke-Demo {
    Invoke-EmulatorBuild
    Write-Host '== KB Q247593 walkthrough' -ForegroundColor Cyan
    $demoDir = Join-Path $OutRoot 'demo'
    $null = New-Item -ItemType Directory -Path $demoDir -Force
    $env:WINEMU_STATE = Join-Path $demoDir 'machine.state.json'
    $env:WINEMU_LOG = Join-Path $demoDir 'emulator.log'
    $null = Invoke-FreshPwsh @('-File', (Join-Path $Root 'tests/walkthrough/Invoke-Q247593Walkthrough.ps1'), '-ModuleFolder', $ModuleFolder, '-EmulatorFolder', $EmulatorDir)
}

function Get-MachineDescription {
    $cpu = if ($IsLinux -and (Test-Path /proc/cpuinfo)) { ((Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -split ':', 2)[1].Trim() } else { $env:PROCESSOR_IDENTIFIER }
    $memGiB = if ($IsLinux -and (Test-Path /proc/meminfo)) { [math]::Round(([long]((Get-Content /proc/meminfo -TotalCount 1) -replace '\D', '')) / 1MB, 1) } else { $null }
    "$([Environment]::ProcessorCount) cores, $cpu, $memGiB GiB, $([Runtime.InteropServices.RuntimeInformation]::OSDescription), PowerShell $($PSVersionTable.PSVersion)"
}

function Invoke-Bench {
    # Each tests/bench/*.Bench.ps1 runs in a fresh pwsh and writes rows:
    # Benchmark, Metric, Value, Unit, Target, Met (true/false/null), Notes.
    Invoke-EmulatorBuild
    $benchDir = Join-Path $OutRoot 'bench'
    $null = New-Item -ItemType Directory -Path $benchDir -Force
    $rows = [System.Collections.Generic.List[object]]::new()
    foreach ($file in Get-ChildItem (Join-Path $Root 'tests/bench') -Filter '*.Bench.ps1' | Sort-Object Name) {
        Write-Host "== Bench: $($file.Name)" -ForegroundColor Cyan
        $work = Join-Path $benchDir $file.BaseName
        $null = New-Item -ItemType Directory -Path $work -Force
        $resultFile = Join-Path $work 'rows.json'
        $env:WINEMU_STATE = Join-Path $work 'machine.state.json'
        $env:WINEMU_LOG = $null
        $null = Invoke-FreshPwsh @('-File', $file.FullName, '-ModuleFolder', $ModuleFolder, '-EmulatorFolder', $EmulatorDir, '-WorkDir', $work, '-ResultFile', $resultFile)
        foreach ($r in @(Get-Content $resultFile -Raw | ConvertFrom-Json)) { $rows.Add($r) }
    }
    $machine = Get-MachineDescription
    $date = (Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm') + ' UTC'
    $rows | Format-Table Benchmark, Metric, Value, Unit, Target, Met -AutoSize -Wrap | Out-Host
    [ordered]@{ Date = $date; Machine = $machine; Version = $Version; Rows = $rows } | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $benchDir 'results.json') -Encoding utf8
    $md = [System.Text.StringBuilder]::new()
    $null = $md.AppendLine("# IisLogonTools benchmarks").AppendLine().AppendLine("$date, IisLogonTools $Version, $machine").AppendLine()
    $null = $md.AppendLine('| Benchmark | Metric | Value | Unit | Target | Met | Notes |').AppendLine('|---|---|---|---|---|---|---|')
    foreach ($r in $rows) {
        $met = if ($null -eq $r.Met) { '' } elseif ($r.Met) { 'yes' } else { 'no' }
        $null = $md.AppendLine("| $($r.Benchmark) | $($r.Metric) | $($r.Value) | $($r.Unit) | $($r.Target) | $met | $($r.Notes) |")
    }
    Set-Content (Join-Path $benchDir 'results.md') $md.ToString() -Encoding utf8
    Write-Host "Benchmark results: $(Join-Path $benchDir 'results.md')"
}

function Invoke-XunitSuite {
    param([Parameter(Mandatory)][string] $Project, [Parameter(Mandatory)][string] $Name)
    $trx = Join-Path $TestResultsDir "$Name.trx"
    if (Test-Path $trx) { Remove-Item $trx }
    Write-Host "== xunit: $Name" -ForegroundColor Cyan
    & dotnet test $Project -c $Configuration --nologo -v:q "--logger:trx;LogFileName=$trx" "--logger:console;verbosity=minimal" | Out-Host
    $exit = $LASTEXITCODE
    if (-not (Test-Path $trx)) { throw "xunit suite $Name produced no results (dotnet test exit code $exit)." }
    $counters = ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters
    $result = [pscustomobject]@{ Suite = $Name; Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout }
    if ($exit -ne 0 -and $result.Failed -eq 0) { $result.Failed = 1 }  # a build or host failure counts as a failure
    return $result
}

function Invoke-PesterSuite {
    param([Parameter(Mandatory)][System.IO.FileInfo] $File)
    Write-Host "== Pester: $($File.Name)" -ForegroundColor Cyan
    $resultFile = Join-Path $TestResultsDir "$($File.BaseName).json"
    if (Test-Path $resultFile) { Remove-Item $resultFile }
    # Each file runs in a fresh process with its own emulator state: a binary module cannot be unloaded.
    $env:WINEMU_STATE = Join-Path $TestResultsDir "$($File.BaseName).state.json"
    $env:WINEMU_LOG = Join-Path $TestResultsDir "$($File.BaseName).emulator.log"
    $null = Invoke-FreshPwsh -AllowFailure @('-File', (Join-Path $Root 'tests/Invoke-PesterFile.ps1'),
        '-Path', $File.FullName, '-ResultFile', $resultFile, '-PesterPath', $script:PesterPath)
    if (-not (Test-Path $resultFile)) {
        return [pscustomobject]@{ Suite = $File.Name; Passed = 0; Failed = 1 }
    }
    $r = Get-Content $resultFile -Raw | ConvertFrom-Json
    return [pscustomobject]@{ Suite = $File.Name; Passed = [int]$r.Passed; Failed = [int]$r.Failed }
}

function Invoke-Test {
    $null = New-Item -ItemType Directory -Path $TestResultsDir -Force
    $script:PesterPath = Join-Path (Get-NuGetPackageRoot) 'pester/6.2.0/tools/Pester.psd1'
    $results = [System.Collections.Generic.List[object]]::new()

    $results.Add((Invoke-XunitSuite -Project (Join-Path $Root 'tests/IisLogonTools.Tests/IisLogonTools.Tests.csproj') -Name 'IisLogonTools.Tests'))
    $results.Add((Invoke-XunitSuite -Project (Join-Path $Root 'tests/IisLogonTools.HelpBuilder.Tests/IisLogonTools.HelpBuilder.Tests.csproj') -Name 'IisLogonTools.HelpBuilder.Tests'))
    if ($IsLinux) {
        Invoke-EmulatorBuild
        $env:WINEMU_STATE = $null
        $results.Add((Invoke-XunitSuite -Project (Join-Path $Root 'tests/WinEmu.Tests/WinEmu.Tests.csproj') -Name 'WinEmu.Tests'))
    }
    if (-not (Test-Path $script:PesterPath)) { throw "Pester 6.2.0 was not restored to $($script:PesterPath)." }

    # The package round trip (publish, save, import) counts as one check.
    try { Invoke-Package; $results.Add([pscustomobject]@{ Suite = 'Package round trip'; Passed = 1; Failed = 0 }) }
    catch { Write-Host "Package round trip failed: $_" -ForegroundColor Red; $results.Add([pscustomobject]@{ Suite = 'Package round trip'; Passed = 0; Failed = 1 }) }
    try { Invoke-DscPackage; $results.Add([pscustomobject]@{ Suite = 'DSC package round trip'; Passed = 1; Failed = 0 }) }
    catch { Write-Host "DSC package round trip failed: $_" -ForegroundColor Red; $results.Add([pscustomobject]@{ Suite = 'DSC package round trip'; Passed = 0; Failed = 1 }) }

    $env:IISLT_MODULE = $ModuleFolder
    $env:IISLT_DSC_MODULE = $DscModuleFolder
    $env:IISLT_ROOT = $Root
    foreach ($file in Get-ChildItem (Join-Path $Root 'tests/pester') -Filter '*.Tests.ps1' | Sort-Object Name) {
        $results.Add((Invoke-PesterSuite -File $file))
    }
    $results.Add((Invoke-FleetWindowsTest))

    $results | Format-Table -AutoSize | Out-Host
    $passed = 0
    $failed = 0
    foreach ($r in $results) { $passed += [int]$r.Passed; $failed += [int]$r.Failed }
    Write-Host "Tests: $passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

try {
    foreach ($t in $Task) {
        switch ($t) {
            'Clean' { Invoke-Clean }
            'Build' { Invoke-Build }
            'Demo' { Invoke-Build; Invoke-Demo }
            'Bench' { Invoke-Build; Invoke-Bench }
            'Test' { Invoke-Build; Invoke-Test }
            'Package' { Invoke-Build; Invoke-Package; Invoke-DscPackage }
            'FleetWindows' { Invoke-Build; Invoke-Package; Invoke-DscPackage; Complete-FleetWindowsTask (Invoke-FleetWindowsTest) }
            'UpdateHelp' { Invoke-Build -SkipHelp; Invoke-HelpTool -Command 'update' }
        }
    }
} catch {
    Write-Host "build.ps1 -Task $($Task -join ',') failed: $_" -ForegroundColor Red
    Write-Host $_.ScriptStackTrace -ForegroundColor DarkGray
    exit 1
}

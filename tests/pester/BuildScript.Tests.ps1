# The build and CI machinery, checked in the Linux test run before a Windows runner sees it: the fresh-machine order
# of build.ps1 -Task Test, every build.ps1 call in the workflow bound to build.ps1's real parameters under -File,
# the shared test-run logic (build/TestRun.psm1), and the IIS set-up module the Windows legs use (tests/iis), which
# runs here in plan mode.
BeforeDiscovery {
    $root = if ($env:IISLT_ROOT) { $env:IISLT_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path }
    Import-Module (Join-Path $root 'build/TestRun.psm1') -Force
    $script:WorkflowError = $null
    $script:InvocationCases = @()
    try {
        if (-not $env:IISLT_NODE_MODULES) { throw 'IISLT_NODE_MODULES is not set: run this file through build.ps1 (it installs the node tools).' }
        $env:NODE_PATH = $env:IISLT_NODE_MODULES
        $json = & node (Join-Path $root 'build/workflow.cjs') read (Join-Path $root '.github/workflows/ci.yml')
        if ($LASTEXITCODE -ne 0) { throw "node build/workflow.cjs read failed with exit code $LASTEXITCODE." }
        $workflow = ConvertTo-Hashtable ($json -join "`n" | ConvertFrom-Json)
        $script:InvocationCases = @(Get-WorkflowBuildInvocation -Workflow $workflow | ForEach-Object {
                @{ Job = $_.Job; Step = $_.Step; Line = $_.Line; Arguments = $_.Arguments; Problem = $_.Problem }
            })
    } catch {
        $script:WorkflowError = $_.Exception.Message
    }
}

BeforeAll {
    $script:Root = if ($env:IISLT_ROOT) { $env:IISLT_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path }
    Import-Module (Join-Path $Root 'build/TestRun.psm1') -Force
    $script:BuildScript = Join-Path $Root 'build.ps1'
    $script:BuildAst = [System.Management.Automation.Language.Parser]::ParseFile($BuildScript, [ref]$null, [ref]$null)
    function Get-FunctionAst([string] $Name) {
        $BuildAst.Find({ param($a) $a -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $a.Name -eq $Name }, $true)
    }
    function Get-CalledCommand($Ast) {
        # Command names in call order.
        @($Ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] }, $true) |
                Sort-Object { $_.Extent.StartOffset } | ForEach-Object { $_.GetCommandName() } | Where-Object { $_ })
    }
    function Get-ReachableFunction([string[]] $Start) {
        # Every build.ps1 function reachable from the given ones through calls.
        $seen = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
        $queue = [System.Collections.Generic.Queue[string]]::new()
        foreach ($s in $Start) { $queue.Enqueue($s) }
        while ($queue.Count -gt 0) {
            $name = $queue.Dequeue()
            if (-not $seen.Add($name)) { continue }
            $f = Get-FunctionAst $name
            if ($f) { foreach ($c in Get-CalledCommand $f.Body) { $queue.Enqueue($c) } }
        }
        return , $seen
    }
    function Get-TaskClause([string] $Task) {
        # The commands one -Task value runs: its clause in build.ps1's task switch.
        $switch = $BuildAst.Find({ param($a) $a -is [System.Management.Automation.Language.SwitchStatementAst] -and $a.Condition.Extent.Text -eq '$t' }, $true)
        $clause = $switch.Clauses | Where-Object { $_.Item1.Value -eq $Task }
        if (-not $clause) { throw "build.ps1 has no task '$Task'." }
        Get-CalledCommand $clause.Item2
    }
    $script:Pwsh = @{ FilePath = (Get-Process -Id $PID).Path; Prefix = @() }
    if ([IO.Path]::GetFileNameWithoutExtension($Pwsh.FilePath) -eq 'dotnet') { $Pwsh.Prefix = @((Join-Path $PSHOME 'pwsh.dll')) }
    $Pwsh.Prefix += @('-NoLogo', '-NoProfile', '-NonInteractive')
    $script:Probe = Join-Path ([IO.Path]::GetTempPath()) "iislt-build-probe-$PID.ps1"
    New-ParameterProbeScript -BuildScript $BuildScript -OutFile $Probe
}

AfterAll {
    if ($Probe -and (Test-Path $Probe)) { Remove-Item $Probe }
}

Describe 'build.ps1 on a fresh machine' -Tag BuildTree {
    It 'Invoke-Test installs the prerequisites before the first suite runs' {
        $calls = Get-CalledCommand (Get-FunctionAst 'Invoke-Test').Body
        $calls[0] | Should -Be 'Install-NativePrerequisites'
        $firstSuite = [array]::IndexOf($calls, ($calls | Where-Object { $_ -like 'Invoke-Xunit*' -or $_ -like 'Invoke-Pester*' -or $_ -eq 'Invoke-EmulatorBuild' } | Select-Object -First 1))
        $firstSuite | Should -BeGreaterThan 0
    }

    It 'the prerequisites cover every tool the suites start: the layout check''s compiler, make, gcc, cJSON, node and npm' {
        $text = (Get-FunctionAst 'Install-NativePrerequisites').Extent.Text
        $layout = Get-Content (Join-Path $Root 'tests/IisLogonTools.Tests/Native/LayoutConformanceTests.cs') -Raw
        $layout | Should -Match 'x86_64-w64-mingw32-gcc'
        foreach ($needed in '/usr/bin/x86_64-w64-mingw32-gcc', 'gcc-mingw-w64-x86-64', 'libcjson-dev', "'make'", "'gcc'", "'nodejs'", "'npm'") {
            $text | Should -Match ([regex]::Escape($needed))
        }
    }
}

Describe 'Every build.ps1 call in .github/workflows/ci.yml' -Tag BuildTree {
    It 'the workflow was read' {
        $WorkflowError | Should -BeNullOrEmpty
        $InvocationCases.Count | Should -BeGreaterOrEqual 6
    }

    It '<Job> / <Step>: <Line>' -ForEach $InvocationCases {
        $Problem | Should -BeNullOrEmpty
        $r = Test-BuildScriptBinding -ProbeScript $Probe -Arguments $Arguments -PwshInvocation $Pwsh
        $r.Output | Should -Not -Match 'Cannot|cannot be found|not belong'
        $r.Bound | Should -BeTrue -Because $r.Output
    }

    It 'the old "-Task Build, Package" line is refused under -File semantics' {
        $arguments = Get-BuildScriptArgument -Line 'dotnet pwsh -NoProfile ./build.ps1 -Task Build, Package'
        $arguments | Should -Be @('-Task', 'Build,', 'Package')
        (Test-BuildScriptBinding -ProbeScript $Probe -Arguments $arguments -PwshInvocation $Pwsh).Bound | Should -BeFalse
    }

    It 'a wrong value, an unknown parameter and -Command are refused' {
        (Test-BuildScriptBinding -ProbeScript $Probe -Arguments @('-Task', 'Pester', '-PesterHost', 'x86') -PwshInvocation $Pwsh).Bound | Should -BeFalse
        (Test-BuildScriptBinding -ProbeScript $Probe -Arguments @('-Task', 'Pester', '-Leg', 'pwsh') -PwshInvocation $Pwsh).Bound | Should -BeFalse
        { Get-BuildScriptArgument -Line 'dotnet pwsh -Command ./build.ps1 -Task Build' } | Should -Throw '*-File*'
        { Get-BuildScriptArgument -Line 'pwsh ./build.ps1 -Task Build' } | Should -Throw '*pinned*'
        { Get-BuildScriptArgument -Line 'dotnet pwsh ./build.ps1 -Task $task' } | Should -Throw '*computed*'
    }

    It 'the argument list matches what pwsh really passes to a native program' {
        if (-not (Test-Path /usr/bin/printf)) { Set-ItResult -Skipped -Because 'needs /usr/bin/printf'; return }
        $line = "dotnet pwsh ./build.ps1 -Task Build, Package -Configuration:Debug 'two words'"
        $real = & $Pwsh.FilePath @($Pwsh.Prefix + @('-Command', "/usr/bin/printf '%s\n' -Task Build, Package -Configuration:Debug 'two words'"))
        Get-BuildScriptArgument -Line $line | Should -Be @($real)
    }
}

Describe 'The Windows jobs of the workflow' -Tag BuildTree {
    BeforeAll {
        $env:NODE_PATH = $env:IISLT_NODE_MODULES
        $script:Workflow = ConvertTo-Hashtable ((& node (Join-Path $Root 'build/workflow.cjs') read (Join-Path $Root '.github/workflows/ci.yml')) -join "`n" | ConvertFrom-Json)
        $script:WindowsJobs = @($Workflow['jobs'].Keys | Where-Object { [string]$Workflow['jobs'][$_]['runs-on'] -match 'windows' })
    }

    It 'has Windows jobs' {
        $WindowsJobs | Should -Contain 'windows-build'
        $WindowsJobs | Should -Contain 'windows-test'
    }

    It 'every run: step is one call of one build.ps1 task, after dotnet tool restore' {
        foreach ($job in $WindowsJobs) {
            foreach ($step in @($Workflow['jobs'][$job]['steps'] | Where-Object { $_.Contains('run') })) {
                $lines = @(([string]$step['run']).Trim() -split "`r?`n")
                $lines.Count | Should -Be 1 -Because "$job / $($step['name'])"
                $lines[0] | Should -Match '^dotnet tool restore && dotnet pwsh -NoProfile -File \./build\.ps1 -Task [A-Za-z]+( |$)' -Because "$job / $($step['name'])"
            }
        }
    }

    It 'each task a Windows step calls is executed by the Linux test run as well' {
        $reachable = Get-ReachableFunction @(Get-TaskClause 'Test')
        $tasks = @($InvocationCases | Where-Object { $_.Job -in $WindowsJobs } | ForEach-Object { $_.Arguments[[array]::IndexOf($_.Arguments, '-Task') + 1] } | Sort-Object -Unique)
        $tasks | Should -Contain 'Pester'
        $tasks | Should -Contain 'PrepareIis'
        foreach ($task in $tasks) {
            foreach ($command in (Get-TaskClause $task | Where-Object { Get-FunctionAst $_ })) {
                $reachable.Contains($command) | Should -BeTrue -Because "-Task $task runs $command, which -Task Test must run too"
            }
        }
    }

    It 'each test leg uploads its results under its own name' {
        $upload = @($Workflow['jobs']['windows-test']['steps'] | Where-Object { $_.Contains('uses') -and $_['uses'] -like 'actions/upload-artifact@*' })
        $upload.Count | Should -Be 1
        $upload[0]['with']['name'] | Should -Match '\$\{\{\s*matrix\.pester-host\s*\}\}'
        $upload[0]['with']['path'] | Should -Match 'out/test-results/'
        $upload[0]['if'] | Should -Be 'always()'
    }

    It 'the legs are pwsh, powershell and powershell-x86, each a value of -PesterHost' {
        $legs = @($Workflow['jobs']['windows-test']['strategy']['matrix']['include'] | ForEach-Object { $_['pester-host'] })
        $legs | Should -Be @('pwsh', 'powershell', 'powershell-x86')
    }
}

Describe 'build/TestRun.psm1' -Tag BuildTree {
    It 'the pwsh leg is the pinned PowerShell that runs build.ps1, never a pwsh from PATH' {
        $pinned = Get-PinnedPwshVersion -Root $Root
        $pinned | Should -Match '^\d+\.\d+\.\d+$'
        $h = Resolve-PesterHost -Name pwsh -OnWindows $true -PwshInvocation @{ FilePath = 'C:\dotnet\dotnet.exe'; Prefix = @('pwsh.dll') } -PinnedVersion $pinned -SystemRoot 'C:\Windows'
        $h.FilePath | Should -Be 'C:\dotnet\dotnet.exe'
        $h.Version | Should -Be $pinned
    }

    It 'Windows PowerShell comes from System32 (x64) and SysWOW64 (x86), and only on Windows' {
        $p = @{ FilePath = 'x'; Prefix = @() }
        (Resolve-PesterHost -Name powershell -OnWindows $true -PwshInvocation $p -PinnedVersion '7.6.9' -SystemRoot 'C:\Windows').FilePath |
            Should -Be 'C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe'
        $x86 = Resolve-PesterHost -Name powershell-x86 -OnWindows $true -PwshInvocation $p -PinnedVersion '7.6.9' -SystemRoot 'C:\Windows'
        $x86.FilePath | Should -Be 'C:\Windows\SysWOW64\WindowsPowerShell\v1.0\powershell.exe'
        $x86.Is64BitProcess | Should -BeFalse
        { Resolve-PesterHost -Name powershell -OnWindows $false -PwshInvocation $p -PinnedVersion '7.6.9' } | Should -Throw '*needs Windows*'
    }

    It 'a result file from the wrong host is a failure: edition, pinned version, bitness' {
        $p = @{ FilePath = 'x'; Prefix = @() }
        $pwshLeg = Resolve-PesterHost -Name pwsh -OnWindows $true -PwshInvocation $p -PinnedVersion '7.6.9'
        $x86 = Resolve-PesterHost -Name powershell-x86 -OnWindows $true -PwshInvocation $p -PinnedVersion '7.6.9' -SystemRoot 'C:\Windows'
        @(Test-PesterHostIdentity -Result ([pscustomobject]@{ PSEdition = 'Core'; PSVersion = '7.6.9'; Is64BitProcess = $true }) -PesterHost $pwshLeg -Suite s).Count | Should -Be 0
        @(Test-PesterHostIdentity -Result ([pscustomobject]@{ PSEdition = 'Core'; PSVersion = '7.4.6'; Is64BitProcess = $true }) -PesterHost $pwshLeg -Suite s) | Should -Match 'pinned 7.6.9'
        @(Test-PesterHostIdentity -Result ([pscustomobject]@{ PSEdition = 'Desktop'; PSVersion = '5.1.20348.2849'; Is64BitProcess = $false }) -PesterHost $x86 -Suite s).Count | Should -Be 0
        @(Test-PesterHostIdentity -Result ([pscustomobject]@{ PSEdition = 'Desktop'; PSVersion = '5.1.20348.2849'; Is64BitProcess = $true }) -PesterHost $x86 -Suite s) | Should -Match '32-bit'
        @(Test-PesterHostIdentity -Result ([pscustomobject]@{ Passed = 1 }) -PesterHost $x86 -Suite s).Count | Should -BeGreaterThan 0
    }

    It 'totals keep skipped, not run and inconclusive apart; a missing result file is a failure' {
        $missing = ConvertFrom-PesterResultFile -Suite 'X.Tests.ps1' -Path (Join-Path $TestDrive 'none.json')
        $missing.Failed | Should -Be 1
        '{"Passed":null,"Failed":null,"Skipped":null}' | Set-Content (Join-Path $TestDrive 'null.json')
        (ConvertFrom-PesterResultFile -Suite 'N.Tests.ps1' -Path (Join-Path $TestDrive 'null.json')).Failed | Should -Be 1
        '{"Passed":5,"Failed":0,"Skipped":2,"NotRun":3,"Inconclusive":1,"RealWindowsRan":4}' | Set-Content (Join-Path $TestDrive 'r.json')
        $row = ConvertFrom-PesterResultFile -Suite 'R.Tests.ps1' -Path (Join-Path $TestDrive 'r.json')
        $t = Measure-TestRun -Results @($row, $missing, (New-CheckResult -Suite c -Passed $true))
        $t.Passed | Should -Be 6
        $t.Failed | Should -Be 1
        $t.Skipped | Should -Be 2
        $t.NotRun | Should -Be 3
        $t.Inconclusive | Should -Be 1
        $t.RealWindowsRan | Should -Be 4
        $lines = @(Format-TestSummary -Totals $t)
        $lines[-1] | Should -Be 'Tests: 6 passed, 1 failed'
        $lines[0] | Should -Be 'Skipped: 2, not run: 3, inconclusive: 1, RealWindows tests run: 4'
    }

    It 'xunit skips count as skipped and a host failure without failed tests as one failure' {
        [xml]$trx = '<Counters total="5" executed="4" passed="3" failed="1" error="0" timeout="0" aborted="0" inconclusive="0" notExecuted="1" />'
        $r = ConvertFrom-TrxCounter -Suite x -Counters $trx.Counters
        $r.Passed | Should -Be 3; $r.Failed | Should -Be 1; $r.Skipped | Should -Be 1
        [xml]$ok = '<Counters passed="3" failed="0" notExecuted="0" />'
        (ConvertFrom-TrxCounter -Suite x -Counters $ok.Counters -ExitCode 1).Failed | Should -Be 1
    }

    It 'the RealWindows minimum fails a leg that ran too few, and is not more than the RealWindows tests that exist' {
        Test-RealWindowsMinimum -Totals ([pscustomobject]@{ RealWindowsRan = 11 }) -Minimum 12 -Leg pwsh | Should -Match 'ran 11'
        Test-RealWindowsMinimum -Totals ([pscustomobject]@{ RealWindowsRan = 12 }) -Minimum 12 -Leg pwsh | Should -BeNullOrEmpty
        Get-LegRealWindowsMinimum -OnWindows $false | Should -Be 0
        # Count the It blocks under a RealWindows tag in tests/pester (a lower bound: -ForEach may add more).
        $count = 0
        foreach ($file in Get-ChildItem (Join-Path $Root 'tests/pester') -Filter '*.Tests.ps1') {
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref]$null, [ref]$null)
            $its = $ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] -and $a.GetCommandName() -eq 'It' }, $true)
            foreach ($it in $its) {
                $node = $it
                $tagged = $false
                while ($node) {
                    if ($node -is [System.Management.Automation.Language.CommandAst] -and $node.GetCommandName() -in 'Describe', 'Context', 'It' -and $node.Extent.Text -match '^\S+\s+(''[^'']*''|"[^"]*")\s+-Tag\s+[^{]*\bRealWindows\b') { $tagged = $true }
                    $node = $node.Parent
                }
                if ($tagged) { $count++ }
            }
        }
        $count | Should -BeGreaterOrEqual (Get-LegRealWindowsMinimum -OnWindows $true)
    }
}

Describe 'The IIS test site module (tests/iis), in plan mode' -Tag BuildTree {
    BeforeAll {
        Import-Module (Join-Path $Root 'tests/iis/IisTestSite.psm1') -Force
    }
    AfterEach { $null = Stop-IisTestPlan }

    It 'the set-up installs IIS with Basic authentication and configures the site through appcmd, changing nothing in plan mode' {
        Start-IisTestPlan
        $site = Install-IisTestSite -WorkDirectory (Join-Path $TestDrive 'iis') -SiteFile (Join-Path $TestDrive 'site.json')
        $steps = Stop-IisTestPlan
        $steps[0] | Should -Be 'Install-WindowsFeature Web-Server, Web-Basic-Auth, Web-Http-Logging'
        ($steps -join "`n") | Should -Match 'basicAuthentication /enabled:true /logonMethod:ClearText /commit:apphost'
        ($steps -join "`n") | Should -Match 'anonymousAuthentication /enabled:false /commit:apphost'
        ($steps -join "`n") | Should -Match 'logExtFileFlags:[^ ]*HttpStatus,Win32Status,HttpSubStatus'
        $site.Url | Should -Be 'http://localhost:8431/ok.txt'
        (Get-Content (Join-Path $TestDrive 'site.json') -Raw | ConvertFrom-Json).SiteName | Should -Be 'IisLogonToolsCI'
    }

    It 'accounts are created and removed through ADSI, never with a password on a command line' {
        Start-IisTestPlan
        $u = New-IisTestAccount
        $g = New-IisTestGroup -Member $u.Name
        Set-IisTestLogonMethod -LogonMethod Interactive
        Remove-IisTestAccount -Name $u.Name
        Remove-IisTestAccount -Name $g.Name -Class Group
        Uninstall-IisTestSite
        $steps = Stop-IisTestPlan
        $password = $u.Credential.GetNetworkCredential().Password
        $password.Length | Should -BeGreaterThan 14
        ($steps -join "`n") | Should -Not -Match ([regex]::Escape($password))
        $steps | Should -Contain "Create local user $($u.Name) (random password, ADSI WinNT provider)"
        $steps | Should -Contain 'appcmd set config IisLogonToolsCI -section:system.webServer/security/authentication/basicAuthentication /enabled:true /logonMethod:Interactive /commit:apphost'
        $steps | Should -Contain 'appcmd recycle apppool /apppool.name:IisLogonToolsCI'
        $u.Name.Length | Should -BeLessOrEqual 20
        $u.BadCredential.GetNetworkCredential().Password | Should -Not -Be $password
    }

    It 'a 32-bit process on 64-bit Windows reaches System32 through Sysnative' {
        Get-AppCmdPath -WindowsDirectory 'C:\Windows' -Is64BitOperatingSystem $true -Is64BitProcess $false | Should -Be 'C:\Windows\Sysnative\inetsrv\appcmd.exe'
        Get-AppCmdPath -WindowsDirectory 'C:\Windows' -Is64BitOperatingSystem $true -Is64BitProcess $true | Should -Be 'C:\Windows\System32\inetsrv\appcmd.exe'
    }

    It 'the Basic header is RFC 7617''s encoding of user:password' {
        $c = [pscredential]::new('Aladdin', (ConvertTo-SecureString 'open sesame' -AsPlainText -Force))
        ConvertTo-BasicAuthorization $c | Should -Be 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=='
    }

    It 'W3C lines are read by the current #Fields directive and found by user, status, substatus and win32 status' {
        $log = Join-Path $TestDrive 'u_ex261201.log'
        @(
            '#Software: Microsoft Internet Information Services 10.0'
            '#Fields: date time cs-username sc-status sc-substatus sc-win32-status'
            '2026-12-01 10:00:00 WEB01\alice 401 1 1326'
            '#Fields: date time s-ip cs-username c-ip sc-status sc-substatus sc-win32-status time-taken'
            '2026-12-01 10:00:01 ::1 WEB01\alice ::1 401 1 1385 3'
            '2026-12-01 10:00:02 ::1 WEB01\bob ::1 401 1 1385 3'
            '2026-12-01 10:00:03 ::1 WEB01\alice ::1 200 0 0 3'
        ) | Set-Content $log
        $entries = @(Read-W3CLogEntry -Path $log)
        $entries.Count | Should -Be 4
        @(Find-W3CLogEntry -Entry $entries -UserName 'WEB01\alice' -Win32Status 1326).Count | Should -Be 1
        $hit = @(Find-W3CLogEntry -Entry $entries -UserName 'WEB01\alice' -Win32Status 1385)
        $hit.Count | Should -Be 1
        $hit[0].'time-taken' | Should -Be '3'
        @(Find-W3CLogEntry -Entry $entries -UserName 'WEB01\alice' -Status 200 -SubStatus 0).Count | Should -Be 1
    }

    It 'the files Windows PowerShell 5.1 runs parse and use no PowerShell 7-only syntax' {
        $files = @(Get-ChildItem (Join-Path $Root 'tests/iis') -Include '*.ps1', '*.psm1' -Recurse) +
            @(Get-Item (Join-Path $Root 'tests/Invoke-PesterFile.ps1')) +
            @(Get-ChildItem (Join-Path $Root 'tests/pester') -Filter 'RealWindows*.Tests.ps1')
        $files.Count | Should -BeGreaterOrEqual 5
        foreach ($f in $files) {
            $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($f.FullName, [ref]$null, [ref]$errors)
            $errors | Should -BeNullOrEmpty -Because $f.Name
            $modern = $ast.FindAll({
                    param($a)
                    $a -is [System.Management.Automation.Language.TernaryExpressionAst] -or
                    $a -is [System.Management.Automation.Language.PipelineChainAst] -or
                    ($a -is [System.Management.Automation.Language.BinaryExpressionAst] -and $a.Operator -eq 'QuestionQuestion') -or
                    ($a -is [System.Management.Automation.Language.AssignmentStatementAst] -and $a.Operator -eq 'QuestionQuestionEquals') -or
                    ($a -is [System.Management.Automation.Language.MemberExpressionAst] -and $a.NullConditional)
                }, $true)
            @($modern | ForEach-Object { "$($f.Name):$($_.Extent.StartLineNumber) $($_.Extent.Text)" }) | Should -BeNullOrEmpty
            (Get-Content $f.FullName -Raw) | Should -Not -Match '`u\{' -Because "$($f.Name) must run in Windows PowerShell 5.1"
        }
    }
}

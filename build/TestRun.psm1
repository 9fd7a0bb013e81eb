# The test-run logic of build.ps1 that the Windows CI legs and the Linux test run share: which PowerShell host runs
# the Pester suites, what each result file must say about that host, the totals (passed, failed, skipped, not run),
# the minimum number of RealWindows tests a leg must really run, and the check that every build.ps1 call in the
# workflow binds to build.ps1's parameters. Plain functions, no side effects except where named (Invoke-*), so the
# Linux run tests them directly (tests/pester/BuildScript.Tests.ps1).
Set-StrictMode -Version Latest

$script:PesterHosts = 'pwsh', 'powershell', 'powershell-x86'
# The same arguments bind the same way: the three legs share their PrepareIis and RemoveIis calls.
$script:BindingCache = @{}

# RealWindows tests each Windows leg must really run (pass or fail). tests/pester holds 20 (9 in RealWindows.Tests.ps1,
# 6 in RealWindowsIis.Tests.ps1, 5 in RealWindowsIdentity.Tests.ps1); up to 4 may legitimately not run: Get-LocalUser
# is missing from 32-bit Windows PowerShell, and a runner whose policy grants "Log on as a batch job" to every user
# makes the 3 batch tests inconclusive. Losing any one file falls below the minimum. BuildScript.Tests.ps1 checks
# that the minimum does not exceed what exists.
$script:WindowsRealWindowsMinimum = 16

function Get-LegRealWindowsMinimum {
    param([Parameter(Mandatory)][bool] $OnWindows)
    if ($OnWindows) { return $script:WindowsRealWindowsMinimum }
    return 0
}

function Get-PinnedPwshVersion {
    <# The PowerShell version the tool manifest pins (dotnet-tools.json or .config/dotnet-tools.json). #>
    param([Parameter(Mandatory)][string] $Root)
    foreach ($candidate in (Join-Path $Root 'dotnet-tools.json'), (Join-Path $Root '.config/dotnet-tools.json')) {
        if (Test-Path -LiteralPath $candidate) {
            $manifest = Get-Content -LiteralPath $candidate -Raw | ConvertFrom-Json
            $tool = $manifest.tools.PSObject.Properties | Where-Object Name -EQ 'powershell' | Select-Object -First 1
            if ($tool) { return [string]$tool.Value.version }
        }
    }
    throw "No dotnet tool manifest under $Root pins the 'powershell' tool."
}

function Resolve-PesterHost {
    <#
    .SYNOPSIS
        The process that runs the Pester suites of one CI leg, and what its result files must report.
    .DESCRIPTION
        pwsh is the pinned PowerShell from the tool manifest: the same 'dotnet pwsh' that runs build.ps1 (never the
        runner's own pwsh). powershell and powershell-x86 are Windows PowerShell 5.1 from System32 and SysWOW64;
        build.ps1 runs in 64-bit pwsh, so System32 is the native (64-bit) folder there.
    #>
    param(
        [Parameter(Mandatory)][ValidateSet('pwsh', 'powershell', 'powershell-x86')][string] $Name,
        [Parameter(Mandatory)][bool] $OnWindows,
        [Parameter(Mandatory)][hashtable] $PwshInvocation,
        [Parameter(Mandatory)][string] $PinnedVersion,
        [string] $SystemRoot
    )
    if ($Name -eq 'pwsh') {
        return [pscustomobject]@{
            Name = $Name; FilePath = $PwshInvocation.FilePath; Prefix = @($PwshInvocation.Prefix)
            Edition = 'Core'; Version = $PinnedVersion; Is64BitProcess = $null
        }
    }
    if (-not $OnWindows) {
        throw "The Pester host '$Name' is Windows PowerShell 5.1 and needs Windows; on this computer only 'pwsh' runs."
    }
    if (-not $SystemRoot) { throw 'SystemRoot is not set: cannot find Windows PowerShell.' }
    $folder = if ($Name -eq 'powershell') { 'System32' } else { 'SysWOW64' }
    return [pscustomobject]@{
        Name = $Name; FilePath = ($SystemRoot.TrimEnd('\') + "\$folder\WindowsPowerShell\v1.0\powershell.exe")
        Prefix = @('-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass')
        Edition = 'Desktop'; Version = '5.1'; Is64BitProcess = ($Name -eq 'powershell')
    }
}

function Get-PesterExcludeTag {
    <# Tags a leg leaves out: Windows cannot run the emulator suites, nor those that need the Linux build tree. #>
    param([Parameter(Mandatory)][bool] $OnWindows)
    if ($OnWindows) { return @('Emulator', 'LinuxOnly', 'BuildTree') }
    return @()
}

function Test-PesterHostIdentity {
    <# Problems (strings) when a result file was not written by the host the leg asked for; none when it was. #>
    param([Parameter(Mandatory)] $Result, [Parameter(Mandatory)] $PesterHost, [Parameter(Mandatory)][string] $Suite)
    $problems = [System.Collections.Generic.List[string]]::new()
    $edition = if ($Result.PSObject.Properties['PSEdition']) { [string]$Result.PSEdition } else { '' }
    $version = if ($Result.PSObject.Properties['PSVersion']) { [string]$Result.PSVersion } else { '' }
    if ($edition -ne $PesterHost.Edition) {
        $problems.Add("$Suite ran in PowerShell edition '$edition', expected '$($PesterHost.Edition)' ($($PesterHost.Name)).")
    }
    if ($PesterHost.Edition -eq 'Core' -and $version -ne $PesterHost.Version) {
        $problems.Add("$Suite ran in PowerShell $version, expected the pinned $($PesterHost.Version) from the tool manifest.")
    }
    if ($PesterHost.Edition -eq 'Desktop' -and -not $version.StartsWith('5.1')) {
        $problems.Add("$Suite ran in Windows PowerShell $version, expected 5.1.")
    }
    if ($null -ne $PesterHost.Is64BitProcess) {
        $is64 = if ($Result.PSObject.Properties['Is64BitProcess']) { [bool]$Result.Is64BitProcess } else { $null }
        if ($is64 -ne $PesterHost.Is64BitProcess) {
            $bits = if ($PesterHost.Is64BitProcess) { '64-bit' } else { '32-bit' }
            $problems.Add("$Suite did not run in a $bits process ($($PesterHost.Name)).")
        }
    }
    return $problems.ToArray()
}

function ConvertFrom-PesterResultFile {
    <# One suite's counts from tests/Invoke-PesterFile.ps1's JSON; a missing or unreadable file is one failure. #>
    param([Parameter(Mandatory)][string] $Suite, [Parameter(Mandatory)][string] $Path)
    $row = [pscustomobject]@{
        Suite = $Suite; Passed = 0; Failed = 1; Skipped = 0; NotRun = 0; Inconclusive = 0; RealWindowsRan = 0; Raw = $null
    }
    if (-not (Test-Path -LiteralPath $Path)) { return $row }
    try { $r = Get-Content -LiteralPath $Path -Raw | ConvertFrom-Json } catch { return $row }
    $row.Raw = $r
    foreach ($name in 'Passed', 'Failed', 'Skipped', 'NotRun', 'Inconclusive', 'RealWindowsRan') {
        $row.$name = if ($r.PSObject.Properties[$name] -and $null -ne $r.$name) { [int]$r.$name } else { 0 }
    }
    foreach ($name in 'Passed', 'Failed') {
        # A file without its counts says nothing about the tests: one failure, never a silent 0.
        if (-not $r.PSObject.Properties[$name] -or $null -eq $r.$name) { $row.Failed = [math]::Max($row.Failed, 1) }
    }
    return $row
}

function ConvertFrom-TrxCounter {
    <# One xunit suite's counts from a TRX file's ResultSummary/Counters element (skipped tests are notExecuted). #>
    param([Parameter(Mandatory)][string] $Suite, [Parameter(Mandatory)] $Counters, [int] $ExitCode = 0)
    function Get-Count([string] $Name) {
        $a = $Counters.Attributes | Where-Object Name -EQ $Name
        if ($a) { return [int]$a.Value } else { return 0 }
    }
    $failed = (Get-Count 'failed') + (Get-Count 'error') + (Get-Count 'timeout') + (Get-Count 'aborted')
    if ($ExitCode -ne 0 -and $failed -eq 0) { $failed = 1 }  # a build or host failure counts as a failure
    [pscustomobject]@{
        Suite = $Suite; Passed = (Get-Count 'passed'); Failed = $failed; Skipped = (Get-Count 'notExecuted')
        NotRun = 0; Inconclusive = (Get-Count 'inconclusive'); RealWindowsRan = 0; Raw = $null
    }
}

function New-CheckResult {
    <# A single counted check (package round trip, workflow lint, ...): one pass or one failure. #>
    param([Parameter(Mandatory)][string] $Suite, [Parameter(Mandatory)][bool] $Passed)
    [pscustomobject]@{
        Suite = $Suite; Passed = [int]$Passed; Failed = [int](-not $Passed); Skipped = 0; NotRun = 0; Inconclusive = 0
        RealWindowsRan = 0; Raw = $null
    }
}

function Measure-TestRun {
    <# Totals over suite rows. Inconclusive tests are neither passed nor failed; they are reported with the skips. #>
    param([Parameter(Mandatory)][AllowEmptyCollection()][object[]] $Results)
    $t = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0; NotRun = 0; Inconclusive = 0; RealWindowsRan = 0 }
    foreach ($r in $Results) {
        foreach ($k in @($t.Keys)) { $t[$k] += [int]$r.$k }
    }
    return [pscustomobject]$t
}

function Test-RealWindowsMinimum {
    <# A problem string when fewer RealWindows tests really ran than the leg requires; $null when enough did. #>
    param([Parameter(Mandatory)] $Totals, [Parameter(Mandatory)][int] $Minimum, [Parameter(Mandatory)][string] $Leg)
    if ($Totals.RealWindowsRan -ge $Minimum) { return $null }
    return "Leg '$Leg' ran $($Totals.RealWindowsRan) RealWindows test(s); at least $Minimum must run. Skipped or excluded suites do not count."
}

function Format-TestSummary {
    <# The closing lines; the last is the 'Tests: N passed, N failed' line that .ci/run and CI read. #>
    param([Parameter(Mandatory)] $Totals)
    "Skipped: $($Totals.Skipped), not run: $($Totals.NotRun), inconclusive: $($Totals.Inconclusive), RealWindows tests run: $($Totals.RealWindowsRan)"
    "Tests: $($Totals.Passed) passed, $($Totals.Failed) failed"
}

function ConvertTo-NativeArgument {
    <#
    .SYNOPSIS
        The strings a PowerShell command line passes to a native program (here: dotnet pwsh build.ps1 ...).
    .DESCRIPTION
        Literal words pass as they are; '-Name' and '-Name:value' pass as written; an array such as 'Build, Package'
        passes each element with its comma still attached to all but the last ('Build,' 'Package'), which is what
        pwsh 7.6 does. Anything computed (variables, subexpressions) is refused: a workflow step passes literals.
    #>
    param([Parameter(Mandatory)][System.Management.Automation.Language.CommandElementAst[]] $Elements)
    foreach ($e in $Elements) {
        switch ($e.GetType().Name) {
            'StringConstantExpressionAst' { $e.Value; break }
            'ExpandableStringExpressionAst' {
                if ($e.NestedExpressions.Count -gt 0) { throw "'$($e.Extent.Text)' is computed; pass literal arguments to build.ps1." }
                $e.Value; break
            }
            'CommandParameterAst' {
                if ($e.Argument) { "-$($e.ParameterName):$($e.Argument.Extent.Text)" } else { "-$($e.ParameterName)" }
                break
            }
            'ArrayLiteralAst' {
                $items = @($e.Elements)
                for ($i = 0; $i -lt $items.Count; $i++) {
                    if ($items[$i] -isnot [System.Management.Automation.Language.StringConstantExpressionAst]) {
                        throw "'$($e.Extent.Text)' is computed; pass literal arguments to build.ps1."
                    }
                    if ($i -lt $items.Count - 1) { "$($items[$i].Value)," } else { $items[$i].Value }
                }
                break
            }
            default { throw "'$($e.Extent.Text)' is computed; pass literal arguments to build.ps1." }
        }
    }
}

function ConvertTo-Hashtable {
    <#
    What ConvertFrom-Json -AsHashtable gives on PowerShell 6+, in syntax Windows PowerShell 5.1 also loads: objects
    become hashtables (case-insensitive keys), arrays stay arrays, values stay as they are.
    #>
    param([Parameter(ValueFromPipeline)] $InputObject)
    process {
        if ($null -eq $InputObject) { return $null }
        if ($InputObject -is [System.Management.Automation.PSCustomObject]) {
            $table = @{}
            foreach ($property in $InputObject.PSObject.Properties) { $table[$property.Name] = ConvertTo-Hashtable $property.Value }
            return $table
        }
        if ($InputObject -is [System.Collections.IEnumerable] -and $InputObject -isnot [string]) {
            return , @(foreach ($item in $InputObject) { ConvertTo-Hashtable $item })
        }
        return $InputObject
    }
}

function Expand-WorkflowMatrix {
    <# The matrix rows of a job (its 'include' entries, or the product of its axes); one empty row without a matrix. #>
    param($Job)
    $strategy = if ($Job -is [System.Collections.IDictionary]) { $Job['strategy'] } else { $null }
    $matrix = if ($strategy -is [System.Collections.IDictionary]) { $strategy['matrix'] } else { $null }
    if ($matrix -isnot [System.Collections.IDictionary]) { return , @(@{}) }
    $rows = @(@{})
    foreach ($axis in @($matrix.Keys | Where-Object { $_ -notin 'include', 'exclude' })) {
        $next = foreach ($row in $rows) {
            foreach ($value in @($matrix[$axis])) { $r = @{} + $row; $r[$axis] = $value; $r }
        }
        $rows = @($next)
    }
    if ($matrix.Contains('include')) {
        $included = foreach ($inc in @($matrix['include'])) { $r = @{}; foreach ($k in $inc.Keys) { $r[$k] = $inc[$k] }; $r }
        $rows = if (@($matrix.Keys | Where-Object { $_ -notin 'include', 'exclude' }).Count -eq 0) { @($included) } else { $rows + @($included) }
    }
    return , @($rows)
}

function Get-WorkflowBuildInvocation {
    <#
    .SYNOPSIS
        Every call of build.ps1 in a workflow (parsed from YAML to nested hashtables), per job, step and matrix row.
    .OUTPUTS
        Job, Step, Shell, Line (after matrix expansion), Arguments (what build.ps1 receives under -File), Problem.
    #>
    param([Parameter(Mandatory)][System.Collections.IDictionary] $Workflow)
    foreach ($jobId in $Workflow['jobs'].Keys) {
        $job = $Workflow['jobs'][$jobId]
        $defaultShell = if ($job.Contains('defaults') -and $job['defaults'].Contains('run')) { $job['defaults']['run']['shell'] } else { $null }
        $stepIndex = 0
        foreach ($step in @($job['steps'])) {
            $stepIndex++
            if (-not $step.Contains('run')) { continue }
            $stepName = if ($step.Contains('name')) { $step['name'] } else { "step $stepIndex" }
            $shell = if ($step.Contains('shell')) { $step['shell'] } else { $defaultShell }
            foreach ($row in (Expand-WorkflowMatrix $job)) {
                $text = [regex]::Replace([string]$step['run'], '\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}', {
                        param($m)
                        $key = $m.Groups[1].Value
                        if ($row.ContainsKey($key)) { [string]$row[$key] } else { "<no matrix.$key>" }
                    })
                foreach ($line in ($text -split "`r?`n" | Where-Object { $_ -match 'build\.ps1' })) {
                    $result = [pscustomobject]@{ Job = $jobId; Step = $stepName; Shell = $shell; Line = $line.Trim(); Arguments = @(); Problem = $null }
                    try {
                        $result.Arguments = @(Get-BuildScriptArgument -Line $line)
                    } catch {
                        $result.Problem = $_.Exception.Message
                    }
                    $result
                }
            }
        }
    }
}

function Get-BuildScriptArgument {
    <# The arguments after build.ps1 on a 'dotnet pwsh [-NoProfile] [-File] ./build.ps1 ...' line, as pwsh passes them. #>
    param([Parameter(Mandatory)][string] $Line)
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($Line, [ref]$null, [ref]$errors)
    if ($errors) { throw "Not a valid PowerShell command line: $($errors[0].Message)" }
    $command = $ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] }, $true) |
        Where-Object { $_.CommandElements | Where-Object { $_.Extent.Text -match 'build\.ps1$' } } |
        Select-Object -First 1
    if (-not $command) { throw 'build.ps1 is not called as a command on this line.' }
    $elements = @($command.CommandElements)
    $index = 0
    while ($elements[$index].Extent.Text -notmatch 'build\.ps1$') { $index++ }
    $before = @($elements[0..($index - 1)] | ForEach-Object { $_.Extent.Text })
    if ($before[0] -ne 'dotnet' -or $before[1] -ne 'pwsh') {
        throw "build.ps1 must run under the pinned PowerShell: 'dotnet pwsh ... ./build.ps1', not '$($before -join ' ')'."
    }
    if ($before -contains '-Command' -or $before -contains '-c') {
        throw 'Call build.ps1 with -File (or as the first positional argument), not -Command.'
    }
    if ($index -eq $elements.Count - 1) { return @() }
    return @(ConvertTo-NativeArgument -Elements $elements[($index + 1)..($elements.Count - 1)])
}

function New-ParameterProbeScript {
    <# A script with build.ps1's own param block (attributes, ValidateSet and all) that only reports what bound. #>
    param([Parameter(Mandatory)][string] $BuildScript, [Parameter(Mandatory)][string] $OutFile)
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($BuildScript, [ref]$null, [ref]$errors)
    if ($errors) { throw "build.ps1 does not parse: $($errors[0].Message)" }
    $attributes = ($ast.ParamBlock.Attributes | ForEach-Object { $_.Extent.Text }) -join "`n"
    $body = @'
$PSBoundParameters.GetEnumerator() | ForEach-Object { '{0}={1}' -f $_.Key, (@($_.Value) -join '|') }
'@
    Set-Content -LiteralPath $OutFile -Value "$attributes`n$($ast.ParamBlock.Extent.Text)`n$body" -Encoding utf8
}

function Test-BuildScriptBinding {
    <#
    .SYNOPSIS
        Binds arguments to build.ps1's parameters exactly as 'pwsh -File build.ps1 <arguments>' would, in a child
        pwsh running a probe script with build.ps1's param block. Returns Bound (bool) and Output.
    #>
    param(
        [Parameter(Mandatory)][string] $ProbeScript,
        [Parameter(Mandatory)][AllowEmptyCollection()][string[]] $Arguments,
        [Parameter(Mandatory)][hashtable] $PwshInvocation
    )
    $key = $ProbeScript + [char]0 + ($Arguments -join [char]0)
    if (-not $script:BindingCache.ContainsKey($key)) {
        $output = & $PwshInvocation.FilePath @($PwshInvocation.Prefix + @('-File', $ProbeScript) + $Arguments) 2>&1
        $script:BindingCache[$key] = [pscustomobject]@{ Bound = ($LASTEXITCODE -eq 0); Output = ($output | Out-String).Trim() }
    }
    return $script:BindingCache[$key]
}

Export-ModuleMember -Function *-*

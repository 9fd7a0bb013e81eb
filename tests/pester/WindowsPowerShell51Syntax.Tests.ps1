# The Windows PowerShell 5.1 legs of CI load every tests/pester/*.Tests.ps1 (tags only leave out blocks, the whole
# file is still parsed), TestHelpers.psm1 and tests/Invoke-PesterFile.ps1. A 5.1 parser is not available here, so
# this reads those files with the PowerShell 7 parser and looks for the constructs that only PowerShell 6 or later
# understands. It must itself stay 5.1 syntax: it is one of the files it checks.
BeforeDiscovery {
    $root = if ($env:IISLT_ROOT) { $env:IISLT_ROOT } else { Join-Path $PSScriptRoot '../..' }
    $script:CheckedFiles = @(
        Get-ChildItem -LiteralPath (Join-Path $root 'tests/pester') -File |
            Where-Object { $_.Name -like '*.ps1' -or $_.Name -like '*.psm1' } |
            ForEach-Object { @{ Name = "tests/pester/$($_.Name)"; Path = $_.FullName } }
        @{ Name = 'tests/Invoke-PesterFile.ps1'; Path = (Join-Path $root 'tests/Invoke-PesterFile.ps1') }
    )
}

BeforeAll {
    $script:Root = if ($env:IISLT_ROOT) { $env:IISLT_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path }

    # Commands and parameters that Windows PowerShell 5.1 does not have.
    $script:NewCommands = @('Join-String', 'Get-Error', 'Test-Json', 'ConvertFrom-Markdown', 'Get-Uptime', 'Remove-Alias', 'Remove-Service', 'Get-ExperimentalFeature')
    $script:NewParameters = @(
        @{ Command = 'ForEach-Object'; Parameter = 'Parallel' }
        @{ Command = 'ConvertFrom-Json'; Parameter = 'AsHashtable' }
        @{ Command = 'ConvertTo-Json'; Parameter = 'AsArray' }
        @{ Command = 'Get-Content'; Parameter = 'AsByteStream' }
        @{ Command = 'Set-Content'; Parameter = 'AsByteStream' }
        @{ Command = 'Add-Content'; Parameter = 'AsByteStream' }
    )
    $script:ForEachAliases = @('ForEach-Object', '%', 'foreach')

    function Find-PowerShell6Syntax {
        # Returns "line N: construct" for each PowerShell 6+ construct in a script's tokens and syntax tree.
        param([System.Management.Automation.Language.Ast] $Ast, [System.Management.Automation.Language.Token[]] $Tokens)
        $found = New-Object System.Collections.Generic.List[string]
        foreach ($token in $Tokens) {
            $kind = "$($token.Kind)"
            if ($kind -in 'AndAnd', 'OrOr') { $found.Add("line $($token.Extent.StartLineNumber): pipeline chain $($token.Text)") }
            if ($kind -in 'QuestionQuestion', 'QuestionQuestionEquals') { $found.Add("line $($token.Extent.StartLineNumber): null-coalescing $($token.Text)") }
            if ($kind -in 'QuestionDot', 'QuestionLBracket') { $found.Add("line $($token.Extent.StartLineNumber): null-conditional $($token.Text)") }
            if ($token -is [System.Management.Automation.Language.StringExpandableToken] -and $token.Text -match '`u\{') {
                $found.Add('line ' + $token.Extent.StartLineNumber + ': `u{} escape')
            }
            if ($kind -eq 'Variable' -and $token.Name -eq 'PSStyle') { $found.Add("line $($token.Extent.StartLineNumber): `$PSStyle") }
        }
        $nodes = $Ast.FindAll({ $true }, $true)
        foreach ($node in $nodes) {
            $type = $node.GetType().Name
            $line = $node.Extent.StartLineNumber
            if ($type -eq 'TernaryExpressionAst') { $found.Add("line ${line}: ternary operator") }
            if ($type -eq 'ScriptBlockAst' -and $node.PSObject.Properties['CleanBlock'] -and $node.CleanBlock) { $found.Add("line ${line}: clean block") }
            if ($type -eq 'CommandAst') {
                $name = $node.GetCommandName()
                if ($name -and $script:NewCommands -contains $name) { $found.Add("line ${line}: $name") }
                $parameters = @($node.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] })
                foreach ($p in $parameters) {
                    $command = if ($script:ForEachAliases -contains $name) { 'ForEach-Object' } else { $name }
                    foreach ($known in $script:NewParameters) {
                        if ($command -eq $known.Command -and $known.Parameter -like "$($p.ParameterName)*" -and $p.ParameterName.Length -ge 2) {
                            $found.Add("line ${line}: $command -$($known.Parameter)")
                        }
                    }
                }
                # -Encoding utf8NoBOM / utf8BOM: encoding names 5.1 does not know.
                for ($i = 0; $i -lt $node.CommandElements.Count; $i++) {
                    $element = $node.CommandElements[$i]
                    if ($element -is [System.Management.Automation.Language.CommandParameterAst] -and 'Encoding' -like "$($element.ParameterName)*" -and $element.ParameterName.Length -ge 2) {
                        $value = if ($element.Argument) { $element.Argument } elseif ($i + 1 -lt $node.CommandElements.Count) { $node.CommandElements[$i + 1] } else { $null }
                        if ($value -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $value.Value -in 'utf8NoBOM', 'utf8BOM') {
                            $found.Add("line ${line}: -Encoding $($value.Value)")
                        }
                    }
                }
            }
        }
        return $found
    }

    function Find-InText([string] $Text) {
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref] $tokens, [ref] $errors)
        return (Find-PowerShell6Syntax -Ast $ast -Tokens $tokens)
    }
}

Describe 'Test scripts that Windows PowerShell 5.1 loads use 5.1 syntax only' -Tag BuildTree {
    It 'the check finds <Construct>' -ForEach @(
        @{ Construct = 'pipeline chain &&'; Text = 'Get-Item a && Get-Item b' }
        @{ Construct = 'pipeline chain ||'; Text = 'Get-Item a || Get-Item b' }
        @{ Construct = 'null-coalescing ??'; Text = '$a = $b ?? 1' }
        @{ Construct = 'null-coalescing ??='; Text = '$a ??= 1' }
        @{ Construct = 'null-conditional ?.'; Text = '${a}?.Length' }
        @{ Construct = 'ternary operator'; Text = '$a = $true ? 1 : 2' }
        @{ Construct = '`u{} escape'; Text = '"x`u{1F600}y"' }
        @{ Construct = 'ForEach-Object -Parallel'; Text = '1..3 | ForEach-Object -Parallel { $_ }' }
        @{ Construct = 'ForEach-Object -Parallel'; Text = '1..3 | % -Parallel { $_ }' }
        @{ Construct = 'ConvertFrom-Json -AsHashtable'; Text = '$j | ConvertFrom-Json -AsHashtable' }
        @{ Construct = 'Get-Content -AsByteStream'; Text = 'Get-Content x -AsByteStream' }
        @{ Construct = '-Encoding utf8NoBOM'; Text = 'Set-Content x -Value 1 -Encoding utf8NoBOM' }
        @{ Construct = 'Join-String'; Text = '1..3 | Join-String -Separator ,' }
        @{ Construct = '$PSStyle'; Text = '$PSStyle.Reset' }
    ) {
        (Find-InText $Text) -join '; ' | Should -Match ([regex]::Escape($Construct))
    }

    It 'the check passes 5.1 syntax that looks similar' {
        $text = @(
            '$a = if ($b) { 1 } else { 2 }'
            '"a && b ?? c"'
            '''x`u{1}y'''
            '$x = [char]0x1F; "$([char]1)"'
            'Get-Item a; if ($?) { Get-Item b }'
            'Set-Content x -Value 1 -Encoding utf8'
            '1..3 | ForEach-Object -Process { $_ }'
        ) -join "`n"
        Find-InText $text | Should -BeNullOrEmpty
    }

    It '<Name> has no PowerShell 6+ only syntax' -ForEach $CheckedFiles {
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $tokens, [ref] $errors)
        $errors | Should -BeNullOrEmpty
        Find-PowerShell6Syntax -Ast $ast -Tokens $tokens | Should -BeNullOrEmpty
    }
}

namespace IisLogonTools.HelpBuilder.Tests;

public sealed class UpdateTests : IDisposable
{
    private readonly TestWorkspace ws = new();

    public void Dispose() => ws.Dispose();

    private Dictionary<string, byte[]> Snapshot() =>
        Directory.GetFiles(ws.Source).OrderBy(f => f, StringComparer.Ordinal).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    [Fact]
    public void Creates_a_page_with_placeholders_that_build_rejects()
    {
        File.Delete(ws.Page("Set-IisLogonType"));
        var (code, stdout, _) = ws.Update();
        Assert.Equal(0, code);
        Assert.Contains($"created {ws.Page("Set-IisLogonType")}", stdout);

        var text = ws.Read("Set-IisLogonType");
        Assert.StartsWith("---\nexternal help file: IisLogonTools.dll-Help.xml\nModule Name: IisLogonTools\nonline version:\nschema: 2.0.0\n---\n\n# Set-IisLogonType\n", text);
        Assert.Contains("{{ Fill in the Synopsis }}", text);
        Assert.Contains("### __AllParameterSets\n```\nSet-IisLogonType [-SiteName] <String[]> [-LogonType] <LogonType> [-PassThru] [-WhatIf] [-Confirm] [<CommonParameters>]\n```", text);
        Assert.Contains("### -SiteName\n{{ Fill SiteName Description }}\n\n```yaml\nType: String[]\nParameter Sets: (All)\nAliases: Site\n\nRequired: True\nPosition: 0\nDefault value: None\nAccept pipeline input: True (ByPropertyName, ByValue)\nAccept wildcard characters: True\n```", text);
        Assert.DoesNotContain("### -Verbose", text);
        Assert.DoesNotContain("\r", text);

        var (buildCode, _, stderr) = ws.Build();
        Assert.Equal(1, buildCode);
        Assert.Contains($"{ws.Page("Set-IisLogonType")}:11: expected real text, found the placeholder '{{{{ Fill in the Synopsis }}}}'", stderr);
        Assert.DoesNotContain("run the 'update' command", stderr); // the generated yaml matches the metadata
    }

    [Fact]
    public void Running_twice_is_byte_identical()
    {
        File.Delete(ws.Page("Set-IisLogonType"));
        Assert.Equal(0, ws.Update().ExitCode);
        var first = Snapshot();
        var (code, stdout, _) = ws.Update();
        Assert.Equal(0, code);
        Assert.DoesNotContain("updated", stdout);
        Assert.DoesNotContain("created", stdout);
        var second = Snapshot();
        Assert.Equal(first.Keys, second.Keys);
        foreach (var key in first.Keys)
        {
            Assert.True(first[key].AsSpan().SequenceEqual(second[key]), key);
        }
    }

    [Fact]
    public void Keeps_prose_and_the_result_still_builds()
    {
        var before = ws.Read("Test-IisLogon");
        Assert.Equal(0, ws.Update().ExitCode);
        var after = ws.Read("Test-IisLogon");

        string Section(string text, string from, string to) =>
            text[text.IndexOf(from, StringComparison.Ordinal)..text.IndexOf(to, StringComparison.Ordinal)];

        Assert.Equal(Section(before, "---", "## SYNTAX"), Section(after, "---", "## SYNTAX"));
        Assert.Equal(Section(before, "## DESCRIPTION", "## PARAMETERS"), Section(after, "## DESCRIPTION", "## PARAMETERS"));
        Assert.Equal(before[before.IndexOf("## INPUTS", StringComparison.Ordinal)..], after[after.IndexOf("## INPUTS", StringComparison.Ordinal)..]);
        Assert.Contains("### -UserName\nThe account to test, as DOMAIN\\name.\n\n```yaml", after);
        Assert.Contains("Default value: NetworkCleartext", after);

        var (code, stdout, stderr) = ws.Build();
        Assert.True(code == 0, stdout + stderr);
    }

    [Fact]
    public void Multi_paragraph_parameter_description_is_kept()
    {
        ws.Edit("Set-IisLogonType", "Shows what would happen if the cmdlet runs.\nThe cmdlet is not run.\n", "Shows what would happen if the cmdlet runs.\nThe cmdlet is not run.\n\n- a list item\n- another\n");
        Assert.Equal(0, ws.Update().ExitCode);
        Assert.Contains("### -WhatIf\nShows what would happen if the cmdlet runs.\nThe cmdlet is not run.\n\n- a list item\n- another\n\n```yaml", ws.Read("Set-IisLogonType"));
    }

    [Fact]
    public void Fixes_drift_adds_missing_and_removes_stale_parameters()
    {
        ws.Edit("Test-IisLogon", "Type: String\n", "Type: Int32\n");
        ws.Edit("Test-IisLogon", "Accept pipeline input: True (ByPropertyName)\n", "Accept pipeline input: False\n");
        ws.EditMetadata("\"name\": \"PassThru\"", "\"name\": \"Force\"");
        Assert.Equal(1, ws.Build().ExitCode);

        var (code, stdout, _) = ws.Update();
        Assert.Equal(0, code);
        Assert.Contains($"updated {ws.Page("Test-IisLogon")}", stdout);
        var set = ws.Read("Set-IisLogonType");
        Assert.DoesNotContain("### -PassThru", set);
        Assert.Contains("### -Force\n{{ Fill Force Description }}\n", set);
        Assert.Contains("[-LogonType] <LogonType> [-Force] [-WhatIf]", set);

        ws.Edit("Set-IisLogonType", "{{ Fill Force Description }}", "Forces it.");
        var (buildCode, buildOut, stderr) = ws.Build();
        Assert.True(buildCode == 0, buildOut + stderr);
    }

    [Fact]
    public void Writes_lf_and_no_bom_even_from_crlf_input()
    {
        var path = ws.Page("Test-IisLogon");
        File.WriteAllText(path, "\uFEFF" + File.ReadAllText(path).Replace("\n", "\r\n"));
        Assert.Equal(0, ws.Update().ExitCode);
        var bytes = File.ReadAllBytes(path);
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.DoesNotContain((byte)'\r', bytes);
    }

    [Fact]
    public void Page_for_unknown_cmdlet_is_reported_not_deleted()
    {
        ws.Write("Get-Gone", ws.Read("Test-IisLogon").Replace("# Test-IisLogon\n", "# Get-Gone\n"));
        var (code, stdout, _) = ws.Update();
        Assert.Equal(0, code);
        Assert.Contains("warning:", stdout);
        Assert.True(File.Exists(ws.Page("Get-Gone")));
    }
}

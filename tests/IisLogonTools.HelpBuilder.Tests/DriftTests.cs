namespace IisLogonTools.HelpBuilder.Tests;

/// <summary>Pages that disagree with the exported metadata fail the build and point at 'update'.</summary>
public sealed class DriftTests : IDisposable
{
    private readonly TestWorkspace ws = new();

    public void Dispose() => ws.Dispose();

    private string Fails(string page, string marker, string expected)
    {
        var (code, _, stderr) = ws.Build();
        Assert.Equal(1, code);
        var line = TestWorkspace.LineOf(ws.Read(page), marker);
        var want = $"{ws.Page(page)}:{line}: {expected}";
        Assert.True(stderr.Contains(want, StringComparison.Ordinal), $"expected:\n{want}\nin:\n{stderr}");
        Assert.Contains("run the 'update' command", stderr);
        return stderr;
    }

    [Fact]
    public void Samples_have_no_drift()
    {
        var (code, stdout, stderr) = ws.Build();
        Assert.True(code == 0, stdout + stderr);
    }

    [Fact]
    public void Parameter_missing_from_page()
    {
        var text = ws.Read("Set-IisLogonType");
        var start = text.IndexOf("### -PassThru", StringComparison.Ordinal);
        var end = text.IndexOf("### -SiteName", StringComparison.Ordinal);
        ws.Write("Set-IisLogonType", text[..start] + text[end..]);
        Fails("Set-IisLogonType", "## PARAMETERS", "parameter -PassThru: expected a '### -PassThru' section (the cmdlet has this parameter), found none");
    }

    [Fact]
    public void Stale_parameter_on_page()
    {
        ws.EditMetadata("\"name\": \"PassThru\"", "\"name\": \"PassThruRenamed\"");
        var stderr = Fails("Set-IisLogonType", "### -PassThru", "parameter -PassThru: is on the page but the cmdlet has no such parameter (stale)");
        Assert.Contains("parameter -PassThruRenamed: expected a '### -PassThruRenamed' section", stderr);
    }

    [Fact]
    public void Wrong_type()
    {
        ws.Edit("Test-IisLogon", "Type: String\n", "Type: Int32\n");
        Fails("Test-IisLogon", "Type: Int32", "parameter -UserName: Type is 'Int32' on the page but 'String' (System.String) in the code");
    }

    [Fact]
    public void Wrong_position()
    {
        ws.Edit("Set-IisLogonType", "Required: True\nPosition: 1\n", "Required: True\nPosition: 2\n");
        Fails("Set-IisLogonType", "Position: 2", "parameter -LogonType: Position (parameter set (All)) is '2' on the page but '1' in the code");
    }

    [Fact]
    public void Wrong_pipeline_binding()
    {
        ws.Edit("Test-IisLogon", "Accept pipeline input: True (ByPropertyName)\n", "Accept pipeline input: True (ByPropertyName, ByValue)\n");
        Fails("Test-IisLogon", "Accept pipeline input: True (ByPropertyName, ByValue)", "parameter -UserName: Accept pipeline input (parameter set ByName) is 'True (ByPropertyName, ByValue)' on the page but 'True (ByPropertyName)' in the code");
    }

    [Fact]
    public void Wrong_pipeline_binding_message()
    {
        ws.Edit("Test-IisLogon", "Accept pipeline input: True (ByPropertyName)\n", "Accept pipeline input: False\n");
        var (code, _, stderr) = ws.Build();
        Assert.Equal(1, code);
        Assert.Contains("parameter -UserName: Accept pipeline input (parameter set ByName) is 'False' on the page but 'True (ByPropertyName)' in the code; run the 'update' command", stderr);
    }

    [Fact]
    public void Wrong_required()
    {
        var text = ws.Edit("Set-IisLogonType", "Aliases: Site\n\nRequired: True", "Aliases: Site\n\nRequired: False");
        var (code, _, stderr) = ws.Build();
        Assert.Equal(1, code);
        var line = TestWorkspace.LineOf(text, "Aliases: Site") + 2;
        Assert.Contains($"{ws.Page("Set-IisLogonType")}:{line}: parameter -SiteName: Required (parameter set (All)) is 'False' on the page but 'True' in the code", stderr);
    }

    [Fact]
    public void Wrong_parameter_sets()
    {
        var text = ws.Edit("Test-IisLogon", "Parameter Sets: ByName\n", "Parameter Sets: ByCredential, ByName\n");
        var (code, _, stderr) = ws.Build();
        Assert.Equal(1, code);
        var line = TestWorkspace.LineOf(text, "Parameter Sets: ByCredential, ByName");
        Assert.Contains($"{ws.Page("Test-IisLogon")}:{line}: parameter -UserName: Parameter Sets is 'ByCredential, ByName' on the page but 'ByName' in the code; run the 'update' command", stderr);
    }

    [Fact]
    public void Wrong_aliases_accepted_values_and_wildcards()
    {
        ws.Edit("Set-IisLogonType", "Aliases: Site\n", "Aliases: Sites\n");
        ws.Edit("Set-IisLogonType", "Accept wildcard characters: True\n", "Accept wildcard characters: False\n");
        ws.Edit("Test-IisLogon", "Accepted values: Interactive, Network, Batch, Service, NetworkCleartext", "Accepted values: Interactive, Network");
        var (code, _, stderr) = ws.Build();
        Assert.Equal(1, code);
        Assert.Contains("parameter -SiteName: Aliases is 'Sites' on the page but 'Site' in the code", stderr);
        Assert.Contains("parameter -SiteName: Accept wildcard characters is 'False' on the page but 'True' in the code", stderr);
        Assert.Contains("parameter -LogonType: Accepted values is 'Interactive, Network' on the page but 'Interactive, Network, Batch, Service, NetworkCleartext' in the code", stderr);
    }

    [Fact]
    public void Cmdlet_without_page()
    {
        File.Delete(ws.Page("Set-IisLogonType"));
        var (code, _, stderr) = ws.Build();
        Assert.Equal(1, code);
        Assert.Contains($"{ws.Page("Set-IisLogonType")}:1: expected a page for cmdlet Set-IisLogonType (exported by the module), found none; run the 'update' command", stderr);
    }

    [Fact]
    public void Page_without_cmdlet()
    {
        var text = ws.Read("Set-IisLogonType").Replace("# Set-IisLogonType\n", "# Set-IisOldThing\n");
        ws.Write("Set-IisOldThing", text);
        var (code, _, stderr) = ws.Build();
        Assert.Equal(1, code);
        Assert.Contains($"{ws.Page("Set-IisOldThing")}:1: expected a cmdlet named Set-IisOldThing in the module metadata, found none", stderr);
    }

    [Fact]
    public void Common_parameter_sections_from_platyPS_bug_are_ignored()
    {
        ws.Edit("Set-IisLogonType", "### CommonParameters", "### -ProgressAction\n{{ Fill ProgressAction Description }}\n\n```yaml\nType: ActionPreference\nParameter Sets: (All)\nAliases: proga\n\nRequired: False\nPosition: Named\nDefault value: None\nAccept pipeline input: False\nAccept wildcard characters: False\n```\n\n### CommonParameters");
        var (code, _, stderr) = ws.Build();
        // Only the placeholder is reported, not drift.
        Assert.Equal(1, code);
        Assert.DoesNotContain("-ProgressAction: is on the page", stderr);
        Assert.Contains("placeholder '{{ Fill ProgressAction Description }}'", stderr);
    }
}

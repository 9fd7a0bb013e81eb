namespace IisLogonTools.HelpBuilder.Tests;

/// <summary>Malformed pages fail the build with <c>file:line: expected ...</c>.</summary>
public sealed class ValidationTests : IDisposable
{
    private const string Page = "Test-IisLogon";
    private readonly TestWorkspace ws = new();

    public void Dispose() => ws.Dispose();

    private void AssertFails(string text, string marker, string expected)
    {
        var (code, _, stderr) = ws.Build();
        Assert.Equal(1, code);
        var line = TestWorkspace.LineOf(text, marker);
        var want = $"{ws.Page(Page)}:{line}: {expected}";
        Assert.True(stderr.Contains(want, StringComparison.Ordinal), $"expected:\n{want}\nin:\n{stderr}");
        Assert.False(File.Exists(Path.Combine(ws.Out, "IisLogonTools.dll-Help.xml")), "nothing is written on failure");
    }

    [Fact]
    public void Missing_front_matter()
    {
        var text = ws.Read(Page);
        text = text[(text.IndexOf("---\n\n", 4, StringComparison.Ordinal) + 5)..];
        ws.Write(Page, text);
        var (code, _, stderr) = ws.Build();
        Assert.Equal(1, code);
        Assert.Contains($"{ws.Page(Page)}:1: expected YAML front matter", stderr);
    }

    [Fact]
    public void Wrong_schema() =>
        AssertFails(ws.Edit(Page, "schema: 2.0.0", "schema: 1.0.0"), "schema:", "expected 'schema: 2.0.0', found 'schema: 1.0.0'");

    [Fact]
    public void Missing_section()
    {
        ws.Edit(Page, "## NOTES\nNeeds no administrator rights.\n\n", "");
        var (code, _, stderr) = ws.Build();
        Assert.Equal(1, code);
        Assert.Contains($"{ws.Page(Page)}:1: expected a '## NOTES' section, found none", stderr);
    }

    [Fact]
    public void Duplicate_section_message()
    {
        var text = ws.Edit(Page, "## RELATED LINKS", "## NOTES\nAgain.\n\n## RELATED LINKS");
        var (_, _, stderr) = ws.Build();
        var line = TestWorkspace.LineOf(text, "Again.") - 1;
        Assert.Contains($"{ws.Page(Page)}:{line}: expected one '## NOTES' section, found a duplicate", stderr);
    }

    [Fact]
    public void Unknown_section() =>
        AssertFails(ws.Edit(Page, "## NOTES", "## REMARKS\nx\n\n## NOTES"), "## REMARKS", "expected one of the sections");

    [Fact]
    public void Parameter_without_yaml_block()
    {
        var text = ws.Edit(Page, "The account to test, as DOMAIN\\name.\n\n```yaml", "The account to test, as DOMAIN\\name.\n\n```text");
        AssertFails(text, "### -UserName", "expected a ```yaml block for parameter -UserName, found none");
    }

    [Fact]
    public void Yaml_key_missing()
    {
        var text = ws.Edit(Page, "Accept pipeline input: True (ByPropertyName)\n", "");
        var (code, _, stderr) = ws.Build();
        Assert.Equal(1, code);
        // Reported at the yaml fence of -UserName.
        var lines = text.Split('\n');
        var heading = Array.IndexOf(lines, "### -UserName");
        var fence = Array.IndexOf(lines, "```yaml", heading) + 1;
        Assert.Contains($"{ws.Page(Page)}:{fence}: expected the key 'Accept pipeline input' in the yaml block of -UserName, found none", stderr);
    }

    [Fact]
    public void Yaml_key_unknown() =>
        AssertFails(ws.Edit(Page, "Aliases: User\n", "Aliases: User\nGlobbing: False\n"), "Globbing:", "expected one of the keys");

    [Fact]
    public void Example_without_code_block()
    {
        var text = ws.Edit(Page, "```powershell\nPS C:\\> Test-IisLogon -UserName CONTOSO\\web01\n```\n", "");
        AssertFails(text, "### Example 1", "expected a code block in '### Example 1: Test a user name', found none");
    }

    [Fact]
    public void Fewer_than_two_examples()
    {
        var text = ws.Read(Page);
        var start = text.IndexOf("### Example 2", StringComparison.Ordinal);
        var end = text.IndexOf("## PARAMETERS", StringComparison.Ordinal);
        text = text[..start] + text[end..];
        ws.Write(Page, text);
        AssertFails(text, "## EXAMPLES", "expected at least 2 examples under '## EXAMPLES', found 1");
    }

    [Fact]
    public void Empty_synopsis() =>
        AssertFails(ws.Edit(Page, "Tests whether an account can log on with a given logon type.\n", ""), "## SYNOPSIS", "expected a one-line synopsis under '## SYNOPSIS', found nothing");

    [Fact]
    public void Placeholder_anywhere() =>
        AssertFails(ws.Edit(Page, "It never changes anything on the computer.", "{{ Fill in the Description }}"), "{{", "expected real text, found the placeholder '{{ Fill in the Description }}'");

    [Fact]
    public void Empty_parameter_description() =>
        AssertFails(ws.Edit(Page, "The account to test, as a credential.\n", ""), "### -Credential", "expected a description for parameter -Credential, found none");

    [Fact]
    public void Missing_inputs_entry() =>
        AssertFails(ws.Edit(Page, "### System.Management.Automation.PSCredential\nA credential can be piped.\n", ""), "## INPUTS", "expected at least one '### TypeName'");

    [Fact]
    public void No_related_links() =>
        AssertFails(ws.Edit(Page, "[about_IisLogonTools](about_IisLogonTools.md)\n\n[LogonUser](https://learn.microsoft.com/windows/win32/api/winbase/nf-winbase-logonuserw)", ""), "## RELATED LINKS", "expected at least one '[text](target)' link");

    [Fact]
    public void H1_must_match_file_name() =>
        AssertFails(ws.Edit(Page, "# Test-IisLogon\n", "# Test-IisLogin\n"), "# Test-IisLogin", "expected the H1 heading '# Test-IisLogon' (the file name)");

    [Fact]
    public void Bad_yaml_value() =>
        AssertFails(ws.Edit(Page, "Aliases: User\n\nRequired: True", "Aliases: User\n\nRequired: Yes"), "Required: Yes", "expected 'Required: True' or 'Required: False', found 'Yes'");

    [Fact]
    public void Crlf_pages_build_the_same()
    {
        foreach (var file in Directory.GetFiles(ws.Source, "*.md"))
        {
            File.WriteAllText(file, File.ReadAllText(file).Replace("\n", "\r\n"));
        }

        var (code, stdout, stderr) = ws.Build();
        Assert.True(code == 0, stdout + stderr);
    }
}

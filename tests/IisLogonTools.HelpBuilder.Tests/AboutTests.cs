namespace IisLogonTools.HelpBuilder.Tests;

public sealed class AboutTests : IDisposable
{
    private readonly TestWorkspace ws = new();

    public void Dispose() => ws.Dispose();

    private string[] BuildAbout()
    {
        var (code, stdout, stderr) = ws.Build();
        Assert.True(code == 0, stdout + stderr);
        var bytes = File.ReadAllBytes(Path.Combine(ws.Out, "about_IisLogonTools.help.txt"));
        Assert.NotEqual(0xEF, bytes[0]);
        return TestWorkspace.Utf8(bytes).Split('\n');
    }

    [Fact]
    public void Layout_puts_the_short_description_on_line_5()
    {
        var lines = BuildAbout();
        Assert.Equal("TOPIC", lines[0]);
        Assert.Equal("    about_iislogontools", lines[1]);
        Assert.Equal("", lines[2]);
        Assert.Equal("SHORT DESCRIPTION", lines[3]);
        Assert.Equal("    Checks and fixes the logon rights that IIS Basic authentication needs.", lines[4]);
        Assert.Equal("", lines[5]);
        Assert.Equal("LONG DESCRIPTION", lines[6]);
    }

    [Fact]
    public void Lines_fit_80_columns_and_paragraphs_are_indented_and_wrapped()
    {
        var lines = BuildAbout();
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"too long ({l.Length}): {l}"));
        var start = Array.IndexOf(lines, "LONG DESCRIPTION") + 1;
        Assert.StartsWith("    IisLogonTools helps administrators", lines[start]);
        Assert.True(lines[start + 1].StartsWith("    ", StringComparison.Ordinal) && lines[start + 1][4] != ' ');
        var joined = string.Join(" ", lines[start..(start + 4)].Select(l => l.Trim()));
        Assert.StartsWith("IisLogonTools helps administrators find out why Basic authentication fails with 401.1 errors", joined);
    }

    [Fact]
    public void Headings_and_code_blocks_follow_the_platyPS_text_rules()
    {
        var lines = BuildAbout();
        Assert.Contains("Logon types", lines);                       // other H2: as written, flush left
        Assert.Contains("    EXAMPLE", lines);                        // H3: indented upper case
        Assert.Contains("    Test-IisLogon -UserName CONTOSO\\web01", lines);   // indented code
        Assert.Contains("    Set-IisLogonType -SiteName Default -LogonType Network", lines); // fenced code
        Assert.Contains("SEE ALSO", lines);
        Assert.Contains("KEYWORDS", lines);
    }

    [Fact]
    public void Lists_are_rejected_with_file_and_line()
    {
        var text = ws.Edit("about_IisLogonTools", "# SEE ALSO\n", "# SEE ALSO\n- Test-IisLogon\n- Set-IisLogonType\n\n");
        var (code, _, stderr) = ws.Build();
        Assert.Equal(1, code);
        var line = TestWorkspace.LineOf(text, "- Test-IisLogon");
        Assert.Contains($"{ws.Page("about_IisLogonTools")}:{line}: expected only headings, paragraphs and code blocks in an about topic, found a list", stderr);
    }

    [Fact]
    public void Tables_are_rejected_with_file_and_line()
    {
        var text = ws.Edit("about_IisLogonTools", "# KEYWORDS\n", "# KEYWORDS\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n");
        var (code, _, stderr) = ws.Build();
        Assert.Equal(1, code);
        var line = TestWorkspace.LineOf(text, "| a | b |");
        Assert.Contains($"{ws.Page("about_IisLogonTools")}:{line}: expected only headings, paragraphs and code blocks in an about topic, found a table", stderr);
    }

    [Fact]
    public void Short_description_must_fit_one_line()
    {
        var text = ws.Edit("about_IisLogonTools", "Checks and fixes the logon rights that IIS Basic authentication needs.", "Checks and fixes the logon rights that IIS Basic authentication needs, and then some more words.");
        var (code, _, stderr) = ws.Build();
        Assert.Equal(1, code);
        Assert.Contains($"{ws.Page("about_IisLogonTools")}:{TestWorkspace.LineOf(text, "Checks and fixes")}: expected the short description to fit on one line", stderr);
    }

    [Fact]
    public void Topic_heading_must_match_file_name()
    {
        var text = ws.Edit("about_IisLogonTools", "## about_IisLogonTools", "## about_Other");
        var (code, _, stderr) = ws.Build();
        Assert.Equal(1, code);
        Assert.Contains($"{ws.Page("about_IisLogonTools")}:{TestWorkspace.LineOf(text, "## about_Other")}: expected the H2 heading '## about_IisLogonTools'", stderr);
    }

    [Fact]
    public void Wrap_keeps_long_words_whole()
    {
        var lines = AboutRenderer.Wrap("a " + new string('x', 90) + " b", "    ", 80).ToList();
        Assert.Equal(new[] { "    a", "    " + new string('x', 90), "    b" }, lines);
    }
}

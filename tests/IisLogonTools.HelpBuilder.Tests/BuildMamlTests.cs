using System.Xml;

namespace IisLogonTools.HelpBuilder.Tests;

public sealed class BuildMamlTests : IDisposable
{
    private readonly TestWorkspace ws = new();
    private readonly XmlDocument doc = new();
    private readonly XmlNamespaceManager ns;

    public BuildMamlTests()
    {
        var (code, stdout, stderr) = ws.Build();
        Assert.True(code == 0, stdout + stderr);
        doc.Load(Path.Combine(ws.Out, "IisLogonTools.dll-Help.xml"));
        ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("msh", "http://msh");
        ns.AddNamespace("maml", "http://schemas.microsoft.com/maml/2004/10");
        ns.AddNamespace("command", "http://schemas.microsoft.com/maml/dev/command/2004/10");
        ns.AddNamespace("dev", "http://schemas.microsoft.com/maml/dev/2004/10");
    }

    public void Dispose() => ws.Dispose();

    private XmlNode Command(string name) =>
        doc.SelectSingleNode($"/msh:helpItems/command:command[command:details/command:name='{name}']", ns)
        ?? throw new Xunit.Sdk.XunitException($"no command {name}");

    private XmlNode Parameter(string command, string parameter) =>
        Command(command).SelectSingleNode($"command:parameters/command:parameter[maml:name='{parameter}']", ns)
        ?? throw new Xunit.Sdk.XunitException($"no parameter {parameter}");

    private string Text(XmlNode node, string xpath) => node.SelectSingleNode(xpath, ns)?.InnerText ?? "<missing>";

    private List<string> Texts(XmlNode node, string xpath) =>
        node.SelectNodes(xpath, ns)!.Cast<XmlNode>().Select(n => n.InnerText).ToList();

    [Fact]
    public void Root_is_maml_helpItems_with_one_command_per_page_and_no_module_page()
    {
        var root = doc.DocumentElement!;
        Assert.Equal("helpItems", root.LocalName);
        Assert.Equal("http://msh", root.NamespaceURI);
        Assert.Equal("maml", root.GetAttribute("schema"));
        Assert.Equal(new[] { "Set-IisLogonType", "Test-IisLogon" }, Texts(doc, "/msh:helpItems/command:command/command:details/command:name"));
    }

    [Fact]
    public void File_is_utf8_without_bom_and_declares_utf8()
    {
        var bytes = File.ReadAllBytes(Path.Combine(ws.Out, "IisLogonTools.dll-Help.xml"));
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", TestWorkspace.Utf8(bytes));
    }

    [Fact]
    public void Details_have_name_verb_noun_and_synopsis()
    {
        var c = Command("Test-IisLogon");
        Assert.Equal("Test", Text(c, "command:details/command:verb"));
        Assert.Equal("IisLogon", Text(c, "command:details/command:noun"));
        Assert.Equal("Tests whether an account can log on with a given logon type.", Text(c, "command:details/maml:description/maml:para"));
    }

    [Fact]
    public void Description_paragraphs_become_paras_with_soft_breaks_joined()
    {
        var paras = Texts(Command("Test-IisLogon"), "maml:description/maml:para");
        Assert.Equal(2, paras.Count);
        Assert.Equal("The Test-IisLogon cmdlet asks the local security authority whether the account may log on with the chosen logon type.", paras[0]);
        Assert.Equal("It never changes anything on the computer.", paras[1]);
    }

    [Fact]
    public void Parameter_attributes_come_from_metadata()
    {
        var p = Parameter("Set-IisLogonType", "SiteName");
        Assert.Equal("true", p.Attributes!["required"]!.Value);
        Assert.Equal("true", p.Attributes["globbing"]!.Value);
        Assert.Equal("True (ByPropertyName, ByValue)", p.Attributes["pipelineInput"]!.Value);
        Assert.Equal("0", p.Attributes["position"]!.Value);
        Assert.Equal("Site", p.Attributes["aliases"]!.Value);
        Assert.Equal("String[]", Text(p, "command:parameterValue"));
        Assert.Equal("System.String[]", Text(p, "dev:type/maml:name"));
        Assert.Equal("None", Text(p, "dev:defaultValue"));
        Assert.Equal("Names of the sites; wildcards are allowed.", Text(p, "maml:description/maml:para"));

        var named = Parameter("Set-IisLogonType", "PassThru");
        Assert.Equal("named", named.Attributes!["position"]!.Value);
        Assert.Equal("none", named.Attributes["aliases"]!.Value);
        Assert.Equal("False", named.Attributes["pipelineInput"]!.Value);
        Assert.Equal("System.Management.Automation.SwitchParameter", Text(named, "dev:type/maml:name"));
    }

    [Fact]
    public void Accepted_values_go_into_parameterValueGroup_and_default_value_comes_from_the_page()
    {
        var p = Parameter("Test-IisLogon", "LogonType");
        Assert.Equal(new[] { "Interactive", "Network", "Batch", "Service", "NetworkCleartext" },
            Texts(p, "command:parameterValueGroup/command:parameterValue"));
        Assert.Equal("IisLogonTools.Security.LogonType", Text(p, "dev:type/maml:name"));
        Assert.Equal("NetworkCleartext", Text(p, "dev:defaultValue"));
    }

    [Fact]
    public void Common_parameters_are_never_emitted_but_WhatIf_and_Confirm_are()
    {
        var all = Texts(doc, "//command:parameter/maml:name");
        Assert.DoesNotContain("Verbose", all);
        Assert.DoesNotContain("ProgressAction", all);
        Assert.Contains("WhatIf", Texts(Command("Set-IisLogonType"), "command:parameters/command:parameter/maml:name"));
        Assert.Contains("Confirm", Texts(Command("Set-IisLogonType"), "command:parameters/command:parameter/maml:name"));
    }

    [Fact]
    public void Syntax_has_one_item_per_parameter_set_default_first()
    {
        var items = Command("Test-IisLogon").SelectNodes("command:syntax/command:syntaxItem", ns)!.Cast<XmlNode>().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal(new[] { "UserName", "LogonType" }, Texts(items[0], "command:parameter/maml:name"));
        Assert.Equal(new[] { "Credential", "LogonType" }, Texts(items[1], "command:parameter/maml:name"));

        var set = Command("Set-IisLogonType").SelectSingleNode("command:syntax/command:syntaxItem", ns)!;
        Assert.Equal(new[] { "SiteName", "LogonType", "PassThru", "WhatIf", "Confirm" }, Texts(set, "command:parameter/maml:name"));
        // Switches carry no parameterValue in syntax.
        Assert.Null(set.SelectSingleNode("command:parameter[maml:name='PassThru']/command:parameterValue", ns));
    }

    [Fact]
    public void Examples_have_title_joined_code_and_remarks()
    {
        var examples = Command("Test-IisLogon").SelectNodes("command:examples/command:example", ns)!.Cast<XmlNode>().ToList();
        Assert.Equal(2, examples.Count);
        Assert.Contains("Example 1: Test a user name", Text(examples[0], "maml:title"));
        Assert.Equal("PS C:\\> $cred = Get-Credential\n\nPS C:\\> Test-IisLogon -Credential $cred -LogonType Network", Text(examples[1], "dev:code"));
        // The last, empty paragraph makes Get-Help print an empty line before the next example's title (issue 14, finding 10).
        Assert.Equal(new[] { "Uses a credential object.", "The second paragraph of remarks.", string.Empty }, Texts(examples[1], "dev:remarks/maml:para"));
    }

    [Fact]
    public void Related_links_put_online_version_first_and_keep_non_uri_text()
    {
        var links = Command("Test-IisLogon").SelectNodes("command:relatedLinks/maml:navigationLink", ns)!.Cast<XmlNode>()
            .Select(n => (Text(n, "maml:linkText"), Text(n, "maml:uri"))).ToList();
        Assert.Equal(
            new[]
            {
                ("Online Version:", "https://example.invalid/IisLogonTools/Test-IisLogon"),
                ("about_IisLogonTools", ""),
                ("LogonUser", "https://learn.microsoft.com/windows/win32/api/winbase/nf-winbase-logonuserw"),
            },
            links);

        // Empty 'online version' adds no link.
        Assert.Equal(new[] { "Test-IisLogon" }, Texts(Command("Set-IisLogonType"), "command:relatedLinks/maml:navigationLink/maml:linkText"));
    }

    [Fact]
    public void Inputs_outputs_and_notes_are_written()
    {
        var c = Command("Set-IisLogonType");
        Assert.Equal(new[] { "System.String[]" }, Texts(c, "command:inputTypes/command:inputType/dev:type/maml:name"));
        Assert.Equal("Site names can be piped.", Text(c, "command:inputTypes/command:inputType/maml:description/maml:para"));
        Assert.Equal(new[] { "None", "System.String" }, Texts(c, "command:returnValues/command:returnValue/dev:type/maml:name"));
        Assert.Equal("Needs administrator rights.", Text(c, "maml:alertSet/maml:alert/maml:para"));
    }

    [Fact]
    public void Element_order_matches_platyPS()
    {
        var names = Command("Test-IisLogon").ChildNodes.Cast<XmlNode>().Select(n => n.Name).ToList();
        Assert.Equal(
            new[] { "command:details", "maml:description", "command:syntax", "command:parameters", "command:inputTypes", "command:returnValues", "maml:alertSet", "command:examples", "command:relatedLinks" },
            names);
    }
}

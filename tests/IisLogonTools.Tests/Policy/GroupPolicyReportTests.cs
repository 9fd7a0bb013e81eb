using System.IO;
using System.Linq;
using System.Text;
using IisLogonTools.Policy;
using IisLogonTools.Security;
using Xunit;

namespace IisLogonTools.Tests.Policy;

// Fixtures follow the gpresult /x layout: Rsop (http://www.microsoft.com/GroupPolicy/Rsop) > ComputerResults > GPO
// (Name, Path/Identifier, Link/SOMPath) and ExtensionData/Extension with Security-namespace UserRightsAssignment
// elements (Settings/Base GPO + Precedence, Name, Member with Types SID and/or Name).
public class GroupPolicyReportTests
{
    private const string WebGpo = "Web Servers \u2013 Logon Rights";

    [Theory]
    [InlineData("gpresult-web01.xml")]
    [InlineData("gpresult-web01-prefixes.xml")]
    public void Winning_gpo_defines_the_network_right_whatever_the_prefixes(string file)
    {
        var report = GroupPolicyReport.Load(PolicyTestFiles.Path(file));
        Assert.Equal("WEB01", report.ComputerName);
        var network = report.Policy.For("SeNetworkLogonRight");
        Assert.Equal(PolicySource.GroupPolicy, network.Source);
        Assert.Equal(WebGpo, network.Winning!.GpoName);
        Assert.Equal("{5C7E3A10-92B4-4F1D-8A66-0D2E4B9C1A7F}", network.Winning.GpoGuid);
        Assert.Equal(new[] { "contoso.com/Servers/Web" }, network.Winning.Links);
        Assert.Equal(1, network.Winning.Precedence);
        var losing = Assert.Single(network.Losing);
        Assert.Equal("Server Baseline", losing.GpoName);
        Assert.Equal(2, losing.Precedence);
        Assert.Equal(new[] { "contoso.com/Servers" }, losing.Links);
    }

    [Fact]
    public void Members_with_only_a_sid_only_a_name_or_both_are_kept()
    {
        var network = GroupPolicyReport.Load(PolicyTestFiles.Path("gpresult-web01.xml")).Policy.For("SeNetworkLogonRight");
        var m = network.Winning!.Accounts;
        Assert.Equal(3, m.Count);
        Assert.Equal("S-1-5-32-544", m[0].Sid!.ToString());
        Assert.Null(m[0].Name);
        Assert.Null(m[1].Sid);
        Assert.Equal("CONTOSO\\WebEditors", m[1].Name);
        Assert.Equal("S-1-5-32-551", m[2].Sid!.ToString());
        Assert.Equal("BUILTIN\\Backup Operators", m[2].Name);
    }

    [Fact]
    public void Gpo_guid_is_matched_case_insensitively_to_its_name()
    {
        // The UserRightsAssignment names the GPO in lower case, the GPO list in upper case.
        var text = File.ReadAllText(PolicyTestFiles.Path("gpresult-web01.xml"));
        Assert.Contains("{5c7e3a10-92b4-4f1d-8a66-0d2e4b9c1a7f}", text);
        Assert.Contains("{5C7E3A10-92B4-4F1D-8A66-0D2E4B9C1A7F}", text);
        var report = GroupPolicyReport.Load(PolicyTestFiles.Path("gpresult-web01.xml"));
        Assert.Equal(WebGpo, report.Policy.For("SeNetworkLogonRight").Winning!.GpoName);
    }

    [Fact]
    public void A_right_no_gpo_defines_is_local_and_deny_rights_are_read_too()
    {
        var policy = GroupPolicyReport.Load(PolicyTestFiles.Path("gpresult-web01.xml")).Policy;
        var interactive = policy.For("SeInteractiveLogonRight");
        Assert.Equal(PolicySource.Local, interactive.Source);
        Assert.Null(interactive.Winning);
        var deny = policy.For("sedenynetworklogonright");
        Assert.Equal(PolicySource.GroupPolicy, deny.Source);
        Assert.Equal("Server Baseline", deny.Winning!.GpoName);
        Assert.Equal("S-1-5-32-546", Assert.Single(deny.Winning.Accounts).Sid!.ToString());
    }

    [Fact]
    public void Rsop_logging_off_is_unknown_never_local()
    {
        var policy = GroupPolicyReport.Load(PolicyTestFiles.Path("gpresult-rsop-off.xml")).Policy;
        foreach (var right in new[] { "SeNetworkLogonRight", "SeInteractiveLogonRight" })
        {
            var p = policy.For(right);
            Assert.Equal(PolicySource.Unknown, p.Source);
            Assert.Contains("RSoP logging is turned off", p.Reason);
        }
    }

    [Fact]
    public void A_user_only_report_is_unknown()
    {
        var report = GroupPolicyReport.Load(PolicyTestFiles.Path("gpresult-user-only.xml"));
        Assert.Equal(PolicySource.Unknown, report.Policy.For("SeNetworkLogonRight").Source);
        Assert.Contains("/scope computer", report.Policy.For("SeNetworkLogonRight").Reason);
    }

    [Fact]
    public void Security_extension_not_logged_completely_is_unknown()
    {
        var text = File.ReadAllText(PolicyTestFiles.Path("gpresult-web01.xml"));
        var index = text.IndexOf("<Name>Security</Name>", System.StringComparison.Ordinal);
        var status = text.IndexOf("<LoggingStatus>Complete</LoggingStatus>", index, System.StringComparison.Ordinal);
        var changed = text.Substring(0, status) + "<LoggingStatus>Incomplete</LoggingStatus>" + text.Substring(status + "<LoggingStatus>Complete</LoggingStatus>".Length);
        var report = GroupPolicyReport.Parse(new MemoryStream(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(changed)).ToArray()), "test");
        Assert.Equal(PolicySource.Unknown, report.Policy.For("SeNetworkLogonRight").Source);
        Assert.Contains("Incomplete", report.Policy.For("SeNetworkLogonRight").Reason);
    }

    [Fact]
    public void Other_root_namespace_or_malformed_xml_is_refused()
    {
        var e = Assert.Throws<GroupPolicyReportException>(() => GroupPolicyReport.Load(PolicyTestFiles.Path("not-a-report.xml")));
        Assert.Contains("http://example.com/not-group-policy", e.Message);
        Assert.Throws<GroupPolicyReportException>(() => GroupPolicyReport.Parse(new MemoryStream(Encoding.UTF8.GetBytes("<Rsop><unclosed></Rsop>")), "x"));
        var dtd = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e \"x\">]><Rsop xmlns=\"http://www.microsoft.com/GroupPolicy/Rsop\">&e;</Rsop>";
        Assert.Throws<GroupPolicyReportException>(() => GroupPolicyReport.Parse(new MemoryStream(Encoding.UTF8.GetBytes(dtd)), "x"));
    }

    [Theory]
    [InlineData("WEB01", true)]
    [InlineData("web01.contoso.com", true)]
    [InlineData("WEB02", false)]
    public void The_report_answers_only_for_its_computer(string computer, bool matches)
    {
        var source = new GroupPolicyReportSource(GroupPolicyReport.Load(PolicyTestFiles.Path("gpresult-web01.xml")), "r.xml");
        var p = source.Read(computer).For("SeNetworkLogonRight");
        Assert.Equal(matches ? PolicySource.GroupPolicy : PolicySource.Unknown, p.Source);
    }

    [Theory]
    [InlineData("*S-1-5-32-544", "S-1-5-32-544", null)]
    [InlineData("S-1-5-32-545", "S-1-5-32-545", null)]
    [InlineData("CONTOSO\\WebEditors", null, "CONTOSO\\WebEditors")]
    [InlineData("Authenticated Users", null, "Authenticated Users")]
    public void Template_entries_are_sids_or_names(string entry, string? sid, string? name)
    {
        var a = PolicyAccount.FromTemplateEntry(entry);
        Assert.Equal(sid, a.Sid?.ToString());
        Assert.Equal(name, a.Name);
    }
}

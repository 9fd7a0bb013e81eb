using System.Collections.Generic;
using IisLogonTools.Policy;
using Xunit;

namespace IisLogonTools.Tests.Policy;

// Recorded answers in the shape of RSOP_GPO (id, name, guidName) and RSOP_UserPrivilegeRight (UserRight,
// AccountList, precedence, GPOID, SOMID) of root\rsop\computer, as documented for those WMI classes.
public class RsopPolicySourceTests
{
    private sealed class RecordedQuery : IRsopQuery
    {
        private readonly RsopAnswer? _answer;
        private readonly string? _failure;

        public RecordedQuery(RsopAnswer answer) => _answer = answer;

        public RecordedQuery(string failure) => _failure = failure;

        public List<string?> Calls { get; } = new();

        public RsopAnswer Query(string? computerName)
        {
            Calls.Add(computerName);
            return _failure is null ? _answer! : throw new RsopUnavailableException(_failure);
        }
    }

    private static RsopAnswer Web01() => new()
    {
        Gpos = new[]
        {
            new RsopGpoRecord { Id = "LocalGPO", Name = "Local Group Policy", GuidName = "LocalGPO" },
            new RsopGpoRecord { Id = "CN={5C7E3A10-92B4-4F1D-8A66-0D2E4B9C1A7F},CN=Policies,CN=System,DC=contoso,DC=com", Name = "Web Servers \u2013 Logon Rights", GuidName = "{5C7E3A10-92B4-4F1D-8A66-0D2E4B9C1A7F}" },
            new RsopGpoRecord { Id = "CN={0B6D2F84-77C1-4E3A-9D50-3F1A2C8E6B90},CN=Policies,CN=System,DC=contoso,DC=com", Name = "Server Baseline", GuidName = "{0B6D2F84-77C1-4E3A-9D50-3F1A2C8E6B90}" },
        },
        Rights = new[]
        {
            new RsopPrivilegeRecord { UserRight = "SeNetworkLogonRight", AccountList = new[] { "*S-1-5-32-544", "CONTOSO\\WebEditors" }, Precedence = 1, GpoId = "cn={5c7e3a10-92b4-4f1d-8a66-0d2e4b9c1a7f},cn=policies,cn=system,DC=contoso,DC=com", SomId = "OU=Web,OU=Servers,DC=contoso,DC=com" },
            new RsopPrivilegeRecord { UserRight = "SeNetworkLogonRight", AccountList = new[] { "*S-1-1-0" }, Precedence = 2, GpoId = "CN={0B6D2F84-77C1-4E3A-9D50-3F1A2C8E6B90},CN=Policies,CN=System,DC=contoso,DC=com", SomId = "OU=Servers,DC=contoso,DC=com" },
        },
    };

    [Fact]
    public void Precedence_one_wins_and_the_gpo_is_named_through_rsop_gpo()
    {
        var source = new RsopPolicySource(new RecordedQuery(Web01()));
        var p = source.Read(null).For("SeNetworkLogonRight");
        Assert.Equal(PolicySource.GroupPolicy, p.Source);
        Assert.Equal("Web Servers \u2013 Logon Rights", p.Winning!.GpoName);
        Assert.Equal("{5C7E3A10-92B4-4F1D-8A66-0D2E4B9C1A7F}", p.Winning.GpoGuid);
        Assert.Equal(new[] { "OU=Web,OU=Servers,DC=contoso,DC=com" }, p.Winning.Links);
        Assert.Equal("S-1-5-32-544", p.Winning.Accounts[0].Sid!.ToString());
        Assert.Equal("CONTOSO\\WebEditors", p.Winning.Accounts[1].Name);
        Assert.Equal("Server Baseline", Assert.Single(p.Losing).GpoName);
        Assert.Equal(PolicySource.Local, source.Read(null).For("SeInteractiveLogonRight").Source);
    }

    [Fact]
    public void A_setting_of_the_local_gpo_is_local_policy_not_group_policy()
    {
        var answer = Web01();
        answer.Rights = new[] { new RsopPrivilegeRecord { UserRight = "SeBatchLogonRight", AccountList = new[] { "*S-1-5-32-544" }, Precedence = 1, GpoId = "LocalGPO", SomId = "Local" } };
        Assert.Equal(PolicySource.Local, new RsopPolicySource(new RecordedQuery(answer)).Read(null).For("SeBatchLogonRight").Source);
    }

    [Fact]
    public void No_rsop_gpo_at_all_means_logging_is_off_unknown()
    {
        var answer = Web01();
        answer.Gpos = new RsopGpoRecord[0];
        answer.Rights = new RsopPrivilegeRecord[0];
        var p = new RsopPolicySource(new RecordedQuery(answer)).Read("WEB01").For("SeInteractiveLogonRight");
        Assert.Equal(PolicySource.Unknown, p.Source);
        Assert.Contains("logging is turned off", p.Reason);
    }

    [Fact]
    public void A_failed_read_is_unknown_with_the_reason()
    {
        var p = new RsopPolicySource(new RecordedQuery("Invalid namespace")).Read(null).For("SeNetworkLogonRight");
        Assert.Equal(PolicySource.Unknown, p.Source);
        Assert.Contains("Invalid namespace", p.Reason);
        Assert.Contains("-PolicyReport", p.Reason);
    }

    [Fact]
    public void The_cache_reads_rsop_once_per_computer_and_prefers_a_matching_report()
    {
        var query = new RecordedQuery(Web01());
        var rsop = new RsopPolicySource(query);
        var cache = new ComputerPolicyCache(null, rsop);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(PolicySource.GroupPolicy, cache.For(null, "WEB01").For("SeNetworkLogonRight").Source);
            Assert.Equal(PolicySource.GroupPolicy, cache.For("WEB02", "WEB02").For("SeNetworkLogonRight").Source);
        }

        Assert.Equal(new string?[] { null, "WEB02" }, query.Calls);
        Assert.Equal(2, rsop.Reads);

        var report = new GroupPolicyReportSource(GroupPolicyReport.Load(PolicyTestFiles.Path("gpresult-rsop-off.xml")), "off.xml");
        var withReport = new ComputerPolicyCache(report, new RsopPolicySource(new RecordedQuery(Web01())));
        Assert.Equal(PolicySource.Unknown, withReport.For(null, "WEB01").For("SeNetworkLogonRight").Source);
        Assert.Equal(PolicySource.GroupPolicy, withReport.For("WEB02", "WEB02").For("SeNetworkLogonRight").Source);
    }
}

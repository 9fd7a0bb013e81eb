using System.Collections.Generic;
using IisLogonTools.Policy;
using IisLogonTools.Security;
using Xunit;

namespace IisLogonTools.Tests.Policy;

// The rule under test: a GPO that defines a right replaces the computer's account list with its own at each
// refresh, so an account holds the right afterwards exactly when the winning GPO lists it.
public class PolicyRefreshEvaluatorTests
{
    private static readonly Sid Alice = Sid.Parse("S-1-5-21-1000-2000-3000-1105");
    private static readonly Sid WebEditors = Sid.Parse("S-1-5-21-1000-2000-3000-1200");
    private static readonly Sid Administrators = Sid.Parse("S-1-5-32-544");
    private static readonly Dictionary<string, Sid?> NoNames = new();

    private static RightPolicy Gpo(params PolicyAccount[] accounts) =>
        ComputerPolicy.Known("test", new[] { new GroupPolicyRightSetting("SeNetworkLogonRight", accounts, "Web", "{5C7E3A10-92B4-4F1D-8A66-0D2E4B9C1A7F}", new[] { "contoso.com/Web" }, 1) }).For("SeNetworkLogonRight");

    [Fact]
    public void Grant_of_an_account_the_gpo_does_not_list_is_reverted()
    {
        var p = Gpo(new PolicyAccount(Administrators, null));
        Assert.True(PolicyRefreshEvaluator.RevertsAtNextRefresh(p, Alice, holdsAfterChange: true, NoNames));
        Assert.False(PolicyRefreshEvaluator.RevertsAtNextRefresh(p, Administrators, holdsAfterChange: true, NoNames));
    }

    [Fact]
    public void Revoke_of_an_account_the_gpo_lists_is_reverted()
    {
        var p = Gpo(new PolicyAccount(Alice, null));
        Assert.True(PolicyRefreshEvaluator.RevertsAtNextRefresh(p, Alice, holdsAfterChange: false, NoNames));
        Assert.False(PolicyRefreshEvaluator.RevertsAtNextRefresh(p, Administrators, holdsAfterChange: false, NoNames));
    }

    [Fact]
    public void Name_only_members_count_once_translated_and_make_the_answer_unknown_when_not()
    {
        var p = Gpo(new PolicyAccount(Administrators, null), new PolicyAccount(null, "CONTOSO\\WebEditors"));
        Assert.Null(PolicyRefreshEvaluator.RevertsAtNextRefresh(p, Alice, true, NoNames));
        var resolved = new Dictionary<string, Sid?>(System.StringComparer.OrdinalIgnoreCase) { ["contoso\\webeditors"] = WebEditors };
        Assert.True(PolicyRefreshEvaluator.RevertsAtNextRefresh(p, Alice, true, resolved));
        Assert.False(PolicyRefreshEvaluator.RevertsAtNextRefresh(p, WebEditors, true, resolved));
        var notFound = new Dictionary<string, Sid?> { ["CONTOSO\\WebEditors"] = null };
        Assert.Null(PolicyRefreshEvaluator.RevertsAtNextRefresh(p, Alice, true, notFound));
        Assert.Equal(new[] { "CONTOSO\\WebEditors" }, PolicyRefreshEvaluator.NamesToResolve(new[] { p }));
    }

    [Fact]
    public void Local_is_never_reverted_and_unknown_is_null()
    {
        var local = ComputerPolicy.Known("test", new GroupPolicyRightSetting[0]).For("SeNetworkLogonRight");
        Assert.False(PolicyRefreshEvaluator.RevertsAtNextRefresh(local, Alice, true, NoNames));
        Assert.False(PolicyRefreshEvaluator.RevertsAtNextRefresh(local, Alice, false, NoNames));
        var unknown = ComputerPolicy.Unknown("test", "no data").For("SeNetworkLogonRight");
        Assert.Null(PolicyRefreshEvaluator.RevertsAtNextRefresh(unknown, Alice, true, NoNames));
    }

    [Fact]
    public void Warning_names_the_gpo_and_its_link_only_when_the_change_is_reverted()
    {
        var p = Gpo(new PolicyAccount(Administrators, null));
        var w = PolicyText.ChangeWarning(p, true, "CONTOSO\\alice", "WEB01", adds: true, "Access this computer from the network", new string[0]);
        Assert.Contains("'Web'", w);
        Assert.Contains("linked to contoso.com/Web", w);
        Assert.Contains("reverted", w);
        Assert.Null(PolicyText.ChangeWarning(p, false, "BUILTIN\\Administrators", "WEB01", true, "x", new string[0]));
        Assert.Equal(string.Empty, PolicyText.WhatIfSuffix(p, false));
        Assert.Contains("reverted at the next policy refresh", PolicyText.WhatIfSuffix(p, true));
        var local = ComputerPolicy.Known("test", new GroupPolicyRightSetting[0]).For("SeNetworkLogonRight");
        Assert.Null(PolicyText.ChangeWarning(local, false, "a", "WEB01", true, "x", new string[0]));
        Assert.Null(PolicyText.GpoRemediation(local, "a", true, "x", new string[0], "Grant-LogonRight"));
        var fix = PolicyText.GpoRemediation(p, "CONTOSO\\alice", true, "Access this computer from the network", new string[0], "Grant-LogonRight -Identity 'CONTOSO\\alice' -LogonType Network");
        Assert.StartsWith("SeNetworkLogonRight is defined by Group Policy Object 'Web'", fix);
        Assert.Contains("temporarily", fix);
    }
}

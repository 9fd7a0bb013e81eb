using IisLogonTools.Security;
using Xunit;

namespace IisLogonTools.Tests.Security;

public class LogonRightEvaluatorTests
{
    private static readonly Sid Alice = Sid.Parse("S-1-5-21-1000-2000-3000-1105");
    private static readonly Sid WebEditors = Sid.Parse("S-1-5-21-1000-2000-3000-1200");
    private static readonly Sid Users = Sid.Parse("S-1-5-32-545");
    private static readonly Sid Guests = Sid.Parse("S-1-5-32-546");

    private static TokenGroup[] Groups(params Sid[] sids) => System.Array.ConvertAll(sids, s => new TokenGroup(s, 7));

    [Fact]
    public void No_assignment_means_not_effective()
    {
        var r = LogonRightEvaluator.Evaluate(Alice, Groups(WebEditors), true, LogonRightType.Interactive, new[] { Users }, new Sid[0]);
        Assert.False(r.Effective);
        Assert.False(r.DirectAllow);
        Assert.Empty(r.GrantedBy);
    }

    [Fact]
    public void A_direct_grant_is_effective_and_named()
    {
        var r = LogonRightEvaluator.Evaluate(Alice, Groups(), true, LogonRightType.Interactive, new[] { Alice }, new Sid[0]);
        Assert.True(r.Effective);
        Assert.True(r.DirectAllow);
        Assert.Equal(new[] { Alice }, r.GrantedBy);
    }

    [Fact]
    public void A_grant_through_a_group_is_effective_and_names_the_group()
    {
        var r = LogonRightEvaluator.Evaluate(Alice, Groups(WebEditors, Users), true, LogonRightType.Interactive, new[] { Users }, new Sid[0]);
        Assert.True(r.Effective);
        Assert.False(r.DirectAllow);
        Assert.Equal(new[] { Users }, r.GrantedBy);
    }

    [Fact]
    public void Deny_through_a_group_wins_over_a_direct_allow()
    {
        var r = LogonRightEvaluator.Evaluate(Alice, Groups(Guests), true, LogonRightType.Network, new[] { Alice }, new[] { Guests });
        Assert.False(r.Effective);
        Assert.True(r.DirectAllow);
        Assert.Equal(new[] { Guests }, r.DeniedBy);
    }

    [Fact]
    public void Everyone_and_the_logon_type_SID_count()
    {
        var everyone = LogonRightEvaluator.Evaluate(Alice, Groups(), false, LogonRightType.Network, new[] { WellKnownSids.Everyone }, new Sid[0]);
        Assert.True(everyone.Effective);
        var batch = LogonRightEvaluator.Evaluate(Alice, Groups(), false, LogonRightType.Batch, new[] { WellKnownSids.Batch }, new Sid[0]);
        Assert.True(batch.Effective);
        var wrongType = LogonRightEvaluator.Evaluate(Alice, Groups(), false, LogonRightType.Interactive, new[] { WellKnownSids.Batch }, new Sid[0]);
        Assert.False(wrongType.Effective);
    }

    [Fact]
    public void This_Organization_counts_only_for_domain_accounts()
    {
        var holders = new[] { WellKnownSids.ThisOrganization };
        Assert.True(LogonRightEvaluator.Evaluate(Alice, Groups(), true, LogonRightType.Interactive, holders, new Sid[0]).Effective);
        Assert.False(LogonRightEvaluator.Evaluate(Alice, Groups(), false, LogonRightType.Interactive, holders, new Sid[0]).Effective);
    }

    [Fact]
    public void A_deny_only_group_denies_but_never_grants()
    {
        var denyOnly = new[] { new TokenGroup(Users, 0x10) };
        Assert.False(LogonRightEvaluator.Evaluate(Alice, denyOnly, true, LogonRightType.Interactive, new[] { Users }, new Sid[0]).Effective);
        Assert.False(LogonRightEvaluator.Evaluate(Alice, denyOnly, true, LogonRightType.Interactive, new[] { Alice }, new[] { Users }).Effective);
    }

    [Fact]
    public void Without_group_expansion_the_answer_is_unknown_unless_a_deny_is_seen()
    {
        Assert.Null(LogonRightEvaluator.Evaluate(Alice, null, true, LogonRightType.Interactive, new[] { Alice }, new Sid[0]).Effective);
        Assert.False(LogonRightEvaluator.Evaluate(Alice, null, true, LogonRightType.Interactive, new[] { Alice }, new[] { Alice }).Effective);
    }

    [Fact]
    public void With_partial_groups_no_grant_is_unknown_but_a_grant_or_a_deny_is_certain()
    {
        Assert.Null(LogonRightEvaluator.Evaluate(Alice, Groups(Users), true, LogonRightType.Interactive, new[] { WebEditors }, new Sid[0], groupsComplete: false).Effective);
        Assert.True(LogonRightEvaluator.Evaluate(Alice, Groups(Users), true, LogonRightType.Interactive, new[] { Users }, new Sid[0], groupsComplete: false).Effective);
        Assert.False(LogonRightEvaluator.Evaluate(Alice, Groups(Users), true, LogonRightType.Interactive, new[] { Users }, new[] { Alice }, groupsComplete: false).Effective);
    }

    [Theory]
    [InlineData(LogonType.Interactive, LogonRightType.Interactive, "SeInteractiveLogonRight", "SeDenyInteractiveLogonRight")]
    [InlineData(LogonType.Network, LogonRightType.Network, "SeNetworkLogonRight", "SeDenyNetworkLogonRight")]
    [InlineData(LogonType.NetworkCleartext, LogonRightType.Network, "SeNetworkLogonRight", "SeDenyNetworkLogonRight")]
    [InlineData(LogonType.Batch, LogonRightType.Batch, "SeBatchLogonRight", "SeDenyBatchLogonRight")]
    [InlineData(LogonType.Service, LogonRightType.Service, "SeServiceLogonRight", "SeDenyServiceLogonRight")]
    public void Each_logon_type_needs_its_right(LogonType logonType, LogonRightType right, string allow, string deny)
    {
        Assert.Equal(right, LogonRights.ForLogonType(logonType));
        Assert.Equal(allow, LogonRights.RightName(right, RightAssignmentKind.Allow));
        Assert.Equal(deny, LogonRights.RightName(right, RightAssignmentKind.Deny));
    }
}

using System.Collections.Generic;
using System.Linq;
using IisLogonTools.Security;
using Xunit;

namespace IisLogonTools.Tests.Security;

// Expected values come from the token model's rules as tests/emulator/README.md ("Token model") lists them, T1-T10.
public class LogonRightEvaluatorTests
{
    private static readonly Sid Computer = Sid.Parse("S-1-5-21-11-22-33");
    private static readonly Sid Alice = Sid.Parse("S-1-5-21-1000-2000-3000-1105");
    private static readonly Sid WebEditors = Sid.Parse("S-1-5-21-1000-2000-3000-1200");
    private static readonly Sid OtherDomainUniversal = Sid.Parse("S-1-5-21-7000-8000-9000-3300");
    private static readonly Sid Bob = Sid.Parse("S-1-5-21-11-22-33-1001");
    private static readonly Sid LocalAdmin = Sid.Parse("S-1-5-21-11-22-33-500");
    private static readonly Sid WebUsers = Sid.Parse("S-1-5-21-11-22-33-1002");
    private static readonly Sid Users = Sid.Parse("S-1-5-32-545");
    private static readonly Sid Guests = Sid.Parse("S-1-5-32-546");
    private static readonly Sid Administrators = WellKnownSids.Administrators;
    private static readonly Sid DefaultAppPool = Sid.Parse("S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415");

    private static TokenGroup[] Groups(params Sid[] sids) => System.Array.ConvertAll(sids, s => new TokenGroup(s, 7));

    private static Dictionary<Sid, IReadOnlyCollection<Sid>?> Aliases(params (Sid Alias, Sid[]? Members)[] aliases) =>
        aliases.ToDictionary(a => a.Alias, a => (IReadOnlyCollection<Sid>?)a.Members);

    private static TokenFacts Domain(Sid account, IReadOnlyCollection<TokenGroup>? groups, params (Sid, Sid[]?)[] aliases) =>
        new(account, AccountKind.DomainAccount, groups, Aliases(aliases), null, Computer);

    private static TokenFacts Local(Sid account, params (Sid, Sid[]?)[] aliases) =>
        new(account, AccountKind.LocalAccount, Groups(Sid.Parse("S-1-5-21-11-22-33-513")), Aliases(aliases), null, Computer);

    private static LogonRightEvaluation Eval(TokenFacts facts, LogonRightType type, Sid[] allow, Sid[]? deny = null) =>
        LogonRightEvaluator.Evaluate(facts, type, allow, deny ?? new Sid[0]);

    [Fact]
    public void No_assignment_means_not_effective()
    {
        var r = Eval(Domain(Alice, Groups(WebEditors), (Users, new Sid[0])), LogonRightType.Interactive, new[] { Users });
        Assert.False(r.Effective);
        Assert.False(r.DirectAllow);
        Assert.Empty(r.GrantedBy);
        Assert.True(r.Complete);
    }

    [Fact]
    public void A_direct_grant_is_effective_and_named()
    {
        var r = Eval(Domain(Alice, Groups()), LogonRightType.Interactive, new[] { Alice });
        Assert.True(r.Effective);
        Assert.True(r.DirectAllow);
        Assert.Equal(new[] { Alice }, r.GrantedBy);
    }

    [Fact]
    public void A_grant_through_a_domain_group_is_effective_and_names_the_group()
    {
        var r = Eval(Domain(Alice, Groups(WebEditors)), LogonRightType.Interactive, new[] { WebEditors });
        Assert.True(r.Effective);
        Assert.False(r.DirectAllow);
        Assert.Equal(new[] { WebEditors }, r.GrantedBy);
    }

    [Fact]
    public void Local_group_membership_comes_from_the_member_lists_not_from_AuthZ()
    {
        // T2 takes only S-1-5-21 SIDs from AuthZ and drops the local groups it recomputes; T9 recomputes them.
        var viaList = Eval(Domain(Alice, Groups(WebEditors), (Users, new[] { WebEditors })), LogonRightType.Interactive, new[] { Users });
        Assert.True(viaList.Effective);
        Assert.Equal(new[] { Users }, viaList.GrantedBy);
        var authzOnly = Eval(Domain(Alice, Groups(WebEditors, Users), (Users, new Sid[0])), LogonRightType.Interactive, new[] { Users });
        Assert.False(authzOnly.Effective);
    }

    [Fact]
    public void Deny_through_a_local_group_wins_over_a_direct_allow()
    {
        var r = Eval(Domain(Alice, Groups(), (Guests, new[] { Alice })), LogonRightType.Network, new[] { Alice }, new[] { Guests });
        Assert.False(r.Effective);
        Assert.True(r.DirectAllow);
        Assert.Equal(new[] { Guests }, r.DeniedBy);
    }

    [Theory]
    [InlineData(LogonRightType.Interactive, "S-1-5-4", true)]
    [InlineData(LogonRightType.Interactive, "S-1-5-2", false)]
    [InlineData(LogonRightType.Network, "S-1-5-2", true)]
    [InlineData(LogonRightType.Batch, "S-1-5-3", true)]
    [InlineData(LogonRightType.Batch, "S-1-5-4", false)]
    [InlineData(LogonRightType.Service, "S-1-5-6", true)]
    [InlineData(LogonRightType.RemoteInteractive, "S-1-5-14", true)]
    [InlineData(LogonRightType.RemoteInteractive, "S-1-5-4", true)]
    [InlineData(LogonRightType.Interactive, "S-1-2-0", true)]
    [InlineData(LogonRightType.Network, "S-1-2-0", false)]
    [InlineData(LogonRightType.Network, "S-1-1-0", true)]
    [InlineData(LogonRightType.Batch, "S-1-5-11", true)]
    public void Well_known_SIDs_of_the_logon_type_grant(LogonRightType type, string holder, bool expected)
    {
        // T3-T6.
        Assert.Equal(expected, Eval(Domain(Alice, Groups()), type, new[] { Sid.Parse(holder) }).Effective);
    }

    [Fact]
    public void A_local_group_that_contains_a_well_known_SID_grants_and_denies_for_that_logon_type_only()
    {
        // T9 over T5: a local group listing INTERACTIVE (or BATCH).
        var facts = Domain(Alice, Groups(), (WebUsers, new[] { WellKnownSids.Interactive }));
        Assert.True(Eval(facts, LogonRightType.Interactive, new[] { WebUsers }).Effective);
        Assert.False(Eval(facts, LogonRightType.Batch, new[] { WebUsers }).Effective);
        var deny = Domain(Alice, Groups(), (WebUsers, new[] { WellKnownSids.Batch }));
        Assert.False(Eval(deny, LogonRightType.Batch, new[] { Administrators, Alice }, new[] { WebUsers }).Effective);
        Assert.True(Eval(deny, LogonRightType.Interactive, new[] { Alice }, new[] { WebUsers }).Effective);
    }

    [Fact]
    public void This_Organization_counts_only_for_domain_accounts()
    {
        var holders = new[] { WellKnownSids.ThisOrganization };
        Assert.True(Eval(Domain(Alice, Groups()), LogonRightType.Interactive, holders).Effective);
        Assert.False(Eval(Local(Bob), LogonRightType.Interactive, holders).Effective);
    }

    [Fact]
    public void Local_accounts_carry_Local_account_and_local_admins_also_S_1_5_114()
    {
        // T8, T8b: the CIS deny of network logon to S-1-5-114 stops a local admin, not a local user or a domain admin.
        var allow = new[] { WellKnownSids.Everyone };
        var deny = new[] { WellKnownSids.LocalAccountAndAdministrator };
        var adminGroup = (Administrators, new[] { LocalAdmin, WebEditors });
        var admin = Eval(Local(LocalAdmin, adminGroup), LogonRightType.Network, allow, deny);
        Assert.False(admin.Effective);
        Assert.Equal(new[] { WellKnownSids.LocalAccountAndAdministrator }, admin.DeniedBy);
        Assert.True(Eval(Local(Bob, adminGroup), LogonRightType.Network, allow, deny).Effective);
        Assert.True(Eval(Domain(Alice, Groups(WebEditors), adminGroup), LogonRightType.Network, allow, deny).Effective);
        Assert.False(Eval(Local(Bob), LogonRightType.Network, allow, new[] { WellKnownSids.LocalAccount }).Effective);
        Assert.True(Eval(Domain(Alice, Groups()), LogonRightType.Network, allow, new[] { WellKnownSids.LocalAccount }).Effective);
    }

    [Fact]
    public void A_local_admin_through_a_local_group_in_Administrators_gets_S_1_5_114()
    {
        var facts = Local(Bob, (Administrators, new[] { WebUsers }), (WebUsers, new[] { Bob }));
        Assert.False(Eval(facts, LogonRightType.RemoteInteractive, new[] { Administrators }, new[] { WellKnownSids.LocalAccountAndAdministrator }).Effective);
    }

    [Fact]
    public void Service_accounts_are_accounts_with_their_documented_tokens()
    {
        // T10: SYSTEM holds Administrators; an application pool identity holds IIS_IUSRS; NETWORK SERVICE neither.
        var batchHolders = new[] { Administrators, WellKnownSids.IisUsers };
        var lists = Aliases((Administrators, new[] { LocalAdmin }), (WellKnownSids.IisUsers, new Sid[0]));
        var system = new TokenFacts(WellKnownSids.LocalSystem, AccountKind.LocalSystem, new TokenGroup[0], lists, null, Computer);
        var networkService = new TokenFacts(WellKnownSids.NetworkService, AccountKind.NetworkService, new TokenGroup[0], lists, null, Computer);
        var pool = new TokenFacts(DefaultAppPool, AccountKind.AppPoolIdentity, new TokenGroup[0], lists, null, Computer);
        Assert.Equal(new[] { Administrators }, Eval(system, LogonRightType.Batch, batchHolders).GrantedBy);
        Assert.False(Eval(networkService, LogonRightType.Batch, batchHolders).Effective);
        Assert.Equal(new[] { WellKnownSids.IisUsers }, Eval(pool, LogonRightType.Batch, batchHolders).GrantedBy);
        Assert.True(Eval(networkService, LogonRightType.Service, new[] { WellKnownSids.Local }).Effective);
        Assert.False(Eval(networkService, LogonRightType.Batch, new[] { WellKnownSids.Local }).Effective);
        Assert.True(Eval(new TokenFacts(DefaultAppPool, AccountKind.AppPoolIdentity, new TokenGroup[0], Aliases((Users, new[] { WellKnownSids.AuthenticatedUsers })), null, Computer), LogonRightType.Service, new[] { Users }).Effective);
    }

    [Fact]
    public void A_deny_only_group_denies_but_never_grants()
    {
        var denyOnly = new[] { new TokenGroup(WebEditors, 0x10) };
        Assert.False(Eval(Domain(Alice, denyOnly), LogonRightType.Interactive, new[] { WebEditors }).Effective);
        Assert.False(Eval(Domain(Alice, denyOnly), LogonRightType.Interactive, new[] { Alice }, new[] { WebEditors }).Effective);
    }

    [Fact]
    public void Without_the_domain_groups_a_grant_is_certain_only_when_no_domain_group_could_deny()
    {
        // Direct grant and no deny holders at all: nothing unknown can change it (the old evaluator said unknown).
        Assert.True(Eval(Domain(Alice, null), LogonRightType.Interactive, new[] { Alice }).Effective);
        // A deny held by a domain group the account may belong to: unknown.
        var maybe = Eval(Domain(Alice, null), LogonRightType.Interactive, new[] { Alice }, new[] { WebEditors });
        Assert.Null(maybe.Effective);
        Assert.False(maybe.Complete);
        Assert.Equal(WebEditors, maybe.Undetermined.Single().Sid);
        // A certain deny stays certain.
        Assert.False(Eval(Domain(Alice, null), LogonRightType.Interactive, new[] { Alice }, new[] { Alice }).Effective);
        // No grant seen, but a domain group holds the allow: unknown.
        Assert.Null(Eval(Domain(Alice, null), LogonRightType.Interactive, new[] { WebEditors }).Effective);
    }

    [Fact]
    public void An_undecided_member_makes_its_local_group_undecided()
    {
        var facts = Domain(Alice, null, (Users, new[] { WebEditors }));
        var r = Eval(facts, LogonRightType.Interactive, new[] { Users });
        Assert.Null(r.Effective);
        Assert.Contains(r.Undetermined, u => u.Sid.Equals(WebEditors));
        // Other SAM accounts of the computer are decided: never in another account's token.
        Assert.False(Eval(Domain(Alice, null, (Users, new[] { Bob })), LogonRightType.Interactive, new[] { Users }).Effective);
    }

    [Fact]
    public void Unreadable_member_lists_and_SIDs_outside_the_model_are_reported_not_guessed()
    {
        var unreadable = Eval(Domain(Alice, Groups(), (Users, null)), LogonRightType.Interactive, new[] { Alice }, new[] { Users });
        Assert.Null(unreadable.Effective);
        Assert.Contains("could not be read", unreadable.Undetermined.Single().Reason, System.StringComparison.Ordinal);
        var ntlm = Sid.Parse("S-1-5-64-10");
        var outside = Eval(Domain(Alice, Groups()), LogonRightType.Network, new[] { WellKnownSids.Everyone }, new[] { ntlm });
        Assert.Null(outside.Effective);
        Assert.Equal(ntlm, outside.Undetermined.Single().Sid);
        // An allow outside the model does not matter once a certain grant exists and no deny can apply.
        var both = Eval(Domain(Alice, Groups()), LogonRightType.Network, new[] { WellKnownSids.Everyone, ntlm });
        Assert.True(both.Effective);
        Assert.False(both.Complete);
    }

    [Fact]
    public void Remote_tokens_keep_every_directory_SID_other_domains_and_SID_history_included()
    {
        var r = Eval(Domain(Alice, Groups(WebEditors, OtherDomainUniversal, Users)), LogonRightType.Interactive, new[] { OtherDomainUniversal });
        Assert.True(r.Effective);
        Assert.DoesNotContain(Users, r.Token); // AuthZ's BUILTIN SIDs are not taken; only member lists decide those
    }

    [Theory]
    [InlineData("S-1-5-18", AccountKind.LocalSystem)]
    [InlineData("S-1-5-19", AccountKind.LocalService)]
    [InlineData("S-1-5-20", AccountKind.NetworkService)]
    [InlineData("S-1-5-80-1-2-3-4-5", AccountKind.ServiceVirtualAccount)]
    [InlineData("S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415", AccountKind.AppPoolIdentity)]
    public void Service_and_virtual_accounts_are_recognised_by_SID(string sid, AccountKind kind)
    {
        Assert.Equal(kind, LogonToken.ServiceKind(Sid.Parse(sid)));
    }

    [Fact]
    public void Other_SIDs_are_not_service_accounts()
    {
        Assert.Null(LogonToken.ServiceKind(Sid.Parse("S-1-5-80-0")));
        Assert.Null(LogonToken.ServiceKind(Alice));
        Assert.Null(LogonToken.ServiceKind(WellKnownSids.AuthenticatedUsers));
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

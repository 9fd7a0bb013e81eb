using System;
using IisLogonTools.Diagnostics;
using IisLogonTools.Rights;
using IisLogonTools.Security;
using Xunit;

namespace IisLogonTools.Tests.Diagnostics;

// Issue 14, finding 3: the remediation comes from the analysis, names only what fixes this case, keeps baseline denies,
// and never repeats what the analysis ruled out. #12's rule: never advise a grant for a right found effective.
public class RightsRemediationTests
{
    private const string Dave = @"CONTOSO\dave";
    private const string DaveSid = "S-1-5-21-1000-2000-3000-1107";

    private static LogonRightStatus Status(bool? effective, string[] grantedBy, string[] deniedBy, string expansion = "Complete", LogonRightType type = LogonRightType.Network) => new()
    {
        ComputerName = "WEB01",
        Identity = Dave,
        Sid = DaveSid,
        LogonType = type.ToString(),
        Right = LogonRights.RightName(type, RightAssignmentKind.Allow),
        DenyRight = LogonRights.RightName(type, RightAssignmentKind.Deny),
        Effective = effective,
        GrantedBy = grantedBy,
        DeniedBy = deniedBy,
        GroupExpansion = expansion,
    };

    [Fact]
    public void BaselineDenyOnGuestsIsKeptAndTheNarrowFixIsLeavingGuests()
    {
        var plan = RightsRemediation.Build(Dave, LogonRightType.Network, Status(false, ["Everyone (S-1-1-0)"], [@"BUILTIN\Guests (S-1-5-32-546)"]), false, null);
        Assert.Contains("Remove-LocalGroupMember -Group 'Guests' -Member 'CONTOSO\\dave'", plan.Text, StringComparison.Ordinal);
        Assert.Contains("baseline", plan.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Revoke-LogonRight -Identity 'BUILTIN\\Guests'", plan.Text, StringComparison.Ordinal);
        // Everyone already grants it: no grant advice.
        Assert.DoesNotContain("Grant-LogonRight", plan.Text, StringComparison.Ordinal);
        Assert.False(plan.AdvisesGrant);
        Assert.Equal("Remove-LocalGroupMember -Group 'Guests' -Member 'CONTOSO\\dave'", plan.Fix);
    }

    [Theory]
    [InlineData("S-1-5-113", "NT AUTHORITY\\Local account", "domain account")]
    [InlineData("S-1-5-114", "NT AUTHORITY\\Local account and member of Administrators group", "Remove-LocalGroupMember -Group 'Administrators'")]
    [InlineData("S-1-5-7", "NT AUTHORITY\\ANONYMOUS LOGON", "credentials")]
    [InlineData("S-1-1-0", "Everyone", "computer-wide")]
    public void EveryBaselineDenyIsCalledOutWithTheNarrowerAlternative(string sid, string name, string alternative)
    {
        var plan = RightsRemediation.Build(Dave, LogonRightType.Network, Status(false, ["Everyone (S-1-1-0)"], [$"{name} ({sid})"]), false, null);
        Assert.Contains(alternative, plan.Text, StringComparison.Ordinal);
        Assert.DoesNotContain($"Revoke-LogonRight -Identity '{name}' -LogonType Network -Deny -Force", plan.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ADenyOnAnOrdinaryGroupPrefersRemovingTheMembershipOverLiftingTheGroupsDeny()
    {
        var plan = RightsRemediation.Build(Dave, LogonRightType.Network, Status(false, [], [@"CONTOSO\Contractors (S-1-5-21-1000-2000-3000-1300)"]), false, null);
        Assert.StartsWith("Remove-ADGroupMember -Identity 'Contractors' -Members 'dave'", plan.Fix, StringComparison.Ordinal);
        Assert.True(plan.Text.IndexOf("Remove-ADGroupMember", StringComparison.Ordinal) < plan.Text.IndexOf("Revoke-LogonRight -Identity 'CONTOSO\\Contractors'", StringComparison.Ordinal));
        // Nothing grants the right either: the grant is the second step.
        Assert.Contains("Grant-LogonRight -Identity 'CONTOSO\\dave' -LogonType Network", plan.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ADenyOnTheAccountItselfIsRemovedFromTheAccountOnly()
    {
        var plan = RightsRemediation.Build(Dave, LogonRightType.Network, Status(false, ["Everyone (S-1-1-0)"], [$"{Dave} ({DaveSid})"]), false, null);
        Assert.Equal("Revoke-LogonRight -Identity 'CONTOSO\\dave' -LogonType Network -Deny", plan.Fix);
    }

    [Fact]
    public void WhenTheAnalysisRuledADenyOutTheDenyCheckIsNotRepeated()
    {
        var plan = RightsRemediation.Build(Dave, LogonRightType.Batch, Status(false, [], [], type: LogonRightType.Batch), false, "The logon type comes from basicAuthentication logonMethod=Batch.");
        Assert.Equal("Grant-LogonRight -Identity 'CONTOSO\\dave' -LogonType Batch", plan.Fix);
        Assert.Contains("no deny applies", plan.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("check Get-LogonRight", plan.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("SeDenyBatchLogonRight", plan.Text, StringComparison.Ordinal);
        Assert.EndsWith("logonMethod=Batch.", plan.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void InteractiveUsesTheKbCmdlet()
    {
        var plan = RightsRemediation.Build(Dave, LogonRightType.Interactive, Status(false, [], [], type: LogonRightType.Interactive), false, null);
        Assert.Equal("Grant-LogonLocallyRight -Identity 'CONTOSO\\dave'", plan.Fix);
    }

    [Fact]
    public void RefusedButEffectiveIsAContradictionAndAdvisesNoGrant()
    {
        var plan = RightsRemediation.Build(Dave, LogonRightType.Network, Status(true, ["Everyone (S-1-1-0)"], []), false, null);
        Assert.True(plan.Contradiction);
        Assert.False(plan.AdvisesGrant);
        Assert.DoesNotContain("Grant-LogonRight -Identity", plan.Text, StringComparison.Ordinal);
        Assert.Contains("Group Policy", plan.Text, StringComparison.Ordinal);
        Assert.Contains("new logon", plan.Text.Replace("sign out", "new logon", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.StartsWith("No grant", plan.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void AcceptedButNotEffectiveIsFlagged()
    {
        var plan = RightsRemediation.Build(Dave, LogonRightType.Network, Status(false, [], [@"BUILTIN\Guests (S-1-5-32-546)"]), true, null);
        Assert.True(plan.Contradiction);
        Assert.False(plan.AdvisesGrant);
        Assert.Contains("not effective", plan.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AnIncompleteAnalysisKeepsTheDenyCheck()
    {
        var status = Status(null, [], [], expansion: "LocalGroupsOnly");
        status.GroupExpansionNote = "Only WEB01's local groups were expanded.";
        var plan = RightsRemediation.Build(Dave, LogonRightType.Network, status, false, null);
        Assert.Contains("check Get-LogonRight -Identity 'CONTOSO\\dave' -LogonType Network for SeDenyNetworkLogonRight", plan.Text, StringComparison.Ordinal);
        Assert.Contains("incomplete", plan.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheAnalysisReadsAsWords()
    {
        var status = Status(false, ["Everyone (S-1-1-0)", @"BUILTIN\Users (S-1-5-32-545)"], [@"BUILTIN\Guests (S-1-5-32-546)"]);
        Assert.Equal(@"CONTOSO\dave: SeNetworkLogonRight not effective: denied by BUILTIN\Guests; granted by Everyone, BUILTIN\Users", status.ToString());
        Assert.Equal(@"Everyone (S-1-1-0); BUILTIN\Users (S-1-5-32-545)", status.GrantedByText);
    }
}

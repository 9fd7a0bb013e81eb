using IisLogonTools.Security;

namespace IisLogonTools.Rights;

/// <summary>How far the groups of an account could be expanded for an effective-right answer.</summary>
public enum GroupExpansion
{
    /// <summary>The directory groups came from AuthZ on this computer (or the account has none: a service, virtual or remote local account); local groups come from their member lists.</summary>
    Complete,

    /// <summary>Remote computer: only its local groups were computed (from their member lists); the domain groups could not be read here, so an assignment to a domain group is unknown.</summary>
    LocalGroupsOnly,

    /// <summary>The identity is a group; effective rights apply to the users in it.</summary>
    NotApplicable,

    /// <summary>Expansion failed (see the note); the effective answer is only certain when a deny was found.</summary>
    NotPossible,
}

/// <summary>One account's standing for one logon right on one computer (Get-LogonRight with -Identity, and -PassThru).</summary>
public sealed class LogonRightStatus
{
    /// <summary>The computer whose policy was read.</summary>
    public string ComputerName { get; set; } = string.Empty;

    /// <summary>The account as DOMAIN\name, or the SID string when it does not resolve.</summary>
    public string Identity { get; set; } = string.Empty;

    /// <summary>The account's SID.</summary>
    public string Sid { get; set; } = string.Empty;

    /// <summary>What kind of account it is.</summary>
    public SidNameUse AccountType { get; set; }

    /// <summary>The kind of account the token was built for (service and virtual accounts are accounts, not groups).</summary>
    public AccountKind AccountKind { get; set; }

    /// <summary>Whether the SID resolved to a name on the computer.</summary>
    public bool Resolved { get; set; }

    /// <summary>The logon right checked.</summary>
    public LogonRightType LogonType { get; set; }

    /// <summary>The allow right's LSA name, for example SeInteractiveLogonRight.</summary>
    public string Right { get; set; } = string.Empty;

    /// <summary>The deny right's LSA name, for example SeDenyInteractiveLogonRight.</summary>
    public string DenyRight { get; set; } = string.Empty;

    /// <summary>The account itself holds the allow right.</summary>
    public bool DirectAllow { get; set; }

    /// <summary>The account itself holds the deny right.</summary>
    public bool DirectDeny { get; set; }

    /// <summary>Whether a logon of this type is allowed (deny wins); null when it cannot be told.</summary>
    public bool? Effective { get; set; }

    /// <summary>Assignments that grant the right to the account, as "NAME (SID)".</summary>
    public string[] GrantedBy { get; set; } = System.Array.Empty<string>();

    /// <summary>Assignments that deny the right to the account, as "NAME (SID)".</summary>
    public string[] DeniedBy { get; set; } = System.Array.Empty<string>();

    /// <summary>How completely the account's groups were expanded.</summary>
    public GroupExpansion GroupExpansion { get; set; }

    /// <summary>Why expansion was partial or impossible.</summary>
    public string? GroupExpansionNote { get; set; }

    /// <summary>
    /// True when every holder of the right and of its deny could be placed in or out of the account's token by the
    /// token model; false when something was skipped (see <see cref="TokenGaps"/>). A True or False Effective with
    /// TokenComplete False means the skipped parts could not change it.
    /// </summary>
    public bool TokenComplete { get; set; }

    /// <summary>What the token model could not decide for this right, and why (empty when complete).</summary>
    public string[] TokenGaps { get; set; } = System.Array.Empty<string>();

    /// <summary>The SIDs of the logon token the model built for this logon type (the account, its groups, the well-known and local groups).</summary>
    public string[] TokenSids { get; set; } = System.Array.Empty<string>();

    /// <summary>Whether the command that produced this object changed the policy (Grant/Revoke -PassThru).</summary>
    public bool Changed { get; set; }

    /// <summary>Who decides the allow right here: Local, GroupPolicy (a GPO's list replaces the local one at every refresh) or Unknown.</summary>
    public Policy.PolicySource PolicySource { get; set; }

    /// <summary>The display name of the GPO that defines the allow right, or null.</summary>
    public string? GroupPolicyObject { get; set; }

    /// <summary>Who decides the deny right here.</summary>
    public Policy.PolicySource DenyPolicySource { get; set; }

    /// <summary>The display name of the GPO that defines the deny right, or null.</summary>
    public string? DenyGroupPolicyObject { get; set; }

    /// <summary>Where the GPO is linked and what that means, or why the policy source is unknown.</summary>
    public string? PolicyNote { get; set; }

    /// <summary>Grant/Revoke -PassThru: whether the next policy refresh undoes this change (null when it cannot be told, and on Get-LogonRight output).</summary>
    public bool? RevertsAtNextPolicyRefresh { get; set; }
}

/// <summary>One direct holder of a logon right or its deny counterpart (Get-LogonRight without -Identity).</summary>
public sealed class LogonRightHolder
{
    /// <summary>The computer whose policy was read.</summary>
    public string ComputerName { get; set; } = string.Empty;

    /// <summary>The logon right.</summary>
    public LogonRightType LogonType { get; set; }

    /// <summary>Allow or Deny.</summary>
    public RightAssignmentKind Assignment { get; set; }

    /// <summary>The LSA right name.</summary>
    public string Right { get; set; } = string.Empty;

    /// <summary>The holder as DOMAIN\name, or its SID string when it does not resolve.</summary>
    public string Identity { get; set; } = string.Empty;

    /// <summary>The holder's SID.</summary>
    public string Sid { get; set; } = string.Empty;

    /// <summary>What kind of account it is.</summary>
    public SidNameUse AccountType { get; set; }

    /// <summary>False for SIDs that no longer resolve (deleted accounts, unreachable domains).</summary>
    public bool Resolved { get; set; }

    /// <summary>Who decides this right here: Local, GroupPolicy or Unknown.</summary>
    public Policy.PolicySource PolicySource { get; set; }

    /// <summary>The display name of the GPO that defines this right, or null.</summary>
    public string? GroupPolicyObject { get; set; }
}

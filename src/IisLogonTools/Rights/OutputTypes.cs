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

/// <summary>
/// One account's standing for one logon right on one computer (Get-LogonRight with -Identity). Names (LogonType,
/// AccountType, GroupExpansion) are strings, so ConvertTo-Json and Export-Csv write the name on every PowerShell version;
/// the arrays have a "; "-joined companion (GrantedByText, DeniedByText) for CSV.
/// </summary>
public class LogonRightStatus
{
    /// <summary>The computer whose policy was read.</summary>
    public string ComputerName { get; set; } = string.Empty;

    /// <summary>The account as DOMAIN\name, or the SID string when it does not resolve.</summary>
    public string Identity { get; set; } = string.Empty;

    /// <summary>The account's SID.</summary>
    public string Sid { get; set; } = string.Empty;

    /// <summary>What kind of account it is, as a <see cref="SidNameUse"/> name (User, Group, Alias, WellKnownGroup, …).</summary>
    public string AccountType { get; set; } = string.Empty;

    /// <summary>The kind of account the token was built for (service and virtual accounts are accounts, not groups).</summary>
    public string AccountKind { get; set; } = string.Empty;

    /// <summary>Whether the SID resolved to a name on the computer.</summary>
    public bool Resolved { get; set; }

    /// <summary>The logon right checked, as a <see cref="LogonRightType"/> name (Interactive, Network, Batch, Service, RemoteInteractive).</summary>
    public string LogonType { get; set; } = string.Empty;

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

    /// <summary><see cref="GrantedBy"/> joined with "; ", for Export-Csv.</summary>
    public string GrantedByText => string.Join("; ", GrantedBy);

    /// <summary><see cref="DeniedBy"/> joined with "; ", for Export-Csv.</summary>
    public string DeniedByText => string.Join("; ", DeniedBy);

    /// <summary>How completely the account's groups were expanded, as a <see cref="Rights.GroupExpansion"/> name.</summary>
    public string GroupExpansion { get; set; } = string.Empty;

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

    /// <summary>Who decides the allow right here: Local, GroupPolicy (a GPO's list replaces the local one at every refresh) or Unknown.</summary>
    public string PolicySource { get; set; } = nameof(Policy.PolicySource.Unknown);

    /// <summary>The display name of the GPO that defines the allow right, or null.</summary>
    public string? GroupPolicyObject { get; set; }

    /// <summary>Who decides the deny right here.</summary>
    public string DenyPolicySource { get; set; } = nameof(Policy.PolicySource.Unknown);

    /// <summary>The display name of the GPO that defines the deny right, or null.</summary>
    public string? DenyGroupPolicyObject { get; set; }

    /// <summary>Where the GPO is linked and what that means, or why the policy source is unknown.</summary>
    public string? PolicyNote { get; set; }

    /// <summary>The analysis in one sentence, for example "CONTOSO\dave: SeNetworkLogonRight not effective: denied by BUILTIN\Guests; granted by Everyone".</summary>
    public string Summary
    {
        get
        {
            var verdict = Effective switch
            {
                true => "effective",
                false => "not effective",
                null => GroupExpansion == nameof(Rights.GroupExpansion.NotApplicable) ? "applies to the group's members" : "unknown",
            };
            var parts = new System.Collections.Generic.List<string>();
            if (DeniedBy.Length > 0)
            {
                parts.Add("denied by " + string.Join(", ", System.Linq.Enumerable.Select(DeniedBy, HolderName.NameOf)));
            }

            parts.Add(GrantedBy.Length > 0
                ? "granted by " + string.Join(", ", System.Linq.Enumerable.Select(GrantedBy, HolderName.NameOf))
                : "granted to neither the account nor any of its groups");
            if (GroupExpansionNote is not null && GroupExpansion != nameof(Rights.GroupExpansion.Complete))
            {
                parts.Add(GroupExpansionNote);
            }

            return $"{Identity}: {Right} {verdict}: {string.Join("; ", parts)}";
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Summary;
}

/// <summary>
/// The standing after Grant-* or Revoke-* (-PassThru): a <see cref="LogonRightStatus"/> that also says whether this
/// command wrote to the policy. Read-only Get-* results do not carry <see cref="Changed"/>.
/// </summary>
public sealed class LogonRightChange : LogonRightStatus
{
    /// <summary>Whether this command changed the policy.</summary>
    public bool Changed { get; set; }

    /// <summary>Grant/Revoke -PassThru: whether the next policy refresh undoes this change (null when it cannot be told).</summary>
    public bool? RevertsAtNextPolicyRefresh { get; set; }
}

/// <summary>Splits the "NAME (SID)" entries of GrantedBy and DeniedBy.</summary>
public static class HolderName
{
    /// <summary>The name part of "NAME (SID)", or the whole entry when it has no SID part.</summary>
    public static string NameOf(string entry)
    {
        var (name, _) = Split(entry);
        return name;
    }

    /// <summary>The SID part of "NAME (SID)", or <see langword="null"/>.</summary>
    public static string? SidOf(string entry) => Split(entry).Sid;

    private static (string Name, string? Sid) Split(string entry)
    {
        if (entry is null)
        {
            return (string.Empty, null);
        }

        var open = entry.LastIndexOf(" (S-", System.StringComparison.Ordinal);
        if (open > 0 && entry.EndsWith(")", System.StringComparison.Ordinal))
        {
            return (entry.Substring(0, open), entry.Substring(open + 2, entry.Length - open - 3));
        }

        // An assignment whose SID does not resolve is shown as the bare SID.
        return entry.StartsWith("S-1-", System.StringComparison.Ordinal) && entry.IndexOf(' ') < 0 ? (entry, entry) : (entry, null);
    }
}

/// <summary>One direct holder of a logon right or its deny counterpart (Get-LogonRight without -Identity).</summary>
public sealed class LogonRightHolder
{
    /// <summary>The computer whose policy was read.</summary>
    public string ComputerName { get; set; } = string.Empty;

    /// <summary>The logon right, as a <see cref="LogonRightType"/> name.</summary>
    public string LogonType { get; set; } = string.Empty;

    /// <summary>Allow or Deny.</summary>
    public string Assignment { get; set; } = string.Empty;

    /// <summary>The LSA right name.</summary>
    public string Right { get; set; } = string.Empty;

    /// <summary>The holder as DOMAIN\name, or its SID string when it does not resolve.</summary>
    public string Identity { get; set; } = string.Empty;

    /// <summary>The holder's SID.</summary>
    public string Sid { get; set; } = string.Empty;

    /// <summary>What kind of account it is, as a <see cref="SidNameUse"/> name.</summary>
    public string AccountType { get; set; } = string.Empty;

    /// <summary>False for SIDs that no longer resolve (deleted accounts, unreachable domains).</summary>
    public bool Resolved { get; set; }

    /// <summary>Who decides this right here: Local, GroupPolicy or Unknown.</summary>
    public string PolicySource { get; set; } = nameof(Policy.PolicySource.Unknown);

    /// <summary>The display name of the GPO that defines this right, or null.</summary>
    public string? GroupPolicyObject { get; set; }
}

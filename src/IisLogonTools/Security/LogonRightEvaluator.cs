using System.Collections.Generic;
using System.Linq;

namespace IisLogonTools.Security;

/// <summary>The outcome of checking one logon right for one account.</summary>
public sealed class LogonRightEvaluation
{
    internal LogonRightEvaluation(bool directAllow, bool directDeny, bool? effective, IReadOnlyList<Sid> grantedBy, IReadOnlyList<Sid> deniedBy)
    {
        DirectAllow = directAllow;
        DirectDeny = directDeny;
        Effective = effective;
        GrantedBy = grantedBy;
        DeniedBy = deniedBy;
    }

    /// <summary>The account's own SID holds the allow right.</summary>
    public bool DirectAllow { get; }

    /// <summary>The account's own SID holds the deny right.</summary>
    public bool DirectDeny { get; }

    /// <summary>Whether the logon is allowed; null when group expansion failed and no deny was seen, so nobody can tell.</summary>
    public bool? Effective { get; }

    /// <summary>SIDs of the account's token that hold the allow right (the account itself, its groups, well-known SIDs).</summary>
    public IReadOnlyList<Sid> GrantedBy { get; }

    /// <summary>SIDs of the account's token that hold the deny right.</summary>
    public IReadOnlyList<Sid> DeniedBy { get; }
}

/// <summary>
/// Decides whether a logon right is effective, the way LSA checks it at logon: the rights of the account's own SID,
/// every group it belongs to (transitively), Everyone, Authenticated Users, the logon-type SID, and This Organization
/// for domain accounts are united; any deny assignment among them wins over every allow (win-semantics.md §2).
/// </summary>
public static class LogonRightEvaluator
{
    /// <summary>Evaluates one right for one account.</summary>
    /// <param name="account">The account's SID.</param>
    /// <param name="groups">The account's groups, or null when they could not be expanded.</param>
    /// <param name="isDomainAccount">Whether the account belongs to a domain (adds This Organization).</param>
    /// <param name="type">The logon right.</param>
    /// <param name="allowHolders">Direct holders of the allow right on the computer.</param>
    /// <param name="denyHolders">Direct holders of the deny right on the computer.</param>
    /// <param name="groupsComplete">False when <paramref name="groups"/> is known to be partial: then "no grant found" means unknown, not false.</param>
    public static LogonRightEvaluation Evaluate(
        Sid account,
        IReadOnlyCollection<TokenGroup>? groups,
        bool isDomainAccount,
        LogonRightType type,
        ICollection<Sid> allowHolders,
        ICollection<Sid> denyHolders,
        bool groupsComplete = true)
    {
        // Every SID the token would carry; deny-only groups count for deny but never grant.
        var grantingSids = new List<Sid> { account };
        var denyingSids = new List<Sid> { account };
        if (groups is not null)
        {
            foreach (var g in groups)
            {
                denyingSids.Add(g.Sid);
                if (!g.DenyOnly)
                {
                    grantingSids.Add(g.Sid);
                }
            }
        }

        var implicitSids = new List<Sid> { WellKnownSids.Everyone, WellKnownSids.AuthenticatedUsers, LogonRights.LogonTypeSid(type) };
        if (isDomainAccount)
        {
            implicitSids.Add(WellKnownSids.ThisOrganization);
        }

        grantingSids.AddRange(implicitSids);
        denyingSids.AddRange(implicitSids);

        var grantedBy = grantingSids.Distinct().Where(allowHolders.Contains).ToList();
        var deniedBy = denyingSids.Distinct().Where(denyHolders.Contains).ToList();
        bool? effective = deniedBy.Count > 0
            ? false
            : grantedBy.Count > 0
                ? groups is null ? null : true
                : groups is null || !groupsComplete ? null : false;

        return new LogonRightEvaluation(allowHolders.Contains(account), denyHolders.Contains(account), effective, grantedBy, deniedBy);
    }
}

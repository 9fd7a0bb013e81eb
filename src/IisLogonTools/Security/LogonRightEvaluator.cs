using System.Collections.Generic;
using System.Linq;

namespace IisLogonTools.Security;

/// <summary>The outcome of checking one logon right for one account.</summary>
public sealed class LogonRightEvaluation
{
    internal LogonRightEvaluation(bool directAllow, bool directDeny, bool? effective, IReadOnlyList<Sid> grantedBy, IReadOnlyList<Sid> deniedBy, IReadOnlyList<(Sid Sid, string Reason)> undetermined, IReadOnlyCollection<Sid> token)
    {
        DirectAllow = directAllow;
        DirectDeny = directDeny;
        Effective = effective;
        GrantedBy = grantedBy;
        DeniedBy = deniedBy;
        Undetermined = undetermined;
        Token = token;
    }

    /// <summary>The account's own SID holds the allow right.</summary>
    public bool DirectAllow { get; }

    /// <summary>The account's own SID holds the deny right.</summary>
    public bool DirectDeny { get; }

    /// <summary>Whether the logon is allowed; null when a holder whose membership the model cannot decide could change the answer.</summary>
    public bool? Effective { get; }

    /// <summary>SIDs of the account's token that hold the allow right (the account itself, its groups, well-known SIDs).</summary>
    public IReadOnlyList<Sid> GrantedBy { get; }

    /// <summary>SIDs of the account's token that hold the deny right.</summary>
    public IReadOnlyList<Sid> DeniedBy { get; }

    /// <summary>Holders of the allow or deny right whose membership in the token the model could not decide, and why.</summary>
    public IReadOnlyList<(Sid Sid, string Reason)> Undetermined { get; }

    /// <summary>The token's SIDs as the model built them (without the undetermined ones).</summary>
    public IReadOnlyCollection<Sid> Token { get; }

    /// <summary>True when nothing the answer depends on was left undecided.</summary>
    public bool Complete => Undetermined.Count == 0;
}

/// <summary>
/// Decides whether a logon right is effective, the way LSA checks it at logon: the token of the logon type
/// (<see cref="LogonToken"/>: the account, its groups, the well-known SIDs of that logon, then the local groups over
/// all of them) is compared with the holders of the allow and the deny right; any deny wins over every allow
/// (win-semantics.md §2 [ARC][TNLR]).
/// </summary>
public static class LogonRightEvaluator
{
    /// <summary>Evaluates one right for one account.</summary>
    /// <param name="facts">What is known about the account on the computer.</param>
    /// <param name="type">The logon right.</param>
    /// <param name="allowHolders">Direct holders of the allow right on the computer.</param>
    /// <param name="denyHolders">Direct holders of the deny right on the computer.</param>
    public static LogonRightEvaluation Evaluate(TokenFacts facts, LogonRightType type, ICollection<Sid> allowHolders, ICollection<Sid> denyHolders)
    {
        // A holder whose membership cannot be decided is counted both ways: absent (what is certain) and present
        // (what is possible). Where the two tokens disagree on the answer, the answer is unknown.
        // Members of the local groups count as well: an undecided member makes its group undecided.
        var candidates = allowHolders.Concat(denyHolders)
            .Concat(facts.AliasMembers.Values.Where(m => m is not null).SelectMany(m => m!));
        var undetermined = candidates.Distinct()
            .Select(h => (Sid: h, Reason: LogonToken.WhyUndecided(facts, h)))
            .Where(u => u.Reason is not null)
            .Select(u => (u.Sid, u.Reason!))
            .ToList();
        var certain = LogonToken.Build(facts, type);
        var possible = undetermined.Count == 0 ? certain : LogonToken.Build(facts, type, undetermined.Select(u => u.Sid));

        var grantedBy = Ordered(certain.Granting.Where(allowHolders.Contains), facts.Account);
        var deniedBy = Ordered(certain.All.Where(denyHolders.Contains), facts.Account);
        var mayDeny = possible.All.Any(denyHolders.Contains);
        var mayGrant = possible.Granting.Any(allowHolders.Contains);
        bool? effective = deniedBy.Count > 0 ? false
            : mayDeny ? null
            : grantedBy.Count > 0 ? true
            : mayGrant ? null
            : false;

        return new LogonRightEvaluation(allowHolders.Contains(facts.Account), denyHolders.Contains(facts.Account), effective, grantedBy, deniedBy, undetermined, certain.All);
    }

    // The account first, then the rest in SID order, so output does not depend on hash order.
    private static List<Sid> Ordered(IEnumerable<Sid> sids, Sid account) =>
        sids.OrderBy(s => s.Equals(account) ? 0 : 1).ThenBy(s => s.ToString(), System.StringComparer.Ordinal).ToList();
}

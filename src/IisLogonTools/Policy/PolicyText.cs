using System.Collections.Generic;
using System.Linq;

namespace IisLogonTools.Policy;

/// <summary>The messages that tell an administrator that a GPO owns a right and what that means for a local change.</summary>
public static class PolicyText
{
    /// <summary>How often security policy is reapplied, for messages.</summary>
    public const string RefreshCycle = "at the next Group Policy refresh (in the background about every 90 minutes, and security settings at least every 16 hours even when no GPO changed)";

    /// <summary>
    /// The warning before a local grant or revoke of a right a GPO defines, or null when there is nothing to warn
    /// about (the right is local, unknown, or the GPO already agrees with the change).
    /// </summary>
    /// <param name="policy">Who decides the right.</param>
    /// <param name="reverts">The evaluator's answer for the change.</param>
    /// <param name="account">The account as shown to the user.</param>
    /// <param name="computer">The computer.</param>
    /// <param name="adds">Grant (true) or revoke (false).</param>
    /// <param name="rightDisplay">The right's display name, for example 'Access this computer from the network'.</param>
    /// <param name="unresolved">GPO member names that could not be translated on the computer.</param>
    public static string? ChangeWarning(RightPolicy policy, bool? reverts, string account, string computer, bool adds, string rightDisplay, IReadOnlyCollection<string> unresolved)
    {
        if (policy.Source != PolicySource.GroupPolicy || reverts == false)
        {
            return null;
        }

        var gpo = policy.Winning!;
        var verb = adds ? "granting it to" : "revoking it from";
        var head = $"{policy.Right} on {computer} is defined by Group Policy Object {gpo.Describe()} ({policy.Origin}). Its account list replaces the local one {RefreshCycle}";
        if (reverts == true)
        {
            var fix = adds
                ? $"To make it last, add {account} (or a group it belongs to) to '{rightDisplay}' in GPO '{gpo.GpoName}'"
                : $"That GPO lists {account}; to make it last, remove {account} from '{rightDisplay}' in GPO '{gpo.GpoName}'";
            return $"{head}, so {verb} {account} here is reverted then. {fix}.";
        }

        var names = unresolved.Count == 0 ? string.Empty : $" ({string.Join(", ", unresolved)})";
        return $"{head}. Some of its members could not be translated on {computer}{names}, so whether {verb} {account} here survives the refresh cannot be told; change '{rightDisplay}' in GPO '{gpo.GpoName}' to be sure.";
    }

    /// <summary>The suffix for the -WhatIf / -Confirm action text, or empty.</summary>
    public static string WhatIfSuffix(RightPolicy policy, bool? reverts) =>
        policy.Source != PolicySource.GroupPolicy || reverts == false
            ? string.Empty
            : reverts == true
                ? $" (defined by GPO {policy.Winning!.Describe()}: reverted at the next policy refresh)"
                : $" (defined by GPO {policy.Winning!.Describe()}: may be reverted at the next policy refresh)";

    /// <summary>
    /// The remediation that Test-IisLogon puts first when the right it needs is defined by a GPO: change the GPO
    /// (by name); the local command only as a temporary measure.
    /// </summary>
    /// <param name="policy">Who decides the right to change.</param>
    /// <param name="account">The account.</param>
    /// <param name="adds">Whether the fix adds the account (a missing allow) or removes an assignment (a deny).</param>
    /// <param name="rightDisplay">The right's display name.</param>
    /// <param name="holders">For a deny: the assignments that deny it.</param>
    /// <param name="localCommand">The local command that fixes it until the next refresh.</param>
    public static string? GpoRemediation(RightPolicy policy, string account, bool adds, string rightDisplay, IEnumerable<string> holders, string localCommand)
    {
        if (policy.Source != PolicySource.GroupPolicy)
        {
            return null;
        }

        var gpo = policy.Winning!;
        var change = adds
            ? $"add {account} (or a group it belongs to) to '{rightDisplay}' ({policy.Right})"
            : $"remove {string.Join(", ", holders.DefaultIfEmpty(account))} from '{rightDisplay}' ({policy.Right}), or take {account} out of that group";
        return $"{policy.Right} is defined by Group Policy Object {gpo.Describe()}: edit that GPO and {change}, then run 'gpupdate /target:computer /force'. "
            + $"A local change ({localCommand}) works only temporarily: it is reverted {RefreshCycle}.";
    }
}

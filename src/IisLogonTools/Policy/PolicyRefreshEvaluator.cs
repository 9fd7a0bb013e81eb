using System;
using System.Collections.Generic;
using System.Linq;
using IisLogonTools.Security;

namespace IisLogonTools.Policy;

/// <summary>
/// Will a local change to a right last? When a GPO defines the right, the security extension writes the GPO's
/// account list over the local one at the next refresh: an account keeps the right exactly when the GPO lists it.
/// </summary>
public static class PolicyRefreshEvaluator
{
    /// <summary>
    /// Whether the state a grant (<paramref name="holdsAfterChange"/> true) or revoke (false) leaves for the account
    /// is undone at the next policy refresh: true or false, or null when the policy state is unknown or a GPO member
    /// name could not be translated (it might be this account).
    /// </summary>
    /// <param name="policy">Who decides the right.</param>
    /// <param name="account">The account's SID.</param>
    /// <param name="holdsAfterChange">Whether the account holds the right directly after the change.</param>
    /// <param name="resolvedNames">SIDs of the GPO's name-only members as translated on the target computer (null value: not found there).</param>
    public static bool? RevertsAtNextRefresh(RightPolicy policy, Sid account, bool holdsAfterChange, IReadOnlyDictionary<string, Sid?> resolvedNames)
    {
        if (policy is null)
        {
            throw new ArgumentNullException(nameof(policy));
        }

        switch (policy.Source)
        {
            case PolicySource.Unknown:
                return null;
            case PolicySource.Local:
                return false;
        }

        var listed = ListsAccount(policy.Winning!, account, resolvedNames);
        return listed is null ? null : listed.Value != holdsAfterChange;
    }

    /// <summary>Whether the GPO setting lists the account itself (true/false), or null when a name-only member could not be translated.</summary>
    public static bool? ListsAccount(GroupPolicyRightSetting setting, Sid account, IReadOnlyDictionary<string, Sid?> resolvedNames)
    {
        if (setting is null || account is null || resolvedNames is null)
        {
            throw new ArgumentNullException(setting is null ? nameof(setting) : account is null ? nameof(account) : nameof(resolvedNames));
        }

        var unresolved = false;
        foreach (var member in setting.Accounts)
        {
            var sid = member.Sid;
            if (sid is null && member.Name is not null && resolvedNames.TryGetValue(member.Name, out var found))
            {
                sid = found;
            }

            if (sid is null)
            {
                unresolved = true;
            }
            else if (sid.Equals(account))
            {
                return true;
            }
        }

        return unresolved ? null : false;
    }

    /// <summary>The name-only members that need translating on the target computer.</summary>
    public static IReadOnlyList<string> NamesToResolve(IEnumerable<RightPolicy> policies) =>
        policies.Where(p => p.Winning is not null)
            .SelectMany(p => p.Winning!.Accounts)
            .Where(a => a.Sid is null && a.Name is not null)
            .Select(a => a.Name!)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
}

using System;
using System.Collections.Generic;
using System.Linq;
using IisLogonTools.Native;
using IisLogonTools.Security;

namespace IisLogonTools.Rights;

/// <summary>
/// Everything one command invocation needs from one computer: a single policy handle, each right's holders
/// enumerated at most once, and group expansion (AuthZ here, NetUserGetLocalGroups for a remote computer).
/// </summary>
internal sealed class ComputerRightsSession : IDisposable
{
    private readonly LsaPolicy _policy;
    private readonly Dictionary<string, HashSet<Sid>> _holders = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Sid, AccountLookup> _names = new();
    private AuthzGroupReader? _authz;
    private AccountLookup? _primaryDomain;

    // A computer has few local groups: their SIDs are translated once per session, not once per account.
    private readonly Dictionary<string, Sid?> _localGroups = new(StringComparer.OrdinalIgnoreCase);

    private ComputerRightsSession(LsaPolicy policy, string? remoteName, AccountLookup accountDomain)
    {
        _policy = policy;
        RemoteName = remoteName;
        AccountDomain = accountDomain;
    }

    /// <summary>The remote computer name, or null for this computer.</summary>
    internal string? RemoteName { get; }

    /// <summary>The computer's account domain: its name is the computer name LSA uses, its SID the local accounts' prefix.</summary>
    internal AccountLookup AccountDomain { get; }

    /// <summary>The name shown in output.</summary>
    internal string ComputerName => AccountDomain.Name ?? RemoteName ?? "localhost";

    internal static ComputerRightsSession Open(string? remoteName, bool write)
    {
        var policy = LsaPolicy.Open(remoteName, write ? LsaPolicy.WriteAccess : LsaPolicy.ReadAccess);
        try
        {
            return new ComputerRightsSession(policy, remoteName, policy.QueryAccountDomain());
        }
        catch
        {
            policy.Dispose();
            throw;
        }
    }

    /// <summary>Direct holders of a right, enumerated once per session.</summary>
    internal HashSet<Sid> Holders(string right)
    {
        if (!_holders.TryGetValue(right, out var set))
        {
            set = new HashSet<Sid>(_policy.EnumerateAccountsWithRight(right));
            _holders[right] = set;
        }

        return set;
    }

    internal void Grant(Sid account, string right)
    {
        _policy.AddRight(account, right);
        Holders(right).Add(account);
    }

    /// <summary>Revokes; false when the account had no rights left to remove (removed concurrently).</summary>
    internal bool Revoke(Sid account, string right)
    {
        var removed = _policy.RemoveRight(account, right);
        Holders(right).Remove(account);
        return removed;
    }

    /// <summary>Translates an identity on this computer; null when the name does not exist here.</summary>
    internal ResolvedAccount? Resolve(ParsedAccountIdentity identity)
    {
        var (account, ambiguity) = ResolveMany(new[] { identity })[0];
        return ambiguity is null ? account : throw ambiguity;
    }

    /// <summary>
    /// Translates identities in as few LSA calls as possible: one LsaLookupNames2 for all the names and one
    /// LsaLookupSids2 for all the SIDs (and UPNs, whose account name LsaLookupNames2 does not return). A name keeps
    /// the casing it was given, with the domain as LSA spells it. Each entry is the account, or null when it does not
    /// exist here, or the reason a bare name is ambiguous. Nothing is cached, so memory does not grow with the input.
    /// </summary>
    internal IReadOnlyList<(ResolvedAccount? Account, AmbiguousAccountException? Ambiguity)> ResolveMany(IReadOnlyList<ParsedAccountIdentity> identities)
    {
        var results = new (ResolvedAccount?, AmbiguousAccountException?)[identities.Count];
        var byName = new List<int>();
        for (var i = 0; i < identities.Count; i++)
        {
            if (identities[i].Sid is null)
            {
                byName.Add(i);
            }
        }

        var toDescribe = new List<(int Index, Sid Sid)>();
        if (byName.Count > 0)
        {
            var found = _policy.LookupNames(byName.Select(i => identities[i].LookupName(ComputerName)).ToList());
            for (var k = 0; k < byName.Count; k++)
            {
                var i = byName[k];
                var identity = identities[i];
                if (!found[k].Resolved)
                {
                    continue;
                }

                var sid = found[k].Sid!;
                try
                {
                    CheckNotAmbiguous(identity, sid);
                }
                catch (AmbiguousAccountException e)
                {
                    results[i] = (null, e);
                    continue;
                }

                if (identity.Form == AccountIdentityForm.UserPrincipalName)
                {
                    toDescribe.Add((i, sid));
                }
                else
                {
                    results[i] = (new ResolvedAccount(sid, new AccountLookup(sid, found[k].Domain, identity.Name, found[k].Use)), null);
                }
            }
        }

        for (var i = 0; i < identities.Count; i++)
        {
            if (identities[i].Sid is { } sid)
            {
                toDescribe.Add((i, sid));
            }
        }

        if (toDescribe.Count > 0)
        {
            var lookups = _policy.LookupSids(toDescribe.Select(d => d.Sid).ToList());
            for (var k = 0; k < toDescribe.Count; k++)
            {
                results[toDescribe[k].Index] = (new ResolvedAccount(toDescribe[k].Sid, lookups[k]), null);
            }
        }

        return results;
    }

    /// <summary>
    /// A bare name resolves to a local account before a domain account of the same name (LsaLookupNames2's isolated
    /// name order), silently. Granting or reading rights for the wrong one is a security mistake, so a bare name that
    /// exists both here and in the computer's domain is refused and the caller is asked to say which.
    /// </summary>
    private void CheckNotAmbiguous(ParsedAccountIdentity identity, Sid resolved)
    {
        if (identity.Form != AccountIdentityForm.Isolated || AccountDomain.Sid is null || !resolved.IsInDomain(AccountDomain.Sid))
        {
            return;
        }

        _primaryDomain ??= _policy.QueryPrimaryDomain();
        if (_primaryDomain.Sid is null || string.IsNullOrEmpty(_primaryDomain.Name))
        {
            return;
        }

        var domainName = _primaryDomain.Name + "\\" + identity.Name;
        var other = _policy.LookupNames(new[] { domainName })[0];
        if (other.Resolved && !other.Sid!.Equals(resolved))
        {
            throw new AmbiguousAccountException(identity.Name!, $"{ComputerName}\\{identity.Name} ({resolved})", $"{domainName} ({other.Sid})");
        }
    }

    /// <summary>
    /// Names for SIDs, in one LSA call for all that are not known yet. Cached: used for the holders of rights and
    /// the groups that grant or deny them, a small set however many accounts are checked.
    /// </summary>
    internal IReadOnlyList<AccountLookup> Describe(IReadOnlyList<Sid> sids)
    {
        var missing = sids.Where(s => !_names.ContainsKey(s)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var found = _policy.LookupSids(missing);
            for (var i = 0; i < missing.Count; i++)
            {
                _names[missing[i]] = found[i];
            }
        }

        return sids.Select(s => _names[s]).ToList();
    }

    internal string DescribeSid(Sid sid)
    {
        var lookup = Describe(new[] { sid })[0];
        return lookup.Resolved ? $"{lookup.DisplayName} ({sid})" : sid.ToString();
    }

    /// <summary>The NetBIOS name of the domain the computer is joined to, or null in a workgroup (read once per session).</summary>
    internal string? PrimaryDomainName()
    {
        _primaryDomain ??= _policy.QueryPrimaryDomain();
        return _primaryDomain.Sid is null || string.IsNullOrEmpty(_primaryDomain.Name) ? null : _primaryDomain.Name;
    }

    /// <summary>Whether the account comes from a domain rather than this computer's own account database.</summary>
    internal bool IsDomainAccount(ResolvedAccount account) =>
        account.Lookup.Use is SidNameUse.User or SidNameUse.Group or SidNameUse.Computer
        && AccountDomain.Sid is not null
        && !account.Sid.IsInDomain(AccountDomain.Sid)
        && account.Sid.Authority == 5 && account.Sid.SubAuthorities.Count > 1 && account.Sid.SubAuthorities[0] == 21;

    /// <summary>The account's groups, how completely they could be found, and why not.</summary>
    internal (IReadOnlyCollection<TokenGroup>? Groups, GroupExpansion Expansion, string? Note) ExpandGroups(ResolvedAccount account)
    {
        if (account.Lookup.IsGroup)
        {
            return (null, GroupExpansion.NotApplicable, "The identity is a group: its members receive the rights assigned to it; check a member user for the effective answer.");
        }

        if (!account.Lookup.Resolved)
        {
            return (null, GroupExpansion.NotPossible, $"The SID does not resolve to an account on {ComputerName}, so its groups are unknown.");
        }

        try
        {
            if (RemoteName is null)
            {
                _authz ??= AuthzGroupReader.Create();
                return (_authz.GetGroups(account.Sid), GroupExpansion.Complete, null);
            }

            var names = LocalGroupReader.GetLocalGroupNames(RemoteName, account.DisplayName);
            var unknown = names.Where(n => !_localGroups.ContainsKey(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (unknown.Count > 0)
            {
                var found = _policy.LookupNames(unknown);
                for (var i = 0; i < unknown.Count; i++)
                {
                    _localGroups[unknown[i]] = found[i].Resolved ? found[i].Sid : null;
                }
            }

            var groups = names.Select(n => _localGroups[n]).Where(g => g is not null).Select(g => new TokenGroup(g!, 0)).ToList();
            if (!IsDomainAccount(account))
            {
                // An account of the remote computer itself belongs only to that computer's local groups.
                return (groups, GroupExpansion.Complete, null);
            }

            // A domain account's domain groups are the same wherever it logs on: AuthZ on this computer reads them.
            // Only groups of the account's own domain are kept; this computer's local groups mean nothing there.
            try
            {
                _authz ??= AuthzGroupReader.Create();
                var accountDomain = account.Sid.DomainPrefix();
                groups.AddRange(_authz.GetGroups(account.Sid).Where(g => accountDomain is not null && g.Sid.IsInDomain(accountDomain)));
                return (groups, GroupExpansion.Complete, null);
            }
            catch (WindowsApiException e)
            {
                return (groups, GroupExpansion.LocalGroupsOnly, $"Only {ComputerName}'s local groups were expanded (NetUserGetLocalGroups); the domain groups could not be read on this computer ({e.Message}). A right that {ComputerName} assigns directly to a domain group is not seen, so 'not granted' is reported as unknown.");
            }
        }
        catch (WindowsApiException e)
        {
            return (null, GroupExpansion.NotPossible, $"Group expansion failed: {e.Message}");
        }
    }

    /// <summary>Evaluates one logon right for an account, with holders and groups as found.</summary>
    internal LogonRightStatus Evaluate(ResolvedAccount account, LogonRightType type, (IReadOnlyCollection<TokenGroup>? Groups, GroupExpansion Expansion, string? Note) expansion)
    {
        var allowName = LogonRights.RightName(type, RightAssignmentKind.Allow);
        var denyName = LogonRights.RightName(type, RightAssignmentKind.Deny);
        var evaluation = LogonRightEvaluator.Evaluate(account.Sid, expansion.Groups, IsDomainAccount(account), type, Holders(allowName), Holders(denyName), expansion.Expansion != GroupExpansion.LocalGroupsOnly);
        bool? effective = expansion.Expansion == GroupExpansion.NotApplicable ? null : evaluation.Effective;
        var named = Describe(evaluation.GrantedBy.Concat(evaluation.DeniedBy).ToList());
        return new LogonRightStatus
        {
            ComputerName = ComputerName,
            Identity = account.DisplayName,
            Sid = account.Sid.ToString(),
            AccountType = account.Lookup.Use,
            Resolved = account.Lookup.Resolved,
            LogonType = type,
            Right = allowName,
            DenyRight = denyName,
            DirectAllow = evaluation.DirectAllow,
            DirectDeny = evaluation.DirectDeny,
            Effective = effective,
            GrantedBy = evaluation.GrantedBy.Select(DescribeSid).ToArray(),
            DeniedBy = evaluation.DeniedBy.Select(DescribeSid).ToArray(),
            GroupExpansion = expansion.Expansion,
            GroupExpansionNote = expansion.Note,
        };
    }

    /// <summary>Every direct holder of the allow and deny right of a type, names resolved where possible.</summary>
    internal IEnumerable<LogonRightHolder> ListHolders(LogonRightType type)
    {
        foreach (var kind in new[] { RightAssignmentKind.Allow, RightAssignmentKind.Deny })
        {
            var right = LogonRights.RightName(type, kind);
            var sids = Holders(right).ToList();
            var lookups = Describe(sids);
            foreach (var lookup in lookups.OrderBy(l => l.DisplayName, StringComparer.OrdinalIgnoreCase))
            {
                yield return new LogonRightHolder
                {
                    ComputerName = ComputerName,
                    LogonType = type,
                    Assignment = kind,
                    Right = right,
                    Identity = lookup.DisplayName,
                    Sid = lookup.Sid!.ToString(),
                    AccountType = lookup.Use,
                    Resolved = lookup.Resolved,
                };
            }
        }
    }

    public void Dispose()
    {
        _authz?.Dispose();
        _policy.Dispose();
    }
}

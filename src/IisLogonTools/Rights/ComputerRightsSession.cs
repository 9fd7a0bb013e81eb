using System;
using System.Collections.Generic;
using System.Linq;
using IisLogonTools.Native;
using IisLogonTools.Security;

namespace IisLogonTools.Rights;

/// <summary>
/// Everything one command invocation needs from one computer: a single policy handle, each right's holders
/// enumerated at most once, the member lists of the local groups that hold or deny a right read at most once, and
/// each account's directory groups from AuthZ (on this computer, also for a remote one).
/// </summary>
internal sealed class ComputerRightsSession : IDisposable
{
    private readonly LsaPolicy _policy;
    private readonly Dictionary<string, HashSet<Sid>> _holders = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Sid, AccountLookup> _names = new();
    private AuthzGroupReader? _authz;
    private AccountLookup? _primaryDomain;

    // A computer has few local groups: their member lists are read once per session, not once per account.
    private readonly Dictionary<Sid, (IReadOnlyCollection<Sid>? Members, string? Error)?> _aliasMembers = new();
    private bool? _sameDomain;

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

    /// <summary>The kind of account for the token model: service and virtual accounts by SID (LSA calls them well-known groups).</summary>
    internal AccountKind KindOf(ResolvedAccount account) =>
        LogonToken.ServiceKind(account.Sid)
        ?? (AccountDomain.Sid is not null && account.Sid.IsInDomain(AccountDomain.Sid) ? AccountKind.LocalAccount : AccountKind.DomainAccount);

    /// <summary>
    /// What the token model needs about the account beyond the local groups: its directory groups (AuthZ on this
    /// computer, 2 calls), how completely they could be found, and why not. Local groups are not read per account:
    /// their member lists are read once per session and membership is computed by the model.
    /// </summary>
    internal AccountExpansion ExpandGroups(ResolvedAccount account)
    {
        var kind = KindOf(account);
        if (LogonToken.ServiceKind(account.Sid) is null && account.Lookup.IsGroup)
        {
            return new AccountExpansion(kind, null, GroupExpansion.NotApplicable, "The identity is a group: its members receive the rights assigned to it; check a member user for the effective answer.");
        }

        if (!account.Lookup.Resolved)
        {
            return new AccountExpansion(kind, null, GroupExpansion.NotPossible, $"The SID does not resolve to an account on {ComputerName}, so its groups are unknown.");
        }

        if (kind is not (AccountKind.LocalAccount or AccountKind.DomainAccount))
        {
            // Service and virtual accounts belong to no domain group; their fixed memberships are rules of the model.
            return new AccountExpansion(kind, Array.Empty<TokenGroup>(), GroupExpansion.Complete, null);
        }

        if (RemoteName is not null && kind == AccountKind.LocalAccount)
        {
            // An account of the remote computer: its local groups come from the member lists; its SAM global groups
            // (only "None" on a member server) are not read, so a right assigned to one is reported as unknown.
            return new AccountExpansion(kind, Array.Empty<TokenGroup>(), GroupExpansion.Complete, null);
        }

        try
        {
            // A domain account's directory groups are the same wherever it logs on, so AuthZ on this computer reads
            // them for a remote computer too: every S-1-5-21 SID is kept (universal groups of other domains, SID
            // history), the well-known and local ones are rebuilt by the model for the computer evaluated.
            _authz ??= AuthzGroupReader.Create();
            return new AccountExpansion(kind, _authz.GetGroups(account.Sid), GroupExpansion.Complete, null);
        }
        catch (WindowsApiException e)
        {
            return RemoteName is null
                ? new AccountExpansion(kind, null, GroupExpansion.NotPossible, $"Group expansion failed: {e.Message}")
                : new AccountExpansion(kind, null, GroupExpansion.LocalGroupsOnly, $"Only {ComputerName}'s local groups were computed (from their member lists); the domain groups could not be read on this computer ({e.Message}). A right that {ComputerName} assigns to a domain group is reported as unknown.");
        }
    }

    /// <summary>Evaluates one logon right for an account, with holders and groups as found.</summary>
    internal LogonRightStatus Evaluate(ResolvedAccount account, LogonRightType type, AccountExpansion expansion)
    {
        var allowName = LogonRights.RightName(type, RightAssignmentKind.Allow);
        var denyName = LogonRights.RightName(type, RightAssignmentKind.Deny);
        var allow = Holders(allowName);
        var deny = Holders(denyName);
        var facts = BuildFacts(account, expansion, allow.Concat(deny).Distinct().ToList());
        var evaluation = LogonRightEvaluator.Evaluate(facts, type, allow, deny);
        var isGroup = expansion.Expansion == GroupExpansion.NotApplicable;
        bool? effective = isGroup ? null : evaluation.Effective;
        var named = Describe(evaluation.GrantedBy.Concat(evaluation.DeniedBy).Concat(evaluation.Undetermined.Select(u => u.Sid)).ToList());
        var gaps = evaluation.Undetermined.Select(u => $"{DescribeSid(u.Sid)} {(allow.Contains(u.Sid) ? "holds " + allowName : deny.Contains(u.Sid) ? "holds " + denyName : "is a member of a local group that holds " + allowName + " or " + denyName)}: whether it is in the token is unknown, {u.Reason}.").ToList();
        if (isGroup)
        {
            gaps.Insert(0, "The identity is a group, not an account: no token is built for it.");
        }

        return new LogonRightStatus
        {
            ComputerName = ComputerName,
            Identity = account.DisplayName,
            Sid = account.Sid.ToString(),
            AccountType = account.Lookup.Use,
            AccountKind = expansion.Kind,
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
            TokenComplete = gaps.Count == 0,
            TokenGaps = gaps.ToArray(),
            TokenSids = isGroup ? Array.Empty<string>() : evaluation.Token.Select(s => s.ToString()).OrderBy(s => s, StringComparer.Ordinal).ToArray(),
        };
    }

    /// <summary>
    /// The token model's facts for one account and one right: the local groups (aliases) of the computer that hold
    /// or deny the right, with their member lists (read once per session), and what cannot be decided here.
    /// </summary>
    private TokenFacts BuildFacts(ResolvedAccount account, AccountExpansion expansion, IReadOnlyList<Sid> holders)
    {
        var aliases = new Dictionary<Sid, IReadOnlyCollection<Sid>?>();
        var undecided = new Dictionary<Sid, string>();
        var wanted = new List<Sid>(holders.Where(IsComputerSid));
        if (expansion.Kind == AccountKind.LocalAccount && holders.Contains(WellKnownSids.LocalAccountAndAdministrator))
        {
            // S-1-5-114 depends on membership in BUILTIN\Administrators.
            wanted.Add(WellKnownSids.Administrators);
        }

        var queue = new Queue<Sid>(wanted.Distinct());
        while (queue.Count > 0)
        {
            var sid = queue.Dequeue();
            if (aliases.ContainsKey(sid))
            {
                continue;
            }

            var members = AliasMembers(sid);
            if (members is null)
            {
                continue; // not a local group (a user, or a SID that does not resolve)
            }

            aliases[sid] = members.Value.Members;
            if (members.Value.Members is null)
            {
                undecided[sid] = $"its members could not be read ({members.Value.Error})";
                continue;
            }

            foreach (var m in members.Value.Members.Where(IsComputerSid))
            {
                queue.Enqueue(m);
            }
        }

        if (RemoteName is not null && expansion.Kind == AccountKind.LocalAccount)
        {
            foreach (var h in holders.Where(h => IsComputerSid(h) && !aliases.ContainsKey(h)))
            {
                if (Describe(new[] { h })[0].Use == SidNameUse.Group)
                {
                    undecided[h] = $"the SAM global groups of an account of {ComputerName} are not read remotely";
                }
            }
        }

        if (RemoteName is not null && expansion.Kind == AccountKind.DomainAccount)
        {
            foreach (var h in holders.Where(h => LogonToken.IsAccountDomainSid(h) && !IsComputerSid(h)))
            {
                if (Describe(new[] { h })[0].Use == SidNameUse.Alias && !SameDomainAsThisComputer())
                {
                    undecided[h] = $"it is a domain-local group of {ComputerName}'s domain, which is not this computer's domain, so AuthZ here does not report it";
                }
            }
        }

        return new TokenFacts(account.Sid, expansion.Kind, expansion.Groups, aliases, undecided, AccountDomain.Sid);
    }

    // A SID of the evaluated computer itself: BUILTIN or its own account database.
    private bool IsComputerSid(Sid sid) =>
        (sid.Authority == 5 && sid.SubAuthorities.Count == 2 && sid.SubAuthorities[0] == 32)
        || (AccountDomain.Sid is not null && sid.IsInDomain(AccountDomain.Sid));

    /// <summary>Members of one local group of the computer, read once per session; null when the SID is no local group.</summary>
    private (IReadOnlyCollection<Sid>? Members, string? Error)? AliasMembers(Sid alias)
    {
        if (_aliasMembers.TryGetValue(alias, out var cached))
        {
            return cached;
        }

        var lookup = Describe(new[] { alias })[0];
        (IReadOnlyCollection<Sid>? Members, string? Error)? result;
        if (alias.Authority == 5 && alias.SubAuthorities.Count == 2 && alias.SubAuthorities[0] == 32 && !lookup.Resolved)
        {
            result = (Array.Empty<Sid>(), null); // a BUILTIN RID that does not exist on this computer has no members
        }
        else if (lookup.Use != SidNameUse.Alias || lookup.Name is null)
        {
            result = null;
        }
        else
        {
            try
            {
                result = (LocalGroupReader.GetMembers(RemoteName, lookup.Name), null);
            }
            catch (WindowsApiException e)
            {
                result = (null, e.Message);
            }
        }

        _aliasMembers[alias] = result;
        return result;
    }

    private bool SameDomainAsThisComputer()
    {
        if (_sameDomain is null)
        {
            _primaryDomain ??= _policy.QueryPrimaryDomain();
            using var local = LsaPolicy.Open(null, LsaPolicy.ReadAccess);
            var here = local.QueryPrimaryDomain();
            _sameDomain = here.Sid is not null && here.Sid.Equals(_primaryDomain.Sid);
        }

        return _sameDomain.Value;
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

/// <summary>What ExpandGroups found for one account.</summary>
internal sealed class AccountExpansion
{
    internal AccountExpansion(AccountKind kind, IReadOnlyCollection<TokenGroup>? groups, GroupExpansion expansion, string? note)
    {
        Kind = kind;
        Groups = groups;
        Expansion = expansion;
        Note = note;
    }

    internal AccountKind Kind { get; }

    internal IReadOnlyCollection<TokenGroup>? Groups { get; }

    internal GroupExpansion Expansion { get; }

    internal string? Note { get; }
}

using System.Collections.Generic;
using System.Linq;

namespace IisLogonTools.Security;

/// <summary>What kind of security principal logs on: it decides which SIDs Windows puts in the token.</summary>
public enum AccountKind
{
    /// <summary>An account of the computer's own account database (SAM): gets NT AUTHORITY\Local account (S-1-5-113).</summary>
    LocalAccount,

    /// <summary>A domain account: gets its domain groups from the domain and NT AUTHORITY\This Organization.</summary>
    DomainAccount,

    /// <summary>NT AUTHORITY\SYSTEM (S-1-5-18).</summary>
    LocalSystem,

    /// <summary>NT AUTHORITY\LOCAL SERVICE (S-1-5-19).</summary>
    LocalService,

    /// <summary>NT AUTHORITY\NETWORK SERVICE (S-1-5-20).</summary>
    NetworkService,

    /// <summary>A service's virtual account, NT SERVICE\&lt;service&gt; (S-1-5-80-…).</summary>
    ServiceVirtualAccount,

    /// <summary>An IIS application pool identity, IIS APPPOOL\&lt;pool&gt; (S-1-5-82-…).</summary>
    AppPoolIdentity,
}

/// <summary>
/// What is known about one account on one computer, from which <see cref="LogonToken"/> builds the token of each
/// logon type. Everything here was read once (AuthZ for the directory groups, NetLocalGroupGetMembers for the
/// computer's local groups); the model itself calls nothing.
/// </summary>
public sealed class TokenFacts
{
    /// <summary>Creates the facts for one account.</summary>
    /// <param name="account">The account's SID.</param>
    /// <param name="kind">The kind of account.</param>
    /// <param name="directoryGroups">The account's groups as AuthZ reported them (only S-1-5-21-… SIDs are used), or null when they were not read.</param>
    /// <param name="aliasMembers">Members of the computer's local groups that matter, by alias SID; a null list means it could not be read.</param>
    /// <param name="undecided">SIDs whose membership nothing on this computer can tell, with the reason (for example domain-local groups of another domain).</param>
    /// <param name="computerDomain">The evaluated computer's account domain SID: its SAM accounts other than the account itself are never in the token.</param>
    public TokenFacts(
        Sid account,
        AccountKind kind,
        IReadOnlyCollection<TokenGroup>? directoryGroups,
        IReadOnlyDictionary<Sid, IReadOnlyCollection<Sid>?> aliasMembers,
        IReadOnlyDictionary<Sid, string>? undecided = null,
        Sid? computerDomain = null)
    {
        Account = account;
        ComputerDomain = computerDomain;
        Kind = kind;
        DirectoryGroups = directoryGroups;
        AliasMembers = aliasMembers;
        Undecided = undecided ?? new Dictionary<Sid, string>();
    }

    /// <summary>The account's SID.</summary>
    public Sid Account { get; }

    /// <summary>The evaluated computer's account domain (its SAM); null when unknown.</summary>
    public Sid? ComputerDomain { get; }

    /// <summary>The kind of account.</summary>
    public AccountKind Kind { get; }

    /// <summary>AuthZ's groups, or null when not read.</summary>
    public IReadOnlyCollection<TokenGroup>? DirectoryGroups { get; }

    /// <summary>Members of the computer's local groups that matter (null list: unreadable).</summary>
    public IReadOnlyDictionary<Sid, IReadOnlyCollection<Sid>?> AliasMembers { get; }

    /// <summary>SIDs the caller knows it cannot decide, with why.</summary>
    public IReadOnlyDictionary<Sid, string> Undecided { get; }

    /// <summary>Whether domain groups are part of this kind of account's token at all.</summary>
    public bool HasDirectoryGroups => Kind is AccountKind.DomainAccount or AccountKind.LocalAccount;
}

/// <summary>
/// The SIDs of the logon token Windows builds for an account and a logon type, as documented; the rules are listed
/// rule by rule, with their sources, in tests/emulator/README.md ("Token model"), and the emulator's LogonUserW
/// decides ERROR_LOGON_TYPE_NOT_GRANTED (1385) from the same rules.
/// </summary>
public sealed class LogonToken
{
    private LogonToken(HashSet<Sid> all, HashSet<Sid> granting)
    {
        All = all;
        Granting = granting;
    }

    /// <summary>Every SID in the token; deny-only SIDs included (they count for deny assignments).</summary>
    public IReadOnlyCollection<Sid> All { get; }

    /// <summary>The SIDs that can grant (every SID but the deny-only ones).</summary>
    public IReadOnlyCollection<Sid> Granting { get; }

    /// <summary>Builds the token for a logon type from the facts, counting <paramref name="assumed"/> as present.</summary>
    public static LogonToken Build(TokenFacts facts, LogonRightType type, IEnumerable<Sid>? assumed = null)
    {
        var all = new HashSet<Sid>();
        var granting = new HashSet<Sid>();
        void Add(Sid sid, bool grants = true)
        {
            all.Add(sid);
            if (grants)
            {
                granting.Add(sid);
            }
        }

        // T1: the account's own SID [WKS; LU].
        Add(facts.Account);

        // T2: global, universal and domain-local groups and SID history, as the directory reports them (AuthZ
        // [AZS]). Only account-domain SIDs (S-1-5-21-…) are taken: well-known SIDs come from the rules below, and the
        // computer's local groups are recomputed by T9 from their member lists over the whole token.
        if (facts.HasDirectoryGroups && facts.DirectoryGroups is not null)
        {
            foreach (var g in facts.DirectoryGroups)
            {
                if (IsAccountDomainSid(g.Sid) && !facts.AliasMembers.ContainsKey(g.Sid))
                {
                    Add(g.Sid, !g.DenyOnly);
                }
            }
        }

        // T3, T4: Everyone and Authenticated Users in every authenticated logon [WKS]; for the service accounts the
        // Microsoft "LocalService/NetworkService account" pages name "privileges assigned to users and authenticated users".
        Add(WellKnownSids.Everyone);
        Add(WellKnownSids.AuthenticatedUsers);

        // T5: the logon-type SID [WKS]; Remote Desktop logons carry INTERACTIVE and REMOTE INTERACTIVE LOGON.
        Add(LogonRights.LogonTypeSid(type));
        if (type == LogonRightType.RemoteInteractive)
        {
            Add(WellKnownSids.Interactive);
        }

        // T6: LOCAL for logons at the computer (UNVERIFIED for LogonUser type 2), and for service logons of the
        // service accounts, whose process token the SCM gives the Local SID [SERVICE_SID_INFO].
        if (type is LogonRightType.Interactive or LogonRightType.RemoteInteractive
            || (type == LogonRightType.Service && facts.Kind is not (AccountKind.LocalAccount or AccountKind.DomainAccount)))
        {
            Add(WellKnownSids.Local);
        }

        // T7: This Organization for domain accounts (UNVERIFIED, win-semantics 4.4).
        if (facts.Kind == AccountKind.DomainAccount)
        {
            Add(WellKnownSids.ThisOrganization);
        }

        // T8: Local account for accounts of the computer's own database (WinLocalAccountSid).
        if (facts.Kind == AccountKind.LocalAccount)
        {
            Add(WellKnownSids.LocalAccount);
        }

        // T10: fixed memberships of the service accounts: SYSTEM's token holds BUILTIN\Administrators [LocalSystem
        // account page]; IIS injects IIS_IUSRS into an application pool identity's token [IISUSR].
        if (facts.Kind == AccountKind.LocalSystem)
        {
            Add(WellKnownSids.Administrators);
        }
        else if (facts.Kind == AccountKind.AppPoolIdentity)
        {
            Add(WellKnownSids.IisUsers);
        }

        if (assumed is not null)
        {
            foreach (var sid in assumed)
            {
                Add(sid);
            }
        }

        // T9: local groups (aliases) over every SID already in the token, well-known ones included [ROS lsasrv
        // LsapAddSamGroups; BUILTIN\Users holds INTERACTIVE and Authenticated Users by default].
        AddAliases(facts, all, granting);

        // T8b: Local account and member of Administrators group for a local account in BUILTIN\Administrators,
        // directly or through a group (WinLocalAccountAndAdministratorSid); then aliases again, as one may hold it.
        if (facts.Kind == AccountKind.LocalAccount && all.Contains(WellKnownSids.Administrators) && !all.Contains(WellKnownSids.LocalAccountAndAdministrator))
        {
            Add(WellKnownSids.LocalAccountAndAdministrator, granting.Contains(WellKnownSids.Administrators));
            AddAliases(facts, all, granting);
        }

        return new LogonToken(all, granting);
    }

    /// <summary>
    /// Whether the model decides if <paramref name="sid"/> is in the account's token; null when it does, otherwise
    /// the reason it cannot (the SID is outside the model, or a list the decision needs could not be read).
    /// </summary>
    public static string? WhyUndecided(TokenFacts facts, Sid sid)
    {
        if (facts.Undecided.TryGetValue(sid, out var reason))
        {
            return reason;
        }

        if (sid.Equals(facts.Account) || DecidedWellKnown.Contains(sid.ToString()) || IsVirtualAccountSid(sid))
        {
            return null;
        }

        if (facts.AliasMembers.TryGetValue(sid, out var members))
        {
            return members is null ? "its members could not be read" : null;
        }

        if (sid.Authority == 5 && sid.SubAuthorities.Count == 2 && sid.SubAuthorities[0] == 32)
        {
            return "its members were not read";
        }

        if (facts.ComputerDomain is not null && sid.IsInDomain(facts.ComputerDomain))
        {
            // Another SAM account of the computer: no token but its own holds it (SID history holds domain SIDs only).
            return null;
        }

        if (IsAccountDomainSid(sid))
        {
            if (!facts.HasDirectoryGroups)
            {
                return null; // service and virtual accounts belong to no domain group
            }

            return facts.DirectoryGroups is null ? "the account's domain groups could not be read" : null;
        }

        return "the token model does not say when Windows adds this SID";
    }

    /// <summary>A SID of an account domain (a computer's or a domain's): S-1-5-21-….</summary>
    public static bool IsAccountDomainSid(Sid sid) => sid.Authority == 5 && sid.SubAuthorities.Count >= 2 && sid.SubAuthorities[0] == 21;

    /// <summary>NT SERVICE\x (S-1-5-80-a-b-c-d-e) or IIS APPPOOL\x (S-1-5-82-a-b-c-d-e): the virtual accounts.</summary>
    public static bool IsVirtualAccountSid(Sid sid) =>
        sid.Authority == 5 && sid.SubAuthorities.Count == 6 && sid.SubAuthorities[0] is 80 or 82;

    /// <summary>The kind of a service or virtual account by its SID, or null for other SIDs.</summary>
    public static AccountKind? ServiceKind(Sid sid)
    {
        if (sid.Equals(WellKnownSids.LocalSystem))
        {
            return AccountKind.LocalSystem;
        }

        if (sid.Equals(WellKnownSids.LocalService))
        {
            return AccountKind.LocalService;
        }

        if (sid.Equals(WellKnownSids.NetworkService))
        {
            return AccountKind.NetworkService;
        }

        if (IsVirtualAccountSid(sid))
        {
            return sid.SubAuthorities[0] == 80 ? AccountKind.ServiceVirtualAccount : AccountKind.AppPoolIdentity;
        }

        return null;
    }

    // Well-known SIDs whose presence the rules above decide for every kind of account and logon type.
    private static readonly HashSet<string> DecidedWellKnown = new()
    {
        "S-1-1-0", "S-1-2-0", "S-1-5-2", "S-1-5-3", "S-1-5-4", "S-1-5-6", "S-1-5-7", "S-1-5-11", "S-1-5-14", "S-1-5-15",
        "S-1-5-18", "S-1-5-19", "S-1-5-20", "S-1-5-113", "S-1-5-114",
    };

    private static void AddAliases(TokenFacts facts, HashSet<Sid> all, HashSet<Sid> granting)
    {
        // Windows does not nest local groups in local groups, but a fixed point costs nothing and matches any input.
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var pair in facts.AliasMembers)
            {
                if (pair.Value is null || granting.Contains(pair.Key))
                {
                    continue;
                }

                if (pair.Value.Any(granting.Contains))
                {
                    all.Add(pair.Key);
                    granting.Add(pair.Key);
                    changed = true;
                }
                else if (!all.Contains(pair.Key) && pair.Value.Any(all.Contains))
                {
                    all.Add(pair.Key);
                    changed = true;
                }
            }
        }
    }
}

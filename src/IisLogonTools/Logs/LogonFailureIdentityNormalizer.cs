using System;
using System.Collections.Generic;
using System.Linq;

namespace IisLogonTools.Logs;

/// <summary>What a batched account lookup found for one name: the account as LSA names it and its SID, or nothing.</summary>
public readonly struct LoggedAccount
{
    /// <summary>Creates the result of one lookup.</summary>
    public LoggedAccount(string? name, string? sid)
    {
        Name = name;
        Sid = sid;
    }

    /// <summary>The account as DOMAIN\name, or <see langword="null"/> when the name did not resolve.</summary>
    public string? Name { get; }

    /// <summary>The account's SID, or <see langword="null"/>.</summary>
    public string? Sid { get; }
}

/// <summary>
/// Puts the cs-username values of one site's failures into one form per account, after aggregation and before the
/// report, so one account is one row:
/// <list type="number">
/// <item>IIS's W3C logging writes a space in a field as <c>+</c>. A Windows (SAM) account name cannot contain <c>+</c>, so in
/// DOMAIN\name and bare names a <c>+</c> is a logged space and is decoded (<c>CONTOSO\Jane+Doe</c> is CONTOSO\Jane Doe). UPNs
/// are left as logged, because the user part of a UPN may contain <c>+</c>.</item>
/// <item>A bare name is the name IIS tried with the site's <c>defaultLogonDomain</c> in front (IisUserName), so with that
/// setting <c>alice</c> becomes <c>CONTOSO\alice</c>.</item>
/// <item>Names that differ only in case are one account (Windows account names are case-insensitive).</item>
/// <item>DOMAIN\name forms and UPNs are looked up in one batched call; those that resolve to the same SID are one
/// account, shown as LSA names it. A bare name without a default domain is not looked up: which database IIS used for it
/// cannot be told from the name.</item>
/// </list>
/// Groups of different codes are never merged: each row stays one account and one sc-win32-status.
/// </summary>
public static class LogonFailureIdentityNormalizer
{
    /// <summary>The form of one logged cs-username after decoding <c>+</c> and applying <paramref name="defaultLogonDomain"/>.</summary>
    /// <param name="logged">The cs-username as logged.</param>
    /// <param name="defaultLogonDomain">The site's basicAuthentication defaultLogonDomain, or <see langword="null"/>.</param>
    public static string Canonical(string logged, string? defaultLogonDomain)
    {
        if (logged is null)
        {
            throw new ArgumentNullException(nameof(logged));
        }

        if (logged.IndexOf('@') >= 0 && logged.IndexOf('\\') < 0)
        {
            return logged;
        }

        var decoded = logged.Replace('+', ' ');
        var domain = defaultLogonDomain?.Trim();
        return decoded.IndexOf('\\') < 0 && !string.IsNullOrEmpty(domain) ? domain + "\\" + decoded : decoded;
    }

    /// <summary>Folds the groups of one site.</summary>
    /// <param name="groups">The aggregated groups.</param>
    /// <param name="defaultLogonDomain">The site's defaultLogonDomain, or <see langword="null"/>.</param>
    /// <param name="lookup">
    /// One batched lookup of names (DOMAIN\name or UPN) to accounts, results in input order; <see langword="null"/> when no
    /// lookup is possible (then only the text forms are folded).
    /// </param>
    public static IReadOnlyList<LogonFailureGroup> Fold(
        IEnumerable<LogonFailureGroup> groups,
        string? defaultLogonDomain,
        Func<IReadOnlyList<string>, IReadOnlyList<LoggedAccount>>? lookup)
    {
        if (groups is null)
        {
            throw new ArgumentNullException(nameof(groups));
        }

        var all = groups.ToList();
        var named = all.Where(g => g.Account is not null).ToList();
        var canonical = named.ToDictionary(g => g, g => Canonical(g.Account!, defaultLogonDomain));

        // One lookup for every distinct name that names its database (DOMAIN\name or UPN).
        var keyOf = new Dictionary<string, (string Key, string Display)>(StringComparer.OrdinalIgnoreCase);
        var toLookUp = canonical.Values
            .Where(n => n.IndexOf('\\') > 0 || n.IndexOf('@') > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (lookup is not null && toLookUp.Count > 0)
        {
            var found = lookup(toLookUp);
            for (var i = 0; i < toLookUp.Count && i < found.Count; i++)
            {
                if (found[i].Sid is string sid)
                {
                    keyOf[toLookUp[i]] = ("sid:" + sid, found[i].Name ?? toLookUp[i]);
                }
            }
        }

        var result = new List<LogonFailureGroup>();
        var buckets = new Dictionary<(string Key, int Code), List<LogonFailureGroup>>();
        var display = new Dictionary<(string Key, int Code), string>();
        var order = new List<(string Key, int Code)>();
        foreach (var group in named)
        {
            var name = canonical[group];
            var (key, shown) = keyOf.TryGetValue(name, out var k) ? k : ("name:" + name.ToUpperInvariant(), name);
            var bucketKey = (key, group.Code);
            if (!buckets.TryGetValue(bucketKey, out var bucket))
            {
                buckets[bucketKey] = bucket = [];
                display[bucketKey] = PreferredDisplay(shown, name);
                order.Add(bucketKey);
            }

            bucket.Add(group);
        }

        foreach (var bucketKey in order)
        {
            var bucket = buckets[bucketKey];
            var shown = display[bucketKey];
            result.Add(bucket.Count == 1 && string.Equals(bucket[0].Account, shown, StringComparison.Ordinal)
                ? bucket[0]
                : LogonFailureGroup.Merge(shown, bucket));
        }

        result.AddRange(all.Where(g => g.Account is null));
        return result;
    }

    // A resolved DOMAIN\name is shown as LSA spells it; otherwise the first form seen.
    private static string PreferredDisplay(string shown, string canonical) =>
        shown.IndexOf('\\') > 0 ? shown : canonical;
}

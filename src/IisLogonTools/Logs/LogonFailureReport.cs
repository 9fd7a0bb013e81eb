using System;
using System.Collections.Generic;
using System.Linq;
using IisLogonTools.Diagnostics;
using IisLogonTools.Iis;
using IisLogonTools.Security;

namespace IisLogonTools.Logs;

/// <summary>Turns aggregated log groups into <see cref="IisLogonFailure"/> results with their diagnosis.</summary>
public static class LogonFailureReport
{
    /// <summary>How many accounts make a spray, unless -SprayThreshold says otherwise.</summary>
    public const int DefaultSprayThreshold = 1000;

    /// <summary>How many of a spray's accounts are listed as results: those with the most failed lines.</summary>
    public const int SprayAccountsListed = 100;

    private const string AnonymousAccountText = "(anonymous)";

    // Addresses counted for a spray's summary; beyond this many, new ones are no longer told apart.
    private const int MaxSprayClients = 100_000;

    /// <summary>Builds the results, busiest first.</summary>
    /// <param name="groups">The groups from <see cref="LogonFailureAggregator.Groups"/>.</param>
    /// <param name="settings">The site's Basic authentication settings when known; they give the logon type and name the configured domain.</param>
    /// <param name="logonType">The logon type to explain with when <paramref name="settings"/> is <see langword="null"/>.</param>
    /// <param name="httpStatus">The status label of the lines, such as <c>401.1</c>.</param>
    /// <param name="top">How many client addresses and URIs to list.</param>
    /// <param name="includeAnonymous">Whether to return anonymous groups.</param>
    /// <param name="site">The site name to put on each result, or <see langword="null"/>.</param>
    public static IEnumerable<IisLogonFailure> Build(
        IEnumerable<LogonFailureGroup> groups,
        IisAuthenticationSettings? settings,
        LogonType logonType,
        string httpStatus,
        int top,
        bool includeAnonymous,
        string? site)
    {
        if (groups is null)
        {
            throw new ArgumentNullException(nameof(groups));
        }

        return groups
            .Where(g => includeAnonymous || g.Account is not null)
            .Select(g => ToResult(g, settings, logonType, httpStatus, top, site))
            .OrderByDescending(r => r.IsFailure)
            .ThenBy(r => r.IsAnonymous)
            .ThenByDescending(r => r.Count)
            .ThenBy(r => r.Identity, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Win32Status)
            .ToList();
    }

    /// <summary>
    /// Builds the results, busiest first, and reports failures spread over more than <paramref name="sprayThreshold"/>
    /// accounts as one <see cref="IisLogonSpray"/> with only the <see cref="SprayAccountsListed"/> busiest accounts
    /// listed. Memory stays proportional to the groups: no result is built for an account that is not listed.
    /// </summary>
    /// <param name="aggregator">The groups.</param>
    /// <param name="settings">The site's Basic authentication settings when known.</param>
    /// <param name="logonType">The logon type to explain with when <paramref name="settings"/> is <see langword="null"/>.</param>
    /// <param name="httpStatus">The status label of the lines, such as <c>401.1</c>.</param>
    /// <param name="top">How many client addresses and URIs to list.</param>
    /// <param name="includeAnonymous">Whether to return anonymous groups.</param>
    /// <param name="site">The site name to put on each result, or <see langword="null"/>.</param>
    /// <param name="sprayThreshold">More distinct failing accounts than this make a spray.</param>
    /// <param name="spray">The spray summary, or <see langword="null"/> when the failures are not one.</param>
    /// <param name="fold">
    /// Folds the groups of one account logged in several forms (<see cref="LogonFailureIdentityNormalizer.Fold"/>), or
    /// <see langword="null"/>. Applied when the failures are not a spray: folding a spray would look up every sprayed
    /// name, which is the memory and time the spray path exists to avoid.
    /// </param>
    public static IReadOnlyList<IisLogonFailure> Build(
        LogonFailureAggregator aggregator,
        IisAuthenticationSettings? settings,
        LogonType logonType,
        string httpStatus,
        int top,
        bool includeAnonymous,
        string? site,
        int sprayThreshold,
        out IisLogonSpray? spray,
        Func<IEnumerable<LogonFailureGroup>, IEnumerable<LogonFailureGroup>>? fold = null)
    {
        if (aggregator is null)
        {
            throw new ArgumentNullException(nameof(aggregator));
        }

        spray = null;
        var failureByCode = new Dictionary<long, bool>();
        bool IsFailure(LogonFailureGroup g)
        {
            var key = ((long)g.Code << 1) | (MostlyFromServerItself(g) ? 1L : 0L);
            if (!failureByCode.TryGetValue(key, out var failure))
            {
                failure = Diagnose(g, "x", settings, logonType).Reason is not LogonFailureReason.None and not LogonFailureReason.AuthenticationChallenge;
                failureByCode.Add(key, failure);
            }

            return failure;
        }

        var all = aggregator.Groups;
        var failing = 0;
        var failingCodes = new SortedSet<int>();
        foreach (var g in all)
        {
            if (g.Account is not null && IsFailure(g))
            {
                failing++;
                failingCodes.Add(g.Code);
            }
        }

        if (failing <= sprayThreshold)
        {
            return Build(fold is null ? all : fold(all), settings, logonType, httpStatus, top, includeAnonymous, site).ToList();
        }

        // Distinct accounts without a set of a million names: a group counts unless the same account also failed
        // under a smaller code (a group-by-name lookup in the aggregator, for the few codes there are).
        long accounts = 0;
        foreach (var g in all)
        {
            if (g.Account is null || !IsFailure(g))
            {
                continue;
            }

            var seen = false;
            foreach (var code in failingCodes)
            {
                if (code >= g.Code)
                {
                    break;
                }

                if (aggregator.TryGet(g.Account, code, out var other) && IsFailure(other))
                {
                    seen = true;
                    break;
                }
            }

            if (!seen)
            {
                accounts++;
            }
        }

        if (accounts <= sprayThreshold)
        {
            return Build(fold is null ? all : fold(all), settings, logonType, httpStatus, top, includeAnonymous, site).ToList();
        }

        // A spray: tally the failures, keep the busiest groups, and build results for those only.
        var busiest = new List<LogonFailureGroup>(SprayAccountsListed + 1);
        var others = new List<LogonFailureGroup>();
        var clients = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var clientsTruncated = false;
        var codes = new Dictionary<int, long>();
        long lines = 0;
        long first = -1, last = -1;
        foreach (var g in all)
        {
            if (g.Account is null || !IsFailure(g))
            {
                if (includeAnonymous || g.Account is not null)
                {
                    others.Add(g);
                }

                continue;
            }

            lines += g.Count;
            codes[g.Code] = (codes.TryGetValue(g.Code, out var n) ? n : 0) + g.Count;
            if (g.FirstTicks >= 0 && (first < 0 || g.FirstTicks < first))
            {
                first = g.FirstTicks;
            }

            last = Math.Max(last, g.LastTicks);
            g.ForEachClient((ip, count) =>
            {
                if (clients.TryGetValue(ip, out var c))
                {
                    clients[ip] = c + count;
                }
                else if (clients.Count < MaxSprayClients)
                {
                    clients.Add(ip, count);
                }
                else
                {
                    clientsTruncated = true;
                }
            });
            clientsTruncated |= g.ClientsTruncated;
            InsertBusiest(busiest, g);
        }

        var topClients = clients.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Take(Math.Max(1, top)).ToList();
        var errors = codes.OrderByDescending(p => p.Value).ThenBy(p => p.Key)
            .Select(p => $"{Win32ErrorText.Name(p.Key)} ({unchecked((uint)p.Key)}): {p.Value}").ToArray();
        var few = clients.Count * 10L <= accounts && !clientsTruncated;
        var where = clients.Count == 0 ? "unknown client addresses" : $"{clients.Count}{(clientsTruncated ? " or more" : string.Empty)} client address(es), most from {topClients[0].Key} ({topClients[0].Value} line(s))";
        spray = new IisLogonSpray
        {
            Accounts = accounts,
            Count = lines,
            AccountsListed = busiest.Count,
            FirstSeen = first < 0 ? null : new DateTime(first, DateTimeKind.Utc),
            LastSeen = last < 0 ? null : new DateTime(last, DateTimeKind.Utc),
            ClientIPs = topClients.Select(p => p.Key).ToArray(),
            DistinctClientIPs = clients.Count,
            Errors = errors,
            Explanation = few
                ? $"{accounts} accounts failed to log on {lines} time(s) from only {where}: the pattern of a password spray, one or a few passwords tried against many accounts. The {busiest.Count} accounts with the most failures are listed; most accounts failed once or twice."
                : $"{accounts} accounts failed to log on {lines} time(s) from {where}: a spray from many addresses, or a failure that hits everyone (an expired service credential, a broken domain trust). The {busiest.Count} accounts with the most failures are listed.",
            Remediation = few
                ? "Block or throttle the listed client addresses at the firewall or with IIS Dynamic IP Restrictions, check the accounts that also logged on successfully from them, and make sure account lockout is enabled. -SprayThreshold larger than the account count returns every account."
                : "Compare the listed accounts' Reason: one shared cause points at configuration, unrelated accounts at an attack. -SprayThreshold larger than the account count returns every account.",
            HttpStatus = httpStatus,
            Site = site,
        };
        return Build(busiest.Concat(others), settings, logonType, httpStatus, top, includeAnonymous, site).ToList();
    }

    // Keeps the SprayAccountsListed groups with the most lines (ties: by name, then code), in a list sorted busiest first.
    private static void InsertBusiest(List<LogonFailureGroup> busiest, LogonFailureGroup g)
    {
        if (busiest.Count == SprayAccountsListed && Busier(busiest[busiest.Count - 1], g))
        {
            return;
        }

        var at = busiest.Count;
        while (at > 0 && Busier(g, busiest[at - 1]))
        {
            at--;
        }

        busiest.Insert(at, g);
        if (busiest.Count > SprayAccountsListed)
        {
            busiest.RemoveAt(busiest.Count - 1);
        }
    }

    private static bool Busier(LogonFailureGroup a, LogonFailureGroup b)
    {
        if (a.Count != b.Count)
        {
            return a.Count > b.Count;
        }

        var byName = StringComparer.OrdinalIgnoreCase.Compare(a.Account, b.Account);
        return byName != 0 ? byName < 0 : unchecked((uint)a.Code) < unchecked((uint)b.Code);
    }

    private static LogonDiagnosis Diagnose(LogonFailureGroup g, string account, IisAuthenticationSettings? settings, LogonType logonType) =>
        g.Code == LogonDiagnostics.SecELogonDenied || settings is null
            ? LogonDiagnostics.Diagnose(g.Code, account, settings?.LogonType ?? logonType, MostlyFromServerItself(g))
            : LogonDiagnostics.Diagnose(g.Code, account, settings);

    /// <summary>Whether the requests of a group came from the server itself: at least half of them.</summary>
    public static bool MostlyFromServerItself(LogonFailureGroup group) =>
        group is not null && group.Count > 0 && group.FromServerItself * 2 >= group.Count;

    private static IisLogonFailure ToResult(LogonFailureGroup g, IisAuthenticationSettings? settings, LogonType logonType, string httpStatus, int top, string? site)
    {
        var account = g.Account ?? AnonymousAccountText;
        var diagnosis = Diagnose(g, account, settings, logonType);
        var reason = diagnosis.Reason;
        var integrated = Win32ErrorText.IsSspiStatus(g.Code);

        // Integrated (NTLM, Negotiate) logons are network logons; Basic uses the configured logonMethod.
        var usedType = integrated ? LogonType.Network : diagnosis.LogonType;
        return new IisLogonFailure
        {
            Identity = g.Account ?? "-",
            IsAnonymous = g.Account is null,
            Win32Status = unchecked((uint)g.Code),
            ErrorName = diagnosis.ErrorName,
            Reason = reason.ToString(),
            LogonType = usedType.ToString(),
            RequiredRight = LogonRights.RightName(LogonRights.ForLogonType(usedType), RightAssignmentKind.Allow),
            IsFailure = reason is not LogonFailureReason.None and not LogonFailureReason.AuthenticationChallenge,
            Authentication = integrated ? "Integrated" : "Basic",
            Explanation = diagnosis.Explanation,
            Remediation = diagnosis.Remediation,
            Fix = LogonDiagnostics.ShortFix(diagnosis),
            LoggedAs = g.LoggedAs.Count > 0 ? g.LoggedAs.ToArray() : g.Account is null ? [] : [g.Account],
            HttpStatus = httpStatus,
            Count = g.Count,
            FirstSeen = g.FirstTicks < 0 ? null : new DateTime(g.FirstTicks, DateTimeKind.Utc),
            LastSeen = g.LastTicks < 0 ? null : new DateTime(g.LastTicks, DateTimeKind.Utc),
            ClientIPs = g.TopClients(top),
            DistinctClientIPs = g.DistinctClients,
            ClientIPsTruncated = g.ClientsTruncated,
            Uris = g.TopUris(top),
            DistinctUris = g.DistinctUris,
            UrisTruncated = g.UrisTruncated,
            FromServerItself = g.FromServerItself,
            LogFiles = g.Files,
            Site = site,
        };
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace IisLogonTools.Logs;

/// <summary>
/// Groups selected log lines by account and <c>sc-win32-status</c>. Memory depends on the number of
/// distinct accounts and codes, not on the number of lines: each group keeps at most
/// <see cref="MaxTrackedValues"/> distinct client addresses and URIs.
/// </summary>
public sealed class LogonFailureAggregator
{
    /// <summary>How many distinct client addresses and URIs a group counts; later new values count as "other".</summary>
    public const int MaxTrackedValues = 1024;

    private readonly Dictionary<string, Dictionary<int, LogonFailureGroup>> _byAccount = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<int, LogonFailureGroup> _anonymous = [];

    /// <summary>Every group, named accounts and anonymous ones.</summary>
    public IEnumerable<LogonFailureGroup> Groups =>
        _byAccount.Values.SelectMany(d => d.Values).Concat(_anonymous.Values);

    /// <summary>Adds one line.</summary>
    /// <param name="account">The <c>cs-username</c>, or <see langword="null"/> for "-" (anonymous).</param>
    /// <param name="code">The <c>sc-win32-status</c> as a signed number (SSPI codes are negative).</param>
    /// <param name="ticks">The UTC time in ticks, or -1 when the line has none.</param>
    /// <param name="clientIp">The <c>c-ip</c>, or <see langword="null"/>.</param>
    /// <param name="uri">The <c>cs-uri-stem</c>, or <see langword="null"/>.</param>
    /// <param name="fromServerItself">Whether the request came from the server's own address.</param>
    /// <param name="fileIndex">The file the line came from.</param>
    public void Add(string? account, int code, long ticks, string? clientIp, string? uri, bool fromServerItself, int fileIndex)
    {
        Dictionary<int, LogonFailureGroup> byCode;
        if (account is null)
        {
            byCode = _anonymous;
        }
        else if (!_byAccount.TryGetValue(account, out byCode!))
        {
            byCode = [];
            _byAccount.Add(account, byCode);
        }

        if (!byCode.TryGetValue(code, out var group))
        {
            group = new LogonFailureGroup(account, code);
            byCode.Add(code, group);
        }

        group.Add(ticks, clientIp, uri, fromServerItself, fileIndex);
    }
}

/// <summary>The lines of one account and code.</summary>
public sealed class LogonFailureGroup
{
    private readonly Dictionary<string, long> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, long> _uris = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<int> _files = [];
    private int _lastFile = -1;

    internal LogonFailureGroup(string? account, int code)
    {
        Account = account;
        Code = code;
    }

    /// <summary>The account as first logged, or <see langword="null"/> for anonymous lines.</summary>
    public string? Account { get; }

    /// <summary>The <c>sc-win32-status</c> as a signed number.</summary>
    public int Code { get; }

    /// <summary>Lines in the group.</summary>
    public long Count { get; private set; }

    /// <summary>Lines from the server's own address (c-ip equal to s-ip, or loopback).</summary>
    public long FromServerItself { get; private set; }

    /// <summary>The earliest time stamp in UTC ticks, or -1.</summary>
    public long FirstTicks { get; private set; } = -1;

    /// <summary>The latest time stamp in UTC ticks, or -1.</summary>
    public long LastTicks { get; private set; } = -1;

    /// <summary>How many files held lines of this group.</summary>
    public int Files => _files.Count;

    /// <summary>The cs-username forms merged into this group by <see cref="Merge"/>; empty for a group of one form.</summary>
    public IReadOnlyList<string> LoggedAs { get; private set; } = [];

    /// <summary>
    /// One group for several groups of the same code whose accounts are the same account (see
    /// <see cref="LogonFailureIdentityNormalizer"/>): counts add up, times and files are combined, and
    /// <see cref="LoggedAs"/> lists the forms as logged.
    /// </summary>
    /// <param name="account">The account name the merged group shows.</param>
    /// <param name="parts">Groups with the same code.</param>
    public static LogonFailureGroup Merge(string account, IReadOnlyList<LogonFailureGroup> parts)
    {
        if (parts is null || parts.Count == 0)
        {
            throw new ArgumentException("Nothing to merge.", nameof(parts));
        }

        var merged = new LogonFailureGroup(account, parts[0].Code);
        var forms = new List<string>();
        foreach (var part in parts)
        {
            if (part.Code != merged.Code)
            {
                throw new ArgumentException("Only groups of one code can be merged.", nameof(parts));
            }

            merged.Count += part.Count;
            merged.FromServerItself += part.FromServerItself;
            if (part.FirstTicks >= 0 && (merged.FirstTicks < 0 || part.FirstTicks < merged.FirstTicks))
            {
                merged.FirstTicks = part.FirstTicks;
            }

            merged.LastTicks = Math.Max(merged.LastTicks, part.LastTicks);
            merged._files.UnionWith(part._files);
            MergeCounts(merged._clients, part._clients);
            MergeCounts(merged._uris, part._uris);
            foreach (var form in part.LoggedAs.Count > 0 ? part.LoggedAs : part.Account is null ? [] : new[] { part.Account })
            {
                if (!forms.Contains(form, StringComparer.Ordinal))
                {
                    forms.Add(form);
                }
            }
        }

        merged.LoggedAs = forms;
        return merged;
    }

    private static void MergeCounts(Dictionary<string, long> into, Dictionary<string, long> from)
    {
        foreach (var pair in from)
        {
            if (into.TryGetValue(pair.Key, out var n))
            {
                into[pair.Key] = n + pair.Value;
            }
            else if (into.Count < LogonFailureAggregator.MaxTrackedValues)
            {
                into.Add(pair.Key, pair.Value);
            }
        }
    }

    /// <summary>The most frequent client addresses, most frequent first.</summary>
    public string[] TopClients(int count) => Top(_clients, count);

    /// <summary>The most frequent URIs, most frequent first.</summary>
    public string[] TopUris(int count) => Top(_uris, count);

    internal void Add(long ticks, string? clientIp, string? uri, bool fromServerItself, int fileIndex)
    {
        Count++;
        if (fromServerItself)
        {
            FromServerItself++;
        }

        if (ticks >= 0)
        {
            if (FirstTicks < 0 || ticks < FirstTicks)
            {
                FirstTicks = ticks;
            }

            if (ticks > LastTicks)
            {
                LastTicks = ticks;
            }
        }

        if (fileIndex != _lastFile)
        {
            _lastFile = fileIndex;
            _files.Add(fileIndex);
        }

        Increment(_clients, clientIp);
        Increment(_uris, uri);
    }

    private static void Increment(Dictionary<string, long> counts, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (counts.TryGetValue(value, out var n))
        {
            counts[value] = n + 1;
        }
        else if (counts.Count < LogonFailureAggregator.MaxTrackedValues)
        {
            counts.Add(value, 1);
        }
    }

    private static string[] Top(Dictionary<string, long> counts, int count) =>
        counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
            .Take(Math.Max(0, count)).Select(p => p.Key).ToArray();
}

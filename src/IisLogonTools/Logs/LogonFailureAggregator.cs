using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using System.Linq;

namespace IisLogonTools.Logs;

/// <summary>
/// Groups selected log lines by account (case-insensitive) and <c>sc-win32-status</c>. Memory depends on the
/// number of groups, not on the number of lines: a group holds its counts, first and last time, and at most
/// <see cref="MaxTrackedValues"/> distinct client addresses and URIs with their counts.
/// </summary>
/// <remarks>
/// A scan fills one aggregator per file; <see cref="Merge"/> then adds the files' aggregators in file order.
/// The result is the same however many files were scanned at once: which values a group keeps depends only on
/// the order of the files and of the lines within each file.
/// </remarks>
public sealed class LogonFailureAggregator
{
    /// <summary>How many distinct client addresses and URIs a group keeps; later new values are counted as not kept.</summary>
    public const int MaxTrackedValues = 100;

    // Open addressing over the groups themselves (each keeps its hash): 8 bytes a slot at most half full, instead of a
    // dictionary entry of 32 bytes plus a bucket. A password spray has a million groups, so this is most of the memory
    // that is not the groups.
    private LogonFailureGroup?[] _slots = new LogonFailureGroup?[16];
    private int _count;

    /// <summary>
    /// Every group, named accounts and anonymous ones, in table order: the same for the same lines and files, but not
    /// the order they were seen in (the report sorts them).
    /// </summary>
    public IEnumerable<LogonFailureGroup> Groups
    {
        get
        {
            foreach (var g in _slots)
            {
                if (g is not null)
                {
                    yield return g;
                }
            }
        }
    }

    /// <summary>How many groups there are.</summary>
    public int Count => _count;

    /// <summary>The group of this account (case-insensitive) and code, if there is one.</summary>
    public bool TryGet(string? account, int code, out LogonFailureGroup group)
    {
        group = Find(account, code, HashOf(account, code))!;
        return group is not null;
    }

    /// <summary>Adds one line.</summary>
    /// <param name="account">The <c>cs-username</c>, or <see langword="null"/> for "-" (anonymous).</param>
    /// <param name="code">The <c>sc-win32-status</c> as a signed number (SSPI codes are negative).</param>
    /// <param name="ticks">The UTC time in ticks, or -1 when the line has none.</param>
    /// <param name="clientIp">The <c>c-ip</c>, or <see langword="null"/>.</param>
    /// <param name="uri">The <c>cs-uri-stem</c>, or <see langword="null"/>.</param>
    /// <param name="fromServerItself">Whether the request came from the server's own address.</param>
    /// <param name="fileIndex">The file the line came from.</param>
    [MethodImpl(HotPath.Options)]
    public void Add(string? account, int code, long ticks, string? clientIp, string? uri, bool fromServerItself, int fileIndex)
    {
        var hash = HashOf(account, code);
        var group = Find(account, code, hash);
        if (group is null)
        {
            group = new LogonFailureGroup(account, code) { Hash = hash };
            Insert(group);
        }

        group.Add(ticks, clientIp, uri, fromServerItself, fileIndex);
    }

    /// <summary>
    /// Adds the groups of a later file (or set of files). Groups new here are taken over as they are, so
    /// <paramref name="later"/> must not be used afterwards.
    /// </summary>
    public void Merge(LogonFailureAggregator later)
    {
        if (later is null)
        {
            throw new ArgumentNullException(nameof(later));
        }

        var groups = later._slots;
        later._slots = [];
        later._count = 0;
        foreach (var g in groups)
        {
            if (g is null)
            {
                continue;
            }

            var existing = Find(g.Account, g.Code, g.Hash);
            if (existing is null)
            {
                Insert(g);
            }
            else
            {
                existing.Merge(g);
            }
        }
    }

    [MethodImpl(HotPath.Options)]
    private static int HashOf(string? account, int code) =>
        ((account is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(account)) ^ (code * 16777619)) & int.MaxValue;

    [MethodImpl(HotPath.Options)]
    private LogonFailureGroup? Find(string? account, int code, int hash)
    {
        var slots = _slots;
        if (slots.Length == 0)
        {
            return null;
        }

        var mask = slots.Length - 1;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            var g = slots[i];
            if (g is null)
            {
                return null;
            }

            if (g.Hash == hash && g.Code == code && string.Equals(g.Account, account, StringComparison.OrdinalIgnoreCase))
            {
                return g;
            }
        }
    }

    private void Insert(LogonFailureGroup group)
    {
        if ((_count + 1) * 2 > _slots.Length)
        {
            var bigger = new LogonFailureGroup?[Math.Max(16, _slots.Length * 2)];
            foreach (var g in _slots)
            {
                if (g is not null)
                {
                    Place(bigger, g);
                }
            }

            _slots = bigger;
        }

        Place(_slots, group);
        _count++;
    }

    private static void Place(LogonFailureGroup?[] slots, LogonFailureGroup group)
    {
        var mask = slots.Length - 1;
        var i = group.Hash & mask;
        while (slots[i] is not null)
        {
            i = (i + 1) & mask;
        }

        slots[i] = group;
    }
}

/// <summary>The lines of one account and code.</summary>
public sealed class LogonFailureGroup
{
    private ValueSample _clients;
    private ValueSample _uris;
    private int _firstFile = -1;
    private List<int>? _moreFiles;
    private int _lastFile = -1;

    internal LogonFailureGroup(string? account, int code)
    {
        Account = account;
        Code = code;
    }

    /// <summary>The account as first logged, or <see langword="null"/> for anonymous lines.</summary>
    public string? Account { get; }

    // The aggregator's hash of account and code.
    internal int Hash { get; set; }

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
    public int Files => _firstFile < 0 ? 0 : 1 + (_moreFiles?.Count ?? 0);

    /// <summary>The cs-username forms merged into this group by <see cref="Merge(string, IReadOnlyList{LogonFailureGroup})"/>; empty for a group of one form.</summary>
    public IReadOnlyList<string> LoggedAs { get; private set; } = [];

    /// <summary>
    /// One group for several groups of the same code whose accounts are the same account (see
    /// <see cref="LogonFailureIdentityNormalizer"/>): counts add up, times and files are combined, and
    /// <see cref="LoggedAs"/> lists the forms as logged, earliest first.
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

        // Forms in the order they were first logged (the aggregator's own order is a hash order), so LoggedAs and the
        // kept sample values do not depend on how the groups were stored.
        var ordered = parts
            .OrderBy(p => p.FirstTicks < 0 ? long.MaxValue : p.FirstTicks)
            .ThenBy(p => p.Account, StringComparer.Ordinal);
        foreach (var part in ordered)
        {
            if (part.Code != merged.Code)
            {
                throw new ArgumentException("Only groups of one code can be merged.", nameof(parts));
            }

            merged.Merge(part);
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

    /// <summary>How many distinct client addresses the group kept (at most <see cref="LogonFailureAggregator.MaxTrackedValues"/>).</summary>
    public int DistinctClients => _clients.Distinct;

    /// <summary>Whether the lines had more distinct client addresses than the group keeps.</summary>
    public bool ClientsTruncated => _clients.Truncated;

    /// <summary>How many distinct URIs the group kept (at most <see cref="LogonFailureAggregator.MaxTrackedValues"/>).</summary>
    public int DistinctUris => _uris.Distinct;

    /// <summary>Whether the lines had more distinct URIs than the group keeps.</summary>
    public bool UrisTruncated => _uris.Truncated;

    /// <summary>The most frequent client addresses, most frequent first.</summary>
    public string[] TopClients(int count) => _clients.Top(count);

    /// <summary>The most frequent URIs, most frequent first.</summary>
    public string[] TopUris(int count) => _uris.Top(count);

    /// <summary>Calls <paramref name="visit"/> with each kept client address and its line count.</summary>
    public void ForEachClient(Action<string, long> visit) => _clients.ForEach(visit);

    [MethodImpl(HotPath.Options)]
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
            AddFile(fileIndex);
        }

        _clients.Add(clientIp, 1);
        _uris.Add(uri, 1);
    }

    // Files are kept as a set so that merging the groups of one account logged in several forms counts a file once;
    // the first file is held inline because most groups (every group of a spray) come from one file.
    [MethodImpl(HotPath.Options)]
    private void AddFile(int fileIndex)
    {
        if (_firstFile < 0)
        {
            _firstFile = fileIndex;
        }
        else if (_firstFile != fileIndex)
        {
            _moreFiles ??= [];
            if (!_moreFiles.Contains(fileIndex))
            {
                _moreFiles.Add(fileIndex);
            }
        }
    }

    internal void Merge(LogonFailureGroup later)
    {
        Count += later.Count;
        FromServerItself += later.FromServerItself;
        if (later.FirstTicks >= 0 && (FirstTicks < 0 || later.FirstTicks < FirstTicks))
        {
            FirstTicks = later.FirstTicks;
        }

        if (later.LastTicks > LastTicks)
        {
            LastTicks = later.LastTicks;
        }

        if (later._firstFile >= 0)
        {
            AddFile(later._firstFile);
            if (later._moreFiles is not null)
            {
                foreach (var file in later._moreFiles)
                {
                    AddFile(file);
                }
            }
        }
        _clients.Merge(ref later._clients);
        _uris.Merge(ref later._uris);
    }

    // Counts per distinct value (case-insensitive, first spelling kept), in first-seen order. The first value is held
    // inline: in a password spray almost every group has one client address and one URI, and then needs no list.
    private struct ValueSample
    {
        private string? _first;
        private long _firstCount;
        private Overflow? _more;

        public readonly bool Truncated => _more?.Truncated ?? false;

        public readonly int Distinct => _first is null ? 0 : 1 + (_more?.Values.Count ?? 0);

        [MethodImpl(HotPath.Options)]
        public void Add(string? value, long count)
        {
            if (value is null)
            {
                return;
            }

            if (_first is null)
            {
                _first = value;
                _firstCount = count;
                return;
            }

            if (string.Equals(_first, value, StringComparison.OrdinalIgnoreCase))
            {
                _firstCount += count;
                return;
            }

            _more ??= new Overflow();
            _more.Add(value, count);
        }

        public void Merge(ref ValueSample later)
        {
            if (later._first is not null)
            {
                Add(later._first, later._firstCount);
            }

            if (later._more is not null)
            {
                foreach (var pair in later._more.Values)
                {
                    Add(pair.Key, pair.Value);
                }

                if (later._more.Truncated)
                {
                    _more ??= new Overflow();
                    _more.Truncated = true;
                }
            }
        }

        public readonly void ForEach(Action<string, long> visit)
        {
            if (_first is null)
            {
                return;
            }

            visit(_first, _firstCount);
            if (_more is not null)
            {
                foreach (var pair in _more.Values)
                {
                    visit(pair.Key, pair.Value);
                }
            }
        }

        public readonly string[] Top(int count)
        {
            if (_first is null || count <= 0)
            {
                return [];
            }

            var all = new List<KeyValuePair<string, long>>(Distinct) { new(_first, _firstCount) };
            if (_more is not null)
            {
                all.AddRange(_more.Values);
            }

            all.Sort((x, y) => x.Value != y.Value ? y.Value.CompareTo(x.Value) : StringComparer.OrdinalIgnoreCase.Compare(x.Key, y.Key));
            var top = new string[Math.Min(count, all.Count)];
            for (var i = 0; i < top.Length; i++)
            {
                top[i] = all[i].Key;
            }

            return top;
        }
    }

    // The second and later distinct values of a sample, in first-seen order; only groups with several values have one.
    private sealed class Overflow
    {
        private Dictionary<string, int>? _index;

        public List<KeyValuePair<string, long>> Values { get; } = [];

        public bool Truncated { get; set; }

        [MethodImpl(HotPath.Options)]
        public void Add(string value, long count)
        {
            if (_index is not null)
            {
                if (_index.TryGetValue(value, out var at))
                {
                    Values[at] = new KeyValuePair<string, long>(Values[at].Key, Values[at].Value + count);
                    return;
                }
            }
            else
            {
                for (var i = 0; i < Values.Count; i++)
                {
                    if (string.Equals(Values[i].Key, value, StringComparison.OrdinalIgnoreCase))
                    {
                        Values[i] = new KeyValuePair<string, long>(Values[i].Key, Values[i].Value + count);
                        return;
                    }
                }
            }

            if (1 + Values.Count >= LogonFailureAggregator.MaxTrackedValues)
            {
                Truncated = true;
                return;
            }

            Values.Add(new KeyValuePair<string, long>(value, count));
            if (_index is null && Values.Count > 8)
            {
                // Past a handful of values a linear search costs more than an index.
                _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < Values.Count; i++)
                {
                    _index.Add(Values[i].Key, i);
                }
            }
            else
            {
                _index?.Add(value, Values.Count - 1);
            }
        }
    }
}

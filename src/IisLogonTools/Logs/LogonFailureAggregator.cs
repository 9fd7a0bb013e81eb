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
/// <remarks>
/// A password spray makes a million of these, most with one client address, one URI and one file, so the first of each
/// is held inline and everything a group needs only when it has more (further values and files, the forms merged into
/// it) hangs off one rarely allocated object: 112 bytes a group instead of 136.
/// </remarks>
public sealed class LogonFailureGroup
{
    private ValueSample _clients;
    private ValueSample _uris;
    private int _firstFile = -1;
    private int _lastFile = -1;
    private Extras? _extras;

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
    public int Files => _firstFile < 0 ? 0 : 1 + (_extras?.MoreFiles?.Count ?? 0);

    /// <summary>The cs-username forms merged into this group by <see cref="Merge(string, IReadOnlyList{LogonFailureGroup})"/>; empty for a group of one form.</summary>
    public IReadOnlyList<string> LoggedAs => _extras?.LoggedAs ?? [];

    private Extras More => _extras ??= new Extras();

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

        merged.More.LoggedAs = forms;
        return merged;
    }

    /// <summary>How many distinct client addresses the group kept (at most <see cref="LogonFailureAggregator.MaxTrackedValues"/>).</summary>
    public int DistinctClients => _clients.Distinct(_extras?.Clients);

    /// <summary>Whether the lines had more distinct client addresses than the group keeps.</summary>
    public bool ClientsTruncated => _extras?.Clients?.Truncated ?? false;

    /// <summary>How many distinct URIs the group kept (at most <see cref="LogonFailureAggregator.MaxTrackedValues"/>).</summary>
    public int DistinctUris => _uris.Distinct(_extras?.Uris);

    /// <summary>Whether the lines had more distinct URIs than the group keeps.</summary>
    public bool UrisTruncated => _extras?.Uris?.Truncated ?? false;

    /// <summary>The most frequent client addresses, most frequent first.</summary>
    public string[] TopClients(int count) => _clients.Top(_extras?.Clients, count);

    /// <summary>The most frequent URIs, most frequent first.</summary>
    public string[] TopUris(int count) => _uris.Top(_extras?.Uris, count);

    /// <summary>Calls <paramref name="visit"/> with each kept client address and its line count.</summary>
    public void ForEachClient(Action<string, long> visit) => _clients.ForEach(_extras?.Clients, visit);

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

        AddClient(clientIp, 1);
        AddUri(uri, 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddClient(string? value, long count)
    {
        if (!_clients.TryAdd(value, count))
        {
            (More.Clients ??= new Overflow()).Add(value!, count);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddUri(string? value, long count)
    {
        if (!_uris.TryAdd(value, count))
        {
            (More.Uris ??= new Overflow()).Add(value!, count);
        }
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
            var files = More.MoreFiles ??= [];
            if (!files.Contains(fileIndex))
            {
                files.Add(fileIndex);
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
            if (later._extras?.MoreFiles is { } files)
            {
                foreach (var file in files)
                {
                    AddFile(file);
                }
            }
        }
        AddClient(later._clients.First, later._clients.FirstCount);
        AddUri(later._uris.First, later._uris.FirstCount);
        if (later._extras?.Clients is { } clients)
        {
            foreach (var pair in clients.Values)
            {
                AddClient(pair.Key, pair.Value);
            }

            if (clients.Truncated)
            {
                (More.Clients ??= new Overflow()).Truncated = true;
            }
        }

        if (later._extras?.Uris is { } uris)
        {
            foreach (var pair in uris.Values)
            {
                AddUri(pair.Key, pair.Value);
            }

            if (uris.Truncated)
            {
                (More.Uris ??= new Overflow()).Truncated = true;
            }
        }
    }

    // What a group needs only when it has more than one client address, URI or file, or was merged from several forms.
    private sealed class Extras
    {
        public Overflow? Clients { get; set; }

        public Overflow? Uris { get; set; }

        public List<int>? MoreFiles { get; set; }

        public IReadOnlyList<string>? LoggedAs { get; set; }
    }

    // The first distinct value of a sample (case-insensitive, first spelling kept) and its count; the later ones, in
    // first-seen order, are in an Overflow that the group keeps in its Extras.
    private struct ValueSample
    {
        public string? First { get; private set; }

        public long FirstCount { get; private set; }

        public readonly int Distinct(Overflow? more) => First is null ? 0 : 1 + (more?.Values.Count ?? 0);

        // Counts a value here when it is absent (null), the first one, or the first one again; false when it belongs in the overflow.
        [MethodImpl(HotPath.Options)]
        public bool TryAdd(string? value, long count)
        {
            if (value is null)
            {
                return true;
            }

            if (First is null)
            {
                First = value;
                FirstCount = count;
                return true;
            }

            if (string.Equals(First, value, StringComparison.OrdinalIgnoreCase))
            {
                FirstCount += count;
                return true;
            }

            return false;
        }

        public readonly void ForEach(Overflow? more, Action<string, long> visit)
        {
            if (First is null)
            {
                return;
            }

            visit(First, FirstCount);
            if (more is not null)
            {
                foreach (var pair in more.Values)
                {
                    visit(pair.Key, pair.Value);
                }
            }
        }

        public readonly string[] Top(Overflow? more, int count)
        {
            if (First is null || count <= 0)
            {
                return [];
            }

            var all = new List<KeyValuePair<string, long>>(Distinct(more)) { new(First, FirstCount) };
            if (more is not null)
            {
                all.AddRange(more.Values);
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

using System;
using System.Collections.Generic;

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

    private readonly Dictionary<GroupKey, LogonFailureGroup> _groups = new(GroupKeyComparer.Instance);

    /// <summary>Every group, named accounts and anonymous ones, in the order they were first seen.</summary>
    public IEnumerable<LogonFailureGroup> Groups => _groups.Values;

    /// <summary>How many groups there are.</summary>
    public int Count => _groups.Count;

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
        var key = new GroupKey(account, code);
        if (!_groups.TryGetValue(key, out var group))
        {
            group = new LogonFailureGroup(account, code);
            _groups.Add(key, group);
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

        foreach (var pair in later._groups)
        {
            if (_groups.TryGetValue(pair.Key, out var group))
            {
                group.Merge(pair.Value);
            }
            else
            {
                _groups.Add(pair.Key, pair.Value);
            }
        }
    }

    private readonly struct GroupKey
    {
        public GroupKey(string? account, int code)
        {
            Account = account;
            Code = code;
        }

        public string? Account { get; }

        public int Code { get; }
    }

    private sealed class GroupKeyComparer : IEqualityComparer<GroupKey>
    {
        public static readonly GroupKeyComparer Instance = new();

        public bool Equals(GroupKey x, GroupKey y) =>
            x.Code == y.Code && string.Equals(x.Account, y.Account, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode(GroupKey key) =>
            (key.Account is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(key.Account)) ^ (key.Code * 16777619);
    }
}

/// <summary>The lines of one account and code.</summary>
public sealed class LogonFailureGroup
{
    private ValueSample _clients;
    private ValueSample _uris;
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
    public int Files { get; private set; }

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
            Files++;
        }

        _clients.Add(clientIp, 1);
        _uris.Add(uri, 1);
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

        Files += later.Files;
        _clients.Merge(ref later._clients);
        _uris.Merge(ref later._uris);
    }

    // Counts per distinct value (case-insensitive, first spelling kept), in first-seen order. The first value is held
    // inline: in a password spray almost every group has one client address and one URI, and then needs no list.
    private struct ValueSample
    {
        private string? _first;
        private long _firstCount;
        private List<KeyValuePair<string, long>>? _more;
        private Dictionary<string, int>? _index;

        public bool Truncated { get; private set; }

        public readonly int Distinct => _first is null ? 0 : 1 + (_more?.Count ?? 0);

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

            _more ??= [];
            if (_index is not null)
            {
                if (_index.TryGetValue(value, out var at))
                {
                    _more[at] = new KeyValuePair<string, long>(_more[at].Key, _more[at].Value + count);
                    return;
                }
            }
            else
            {
                for (var i = 0; i < _more.Count; i++)
                {
                    if (string.Equals(_more[i].Key, value, StringComparison.OrdinalIgnoreCase))
                    {
                        _more[i] = new KeyValuePair<string, long>(_more[i].Key, _more[i].Value + count);
                        return;
                    }
                }
            }

            if (1 + _more.Count >= LogonFailureAggregator.MaxTrackedValues)
            {
                Truncated = true;
                return;
            }

            _more.Add(new KeyValuePair<string, long>(value, count));
            if (_index is null && _more.Count > 8)
            {
                // Past a handful of values a linear search costs more than an index.
                _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < _more.Count; i++)
                {
                    _index.Add(_more[i].Key, i);
                }
            }
            else
            {
                _index?.Add(value, _more.Count - 1);
            }
        }

        public void Merge(ref ValueSample later)
        {
            if (later._first is not null)
            {
                Add(later._first, later._firstCount);
            }

            if (later._more is not null)
            {
                foreach (var pair in later._more)
                {
                    Add(pair.Key, pair.Value);
                }
            }

            Truncated |= later.Truncated;
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
                foreach (var pair in _more)
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

            var all = new List<KeyValuePair<string, long>>(1 + (_more?.Count ?? 0)) { new(_first, _firstCount) };
            if (_more is not null)
            {
                all.AddRange(_more);
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
}

using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;

namespace IisLogonTools.Logs;

/// <summary>
/// Reads a W3C extended log as bytes and hands each line with the wanted <c>sc-status</c> and
/// <c>sc-substatus</c> to a <see cref="LogonFailureAggregator"/>.
/// </summary>
/// <remarks>
/// The reader works on a fixed buffer and never builds a string for a line it does not keep, so memory
/// stays flat however large the log is. Every <c>#Fields:</c> directive replaces the field map for the
/// lines after it. Times are UTC, as IIS writes them.
/// <para>
/// A data line is <em>garbled</em> (counted and skipped) when it holds a control byte (below 0x20, tab
/// included: such a line is also counted as binary), when its number of space-separated fields differs
/// from its header's, when its <c>sc-status</c> is not a number of 1 to 3 digits, or, for a line with the
/// selected status, when its <c>sc-substatus</c>, <c>sc-win32-status</c>, date or time is invalid.
/// </para>
/// <para>
/// Cost per line: one pass over the buffer, 8 bytes at a time (SWAR: bit tricks on 64-bit words, as netstandard2.0
/// offers no SIMD types without an extra package), finds where each line ends, whether it holds a control byte and
/// how many spaces it has; then only the status field is located, walking from whichever end of the line is nearer
/// to it. Only lines with the selected status are split into fields, and only lines that are counted build strings
/// (client addresses, URIs and accounts that repeat are taken from a small table instead of being decoded again).
/// Every method a line passes through is compiled fully optimised at its first call (<see cref="HotPath"/>).
/// </para>
/// </remarks>
public sealed unsafe class W3CLogScanner
{
    /// <summary>The read buffer size; also the longest line that is read whole (longer lines count as garbled).</summary>
    public const int BufferSize = 1 << 20;

    private const int MaxFields = 128;

    // Slack after the data so that the 8-byte reads of a line's last word stay inside the array.
    private const int Slack = 16;
    private const ulong Low7 = 0x7F7F7F7F7F7F7F7FUL;
    private const ulong High = 0x8080808080808080UL;
    private const ulong Ones = 0x0101010101010101UL;

    private static readonly byte[] FieldsDirective = Encoding.ASCII.GetBytes("#Fields:");

    private readonly byte[] _buffer = new byte[BufferSize + Slack];
    private readonly TextTable _accounts = new();
    private readonly TextTable _clients = new();
    private readonly TextTable _uris = new();
    private readonly int[] _starts = new int[MaxFields];
    private readonly int[] _ends = new int[MaxFields];
    private readonly int _status;
    private readonly int[]? _subStatuses;
    private readonly long _sinceTicks;
    private readonly long _untilTicks;

    /// <summary>Creates a scanner.</summary>
    /// <param name="status">The <c>sc-status</c> to select, normally 401.</param>
    /// <param name="subStatuses">The <c>sc-substatus</c> values to select, or <see langword="null"/> for all.</param>
    /// <param name="sinceUtc">Only lines at or after this UTC time, or <see langword="null"/>.</param>
    /// <param name="untilUtc">Only lines at or before this UTC time, or <see langword="null"/>.</param>
    public W3CLogScanner(int status, int[]? subStatuses, DateTime? sinceUtc, DateTime? untilUtc)
    {
        _status = status;
        _subStatuses = subStatuses is { Length: > 0 } ? (int[])subStatuses.Clone() : null;
        _sinceTicks = sinceUtc?.Ticks ?? long.MinValue;
        _untilTicks = untilUtc?.Ticks ?? long.MaxValue;
    }

    /// <summary>
    /// Whether lines are found by the word loop (little-endian machines) instead of one line at a time with
    /// <see cref="Array.IndexOf{T}(T[], T, int, int)"/> (the big-endian path, and the reference the tests compare it with).
    /// </summary>
    internal bool WordLoop { get; set; } = BitConverter.IsLittleEndian;

    /// <summary>Whether a time window is set; lines without date and time are then skipped and counted.</summary>
    public bool HasTimeWindow => _sinceTicks != long.MinValue || _untilTicks != long.MaxValue;

    /// <summary>Reads a whole log stream.</summary>
    /// <param name="stream">The plain log content (see <see cref="W3CLogFile.OpenRead(string)"/> for gzip).</param>
    /// <param name="fileIndex">A number that identifies the file within one run, for the per-group file count.</param>
    /// <param name="sink">Receives the selected lines.</param>
    /// <param name="afterEachRead">Called after every buffer read (for progress), or <see langword="null"/>.</param>
    /// <param name="cancellation">Stops the scan between reads.</param>
    /// <returns>The line counts of this stream.</returns>
    [MethodImpl(HotPath.Options)]
    public W3CScanResult Scan(Stream stream, int fileIndex, LogonFailureAggregator sink, Action? afterEachRead = null, CancellationToken cancellation = default)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        if (sink is null)
        {
            throw new ArgumentNullException(nameof(sink));
        }

        var state = new ScanState(fileIndex, sink);
        var buffer = _buffer;
        var filled = 0;
        var skippingLongLine = false;
        fixed (byte* b = buffer)
        {
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                var read = stream.Read(buffer, filled, BufferSize - filled);
                afterEachRead?.Invoke();
                if (read == 0)
                {
                    break;
                }

                state.Result.Bytes += read;
                var end = filled + read;
                var lineStart = 0;
                if (WordLoop)
                {
                    lineStart = ScanLines(b, end, ref skippingLongLine, state);
                }
                else
                {
                    while (true)
                    {
                        var newline = Array.IndexOf(buffer, (byte)'\n', lineStart, end - lineStart);
                        if (newline < 0)
                        {
                            break;
                        }

                        if (skippingLongLine)
                        {
                            skippingLongLine = false;
                        }
                        else
                        {
                            ProcessLine(b, lineStart, newline, state);
                        }

                        lineStart = newline + 1;
                    }
                }

                var rest = end - lineStart;
                if (rest == BufferSize)
                {
                    // A line longer than the buffer: no log line is, so it is garbage; skip to the next newline.
                    if (!skippingLongLine)
                    {
                        state.Result.Lines++;
                        state.Result.GarbledLines++;
                        state.Result.BinaryLines++;
                    }

                    skippingLongLine = true;
                    filled = 0;
                    continue;
                }

                if (rest > 0 && lineStart > 0)
                {
                    Buffer.BlockCopy(buffer, lineStart, buffer, 0, rest);
                }

                filled = rest;
            }

            if (filled > 0 && !skippingLongLine)
            {
                // The last line has no newline: a file still being written, or cut off. Read it like any other;
                // when it is truncated its field count gives it away.
                ProcessLine(b, 0, filled, state);
            }
        }

        return state.Result;
    }

    // Every complete line of b[0..end), in one pass of 8-byte words that finds the line's end, whether it holds a
    // control byte and how many spaces it has; returns where the incomplete last line starts (end when there is none).
    // A line with a control byte other than its CR LF takes the general path (rare: binary garbage).
    [MethodImpl(HotPath.Options)]
    private int ScanLines(byte* b, int end, ref bool skippingLongLine, ScanState state)
    {
        // A newline just after the data (the slack holds it) stops the word loop at the data's end.
        b[end] = (byte)'\n';
        var lineStart = 0;
        var i = 0;
        var spaces = 0;

        // The status field lies between the spaces numbered (from 0) status - 1 and status; the word loop notes where
        // they are as it counts them, so no line is walked twice. Plain locals (no out parameters) stay in registers.
        var map = state.Map;
        var before = map is null || map.Status < 0 ? int.MaxValue : map.Status - 1;
        var after = map is null || map.Status < 0 ? int.MaxValue : map.Status;
        var fieldSpaces = map is null ? -1 : map.FieldCount - 1;
        var target = before >= 0 ? before : after;
        var statusStart = before >= 0 ? -1 : 0;
        var statusEnd = -1;

        // Whole data lines with another status, the most common kind, are only counted here (added to the result when
        // this buffer is done); every other line goes to ProcessLine.
        long otherStatus = 0;
        while (true)
        {
            // Words of the line's middle: no control byte and no status boundary; two words at a time while that lasts
            // (the second word may reach 8 bytes past the data's end, into the slack; it only counts when neither word
            // holds a control byte, and the newline after the data is one). Cheaper tests than the exact ones below:
            // whether a word holds any byte below 0x20 at all, and, when none does, its spaces as its bytes below 0x21.
            var middle = Middle(b, i, target - spaces, High, 0x20 * Ones, 0x5F * Ones, Ones);
            spaces += (int)(middle >> 32);
            i = (int)middle;

            ulong control, marks;
            int n;
            while (true)
            {
                var x = *(ulong*)(b + i);
                control = ControlBytes(x);
                marks = SpaceBytes(x);
                n = CountMarked(marks);
                if (control != 0 || spaces + n > target)
                {
                    break;
                }

                spaces += n;
                i += 8;
            }

            if (control != 0)
            {
                // Only the spaces before the line's end (or a stray control byte) count.
                marks &= (1UL << (FirstMarked(control) * 8)) - 1;
                n = CountMarked(marks);
            }

            while (spaces + n > target)
            {
                var position = i + NthMarked(marks, target - spaces);
                if (statusStart < 0)
                {
                    statusStart = position + 1;
                    target = after;
                }
                else
                {
                    statusEnd = position;
                    target = int.MaxValue;
                }
            }

            spaces += n;
            if (control == 0)
            {
                i += 8;
                continue;
            }

            var p = i + FirstMarked(control);
            int lineEnd, next;
            if (b[p] == (byte)'\n')
            {
                if (p == end)
                {
                    return Done(lineStart, otherStatus, state);
                }

                lineEnd = p;
                next = p + 1;
            }
            else if (b[p] == (byte)'\r' && b[p + 1] == (byte)'\n')
            {
                if (p + 1 == end)
                {
                    return Done(lineStart, otherStatus, state);
                }

                lineEnd = p;
                next = p + 2;
            }
            else
            {
                next = NextLine(b, p + 1, end);
                if (next < 0)
                {
                    return Done(lineStart, otherStatus, state);
                }

                lineEnd = -1;
            }

            if (skippingLongLine)
            {
                skippingLongLine = false;
            }
            else if (lineEnd < 0)
            {
                ProcessLine(b, lineStart, next - 1, state);
            }
            else if (statusStart >= 0 && spaces == fieldSpaces && lineEnd > lineStart && b[lineStart] != (byte)'#'
                && IsOtherStatus(b, statusStart, statusEnd < 0 ? lineEnd : statusEnd))
            {
                otherStatus++;
            }
            else
            {
                ProcessLine(b, lineStart, lineEnd, spaces, false, statusStart, statusEnd < 0 ? lineEnd : statusEnd, state);
            }

            lineStart = next;
            i = next;
            spaces = 0;
            if (state.Map != map)
            {
                map = state.Map;
                before = map is null || map.Status < 0 ? int.MaxValue : map.Status - 1;
                after = map is null || map.Status < 0 ? int.MaxValue : map.Status;
                fieldSpaces = map is null ? -1 : map.FieldCount - 1;
            }

            target = before >= 0 ? before : after;
            statusStart = before >= 0 ? -1 : next;
            statusEnd = -1;
        }
    }

    // A status of three digits that is not the selected one (anything else is for ProcessLine to judge).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsOtherStatus(byte* b, int start, int end) =>
        end - start == 3 && ThreeDigits(b, start) is var status && status >= 0 && status != _status;

    // The three bytes at start as a number when they are digits, else -1: the usual status, without ParseNumber's call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ThreeDigits(byte* b, int start)
    {
        var hundreds = b[start] - (byte)'0';
        var tens = b[start + 1] - (byte)'0';
        var ones = b[start + 2] - (byte)'0';
        return (uint)hundreds <= 9 && (uint)tens <= 9 && (uint)ones <= 9 ? (hundreds * 100) + (tens * 10) + ones : -1;
    }

    // The end of a buffer's lines: the data lines counted in ScanLines join the result.
    private static int Done(int lineStart, long otherStatus, ScanState state)
    {
        state.Result.Lines += otherStatus;
        state.Result.DataLines += otherStatus;
        return lineStart;
    }

    // The pair loop of ScanLines: from i, two words at a time while neither holds a control byte and fewer than
    // limit + 1 spaces were seen; returns the spaces seen (high half) and where it stopped (low half). The constants come
    // in as arguments so that they stay in registers: inlined, the JIT would rebuild each 64-bit constant at every use.
    [MethodImpl(MethodImplOptions.NoInlining | HotPath.Options)]
    private static long Middle(byte* b, int i, int limit, ulong high, ulong spacesAt, ulong belowExclamation, ulong ones)
    {
        var seen = 0;
        while (true)
        {
            var x0 = *(ulong*)(b + i);
            var x1 = *(ulong*)(b + i + 8);
            // Whether either word holds any byte below 0x20: not exact per byte (a borrow may also mark bytes above the
            // lowest such byte), but never marks a word without one.
            if (((((x0 - spacesAt) & ~x0) | ((x1 - spacesAt) & ~x1)) & high) != 0)
            {
                break;
            }

            // Bytes below 0x21, exactly (ControlBytes' test with 0x21 for 0x20): in words without control bytes, the
            // spaces. Each byte of m0/2^7 + m1/2^7 is 0, 1 or 2, so one multiply adds them up.
            var m0 = ~(((x0 & ~high) + belowExclamation) | x0) & high;
            var m1 = ~(((x1 & ~high) + belowExclamation) | x1) & high;
            var pair = (int)((((m0 >> 7) + (m1 >> 7)) * ones) >> 56);
            if (seen + pair > limit)
            {
                break;
            }

            seen += pair;
            i += 16;
        }

        return ((long)seen << 32) | (uint)i;
    }

    // Where the line after a stray control byte starts (just after the next newline before end), or -1.
    private static int NextLine(byte* b, int from, int end)
    {
        for (var j = from; j < end; j++)
        {
            if (b[j] == (byte)'\n')
            {
                return j + 1;
            }
        }

        return -1;
    }

    // The position (0 to 7) of the marked byte number n (from 0) of a mask, which has more than n marked bytes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NthMarked(ulong mask, int n)
    {
        for (; n > 0; n--)
        {
            mask &= mask - 1;
        }

        return FirstMarked(mask);
    }

    // The index (0 to 7) of the lowest marked byte of a non-zero mask from the functions below: isolating the lowest
    // set bit and subtracting one sets bit 7 of exactly the bytes below it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FirstMarked(ulong mask) => CountMarked(((mask & (~mask + 1)) - 1) & High);

    // Bytes below 0x20 (control characters, tab included): 0x80 in each such byte of the word, exactly.
    // (x & 0x7F) + 0x60 sets the high bit when the low seven bits are at least 0x20; bytes of 0x80 and more have it already.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ControlBytes(ulong x) => ~(((x & Low7) + (0x60 * Ones)) | x) & High;

    // Bytes equal to 0x20: 0x80 in each, exactly (the classic zero-byte test on x XOR 0x20..., without carries).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SpaceBytes(ulong x)
    {
        var y = x ^ (0x20 * Ones);
        return ~(((y & Low7) + Low7) | y) & High;
    }

    // How many bytes of a mask from the two functions above are marked.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CountMarked(ulong mask) => (int)(((mask >> 7) * Ones) >> 56);

    // The general path for a line with any bytes: strips its CR, checks every byte, then classifies it.
    [MethodImpl(HotPath.Options)]
    private void ProcessLine(byte* b, int start, int end, ScanState state)
    {
        if (end > start && b[end - 1] == (byte)'\r')
        {
            end--;
        }

        // Control bytes and spaces, 8 bytes at a time; the little-endian load puts the first byte lowest.
        var spaces = 0;
        ulong control = 0;
        var i = start;
        if (BitConverter.IsLittleEndian)
        {
            for (; i + 8 <= end; i += 8)
            {
                var x = *(ulong*)(b + i);
                control |= ControlBytes(x);
                spaces += CountMarked(SpaceBytes(x));
            }

            if (i < end)
            {
                // The word reaches past the line (into the next line or the slack); keep only the line's bytes.
                var keep = (1UL << ((end - i) * 8)) - 1;
                var x = *(ulong*)(b + i);
                control |= ControlBytes(x) & keep;
                spaces += CountMarked(SpaceBytes(x) & keep);
            }
        }
        else
        {
            for (; i < end; i++)
            {
                var c = b[i];
                control |= c < (byte)' ' ? 1UL : 0UL;
                spaces += c == (byte)' ' ? 1 : 0;
            }
        }

        ProcessLine(b, start, end, spaces, control != 0, -1, -1, state);
    }

    // One line without its CR LF, with its count of spaces and whether it holds a byte below 0x20 (tab included), and
    // where its status field starts and ends when the caller found that out while counting (else -1). Those positions
    // are only used once the field count has shown the line is whole.
    [MethodImpl(HotPath.Options)]
    private void ProcessLine(byte* b, int start, int end, int spaces, bool hasControl, int statusStart, int statusEnd, ScanState state)
    {
        var result = state.Result;
        result.Lines++;
        if (end == start)
        {
            result.BlankLines++;
            return;
        }

        if (b[start] == (byte)'#')
        {
            result.Directives++;
            if (StartsWith(b, start, end, FieldsDirective))
            {
                var fieldsStart = start + FieldsDirective.Length;
                if (hasControl && HasControlBytes(b, fieldsStart, end))
                {
                    result.GarbledLines++;
                    state.Map = null;
                    return;
                }

                state.Map = W3CFieldMap.Parse(_buffer, fieldsStart, end - fieldsStart);
                result.Headers++;
                if (!state.Map.HasStatus)
                {
                    result.HeadersWithoutStatus++;
                }
            }

            return;
        }

        var map = state.Map;
        if (map is null)
        {
            result.LinesWithoutHeader++;
            if (hasControl && HasControlBytes(b, start, end))
            {
                result.BinaryLines++;
            }

            return;
        }

        result.DataLines++;
        if (hasControl)
        {
            Garbled(result, true);
            return;
        }

        var expected = map.FieldCount;
        if (spaces != expected - 1)
        {
            Garbled(result, false);
            return;
        }

        if (map.Status < 0)
        {
            return;
        }

        // Only the status field: where the word loop saw it, or else reached from the nearer end of the line.
        if (statusStart < 0)
        {
            FindStatus(b, start, end, map, out statusStart, out statusEnd);
        }

        var status = statusEnd - statusStart == 3 ? ThreeDigits(b, statusStart) : ParseNumber(b, statusStart, statusEnd, 3);

        if (status < 0)
        {
            Garbled(result, false);
            return;
        }

        if (status != _status)
        {
            return;
        }

        // A line with the selected status: record where every field starts and ends (the checks above make it safe).
        var starts = _starts;
        var ends = _ends;
        var field = 0;
        starts[0] = start;
        for (var j = start; j < end; j++)
        {
            if (b[j] == (byte)' ')
            {
                ends[field] = j;
                field++;
                starts[field] = j + 1;
            }
        }

        ends[field] = end;

        var subStatus = map.SubStatus < 0 ? -1 : ParseNumber(b, starts[map.SubStatus], ends[map.SubStatus], 5);
        if (map.SubStatus >= 0 && subStatus < 0)
        {
            Garbled(result, false);
            return;
        }

        if (_subStatuses is not null && Array.IndexOf(_subStatuses, (int)subStatus) < 0)
        {
            return;
        }

        long code = 0;
        if (map.Win32Status >= 0)
        {
            code = ParseNumber(b, starts[map.Win32Status], ends[map.Win32Status], 10);
            if (code < 0 || code > uint.MaxValue)
            {
                Garbled(result, false);
                return;
            }
        }

        long ticks = -1;
        if (map.HasTime)
        {
            ticks = ParseTimestamp(b, starts[map.Date], ends[map.Date], starts[map.Time], ends[map.Time]);
            if (ticks < 0)
            {
                Garbled(result, false);
                return;
            }

            if (ticks < _sinceTicks || ticks > _untilTicks)
            {
                result.OutsideTimeWindow++;
                return;
            }
        }
        else if (HasTimeWindow)
        {
            result.UndatedLines++;
            return;
        }

        var user = map.UserName < 0 ? null : _accounts.Get(b, starts[map.UserName], ends[map.UserName]);
        var clientIp = map.ClientIp < 0 ? null : _clients.Get(b, starts[map.ClientIp], ends[map.ClientIp]);
        var uri = map.UriStem < 0 ? null : _uris.Get(b, starts[map.UriStem], ends[map.UriStem]);
        var fromServer = map.ClientIp >= 0 && IsServerItself(b, starts[map.ClientIp], ends[map.ClientIp], map.ServerIp < 0 ? -1 : starts[map.ServerIp], map.ServerIp < 0 ? -1 : ends[map.ServerIp]);
        result.SelectedLines++;
        state.Sink.Add(user, unchecked((int)(uint)code), ticks, clientIp, uri, fromServer, state.FileIndex);
    }

    // The status field of a whole line, walked to from whichever end of the line is nearer.
    private static void FindStatus(byte* b, int start, int end, W3CFieldMap map, out int statusStart, out int statusEnd)
    {
        if (map.Status <= map.FieldCount - 1 - map.Status)
        {
            statusStart = start;
            for (var k = 0; k < map.Status; k++)
            {
                while (b[statusStart] != (byte)' ')
                {
                    statusStart++;
                }

                statusStart++;
            }

            statusEnd = statusStart;
            while (statusEnd < end && b[statusEnd] != (byte)' ')
            {
                statusEnd++;
            }
        }
        else
        {
            statusEnd = end;
            for (var k = map.FieldCount - 1; k > map.Status; k--)
            {
                statusEnd--;
                while (b[statusEnd] != (byte)' ')
                {
                    statusEnd--;
                }
            }

            statusStart = statusEnd;
            while (statusStart > start && b[statusStart - 1] != (byte)' ')
            {
                statusStart--;
            }
        }
    }

    [MethodImpl(HotPath.Options)]
    private static void Garbled(W3CScanResult result, bool controlBytes)
    {
        result.GarbledLines++;
        if (controlBytes)
        {
            result.BinaryLines++;
        }
    }

    // Unsigned decimal of 1..maxDigits digits, or -1.
    [MethodImpl(HotPath.Options)]
    private static long ParseNumber(byte* b, int start, int end, int maxDigits)
    {
        var length = end - start;
        if (length < 1 || length > maxDigits)
        {
            return -1;
        }

        long value = 0;
        for (var i = start; i < end; i++)
        {
            var digit = b[i] - (byte)'0';
            if ((uint)digit > 9)
            {
                return -1;
            }

            value = (value * 10) + digit;
        }

        return value;
    }

    // yyyy-MM-dd and HH:mm:ss (a fraction after the seconds is ignored), as UTC ticks; -1 when invalid.
    [MethodImpl(HotPath.Options)]
    private static long ParseTimestamp(byte* b, int dateStart, int dateEnd, int timeStart, int timeEnd)
    {
        if (dateEnd - dateStart != 10 || timeEnd - timeStart < 8
            || b[dateStart + 4] != (byte)'-' || b[dateStart + 7] != (byte)'-'
            || b[timeStart + 2] != (byte)':' || b[timeStart + 5] != (byte)':')
        {
            return -1;
        }

        var year = ParseNumber(b, dateStart, dateStart + 4, 4);
        var month = ParseNumber(b, dateStart + 5, dateStart + 7, 2);
        var day = ParseNumber(b, dateStart + 8, dateStart + 10, 2);
        var hour = ParseNumber(b, timeStart, timeStart + 2, 2);
        var minute = ParseNumber(b, timeStart + 3, timeStart + 5, 2);
        var second = ParseNumber(b, timeStart + 6, timeStart + 8, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
            || day > DateTime.DaysInMonth((int)year, (int)month))
        {
            return -1;
        }

        return new DateTime((int)year, (int)month, (int)day, (int)hour, (int)minute, (int)second, DateTimeKind.Utc).Ticks;
    }

    // The client is the server itself when c-ip equals s-ip or is a loopback address.
    [MethodImpl(HotPath.Options)]
    private static bool IsServerItself(byte* b, int clientStart, int clientEnd, int serverStart, int serverEnd)
    {
        var length = clientEnd - clientStart;
        if ((length >= 4 && b[clientStart] == (byte)'1' && b[clientStart + 1] == (byte)'2' && b[clientStart + 2] == (byte)'7' && b[clientStart + 3] == (byte)'.')
            || (length == 3 && b[clientStart] == (byte)':' && b[clientStart + 1] == (byte)':' && b[clientStart + 2] == (byte)'1'))
        {
            return true;
        }

        if (serverStart < 0 || serverEnd - serverStart != length || length == 1)
        {
            return false;
        }

        for (var i = 0; i < length; i++)
        {
            if (b[clientStart + i] != b[serverStart + i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool StartsWith(byte* b, int start, int end, byte[] prefix)
    {
        if (end - start < prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if ((b[start + i] | 0x20) != (prefix[i] | 0x20))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasControlBytes(byte* b, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            var c = b[i];
            if (c < (byte)' ' && c != (byte)'\t')
            {
                return true;
            }
        }

        return false;
    }

    private sealed class ScanState
    {
        public ScanState(int fileIndex, LogonFailureAggregator sink)
        {
            FileIndex = fileIndex;
            Sink = sink;
        }

        public int FileIndex { get; }

        public LogonFailureAggregator Sink { get; }

        public W3CFieldMap? Map { get; set; }

        public W3CScanResult Result { get; } = new();
    }
}

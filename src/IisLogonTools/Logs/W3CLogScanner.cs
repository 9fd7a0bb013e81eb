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
/// stays flat however large the log is and the cost per line is one pass over its bytes. Every
/// <c>#Fields:</c> directive replaces the field map for the lines after it. A line whose field count
/// differs from its header, holds control characters, or has a non-numeric status or an invalid time is
/// counted as garbled and skipped. Times are UTC, as IIS writes them.
/// </remarks>
public sealed class W3CLogScanner
{
    /// <summary>The read buffer size; also the longest line that is read whole (longer lines count as garbled).</summary>
    public const int BufferSize = 1 << 20;

    private const int MaxFields = 128;

    // MethodImplOptions.AggressiveOptimization (.NET Core 3.0+; not in netstandard2.0's enum, ignored by .NET Framework):
    // the per-byte loop is compiled fully optimised at once instead of starting as unoptimised tier-0 code.
    private const MethodImplOptions HotPath = (MethodImplOptions)512;
    private static readonly byte[] FieldsDirective = Encoding.ASCII.GetBytes("#Fields:");

    private readonly byte[] _buffer = new byte[BufferSize];
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

    /// <summary>Whether a time window is set; lines without date and time are then skipped and counted.</summary>
    public bool HasTimeWindow => _sinceTicks != long.MinValue || _untilTicks != long.MaxValue;

    /// <summary>Reads a whole log stream.</summary>
    /// <param name="stream">The plain log content (see <see cref="W3CLogFile.OpenRead(string)"/> for gzip).</param>
    /// <param name="fileIndex">A number that identifies the file within one run, for the per-group file count.</param>
    /// <param name="sink">Receives the selected lines.</param>
    /// <param name="afterEachRead">Called after every buffer read (for progress), or <see langword="null"/>.</param>
    /// <param name="cancellation">Stops the scan between reads.</param>
    /// <returns>The line counts of this stream.</returns>
    [MethodImpl(HotPath)]
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
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            afterEachRead?.Invoke();
            if (read == 0)
            {
                break;
            }

            state.Result.Bytes += read;
            var end = filled + read;
            var lineStart = 0;
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
                    ProcessLine(buffer, lineStart, newline, state);
                }

                lineStart = newline + 1;
            }

            var rest = end - lineStart;
            if (rest == buffer.Length)
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
            ProcessLine(buffer, 0, filled, state);
        }

        return state.Result;
    }

    [MethodImpl(HotPath)]
    private void ProcessLine(byte[] b, int start, int end, ScanState state)
    {
        var result = state.Result;
        result.Lines++;
        if (end > start && b[end - 1] == (byte)'\r')
        {
            end--;
        }

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
                if (HasControlBytes(b, fieldsStart, end))
                {
                    result.GarbledLines++;
                    state.Map = null;
                    return;
                }

                state.Map = W3CFieldMap.Parse(b, fieldsStart, end - fieldsStart);
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
            if (HasControlBytes(b, start, end))
            {
                result.BinaryLines++;
            }

            return;
        }

        result.DataLines++;

        // One pass: record where every field starts and ends; a control byte or a wrong count marks the line as garbled.
        var starts = _starts;
        var ends = _ends;
        var expected = map.FieldCount;
        var field = 0;
        starts[0] = start;
        for (var i = start; i < end; i++)
        {
            var c = b[i];
            if (c > (byte)' ')
            {
                continue;
            }

            if (c != (byte)' ' || field + 1 >= expected)
            {
                Garbled(result, c != (byte)' ');
                return;
            }

            ends[field] = i;
            field++;
            starts[field] = i + 1;
        }

        ends[field] = end;
        if (field + 1 != expected)
        {
            Garbled(result, false);
            return;
        }

        if (map.Status < 0)
        {
            return;
        }

        var status = ParseNumber(b, starts[map.Status], ends[map.Status], 3);
        if (status < 0)
        {
            Garbled(result, false);
            return;
        }

        if (status != _status)
        {
            return;
        }

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

        var user = map.UserName < 0 ? null : Text(b, starts[map.UserName], ends[map.UserName]);
        var clientIp = map.ClientIp < 0 ? null : Text(b, starts[map.ClientIp], ends[map.ClientIp]);
        var uri = map.UriStem < 0 ? null : Text(b, starts[map.UriStem], ends[map.UriStem]);
        var fromServer = map.ClientIp >= 0 && IsServerItself(b, starts[map.ClientIp], ends[map.ClientIp], map.ServerIp < 0 ? -1 : starts[map.ServerIp], map.ServerIp < 0 ? -1 : ends[map.ServerIp]);
        result.SelectedLines++;
        state.Sink.Add(user, unchecked((int)(uint)code), ticks, clientIp, uri, fromServer, state.FileIndex);
    }

    private static void Garbled(W3CScanResult result, bool controlBytes)
    {
        result.GarbledLines++;
        if (controlBytes)
        {
            result.BinaryLines++;
        }
    }

    private static string? Text(byte[] b, int start, int end)
    {
        if (end - start == 1 && b[start] == (byte)'-')
        {
            return null;
        }

        return Encoding.UTF8.GetString(b, start, end - start);
    }

    // Unsigned decimal of 1..maxDigits digits, or -1.
    private static long ParseNumber(byte[] b, int start, int end, int maxDigits)
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
    private static long ParseTimestamp(byte[] b, int dateStart, int dateEnd, int timeStart, int timeEnd)
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
    private static bool IsServerItself(byte[] b, int clientStart, int clientEnd, int serverStart, int serverEnd)
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

    private static bool StartsWith(byte[] b, int start, int end, byte[] prefix)
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

    private static bool HasControlBytes(byte[] b, int start, int end)
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

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using IisLogonTools.Logs;
using Xunit;

namespace IisLogonTools.Tests.Logs;

/// <summary>
/// The word loop (one pass of 8-byte words that finds line ends, control bytes, the field count and the status field)
/// against the line-at-a-time path it replaced on little-endian machines: the same counts and the same groups for
/// random logs full of garbled lines, read whole or in random short reads so that every line meets a buffer end.
/// </summary>
public class W3CLogScannerWordLoopTests
{
    private static readonly string[][] Orders =
    [
        SampleLog.IisDefaultFields,
        SampleLog.Reordered,
        ["sc-status", "sc-substatus", "cs-username", "date", "time", "sc-win32-status", "c-ip"],
        ["date", "time", "cs-username", "c-ip", "s-ip", "cs-uri-stem", "sc-substatus", "sc-win32-status", "sc-status"],
        ["date", "time", "cs-username", "c-ip"],
        ["sc-status"],
    ];

    private static readonly string[] Users = ["CONTOSO\\alice", "contoso\\ALICE", "-", "WEB01\\svc", "bob@contoso.com", "CONTOSO\\%C3%A9mile"];
    private static readonly string[] Statuses = ["401", "401", "401", "200", "4010", "40", "4x1", "-", "0401"];
    private static readonly string[] SubStatuses = ["1", "1", "2", "0", "x", "123456"];
    private static readonly string[] Codes = ["1326", "1385", "2148074254", "0", "99999999999", "-"];
    private static readonly string[] Addresses = ["10.0.0.5", "10.0.0.1", "127.0.0.1", "::1", "-", "2001:db8::7"];
    private static readonly byte[] Strays = [0x00, 0x01, (byte)'\t', (byte)'\r', 0x1F, 0x7F, 0xFF, (byte)'\n'];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void SameCountsAndGroupsAsTheLineAtATimePath(int seed)
    {
        var log = RandomLog(new Random(seed), lines: 8000);
        DateTime? since = seed % 3 == 0 ? new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc) : null;
        int[]? subStatuses = seed % 2 == 0 ? [1] : null;
        var reference = Run(log, wordLoop: false, since, subStatuses, maxRead: 0, seed);
        Assert.True(reference.Result.SelectedLines > 50, "the generator should make lines that count");
        Assert.True(reference.Result.GarbledLines > 100, "the generator should make garbled lines");

        foreach (var maxRead in new[] { 0, 1, 7, 64, 997 })
        {
            var words = Run(log, wordLoop: true, since, subStatuses, maxRead, seed);
            Assert.Equal(Describe(reference.Result), Describe(words.Result));
            Assert.Equal(Describe(reference.Groups), Describe(words.Groups));
        }
    }

    [Fact]
    public void ALineLongerThanTheBufferIsOneGarbledLineEitherWay()
    {
        var head = new SampleLog().Header(SampleLog.IisDefaultFields).Line("2026-03-01 08:00:00", "CONTOSO\\alice", 401, 1, 1385).ToString();
        var bytes = Encoding.UTF8.GetBytes(head + new string('x', W3CLogScanner.BufferSize + 100) + "\r\n" + head.Split('\n')[^2] + "\n");
        var reference = Run(bytes, wordLoop: false, null, [1], maxRead: 0, 0);
        var words = Run(bytes, wordLoop: true, null, [1], maxRead: 0, 0);
        Assert.Equal(1, reference.Result.BinaryLines);
        Assert.Equal(2, reference.Result.SelectedLines);
        Assert.Equal(Describe(reference.Result), Describe(words.Result));
        Assert.Equal(Describe(reference.Groups), Describe(words.Groups));
    }

    private static (W3CScanResult Result, LogonFailureAggregator Groups) Run(byte[] log, bool wordLoop, DateTime? since, int[]? subStatuses, int maxRead, int seed)
    {
        var scanner = new W3CLogScanner(401, subStatuses, since, null) { WordLoop = wordLoop };
        var groups = new LogonFailureAggregator();
        using Stream stream = maxRead == 0 ? new MemoryStream(log) : new ShortReads(log, new Random(seed), maxRead);
        return (scanner.Scan(stream, 0, groups), groups);
    }

    private static string Describe(W3CScanResult r) =>
        string.Join(", ", typeof(W3CScanResult).GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + "=" + p.GetValue(r)));

    private static string Describe(LogonFailureAggregator a) =>
        string.Join("\n", a.Groups
            .OrderBy(g => g.Account, StringComparer.Ordinal).ThenBy(g => g.Code)
            .Select(g => string.Join("|", g.Account ?? "<anonymous>", g.Code, g.Count, g.FromServerItself, g.FirstTicks, g.LastTicks, g.Files,
                g.DistinctClients, g.ClientsTruncated, string.Join(",", g.TopClients(200)), g.DistinctUris, string.Join(",", g.TopUris(200)))));

    // Lines of several field orders with random values, a good share of them broken: stray control bytes (and a
    // newline in the middle, which makes two lines), a field too many or too few, an empty field, a lone CR, lines
    // before any header, blank lines and other directives, #Fields headers with a tab, and no newline at the end.
    private static byte[] RandomLog(Random random, int lines)
    {
        var output = new MemoryStream();
        void Write(string text) => output.Write(Encoding.UTF8.GetBytes(text), 0, Encoding.UTF8.GetByteCount(text));
        string[]? fields = null;
        for (var n = 0; n < lines; n++)
        {
            var roll = random.Next(100);
            string line;
            if (fields is null ? roll < 70 : roll < 3)
            {
                fields = Orders[random.Next(Orders.Length)];
                line = (random.Next(20) == 0 ? "#fields:\t" : "#Fields: ") + string.Join(" ", fields);
            }
            else if (roll < 5)
            {
                line = random.Next(2) == 0 ? string.Empty : "#Software: Microsoft Internet Information Services 10.0" + (random.Next(4) == 0 ? "\u0001" : string.Empty);
            }
            else
            {
                var values = (fields ?? Orders[0]).Select(f => Value(f, random)).ToList();
                if (random.Next(25) == 0)
                {
                    values.RemoveAt(random.Next(values.Count));
                }
                else if (random.Next(25) == 0)
                {
                    values.Insert(random.Next(values.Count + 1), "extra");
                }
                else if (random.Next(40) == 0)
                {
                    values[random.Next(values.Count)] = string.Empty;
                }

                line = string.Join(" ", values);
            }

            var bytes = Encoding.UTF8.GetBytes(line).ToList();
            if (random.Next(15) == 0)
            {
                bytes.Insert(random.Next(bytes.Count + 1), Strays[random.Next(Strays.Length)]);
            }

            output.Write(bytes.ToArray(), 0, bytes.Count);
            if (n < lines - 1 || random.Next(2) == 0)
            {
                Write(random.Next(20) switch { 0 => "\r\r\n", < 6 => "\n", _ => "\r\n" });
            }
        }

        return output.ToArray();
    }

    private static string Value(string field, Random random) => field switch
    {
        "date" => random.Next(60) == 0 ? "2026-02-30" : "2026-03-0" + random.Next(1, 4),
        "time" => $"{random.Next(24):00}:{random.Next(60):00}:{random.Next(60):00}",
        "cs-username" => Users[random.Next(Users.Length)],
        "c-ip" or "s-ip" => Addresses[random.Next(Addresses.Length)],
        "sc-status" => Statuses[random.Next(Statuses.Length)],
        "sc-substatus" => SubStatuses[random.Next(SubStatuses.Length)],
        "sc-win32-status" => Codes[random.Next(Codes.Length)],
        "cs-uri-stem" => "/app/page" + random.Next(5) + ".aspx",
        _ => new string('v', random.Next(1, 30)),
    };

    // A stream that hands out at most a random number of bytes per read, as a pipe or a network share may.
    private sealed class ShortReads(byte[] data, Random random, int maxRead) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, random.Next(1, maxRead + 1)), data.Length - _position);
            Buffer.BlockCopy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using System.IO.Compression;
using System.Text;
using IisLogonTools.Logs;
using Xunit;

namespace IisLogonTools.Tests.Logs;

/// <summary>
/// Multi-member gzip files (RFC 1952 §2.2) read completely. The members are written by .NET's own GZipStream,
/// one complete member per stream, and concatenated as <c>cat a.gz b.gz &gt; all.gz</c> would.
/// </summary>
public class GzipMembersStreamTests
{
    [Fact]
    public void EveryMemberIsRead()
    {
        var parts = new[] { Lines("a", 3000), Lines("b", 1), Lines("c", 2500) };
        using var folder = new TempFolder();
        var path = folder.File("u_ex261201.log.gz");
        File.WriteAllBytes(path, Concat(parts.Select(p => Member(p))));

        var text = ReadAll(path, out var members);

        Assert.Equal(string.Concat(parts), text);
        Assert.Equal(3, members);
    }

    [Fact]
    public void ManySmallMembersInsideOneReadAheadBuffer()
    {
        // 400 one-line members of about 60 bytes each: DeflateStream's 8 KiB read-ahead spans well over a hundred of them.
        var parts = Enumerable.Range(0, 400).Select(i => Lines("m" + i.ToString("D3"), 1)).ToArray();
        using var folder = new TempFolder();
        var path = folder.File("many.gz");
        File.WriteAllBytes(path, Concat(parts.Select(p => Member(p))));

        var text = ReadAll(path, out var members);

        Assert.Equal(string.Concat(parts), text);
        Assert.Equal(400, members);
    }

    [Fact]
    public void IncompressibleMembersLargerThanTheReadAhead()
    {
        var random = new Random(19);
        var parts = Enumerable.Range(0, 3).Select(_ => RandomText(random, 200_000)).ToArray();
        using var folder = new TempFolder();
        var path = folder.File("random.gz");
        File.WriteAllBytes(path, Concat(parts.Select(p => Member(p, CompressionLevel.NoCompression))));

        Assert.Equal(string.Concat(parts), ReadAll(path, out var members));
        Assert.Equal(3, members);
    }

    [Fact]
    public void HeaderFieldsNameCommentExtraAndHeaderCrcAreSkipped()
    {
        var parts = new[] { Lines("x", 50), Lines("y", 50) };
        using var folder = new TempFolder();
        var path = folder.File("fields.gz");
        File.WriteAllBytes(path, Concat([WithHeaderFields(Member(parts[0])), Member(parts[1])]));

        Assert.Equal(string.Concat(parts), ReadAll(path, out _));
    }

    [Fact]
    public void EmptyMembersAndTrailingZeroPaddingAreAccepted()
    {
        // GZipStream writes nothing at all for empty input, so the empty member is spelled out (RFC 1952 §2.3,
        // RFC 1951 §3.2.3: a final fixed-Huffman block holding only end-of-block is 03 00); CRC-32 and ISIZE are 0.
        byte[] empty = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];
        var text = Lines("z", 10);
        using var folder = new TempFolder();
        var path = folder.File("padded.gz");
        File.WriteAllBytes(path, Concat([empty, Member(text), empty, new byte[512]]));

        Assert.Equal(text, ReadAll(path, out var members));
        Assert.Equal(3, members);
    }

    [Fact]
    public void ATruncatedLastMemberIsInvalidData()
    {
        var whole = Concat([Member(Lines("a", 100)), Member(Lines("b", 100))]);
        using var folder = new TempFolder();
        var path = folder.File("truncated.gz");
        File.WriteAllBytes(path, whole.AsSpan(0, whole.Length - 5).ToArray());

        Assert.Throws<InvalidDataException>(() => ReadAll(path, out _));
    }

    [Fact]
    public void GarbageInsteadOfTheNextMemberIsInvalidData()
    {
        using var folder = new TempFolder();
        var path = folder.File("garbage.gz");
        File.WriteAllBytes(path, Concat([Member(Lines("a", 20)), Encoding.ASCII.GetBytes("this is not gzip")]));

        var e = Assert.Throws<InvalidDataException>(() => ReadAll(path, out _));
        Assert.Contains("Member 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void W3CLogFileDetectsGzipByContentAndCountsEveryLine()
    {
        var parts = new[] { Lines("first", 700), Lines("second", 900) };
        using var folder = new TempFolder();
        var path = folder.File("u_ex261201.log");
        File.WriteAllBytes(path, Concat(parts.Select(p => Member(p))));

        using var reader = new StreamReader(W3CLogFile.OpenRead(path));
        var count = 0;
        while (reader.ReadLine() is not null)
        {
            count++;
        }

        Assert.Equal(1600, count);
    }

    private static string ReadAll(string path, out int members)
    {
        using var stream = new GzipMembersStream(File.OpenRead(path));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        members = stream.Members;
        return text;
    }

    private static string Lines(string tag, int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append($"2026-12-01 10:{i % 60:D2}:00 10.0.0.5 GET /{tag} CONTOSO\\{tag}{i} 10.0.0.9 401 1 1326\r\n");
        }

        return text.ToString();
    }

    private static string RandomText(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)random.Next(0x21, 0x7F);
        }

        return new string(chars);
    }

    private static byte[] Member(string text, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, level, leaveOpen: true))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            zip.Write(bytes, 0, bytes.Length);
        }

        return buffer.ToArray();
    }

    // FLG |= FEXTRA | FNAME | FCOMMENT | FHCRC, with the fields inserted after the 10-byte fixed header (RFC 1952 §2.3).
    private static byte[] WithHeaderFields(byte[] member)
    {
        var fields = new List<byte> { 4, 0, (byte)'A', (byte)'B', 2, 0 };
        fields.AddRange(Encoding.ASCII.GetBytes("u_ex261201.log\0"));
        fields.AddRange(Encoding.ASCII.GetBytes("rotated by a test\0"));
        fields.AddRange(new byte[] { 0x12, 0x34 });
        var result = new List<byte>(member.Take(10));
        result[3] = (byte)(result[3] | 0x04 | 0x08 | 0x10 | 0x02);
        result.AddRange(fields);
        result.AddRange(member.Skip(10));
        return result.ToArray();
    }

    private static byte[] Concat(IEnumerable<byte[]> parts) => parts.SelectMany(p => p).ToArray();
}

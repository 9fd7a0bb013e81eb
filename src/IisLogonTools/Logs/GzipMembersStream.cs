using System;
using System.IO;
using System.IO.Compression;

namespace IisLogonTools.Logs;

/// <summary>
/// Decompresses every member of a gzip file (RFC 1952 §2.2: "a gzip file consists of a series of
/// members"), the same way on .NET Framework and .NET.
/// </summary>
/// <remarks>
/// <para>
/// .NET Framework's <see cref="GZipStream"/> stops after the first member, so a log set compressed by
/// appending (<c>gzip -c a.log &gt;&gt; all.gz</c>, or tools that flush in members) would be undercounted
/// silently in Windows PowerShell 5.1. This class parses each member header itself and inflates the
/// member's body with <see cref="DeflateStream"/>, which ends at the end of one deflate stream on both
/// runtimes.
/// </para>
/// <para>
/// <see cref="DeflateStream"/> reads ahead, so where its input ended is not known exactly. The member's
/// 8-byte trailer (CRC-32, then ISIZE: the uncompressed length modulo 2^32, both little-endian) is found
/// in the bytes around the read position: the first offset whose ISIZE equals the length inflated and
/// that is followed by the end of the file, the next member's magic bytes 1F 8B, or zero padding. The
/// CRC-32 is not verified (GZipStream on .NET does verify it).
/// </para>
/// </remarks>
public sealed class GzipMembersStream : Stream
{
    private const int TrailerLength = 8;

    // DeflateStream's read-ahead is one buffer (8 KiB on .NET Framework and .NET); the search allows far more.
    private const int SearchWindow = 1 << 18;

    private readonly Stream _file;
    private DeflateStream? _member;
    private long _deflateStart;
    private uint _memberLength;
    private bool _done;

    /// <summary>Starts reading a gzip file at its current position, which must be the start of a member.</summary>
    /// <param name="file">A readable, seekable stream; disposed with this one.</param>
    /// <exception cref="InvalidDataException">The first member's header is not a gzip header.</exception>
    public GzipMembersStream(Stream file)
    {
        _file = file ?? throw new ArgumentNullException(nameof(file));
        if (!file.CanRead || !file.CanSeek)
        {
            throw new ArgumentException("The gzip file must be readable and seekable.", nameof(file));
        }

        StartMember();
    }

    /// <summary>How many members have been started so far.</summary>
    public int Members { get; private set; }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count)
    {
        while (!_done)
        {
            var read = _member!.Read(buffer, offset, count);
            if (read > 0 || count == 0)
            {
                unchecked
                {
                    _memberLength += (uint)read;
                }

                return read;
            }

            FinishMember();
            if (!_done)
            {
                StartMember();
            }
        }

        return 0;
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _member?.Dispose();
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    // RFC 1952 §2.3: ID1 ID2 CM FLG MTIME(4) XFL OS, then FEXTRA, FNAME, FCOMMENT, FHCRC when flagged.
    private void StartMember()
    {
        var header = new byte[10];
        ReadExactly(header, "header");
        if (header[0] != 0x1F || header[1] != 0x8B)
        {
            throw new InvalidDataException($"Member {Members + 1} of the gzip file does not start with the gzip signature 1F 8B.");
        }

        if (header[2] != 8)
        {
            throw new InvalidDataException($"Member {Members + 1} of the gzip file uses compression method {header[2]}; only deflate (8) exists.");
        }

        var flags = header[3];
        if ((flags & 0xE0) != 0)
        {
            throw new InvalidDataException($"Member {Members + 1} of the gzip file sets reserved header flags (0x{flags:X2}).");
        }

        if ((flags & 0x04) != 0)
        {
            var length = new byte[2];
            ReadExactly(length, "extra field length");
            Skip(length[0] | (length[1] << 8));
        }

        if ((flags & 0x08) != 0)
        {
            SkipZeroTerminated();
        }

        if ((flags & 0x10) != 0)
        {
            SkipZeroTerminated();
        }

        if ((flags & 0x02) != 0)
        {
            Skip(2);
        }

        Members++;
        _deflateStart = _file.Position;
        _memberLength = 0;
        _member?.Dispose();
        _member = new DeflateStream(_file, CompressionMode.Decompress, leaveOpen: true);
    }

    private void FinishMember()
    {
        var readTo = _file.Position;
        var length = _file.Length;
        var from = Math.Max(_deflateStart, readTo - SearchWindow);
        var to = Math.Min(length, readTo + TrailerLength + 2);
        var window = new byte[(int)(to - from)];
        _file.Position = from;
        ReadExactly(window, "trailer");
        for (var i = 0; i + TrailerLength <= window.Length; i++)
        {
            var size = (uint)(window[i + 4] | (window[i + 5] << 8) | (window[i + 6] << 16) | (window[i + 7] << 24));
            if (size != _memberLength)
            {
                continue;
            }

            var next = from + i + TrailerLength;
            if (next == length || IsZeroPadding(next, length))
            {
                _done = true;
                return;
            }

            if (i + TrailerLength + 2 <= window.Length && window[i + TrailerLength] == 0x1F && window[i + TrailerLength + 1] == 0x8B)
            {
                _file.Position = next;
                return;
            }
        }

        throw new InvalidDataException(
            $"Member {Members} of the gzip file is truncated or damaged: its trailer (uncompressed length {_memberLength}) was not found after the compressed data.");
    }

    private bool IsZeroPadding(long from, long length)
    {
        if (length - from > SearchWindow)
        {
            return false;
        }

        var saved = _file.Position;
        _file.Position = from;
        int b;
        while ((b = _file.ReadByte()) == 0)
        {
        }

        _file.Position = saved;
        return b < 0;
    }

    private void ReadExactly(byte[] buffer, string what)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = _file.Read(buffer, total, buffer.Length - total);
            if (read == 0)
            {
                throw new InvalidDataException($"Member {Members + 1} of the gzip file ends inside its {what}.");
            }

            total += read;
        }
    }

    private void Skip(int count)
    {
        if (_file.Position + count > _file.Length)
        {
            throw new InvalidDataException($"Member {Members + 1} of the gzip file ends inside its header.");
        }

        _file.Position += count;
    }

    private void SkipZeroTerminated()
    {
        int b;
        while ((b = _file.ReadByte()) > 0)
        {
        }

        if (b < 0)
        {
            throw new InvalidDataException($"Member {Members + 1} of the gzip file ends inside its header.");
        }
    }
}

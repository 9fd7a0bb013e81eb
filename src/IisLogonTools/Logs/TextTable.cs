using System.Runtime.CompilerServices;
using System.Text;

namespace IisLogonTools.Logs;

/// <summary>
/// Decoded field values by their bytes, so that a client address, URI or account that repeats is decoded once
/// and shared by every group that holds it. Holds at most <see cref="Capacity"/> values of at most
/// <see cref="MaxLength"/> bytes; others are decoded each time (a password spray's million accounts do not fill memory twice).
/// </summary>
internal sealed unsafe class TextTable
{
    /// <summary>How many values the table keeps.</summary>
    public const int Capacity = 4096;

    /// <summary>The longest value, in bytes, that the table keeps.</summary>
    public const int MaxLength = 256;

    // Twice the capacity, a power of two: open addressing stays short and always finds an empty slot.
    private readonly Entry[] _slots = new Entry[Capacity * 2];
    private int _count;

    /// <summary>The text of a field, or <see langword="null"/> for W3C's empty value <c>-</c>.</summary>
    /// <remarks>Reads 8 bytes at a time: at least 7 readable bytes must follow <paramref name="end"/> (the scanner's buffer has them).</remarks>
    [MethodImpl(HotPath.Options)]
    public string? Get(byte* b, int start, int end)
    {
        var length = end - start;
        if (length == 1 && b[start] == (byte)'-')
        {
            return null;
        }

        var p = b + start;
        if (length > MaxLength)
        {
            return Encoding.UTF8.GetString(p, length);
        }

        // FNV-1a over 8-byte words (the last one masked to the field), folded to 32 bits.
        var wide = 14695981039346656037UL;
        var w = 0;
        for (; w + 8 <= length; w += 8)
        {
            wide = (wide ^ *(ulong*)(p + w)) * 1099511628211UL;
        }

        if (w < length)
        {
            wide = (wide ^ (*(ulong*)(p + w) & ((1UL << ((length - w) * 8)) - 1))) * 1099511628211UL;
        }

        var hash = (uint)(wide ^ (wide >> 32));

        var mask = _slots.Length - 1;
        for (var slot = (int)hash & mask; ; slot = (slot + 1) & mask)
        {
            var bytes = _slots[slot].Bytes;
            if (bytes is null)
            {
                var text = Encoding.UTF8.GetString(p, length);
                if (_count < Capacity)
                {
                    var copy = new byte[length];
                    for (var i = 0; i < length; i++)
                    {
                        copy[i] = p[i];
                    }

                    _slots[slot] = new Entry(hash, copy, text);
                    _count++;
                }

                return text;
            }

            if (_slots[slot].Hash == hash && bytes.Length == length && SameBytes(bytes, p))
            {
                return _slots[slot].Text;
            }
        }
    }

    [MethodImpl(HotPath.Options)]
    private static bool SameBytes(byte[] bytes, byte* p)
    {
        fixed (byte* q = bytes)
        {
            var i = 0;
            for (; i + 8 <= bytes.Length; i += 8)
            {
                if (*(ulong*)(q + i) != *(ulong*)(p + i))
                {
                    return false;
                }
            }

            for (; i < bytes.Length; i++)
            {
                if (q[i] != p[i])
                {
                    return false;
                }
            }
        }

        return true;
    }

    private readonly struct Entry
    {
        public Entry(uint hash, byte[] bytes, string text)
        {
            Hash = hash;
            Bytes = bytes;
            Text = text;
        }

        public uint Hash { get; }

        public byte[]? Bytes { get; }

        public string? Text { get; }
    }
}

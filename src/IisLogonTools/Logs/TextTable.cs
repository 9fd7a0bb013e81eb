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

        // FNV-1a over the bytes.
        var hash = 2166136261u;
        for (var i = 0; i < length; i++)
        {
            hash = (hash ^ p[i]) * 16777619u;
        }

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
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != p[i])
            {
                return false;
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

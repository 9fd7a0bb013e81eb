using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace IisLogonTools.Security;

/// <summary>
/// A Windows security identifier kept in the module's own type: <c>SecurityIdentifier</c> throws
/// PlatformNotSupportedException outside Windows, and the decision logic must run anywhere.
/// Layout per MS-DTYP 2.4.2: revision, sub-authority count, 48-bit big-endian authority, little-endian sub-authorities.
/// </summary>
public sealed class Sid : IEquatable<Sid>
{
    /// <summary>The largest number of sub-authorities a SID can carry (SID_MAX_SUB_AUTHORITIES).</summary>
    public const int MaxSubAuthorities = 15;

    private const long MaxAuthority = (1L << 48) - 1;
    private readonly uint[] _subAuthorities;
    private readonly string _text;

    private Sid(long authority, uint[] subAuthorities)
    {
        Authority = authority;
        _subAuthorities = subAuthorities;
        _text = Format(authority, subAuthorities);
    }

    /// <summary>The identifier authority (48 bits).</summary>
    public long Authority { get; }

    /// <summary>The sub-authorities, the last of which is the relative identifier (RID) for account SIDs.</summary>
    public IReadOnlyList<uint> SubAuthorities => _subAuthorities;

    /// <summary>The length of the binary form in bytes: 8 + 4 per sub-authority.</summary>
    public int BinaryLength => 8 + (4 * _subAuthorities.Length);

    /// <summary>Builds a SID from its parts.</summary>
    public static Sid Create(long authority, params uint[] subAuthorities)
    {
        if (subAuthorities is null)
        {
            throw new ArgumentNullException(nameof(subAuthorities));
        }

        if (authority < 0 || authority > MaxAuthority)
        {
            throw new ArgumentOutOfRangeException(nameof(authority), "A SID authority is a 48-bit value.");
        }

        if (subAuthorities.Length is 0 or > MaxSubAuthorities)
        {
            throw new ArgumentException("A SID has 1 to 15 sub-authorities.", nameof(subAuthorities));
        }

        return new Sid(authority, (uint[])subAuthorities.Clone());
    }

    /// <summary>Parses the string form <c>S-1-&lt;authority&gt;-&lt;sub&gt;…</c>.</summary>
    public static Sid Parse(string text)
    {
        if (!TryParse(text, out var sid, out var problem))
        {
            throw new FormatException(problem);
        }

        return sid!;
    }

    /// <summary>Parses the string form, saying what is wrong when it fails.</summary>
    public static bool TryParse(string? text, out Sid? sid, out string problem)
    {
        sid = null;
        problem = string.Empty;
        if (string.IsNullOrEmpty(text))
        {
            problem = "The SID is empty.";
            return false;
        }

        var parts = text!.Split('-');
        if (parts.Length < 4 || !string.Equals(parts[0], "S", StringComparison.OrdinalIgnoreCase))
        {
            problem = $"'{text}' is not a SID: a SID looks like S-1-5-21-<domain>-<rid>, with an authority and at least one sub-authority.";
            return false;
        }

        if (parts[1] != "1")
        {
            problem = $"'{text}' has revision '{parts[1]}'; Windows SIDs have revision 1.";
            return false;
        }

        if (!TryParseAuthority(parts[2], out var authority))
        {
            problem = $"'{text}' has an invalid identifier authority '{parts[2]}' (a decimal number below 2^32, or 0x and 12 hex digits).";
            return false;
        }

        var count = parts.Length - 3;
        if (count > MaxSubAuthorities)
        {
            problem = $"'{text}' has {count} sub-authorities; a SID has at most {MaxSubAuthorities}.";
            return false;
        }

        var subs = new uint[count];
        for (var i = 0; i < count; i++)
        {
            var part = parts[i + 3];
            if (part.Length == 0 || !IsDigits(part) || !uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out subs[i]))
            {
                problem = part.Length == 0
                    ? $"'{text}' has an empty sub-authority."
                    : $"'{text}' has an invalid sub-authority '{part}' (each is a decimal number from 0 to 4294967295).";
                return false;
            }
        }

        sid = new Sid(authority, subs);
        return true;
    }

    /// <summary>Reads the binary form.</summary>
    public static Sid FromBinary(byte[] binary, int offset = 0)
    {
        if (binary is null)
        {
            throw new ArgumentNullException(nameof(binary));
        }

        if (binary.Length - offset < 8 || binary[offset] != 1)
        {
            throw new FormatException("The buffer does not hold a revision-1 SID.");
        }

        int count = binary[offset + 1];
        if (count is 0 or > MaxSubAuthorities || binary.Length - offset < 8 + (4 * count))
        {
            throw new FormatException("The SID's sub-authority count does not fit the buffer.");
        }

        long authority = 0;
        for (var i = 0; i < 6; i++)
        {
            authority = (authority << 8) | binary[offset + 2 + i];
        }

        var subs = new uint[count];
        for (var i = 0; i < count; i++)
        {
            var p = offset + 8 + (4 * i);
            subs[i] = (uint)(binary[p] | (binary[p + 1] << 8) | (binary[p + 2] << 16) | (binary[p + 3] << 24));
        }

        return new Sid(authority, subs);
    }

    /// <summary>The binary form, as Windows APIs take it.</summary>
    public byte[] ToBinary()
    {
        var buffer = new byte[BinaryLength];
        buffer[0] = 1;
        buffer[1] = (byte)_subAuthorities.Length;
        for (var i = 0; i < 6; i++)
        {
            buffer[2 + i] = (byte)(Authority >> (8 * (5 - i)));
        }

        for (var i = 0; i < _subAuthorities.Length; i++)
        {
            var v = _subAuthorities[i];
            var p = 8 + (4 * i);
            buffer[p] = (byte)v;
            buffer[p + 1] = (byte)(v >> 8);
            buffer[p + 2] = (byte)(v >> 16);
            buffer[p + 3] = (byte)(v >> 24);
        }

        return buffer;
    }

    /// <summary>The SID without its last sub-authority: for an account SID, the SID of its domain.</summary>
    public Sid? DomainPrefix()
    {
        if (_subAuthorities.Length < 2)
        {
            return null;
        }

        var subs = new uint[_subAuthorities.Length - 1];
        Array.Copy(_subAuthorities, subs, subs.Length);
        return new Sid(Authority, subs);
    }

    /// <summary>Whether this SID lies under the given domain SID (same authority, the domain's sub-authorities plus one RID).</summary>
    public bool IsInDomain(Sid domain)
    {
        if (domain is null || domain.Authority != Authority || domain._subAuthorities.Length + 1 != _subAuthorities.Length)
        {
            return false;
        }

        for (var i = 0; i < domain._subAuthorities.Length; i++)
        {
            if (domain._subAuthorities[i] != _subAuthorities[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => _text;

    /// <inheritdoc/>
    public bool Equals(Sid? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Sid);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    private static bool IsDigits(string s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseAuthority(string text, out long authority)
    {
        authority = 0;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return text.Length == 14
                && long.TryParse(text.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out authority)
                && authority <= MaxAuthority;
        }

        return text.Length > 0 && IsDigits(text)
            && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            && (authority = value) >= 0;
    }

    private static string Format(long authority, uint[] subs)
    {
        var sb = new StringBuilder("S-1-");
        if (authority > uint.MaxValue)
        {
            sb.Append("0x").Append(authority.ToString("X12", CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append(authority.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var s in subs)
        {
            sb.Append('-').Append(s.ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}

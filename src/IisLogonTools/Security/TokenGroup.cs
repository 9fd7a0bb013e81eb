namespace IisLogonTools.Security;

/// <summary>A group SID from a token or AuthZ context, with its SE_GROUP_* attributes.</summary>
public sealed class TokenGroup
{
    private const uint SeGroupUseForDenyOnly = 0x10;

    /// <summary>Creates a token group entry.</summary>
    public TokenGroup(Sid sid, uint attributes)
    {
        Sid = sid;
        Attributes = attributes;
    }

    /// <summary>The group SID.</summary>
    public Sid Sid { get; }

    /// <summary>SE_GROUP_* bits.</summary>
    public uint Attributes { get; }

    /// <summary>A deny-only group counts for deny assignments but never grants.</summary>
    public bool DenyOnly => (Attributes & SeGroupUseForDenyOnly) != 0;
}

namespace IisLogonTools.Security;

/// <summary>SID_NAME_USE: what kind of account a SID or name is.</summary>
public enum SidNameUse
{
    /// <summary>Not resolved.</summary>
    None = 0,

    /// <summary>A user account.</summary>
    User = 1,

    /// <summary>A domain group.</summary>
    Group = 2,

    /// <summary>A domain.</summary>
    Domain = 3,

    /// <summary>A local group (alias), such as BUILTIN\Users.</summary>
    Alias = 4,

    /// <summary>A well-known group, such as Everyone.</summary>
    WellKnownGroup = 5,

    /// <summary>A deleted account.</summary>
    DeletedAccount = 6,

    /// <summary>An invalid SID.</summary>
    Invalid = 7,

    /// <summary>A SID that could not be resolved.</summary>
    Unknown = 8,

    /// <summary>A computer account.</summary>
    Computer = 9,

    /// <summary>A mandatory integrity label.</summary>
    Label = 10,

    /// <summary>A logon session.</summary>
    LogonSession = 11,
}

/// <summary>The result of translating one name or SID on a computer.</summary>
public sealed class AccountLookup
{
    /// <summary>Creates a lookup result.</summary>
    public AccountLookup(Sid? sid, string? domain, string? name, SidNameUse use)
    {
        Sid = sid;
        Domain = string.IsNullOrEmpty(domain) ? null : domain;
        Name = string.IsNullOrEmpty(name) ? null : name;
        Use = use;
    }

    /// <summary>The SID, when known.</summary>
    public Sid? Sid { get; }

    /// <summary>The domain or computer name part.</summary>
    public string? Domain { get; }

    /// <summary>The account name part.</summary>
    public string? Name { get; }

    /// <summary>The kind of account.</summary>
    public SidNameUse Use { get; }

    /// <summary>Whether LSA translated it to an account.</summary>
    public bool Resolved => Use is not (SidNameUse.None or SidNameUse.Unknown or SidNameUse.Invalid) && Sid is not null;

    /// <summary>Whether it is a group of any kind (domain group, alias, well-known group).</summary>
    public bool IsGroup => Use is SidNameUse.Group or SidNameUse.Alias or SidNameUse.WellKnownGroup;

    /// <summary>DOMAIN\name, the bare name for well-known SIDs without a domain, or the SID string when unresolved.</summary>
    public string DisplayName => !Resolved || Name is null
        ? Sid?.ToString() ?? string.Empty
        : Domain is null ? Name : Domain + "\\" + Name;
}

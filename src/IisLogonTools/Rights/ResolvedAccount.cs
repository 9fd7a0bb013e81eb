using IisLogonTools.Security;

namespace IisLogonTools.Rights;

/// <summary>An identity translated on a computer.</summary>
internal sealed class ResolvedAccount
{
    internal ResolvedAccount(Sid sid, AccountLookup lookup)
    {
        Sid = sid;
        Lookup = lookup;
    }

    internal Sid Sid { get; }

    internal AccountLookup Lookup { get; }

    internal string DisplayName => Lookup.Resolved ? Lookup.DisplayName : Sid.ToString();

    internal string Describe() => Lookup.Resolved ? $"{DisplayName} ({Sid})" : Sid.ToString();
}

using System;

namespace IisLogonTools.Rights;

/// <summary>A bare account name that exists both on the computer and in its domain.</summary>
public sealed class AmbiguousAccountException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AmbiguousAccountException(string name, string localAccount, string domainAccount)
        : base($"'{name}' names both the local account {localAccount} and the domain account {domainAccount}. Say which one: COMPUTER\\{name} or .\\{name} for the local account, DOMAIN\\{name} for the domain account.")
    {
        Name = name;
    }

    /// <summary>The bare name given.</summary>
    public string Name { get; }
}

using System;
using System.ComponentModel;
using System.Globalization;
using System.Management.Automation;

namespace IisLogonTools.Security;

/// <summary>What shape of account reference the caller gave.</summary>
public enum AccountIdentityForm
{
    /// <summary>A SID string such as S-1-5-32-545.</summary>
    Sid,

    /// <summary>DOMAIN\name, COMPUTER\name, BUILTIN\name or NT AUTHORITY\name.</summary>
    DomainQualified,

    /// <summary>.\name: an account of the target computer itself.</summary>
    LocalComputer,

    /// <summary>name@dns.domain.</summary>
    UserPrincipalName,

    /// <summary>A bare name, resolved in Windows' isolated-name order (well-known, builtin, local, domain).</summary>
    Isolated,
}

/// <summary>
/// An account reference as the caller typed or piped it: any string (validated later, so a bad item is a
/// per-item error rather than a binding failure), a SecurityIdentifier or NTAccount (by their string value),
/// or an object whose SID property binds by name.
/// </summary>
[TypeConverter(typeof(AccountIdentityConverter))]
public sealed class AccountIdentity
{
    /// <summary>Longest account name accepted (SAM group names are up to 256 characters).</summary>
    public const int MaxNameLength = 256;

    /// <summary>Longest domain part accepted (a DNS name is at most 255 characters).</summary>
    public const int MaxDomainLength = 255;

    // Characters Windows does not allow in account names ("Naming conventions in Active Directory").
    private static readonly char[] InvalidNameCharacters = { '"', '/', '\\', '[', ']', ':', ';', '|', '=', ',', '+', '*', '?', '<', '>' };

    /// <summary>Wraps a raw input; nothing is validated until <see cref="Parse"/>.</summary>
    public AccountIdentity(string input)
    {
        Input = input ?? string.Empty;
    }

    /// <summary>The text as given.</summary>
    public string Input { get; }

    /// <inheritdoc/>
    public override string ToString() => Input;

    /// <summary>Validates and splits the input. Throws <see cref="AccountIdentityException"/> with a stable error id.</summary>
    public ParsedAccountIdentity Parse()
    {
        var text = Input.Trim();
        if (text.Length == 0)
        {
            throw new AccountIdentityException(Input, "IdentityEmpty", "The identity is empty or white space. Give a name such as 'CONTOSO\\alice', '.\\bob', 'alice@contoso.com' or a SID such as 'S-1-5-21-…-1105'.");
        }

        if (text.Length > MaxNameLength + MaxDomainLength + 1)
        {
            throw new AccountIdentityException(Input, "IdentityTooLong", string.Format(CultureInfo.InvariantCulture, "The identity '{0}…' is {1} characters long; an account reference (DOMAIN\\name or name@dns.domain) is at most {2}.", text.Substring(0, 40), text.Length, MaxNameLength + MaxDomainLength + 1));
        }

        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                throw new AccountIdentityException(Input, "IdentityInvalidCharacter", string.Format(CultureInfo.InvariantCulture, "The identity contains the control character U+{0:X4}. Account names cannot contain control or NUL characters.", (int)c));
            }
        }

        if (text.IndexOfAny(new[] { '*', '?' }) >= 0)
        {
            throw new AccountIdentityException(Input, "IdentityWildcardNotSupported", $"The identity '{text}' contains a wildcard character. Logon rights are assigned to exact accounts: give one account name or SID per item (use Get-LogonRight without -Identity to list every holder).");
        }

        if (text.StartsWith("S-", StringComparison.OrdinalIgnoreCase) && text.Length > 2 && char.IsDigit(text[2]))
        {
            if (!Sid.TryParse(text, out var sid, out var problem))
            {
                throw new AccountIdentityException(Input, "IdentityInvalidSid", problem);
            }

            return new ParsedAccountIdentity(AccountIdentityForm.Sid, null, null, sid);
        }

        var slash = text.IndexOf('\\');
        if (slash >= 0)
        {
            if (text.IndexOf('\\', slash + 1) >= 0)
            {
                throw new AccountIdentityException(Input, "IdentityInvalidFormat", $"The identity '{text}' has more than one backslash. Use DOMAIN\\name, COMPUTER\\name or .\\name.");
            }

            var domain = text.Substring(0, slash).Trim();
            var name = text.Substring(slash + 1).Trim();
            if (domain.Length == 0)
            {
                throw new AccountIdentityException(Input, "IdentityInvalidFormat", $"The identity '{text}' has nothing before the backslash. Use DOMAIN\\name, or .\\name for an account of the target computer.");
            }

            if (name.Length == 0)
            {
                throw new AccountIdentityException(Input, "IdentityInvalidFormat", $"The identity '{text}' has no account name after the backslash.");
            }

            CheckName(text, name);
            if (domain == ".")
            {
                return new ParsedAccountIdentity(AccountIdentityForm.LocalComputer, name, null, null);
            }

            CheckDomain(text, domain);
            return new ParsedAccountIdentity(AccountIdentityForm.DomainQualified, name, domain, null);
        }

        var at = text.IndexOf('@');
        if (at >= 0)
        {
            var name = text.Substring(0, at);
            var domain = text.Substring(at + 1);
            if (name.Length == 0 || domain.Length == 0 || domain.IndexOf('@') >= 0)
            {
                throw new AccountIdentityException(Input, "IdentityInvalidFormat", $"The identity '{text}' is not a valid user principal name. Use name@dns.domain, for example alice@contoso.com.");
            }

            CheckName(text, name);
            CheckDomain(text, domain);
            return new ParsedAccountIdentity(AccountIdentityForm.UserPrincipalName, name, domain, null);
        }

        CheckName(text, text);
        return new ParsedAccountIdentity(AccountIdentityForm.Isolated, text, null, null);
    }

    private void CheckName(string text, string name)
    {
        if (name.Length > MaxNameLength)
        {
            throw new AccountIdentityException(Input, "IdentityTooLong", string.Format(CultureInfo.InvariantCulture, "The account name in '{0}…' is {1} characters long; Windows account names are at most {2}.", text.Substring(0, Math.Min(text.Length, 40)), name.Length, MaxNameLength));
        }

        var bad = name.IndexOfAny(InvalidNameCharacters);
        if (bad >= 0)
        {
            throw new AccountIdentityException(Input, "IdentityInvalidCharacter", $"The account name '{name}' contains '{name[bad]}', which Windows does not allow in account names.");
        }
    }

    private void CheckDomain(string text, string domain)
    {
        if (domain.Length > MaxDomainLength)
        {
            throw new AccountIdentityException(Input, "IdentityTooLong", string.Format(CultureInfo.InvariantCulture, "The domain in '{0}…' is {1} characters long; a domain name is at most {2}.", text.Substring(0, Math.Min(text.Length, 40)), domain.Length, MaxDomainLength));
        }

        var bad = domain.IndexOfAny(new[] { '"', '/', '[', ']', ':', ';', '|', '=', ',', '+', '<', '>', '@' });
        if (bad >= 0)
        {
            throw new AccountIdentityException(Input, "IdentityInvalidCharacter", $"The domain '{domain}' contains '{domain[bad]}', which a domain or computer name cannot contain.");
        }
    }
}

/// <summary>A validated account reference.</summary>
public sealed class ParsedAccountIdentity
{
    internal ParsedAccountIdentity(AccountIdentityForm form, string? name, string? domain, Sid? sid)
    {
        Form = form;
        Name = name;
        Domain = domain;
        Sid = sid;
    }

    /// <summary>The shape of the reference.</summary>
    public AccountIdentityForm Form { get; }

    /// <summary>The account name part (null for a SID).</summary>
    public string? Name { get; }

    /// <summary>The domain or computer part (DNS domain for a UPN; null for isolated names, .\name and SIDs).</summary>
    public string? Domain { get; }

    /// <summary>The SID when the input was a SID string.</summary>
    public Sid? Sid { get; }

    /// <summary>The name to hand to LsaLookupNames2, given the account domain (computer) name of the target.</summary>
    public string LookupName(string targetComputerAccountDomain) => Form switch
    {
        AccountIdentityForm.DomainQualified => Domain + "\\" + Name,
        AccountIdentityForm.LocalComputer => targetComputerAccountDomain + "\\" + Name,
        AccountIdentityForm.UserPrincipalName => Name + "@" + Domain,
        AccountIdentityForm.Isolated => Name!,
        _ => throw new InvalidOperationException("A SID is not looked up by name."),
    };
}

/// <summary>An identity the caller gave that cannot be used, with the error id the cmdlets report.</summary>
public sealed class AccountIdentityException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public AccountIdentityException(string input, string errorId, string message)
        : base(message)
    {
        Input = input;
        ErrorId = errorId;
    }

    /// <summary>The input as given.</summary>
    public string Input { get; }

    /// <summary>A stable, PascalCase error id.</summary>
    public string ErrorId { get; }
}

/// <summary>
/// Converts pipeline and argument values to <see cref="AccountIdentity"/>. Strings always convert (bad ones are
/// reported per item by the cmdlet). SecurityIdentifier and NTAccount convert through their string value; they are
/// matched by type name because netstandard2.0 does not reference them. Other objects do not convert, so that
/// PowerShell binds their SID property by name instead of their ToString().
/// </summary>
public sealed class AccountIdentityConverter : PSTypeConverter
{
    /// <inheritdoc/>
    public override bool CanConvertFrom(object sourceValue, Type destinationType) =>
        destinationType == typeof(AccountIdentity) && IsConvertible(Unwrap(sourceValue));

    /// <inheritdoc/>
    public override object ConvertFrom(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase)
    {
        var value = Unwrap(sourceValue);
        if (!IsConvertible(value))
        {
            throw new PSInvalidCastException($"Cannot use a {value?.GetType().FullName ?? "null"} as an account identity: give a name, a SID string, or an object with a SID property.");
        }

        return new AccountIdentity(value!.ToString() ?? string.Empty);
    }

    /// <inheritdoc/>
    public override bool CanConvertTo(object sourceValue, Type destinationType) => destinationType == typeof(string);

    /// <inheritdoc/>
    public override object ConvertTo(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
        Unwrap(sourceValue)?.ToString() ?? string.Empty;

    private static object? Unwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;

    private static bool IsConvertible(object? value) =>
        value is string
        || value?.GetType().FullName is "System.Security.Principal.SecurityIdentifier" or "System.Security.Principal.NTAccount";
}

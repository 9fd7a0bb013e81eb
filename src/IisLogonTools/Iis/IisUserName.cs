using System;

namespace IisLogonTools.Iis;

/// <summary>
/// Splits a Basic-authentication user name into the user and domain that IIS hands to LogonUser.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>DOMAIN\user</c>: split at the backslash; the typed domain wins over <c>defaultLogonDomain</c>.</item>
/// <item><c>user@dns.domain</c> (UPN): passed whole with a null domain, as LogonUser requires for UPNs.</item>
/// <item>A bare name: <c>defaultLogonDomain</c> is used as the domain ("users who do not provide a domain
/// are authenticated against this domain", IIS basicAuthentication documentation; the MSDN "spike" blog of
/// 2013-10-03 shows a local account failing once it is set to a domain).</item>
/// <item>A bare name with <c>defaultLogonDomain</c> unset: <see cref="Split(string, string?)"/> returns a
/// <see langword="null"/> domain; <see cref="Split(string, string?, Func{string?})"/> fills in the server's
/// default domain. The IIS 7+ pages (basicAuthentication reference, BasicAuthenticationSection class) say only
/// that defaultLogonDomain is "the default domain that the server uses to authenticate users when the client
/// does not specify a domain"; they do not say what an empty value means. The IIS 5/6 metabase DefaultLogonDomain
/// pages (technet cc739712, IIS 5 reference arproprf_3hym) do: an unset value means the domain the computer
/// controls on a domain controller and the computer name otherwise. That is exactly the name of the computer's
/// LSA account domain (PolicyAccountDomainInformation), which the caller supplies. That IIS 7+ kept the IIS 6
/// rule is UNVERIFIED (RealWindows.Tests.ps1 checks what can be checked on a workgroup runner).</item>
/// </list>
/// Limits, from the Net API USER_INFO_0 remarks: a down-level (SAM) user name has at most 20 characters,
/// no characters 1–31, none of <c>" / \ [ ] : | &lt; &gt; + = ; ? * ,</c>, and does not end with a period.
/// A UPN may be longer; every name is limited to 256 characters and a domain to 255 (the DNS name limit).
/// </remarks>
public static class IisUserName
{
    /// <summary>The longest name accepted, UPNs included.</summary>
    public const int MaxNameLength = 256;

    /// <summary>The longest SAM (pre-Windows 2000) user name.</summary>
    public const int MaxSamUserNameLength = 20;

    /// <summary>The longest domain part (a DNS name; NetBIOS names have at most 15 characters).</summary>
    public const int MaxDomainLength = 255;

    private const string SamForbiddenCharacters = "\"/\\[]:|<>+=;?*,";

    /// <summary>
    /// Splits <paramref name="userName"/> as IIS does before calling LogonUser.
    /// </summary>
    /// <param name="userName">The name as typed in the Basic-authentication prompt.</param>
    /// <param name="defaultLogonDomain">basicAuthentication <c>defaultLogonDomain</c>; <see langword="null"/> or blank when unset.</param>
    /// <returns>The user part and the domain; the domain is <see langword="null"/> for a UPN, and for a bare name when no default domain is set.</returns>
    /// <exception cref="InvalidIisUserNameException">The name is empty or malformed.</exception>
    public static (string UserName, string? Domain) Split(string userName, string? defaultLogonDomain)
    {
        if (userName is null)
        {
            throw new InvalidIisUserNameException(string.Empty, "The user name is missing.");
        }

        if (userName.Length == 0 || userName.Trim().Length == 0)
        {
            throw new InvalidIisUserNameException(userName, "The user name is empty.");
        }

        if (userName.Length > MaxNameLength)
        {
            throw new InvalidIisUserNameException(userName, $"The user name has {userName.Length} characters; at most {MaxNameLength} are accepted.");
        }

        foreach (var c in userName)
        {
            if (char.IsControl(c))
            {
                throw new InvalidIisUserNameException(userName, $"The user name contains the control character U+{(int)c:X4}; remove it (often a stray tab or line break from copy and paste).");
            }
        }

        if (userName.Trim().Length != userName.Length)
        {
            throw new InvalidIisUserNameException(userName, "The user name starts or ends with white space; remove it.");
        }

        var backslash = userName.IndexOf('\\');
        if (backslash >= 0)
        {
            if (userName.IndexOf('\\', backslash + 1) >= 0)
            {
                throw new InvalidIisUserNameException(userName, "The user name contains more than one backslash; use DOMAIN\\user.");
            }

            var domain = userName.Substring(0, backslash);
            var user = userName.Substring(backslash + 1);
            if (domain.Length == 0)
            {
                throw new InvalidIisUserNameException(userName, "The domain before the backslash is empty; use DOMAIN\\user, or just user.");
            }

            if (user.Length == 0)
            {
                throw new InvalidIisUserNameException(userName, "The user name after the backslash is empty; use DOMAIN\\user.");
            }

            if (user.IndexOf('@') >= 0)
            {
                // LogonUser takes a UPN only with a NULL domain, so DOMAIN\user@dns.domain cannot be passed on.
                throw new InvalidIisUserNameException(userName, "A user principal name (user@dns.domain) cannot be combined with a domain; use either DOMAIN\\user or user@dns.domain.");
            }

            CheckDomain(userName, domain);
            CheckSamUserName(userName, user);
            return (user, domain);
        }

        var at = userName.IndexOf('@');
        if (at >= 0)
        {
            if (at == 0)
            {
                throw new InvalidIisUserNameException(userName, "The user principal name has nothing before the '@'; use user@dns.domain.");
            }

            if (userName.LastIndexOf('@') == userName.Length - 1)
            {
                throw new InvalidIisUserNameException(userName, "The user principal name has nothing after the '@'; use user@dns.domain.");
            }

            return (userName, null);
        }

        CheckSamUserName(userName, userName);
        var fallback = defaultLogonDomain is null || defaultLogonDomain.Trim().Length == 0 ? null : defaultLogonDomain.Trim();
        return (userName, fallback);
    }

    /// <summary>
    /// Splits <paramref name="userName"/> as IIS does, and gives a bare name the server's default domain when
    /// <c>defaultLogonDomain</c> is empty (see the remarks of <see cref="IisUserName"/>).
    /// </summary>
    /// <param name="userName">The name as typed in the Basic-authentication prompt.</param>
    /// <param name="defaultLogonDomain">basicAuthentication <c>defaultLogonDomain</c>; <see langword="null"/> or blank when unset.</param>
    /// <param name="serverDefaultDomain">
    /// The server's own default: the name of its LSA account domain (the computer name on a member server or
    /// workgroup computer, the domain on a domain controller); called only for a bare name, and may return
    /// <see langword="null"/> when it cannot be found.
    /// </param>
    /// <returns>The user part and the domain; the domain is <see langword="null"/> for a UPN.</returns>
    /// <exception cref="InvalidIisUserNameException">The name is empty or malformed.</exception>
    public static (string UserName, string? Domain) Split(string userName, string? defaultLogonDomain, Func<string?> serverDefaultDomain)
    {
        if (serverDefaultDomain is null)
        {
            throw new ArgumentNullException(nameof(serverDefaultDomain));
        }

        var (user, domain) = Split(userName, defaultLogonDomain);
        if (domain is null && IsBareName(userName))
        {
            var server = serverDefaultDomain();
            domain = string.IsNullOrWhiteSpace(server) ? null : server!.Trim();
        }

        return (user, domain);
    }

    /// <summary>Whether the name has neither a domain (<c>DOMAIN\user</c>) nor a UPN suffix (<c>user@dns.domain</c>).</summary>
    public static bool IsBareName(string userName) =>
        userName is not null && userName.IndexOf('\\') < 0 && userName.IndexOf('@') < 0;

    private static void CheckSamUserName(string whole, string user)
    {
        if (user.Length > MaxSamUserNameLength)
        {
            throw new InvalidIisUserNameException(whole, $"The user name '{user}' has {user.Length} characters; Windows account names have at most {MaxSamUserNameLength}. If this is a sign-in name, type it as user@dns.domain.");
        }

        var bad = user.IndexOfAny(SamForbiddenCharacters.ToCharArray());
        if (bad >= 0)
        {
            throw new InvalidIisUserNameException(whole, $"The user name '{user}' contains '{user[bad]}', which Windows account names cannot contain.");
        }

        if (user.EndsWith(".", StringComparison.Ordinal))
        {
            throw new InvalidIisUserNameException(whole, $"The user name '{user}' ends with a period, which Windows account names cannot.");
        }
    }

    private static void CheckDomain(string whole, string domain)
    {
        if (domain.Length > MaxDomainLength)
        {
            throw new InvalidIisUserNameException(whole, $"The domain has {domain.Length} characters; at most {MaxDomainLength} are accepted.");
        }

        if (domain.Trim().Length != domain.Length)
        {
            throw new InvalidIisUserNameException(whole, "The domain starts or ends with white space; remove it.");
        }

        if (domain.IndexOf('@') >= 0)
        {
            throw new InvalidIisUserNameException(whole, "The domain part contains '@'; use either DOMAIN\\user or user@dns.domain, not both.");
        }
    }
}

/// <summary>A user name that cannot be passed to LogonUser as typed.</summary>
public class InvalidIisUserNameException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public InvalidIisUserNameException()
        : base("The user name is not valid.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidIisUserNameException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public InvalidIisUserNameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a rejected name with the reason.</summary>
    public InvalidIisUserNameException(string userName, string reason)
        : base(reason, "userName")
    {
        UserName = userName;
    }

    /// <summary>The name that was rejected, as given (it may contain control characters).</summary>
    public string? UserName { get; }
}

namespace IisLogonTools.Diagnostics;

/// <summary>Why a LogonUser call (and so an IIS Basic or anonymous logon) failed, in admin terms.</summary>
public enum LogonFailureReason
{
    /// <summary>The logon succeeded.</summary>
    None = 0,

    /// <summary>Unknown user name or wrong password (1326); Windows does not say which.</summary>
    BadCredentials,

    /// <summary>The credentials are good but the logon right for this logon type is missing or denied (1385, 1380): KB Q247593.</summary>
    LogonTypeNotGranted,

    /// <summary>The account is disabled (1331).</summary>
    AccountDisabled,

    /// <summary>The account is locked out after too many bad passwords (1909).</summary>
    AccountLockedOut,

    /// <summary>The account has expired (1793).</summary>
    AccountExpired,

    /// <summary>The password has expired (1330).</summary>
    PasswordExpired,

    /// <summary>"User must change password at next logon" is set (1907).</summary>
    PasswordMustChange,

    /// <summary>Outside the account's allowed logon hours (1328).</summary>
    InvalidLogonHours,

    /// <summary>The account may not sign in to this computer ("Log On To" list) (1329).</summary>
    InvalidWorkstation,

    /// <summary>An account restriction such as a blank password (1327).</summary>
    AccountRestriction,

    /// <summary>No domain controller could be reached (1311).</summary>
    NoLogonServers,

    /// <summary>A domain trust or this computer's secure channel is broken (1787, 1788, 1789).</summary>
    TrustFailure,

    /// <summary>A computer account was used instead of a user account (1808).</summary>
    ComputerAccountUsed,

    /// <summary>The clocks of this computer and the domain controller differ too much (1398).</summary>
    TimeSkew,

    /// <summary>A selective-authentication trust does not allow the account to authenticate to this computer (1935).</summary>
    AuthenticationFirewall,

    /// <summary>The calling process lacks a privilege LogonUser needs (1314).</summary>
    PrivilegeNotHeld,

    /// <summary>Windows rejected the logon type or provider (87).</summary>
    InvalidParameter,

    /// <summary>The calling process was denied access (5).</summary>
    AccessDenied,

    /// <summary>A code this module has no specific advice for.</summary>
    Unknown,

    /// <summary>
    /// Not a failure: the first leg of an Integrated (NTLM or Negotiate) handshake, logged as 401.1 with
    /// SEC_E_NO_CREDENTIALS (0x8009030E, 2148074254), or an anonymous request answered with a challenge.
    /// </summary>
    AuthenticationChallenge,

    /// <summary>Windows refused Integrated (NTLM or Negotiate) credentials: SEC_E_LOGON_DENIED (0x8009030C, 2148074252).</summary>
    IntegratedLogonDenied,

    /// <summary>
    /// Integrated authentication to this server from the server itself is refused by the loopback check
    /// (KB 896861): the request used a host name that is not the computer's own name.
    /// </summary>
    LoopbackCheck,

    /// <summary>
    /// Not a failure found: Test-IisLogon -Identity read the account and the logon right without a password and
    /// found nothing that blocks the logon, so only the password itself remains unchecked.
    /// </summary>
    PasswordNotChecked,
}

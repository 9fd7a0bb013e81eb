using System;
using IisLogonTools.Iis;
using IisLogonTools.Security;

namespace IisLogonTools.Diagnostics;

/// <summary>
/// Turns the Win32 error of a LogonUser call into a <see cref="LogonDiagnosis"/>: the cause of the IIS
/// "HTTP 401.1 Unauthorized: Logon failed" (KB Q247593) and the command that fixes it.
/// </summary>
/// <remarks>
/// Texts name this module's cmdlets (Grant-LogonLocallyRight, Grant-LogonRight, Get-LogonRight) and the
/// Windows tools that exist for the rest (Microsoft.PowerShell.LocalAccounts, the ActiveDirectory module,
/// net.exe, nltest.exe, w32tm.exe). Local-account commands take the user part of the name; which kind of
/// account it is cannot be told from the name alone, so both forms are given where they differ.
/// </remarks>
public static class LogonDiagnostics
{
    /// <summary>The HTTP status and substatus IIS returns when its logon fails.</summary>
    public const string LogonFailedHttpStatus = "401.1";

    private const string LockoutWarning =
        "Every failed attempt counts toward the account lockout threshold, so test once with known-good credentials instead of retrying.";

    /// <summary>Explains a LogonUser result.</summary>
    /// <param name="win32Error">The error LogonUser reported (<c>GetLastError</c>), or the <c>sc-win32-status</c> of an IIS log line; 0 for success.</param>
    /// <param name="accountName">The account as it was tried, such as <c>CONTOSO\alice</c>, <c>WEB01\svc</c> or <c>alice@contoso.com</c>.</param>
    /// <param name="logonType">The logon type that was tried (for IIS Basic authentication, see <see cref="IisAuthenticationSettings.LogonType"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="accountName"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="accountName"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="logonType"/> is not a defined value.</exception>
    public static LogonDiagnosis Diagnose(int win32Error, string accountName, LogonType logonType) =>
        Diagnose(win32Error, accountName, logonType, requestFromServerItself: false);

    /// <summary>SEC_E_LOGON_DENIED: Windows refused Integrated (NTLM or Negotiate) credentials.</summary>
    public const int SecELogonDenied = unchecked((int)0x8009030C);

    /// <summary>SEC_E_NO_CREDENTIALS: the first, credential-less leg of an Integrated handshake; not a failure.</summary>
    public const int SecENoCredentials = unchecked((int)0x8009030E);

    /// <summary>
    /// Explains a logon result seen in an IIS log, where it is known whether the request came from the
    /// server's own address: an Integrated logon refused for such a request points at the loopback check (KB 896861).
    /// </summary>
    /// <param name="win32Error">The <c>sc-win32-status</c> (a Win32 error, or an SSPI status such as 0x8009030C as a signed number).</param>
    /// <param name="accountName">The account as it was tried.</param>
    /// <param name="logonType">The logon type that applies to Basic authentication.</param>
    /// <param name="requestFromServerItself">Whether the failing requests came from the server's own addresses.</param>
    public static LogonDiagnosis Diagnose(int win32Error, string accountName, LogonType logonType, bool requestFromServerItself)
    {
        if (accountName is null)
        {
            throw new ArgumentNullException(nameof(accountName));
        }

        if (accountName.Trim().Length == 0)
        {
            throw new ArgumentException("The account name is empty; pass the name that was tried, such as CONTOSO\\alice.", nameof(accountName));
        }

        if (!Enum.IsDefined(typeof(LogonType), logonType))
        {
            throw new ArgumentOutOfRangeException(nameof(logonType), logonType, "Not a logon type this module supports.");
        }

        var account = new AccountText(accountName);
        var (reason, explanation, remediation) = win32Error == SecELogonDenied && requestFromServerItself
            ? LoopbackCheck(account)
            : Explain(win32Error, account, logonType);
        return new LogonDiagnosis(
            win32Error,
            Win32ErrorText.Name(win32Error),
            reason,
            win32Error == 0 || reason == LogonFailureReason.AuthenticationChallenge ? null : LogonFailedHttpStatus,
            accountName,
            logonType,
            explanation,
            remediation);
    }

    /// <summary>
    /// Explains a LogonUser result for an IIS logon, using the resolved IIS settings: the logon type comes
    /// from <see cref="IisAuthenticationSettings.LogonMethod"/>, and the texts name the configured
    /// <c>defaultLogonDomain</c> and where <c>logonMethod</c> was set.
    /// </summary>
    /// <param name="win32Error">The error LogonUser reported, or the <c>sc-win32-status</c> of an IIS log line.</param>
    /// <param name="accountName">The account as it was tried.</param>
    /// <param name="settings">The effective settings from <see cref="ApplicationHostConfig.ResolveBasicAuthentication"/>.</param>
    public static LogonDiagnosis Diagnose(int win32Error, string accountName, IisAuthenticationSettings settings)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        var basic = Diagnose(win32Error, accountName, settings.LogonType);
        var remediation = basic.Remediation;
        if (basic.Reason == LogonFailureReason.BadCredentials && settings.DefaultLogonDomain is not null)
        {
            remediation += $" Here defaultLogonDomain is '{settings.DefaultLogonDomain}' ({settings.ConfigurationFile}), so a bare user name is tried as {settings.DefaultLogonDomain}\\<user>.";
        }
        else if (basic.Reason == LogonFailureReason.LogonTypeNotGranted)
        {
            remediation += " " + LogonMethodNote(settings);
        }

        return new LogonDiagnosis(
            basic.Win32Error,
            basic.ErrorName,
            basic.Reason,
            basic.HttpStatus,
            basic.AccountName,
            basic.LogonType,
            basic.Explanation,
            remediation);
    }

    /// <summary>Where the Basic logon type was configured, for remediation texts.</summary>
    internal static string LogonMethodNote(IisAuthenticationSettings settings) =>
        $"The logon type comes from {settings.SectionName} logonMethod={settings.LogonMethod} ({settings.Source}, {settings.ConfigurationFile}).";

    /// <summary>The first step of a remediation, short enough for a table column.</summary>
    internal static string ShortFix(LogonDiagnosis diagnosis)
    {
        var text = diagnosis.Remediation;
        if (diagnosis.Reason == LogonFailureReason.LogonTypeNotGranted)
        {
            var rightType = LogonRights.ForLogonType(diagnosis.LogonType);
            var quoted = PowerShellLiteral.SingleQuoted(diagnosis.AccountName.Trim());
            return $"Get-LogonRight -Identity {quoted} -LogonType {rightType}";
        }

        // The first sentence, which names the action.
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? text.Substring(0, end + 1) : text;
    }

    private static (LogonFailureReason Reason, string Explanation, string Remediation) Explain(int code, AccountText a, LogonType type)
    {
        var typeText = $"logon of type {type} ({LogonTypeName.ToLogon32Name(type)})";
        switch (code)
        {
            case 0:
                return (LogonFailureReason.None,
                    $"Windows accepted {a.Shown} for a {typeText}.",
                    "Nothing to fix for the logon. If IIS still answers 401, read sc-substatus in the IIS log: 401.2 means the browser and server share no enabled authentication scheme, 401.3 means NTFS permissions on the content deny the account.");

            case 1326:
                return (LogonFailureReason.BadCredentials,
                    $"Windows rejected the user name or the password of {a.Shown}. The error does not say which: the account may not exist in the domain that was tried, or the password is wrong.",
                    "Check the user name, the password and the domain. When users type a bare user name, IIS puts basicAuthentication defaultLogonDomain in front of it, and a local account fails if that names a domain; type the name as DOMAIN\\user or COMPUTER\\user to be explicit. "
                    + LockoutWarning);

            case 1385:
            case 1380:
                return LogonTypeNotGranted(code, a, type, typeText);

            case 1331:
                return (LogonFailureReason.AccountDisabled,
                    $"The password was checked, but {a.Shown} is disabled.",
                    $"Enable the account. Local account: Enable-LocalUser -Name {a.UserQuoted}. Domain account: Enable-ADAccount -Identity {a.UserQuoted}. Find out first why it was disabled.");

            case 1909:
                return (LogonFailureReason.AccountLockedOut,
                    $"{a.Shown} is locked out: too many wrong passwords were tried within the lockout window.",
                    $"Wait for the account lockout duration to pass, or unlock it now. Domain account: Unlock-ADAccount -Identity {a.UserQuoted}. Local account: open lusrmgr.msc, open the user's properties and clear 'Account is locked out'. "
                    + "Then find what keeps sending the wrong password (a saved browser password, a script, an old application pool or scheduled task credential): Security event 4625 on this server, and event 4740 on a domain controller for domain accounts.");

            case 1793:
                return (LogonFailureReason.AccountExpired,
                    $"{a.Shown} has passed its account expiration date.",
                    $"Extend or remove the expiration date. Local account: Set-LocalUser -Name {a.UserQuoted} -AccountNeverExpires. Domain account: Clear-ADAccountExpiration -Identity {a.UserQuoted}.");

            case 1330:
                return (LogonFailureReason.PasswordExpired,
                    $"The password of {a.Shown} has expired. Basic authentication cannot change a password, so every request fails until it is reset.",
                    $"Set a new password. Local account: Set-LocalUser -Name {a.UserQuoted} -Password (Read-Host -AsSecureString). Domain account: Set-ADAccountPassword -Identity {a.UserQuoted} -Reset. Then update every place that stores it.");

            case 1907:
                return (LogonFailureReason.PasswordMustChange,
                    $"{a.Shown} is marked 'User must change password at next logon'. Basic authentication cannot change a password, so the web logon fails.",
                    $"Have the user change the password by signing in interactively, or clear the flag. Domain account: Set-ADUser -Identity {a.UserQuoted} -ChangePasswordAtLogon $false. Local account: net user {a.UserQuoted} /logonpasswordchg:no.");

            case 1328:
                return (LogonFailureReason.InvalidLogonHours,
                    $"{a.Shown} may not sign in at this time of day (logon hours restriction).",
                    $"Widen the logon hours. Domain account: Active Directory Users and Computers, account properties, Account tab, Logon Hours. Local account: net user {a.UserQuoted} /times:all.");

            case 1329:
                return (LogonFailureReason.InvalidWorkstation,
                    $"{a.Shown} may only sign in to the computers listed in its 'Log On To' setting, and this web server is not among them.",
                    "Add the web server's computer name to the list: Active Directory Users and Computers, account properties, Account tab, Log On To. Or allow all computers.");

            case 1327:
                return (LogonFailureReason.AccountRestriction,
                    $"An account restriction blocks {a.Shown}. The usual one: a local account with a blank password, which the default policy 'Accounts: Limit local account use of blank passwords to console logon only' refuses for anything but the console.",
                    $"Give the account a password. Local account: Set-LocalUser -Name {a.UserQuoted} -Password (Read-Host -AsSecureString). Otherwise check the account's restrictions (logon hours, workstations, policy) on its domain controller.");

            case 1311:
                return (LogonFailureReason.NoLogonServers,
                    $"No domain controller for the domain of {a.Shown} answered, so the password could not be checked.",
                    $"Check that this server finds a domain controller: nltest /dsgetdc:{a.DomainOrPlaceholder}. Look at DNS settings, firewalls and the Netlogon service. Local accounts do not need a domain controller.");

            case 1789:
                return (LogonFailureReason.TrustFailure,
                    "The secure channel between this computer and its domain is broken, so domain accounts cannot be checked here.",
                    $"Verify and reset the secure channel: nltest /sc_verify:{a.DomainOrPlaceholder}, then nltest /sc_reset:{a.DomainOrPlaceholder}. If that fails, rejoin the domain.");

            case 1788:
                return (LogonFailureReason.TrustFailure,
                    $"The trust between this computer's domain and the domain of {a.Shown} failed.",
                    "Validate the trust in Active Directory Domains and Trusts (trust properties, Validate), or with nltest /sc_verify:<trusted domain> on a domain controller of this domain.");

            case 1787:
                return (LogonFailureReason.TrustFailure,
                    "The domain controller has no computer account for this server's trust relationship.",
                    "Check that this server's computer account exists in the domain; if it was deleted or reset, rejoin the server to the domain.");

            case 1808:
                return (LogonFailureReason.ComputerAccountUsed,
                    $"{a.Shown} is a computer account. Computer accounts cannot sign in through LogonUser.",
                    "Use a user account (or a managed service account configured as the application pool identity) instead of a computer account.");

            case 1398:
                return (LogonFailureReason.TimeSkew,
                    "The clock of this server and the domain controller's clock differ by more than Kerberos allows (5 minutes by default).",
                    "Check time synchronisation: w32tm /query /status, then w32tm /resync. Fix the time source if it keeps drifting.");

            case 1935:
                return (LogonFailureReason.AuthenticationFirewall,
                    $"{a.Shown} comes from a domain trusted with selective authentication, and it is not allowed to authenticate to this computer.",
                    $"In the domain of this server, grant {a.Shown} (or a group it belongs to) the 'Allowed to authenticate' permission on the web server's computer object.");

            case 1314:
                return (LogonFailureReason.PrivilegeNotHeld,
                    "The process that called LogonUser lacks a privilege it needs. On current Windows this is unexpected; Windows 2000 required 'Act as part of the operating system' (SeTcbPrivilege) for LogonUser.",
                    "Run the check from an elevated session. If IIS itself reports this, check which identity the application pool runs as.");

            case 87:
                return (LogonFailureReason.InvalidParameter,
                    $"Windows rejected the parameters of the {typeText}, typically an unsupported logon type and provider combination.",
                    "Check the configured logonMethod (Interactive, Batch, Network or ClearText) and retry with -LogonType set to one of Interactive, Network, Batch, Service or NetworkCleartext.");

            case SecENoCredentials:
                return (LogonFailureReason.AuthenticationChallenge,
                    "The browser started an Integrated (NTLM or Negotiate) handshake without credentials and IIS answered with its challenge. Every Integrated logon begins this way; it is not a failure.",
                    "Nothing to fix. Look for lines of the same client with SEC_E_LOGON_DENIED (2148074252) or a Win32 logon error: those are the failures.");

            case SecELogonDenied:
                return (LogonFailureReason.IntegratedLogonDenied,
                    $"Windows refused the Integrated (NTLM or Negotiate) credentials of {a.Shown}: a wrong password, an unknown account, or an account restriction such as a missing 'Access this computer from the network' right.",
                    $"Check Security event 4625 on this server for the exact Status and Sub Status. Check the network right: Get-LogonRight -Identity {a.Quoted} -LogonType Network. "
                    + "If only requests made on the server itself fail, the loopback check (KB 896861) is the likely cause. "
                    + LockoutWarning);

            case 5:
                return (LogonFailureReason.AccessDenied,
                    "Windows denied the calling process access while performing the logon.",
                    "Run the check from an elevated (Run as administrator) session.");

            default:
                return ExplainDomainFailure(code, a) ?? (LogonFailureReason.Unknown,
                    $"LogonUser failed with {Win32ErrorText.Describe(code)} for {a.Shown}. This module has no specific advice for error {code}.",
                    $"Look the code up (on Windows: net helpmsg {code}) and read Security event 4625 on this server: its Status and Sub Status fields give the exact reason.");
        }
    }

    // Codes a domain logon returns when this computer cannot use its domain: Netlogon, the machine trust, the
    // domain name. Each has its own text, because each has a different fix (winerror.h and ntstatus.h names).
    private static (LogonFailureReason, string, string)? ExplainDomainFailure(int code, AccountText a) => code switch
    {
        1792 => (LogonFailureReason.NetlogonNotStarted,
            $"The Netlogon service is not running on this server, so the password of the domain account {a.Shown} could not be sent to a domain controller. Local accounts still work.",
            "Start Netlogon and keep it automatic: Set-Service -Name Netlogon -StartupType Automatic; Start-Service -Name Netlogon. It runs only on a computer joined to a domain; if it stops again, read the System event log (source NETLOGON)."),
        1786 => (LogonFailureReason.TrustFailure,
            "This server has no local secret for its domain trust (its computer account password is missing from the LSA), so it cannot set up the secure channel that domain logons use.",
            $"Reset the computer account password and the secure channel: in Windows PowerShell 5.1, Test-ComputerSecureChannel -Repair -Credential (Get-Credential); or nltest /sc_reset:{a.DomainOrPlaceholder}. If that fails, remove the server from the domain and join it again."),
        1790 => (LogonFailureReason.TrustFailure,
            $"The domain logon of {a.Shown} failed because the validating domain controller could not be used through this server's trust.",
            $"Check the secure channel and that a domain controller answers: nltest /sc_verify:{a.DomainOrPlaceholder} and nltest /dsgetdc:{a.DomainOrPlaceholder}. For an account of a trusted domain, validate that trust too."),
        1810 => (LogonFailureReason.TrustFailure,
            $"The name or SID of the domain of {a.Shown} does not match what this domain's trust records say about it.",
            "Validate the trust (Active Directory Domains and Trusts, trust properties, Validate); a domain that was renamed or rebuilt needs the trust removed and created again."),
        1351 => (LogonFailureReason.NoLogonServers,
            $"The domain controller for {a.Shown} could not be asked for its configuration: it is unreachable, or it refused this server.",
            $"Check that this server finds and reaches a domain controller: nltest /dsgetdc:{a.DomainOrPlaceholder}, then nltest /sc_verify:{a.DomainOrPlaceholder}. Look at DNS, firewalls and the secure channel."),
        1355 => (LogonFailureReason.UnknownDomain,
            $"The domain part of {a.Shown} names a domain that this server does not know or cannot find.",
            "Check the spelling of the domain in the user name (DOMAIN\\user or user@dns.domain) and basicAuthentication defaultLogonDomain; the domain must be this server's domain or one it trusts. "
            + "nltest /domain_trusts lists the domains this server trusts."),
        1807 => (LogonFailureReason.ComputerAccountUsed,
            $"{a.Shown} is an interdomain trust account, which exists only to carry a trust between two domains and cannot sign in through LogonUser.",
            "Sign in with a user account of the trusted domain instead; leave the trust account alone (changing it breaks the trust)."),
        1809 => (LogonFailureReason.ComputerAccountUsed,
            $"{a.Shown} is the computer account of a domain controller (a server trust account), which cannot sign in through LogonUser.",
            "Sign in with a user account instead; the domain controller's computer account is used only by the domain controller itself."),
        _ => null,
    };

    private static (LogonFailureReason, string, string) LoopbackCheck(AccountText a) =>
        (LogonFailureReason.LoopbackCheck,
            $"Windows refused the Integrated (NTLM or Negotiate) logon of {a.Shown}, and the requests came from the server's own address. "
            + "Windows refuses NTLM logons to itself through a host name that is not the computer's own name (the loopback check, KB 896861), so a site reached by its own host header fails from the server even with the right password.",
            "Test from another computer to confirm. Then list the site's host names in the multi-string value "
            + "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\MSV1_0\\BackConnectionHostNames (preferred), or set the DWORD "
            + "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\DisableLoopbackCheck to 1, which turns the protection off for every name. Restart IIS (iisreset) afterwards.");

    private static (LogonFailureReason, string, string) LogonTypeNotGranted(int code, AccountText a, LogonType type, string typeText)
    {
        // Grant-LogonRight takes the right's type: NetworkCleartext logons are checked against the network right.
        var rightType = LogonRights.ForLogonType(type);
        var right = (
            Allow: LogonRights.RightName(rightType, RightAssignmentKind.Allow),
            AllowTitle: LogonRights.DisplayName(rightType, RightAssignmentKind.Allow),
            Deny: LogonRights.RightName(rightType, RightAssignmentKind.Deny),
            DenyTitle: LogonRights.DisplayName(rightType, RightAssignmentKind.Deny));
        var grant = rightType == LogonRightType.Interactive
            ? $"Grant-LogonLocallyRight -Identity {a.Quoted}"
            : $"Grant-LogonRight -Identity {a.Quoted} -LogonType {rightType}";
        var explanation =
            $"The password of {a.Shown} is correct, but the account does not hold the right a {typeText} needs: "
            + $"{right.Allow} ('{right.AllowTitle}'), or it is denied by {right.Deny} ('{right.DenyTitle}'). "
            + "This is the cause described in KB Q247593.";
        if (code == 1380)
        {
            explanation += " (Reported as ERROR_LOGON_NOT_GRANTED, which Windows documents with the same meaning.)";
        }

        var remediation =
            $"Grant the right: {grant}. A deny right wins over every grant, including grants through groups: "
            + $"check Get-LogonRight -Identity {a.Quoted} -LogonType {rightType} for {right.Deny} on the account or its groups and remove it. "
            + "If Group Policy manages this user right, change the GPO instead, or the next policy refresh undoes a local change. "
            + "Alternatively, set basicAuthentication logonMethod to a logon type the account already holds the right for.";
        return (LogonFailureReason.LogonTypeNotGranted, explanation, remediation);
    }

    private sealed class AccountText
    {
        public AccountText(string accountName)
        {
            var trimmed = accountName.Trim();
            Shown = $"'{trimmed}'";
            Quoted = PowerShellLiteral.SingleQuoted(trimmed);
            var backslash = trimmed.LastIndexOf('\\');
            var user = backslash >= 0 ? trimmed.Substring(backslash + 1) : trimmed;
            UserQuoted = PowerShellLiteral.SingleQuoted(user);
            var domain = backslash > 0 ? trimmed.Substring(0, backslash) : null;
            if (domain is null)
            {
                var at = trimmed.LastIndexOf('@');
                domain = at > 0 && at < trimmed.Length - 1 ? trimmed.Substring(at + 1) : null;
            }

            DomainOrPlaceholder = domain is null || domain == "." ? "<domain>" : domain;
        }

        /// <summary>The account in prose.</summary>
        public string Shown { get; }

        /// <summary>The whole account as a PowerShell literal.</summary>
        public string Quoted { get; }

        /// <summary>The user part as a PowerShell literal, for cmdlets that take a bare name.</summary>
        public string UserQuoted { get; }

        /// <summary>The domain for nltest, or a placeholder.</summary>
        public string DomainOrPlaceholder { get; }
    }
}

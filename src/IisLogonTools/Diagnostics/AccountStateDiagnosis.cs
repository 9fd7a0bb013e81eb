using System;
using System.Globalization;

namespace IisLogonTools.Diagnostics;

/// <summary>
/// Explanations and fixes for what <see cref="AccountStateEvaluator"/> finds, worded for a diagnosis made without
/// a password (nothing was tried) and naming the commands for the kind of account found: local (this computer's
/// SAM) or domain. The fixes never carry a password.
/// </summary>
public static class AccountStateDiagnosis
{
    /// <summary>The explanation and the fix for one blocking cause.</summary>
    /// <param name="block">The cause.</param>
    /// <param name="state">The account's state (gives the account name, kind and domain controller).</param>
    /// <param name="computerName">This web server's name.</param>
    public static (string Explanation, string Remediation) Explain(AccountBlock block, AccountStateData state, string computerName)
    {
        if (block is null)
        {
            throw new ArgumentNullException(nameof(block));
        }

        if (state is null)
        {
            throw new ArgumentNullException(nameof(state));
        }

        var shown = $"'{state.Account}'";
        var user = PowerShellLiteral.SingleQuoted(state.Name);
        var server = state.IsDomainAccount && state.ReadFrom.Length > 0 ? $" -Server {PowerShellLiteral.SingleQuoted(state.ReadFrom.TrimStart('\\'))}" : string.Empty;
        var prefix = $"No logon was tried. {block.Detail} ";
        switch (block.Reason)
        {
            case LogonFailureReason.AccountLockedOut:
                return (prefix + $"Every logon of {shown} fails with 1909 (ERROR_ACCOUNT_LOCKED_OUT) until the lockout duration passes or an administrator unlocks it.",
                    (state.IsDomainAccount
                        ? $"Unlock it: Unlock-ADAccount -Identity {user}{server}. "
                        : $"Unlock it (the WinNT provider clears UF_LOCKOUT; there is no Unlock-LocalUser): $u = [ADSI]'WinNT://./{Escape(state.Name)},user'; $u.IsAccountLocked = $false; $u.SetInfo(). ")
                    + "Then find what keeps sending a wrong password (a saved browser password, a script, an application pool or scheduled task): Security event 4625 on this server"
                    + (state.IsDomainAccount ? ", event 4740 on the PDC emulator." : "."));

            case LogonFailureReason.AccountDisabled:
                return (prefix + $"Windows refuses {shown} with 1331 (ERROR_ACCOUNT_DISABLED) after checking the password.",
                    state.IsDomainAccount
                        ? $"Enable it, after finding out why it was disabled: Enable-ADAccount -Identity {user}{server}."
                        : $"Enable it, after finding out why it was disabled: Enable-LocalUser -Name {user}.");

            case LogonFailureReason.AccountExpired:
                return (prefix + $"Windows refuses {shown} with 1793 (ERROR_ACCOUNT_EXPIRED).",
                    state.IsDomainAccount
                        ? $"Extend or remove the expiry: Clear-ADAccountExpiration -Identity {user}{server} (or Set-ADAccountExpiration -DateTime)."
                        : $"Extend or remove the expiry: Set-LocalUser -Name {user} -AccountNeverExpires (or -AccountExpires <date>).");

            case LogonFailureReason.InvalidLogonHours:
                return (prefix + $"Windows refuses {shown} with 1328 (ERROR_INVALID_LOGON_HOURS) at this time. Logon hours are stored in UTC.",
                    state.IsDomainAccount
                        ? $"Widen the logon hours (Active Directory Users and Computers, Account tab, Logon Hours), or remove the restriction: Set-ADUser -Identity {user} -Clear logonHours{server}."
                        : $"Widen the logon hours: net user {Escape(state.Name)} /times:all (or list the allowed times).");

            case LogonFailureReason.InvalidWorkstation:
                var list = state.Workstations.Trim().TrimEnd(',');
                return (prefix + $"Windows refuses {shown} with 1329 (ERROR_INVALID_WORKSTATION): for Basic authentication the logon happens on the web server itself, so {computerName} must be in the list.",
                    state.IsDomainAccount
                        ? $"Add this server to the list: Set-ADUser -Identity {user} -LogonWorkstations {PowerShellLiteral.SingleQuoted(list + "," + computerName)}{server} (or clear it with -Clear userWorkstations to allow every computer)."
                        : $"Add this server to the list: net user {Escape(state.Name)} /workstations:{list},{computerName} (or /workstations:* to allow every computer).");

            case LogonFailureReason.PasswordExpired:
                return (prefix + $"Windows refuses {shown} with 1330 (ERROR_PASSWORD_EXPIRED). Basic authentication cannot change a password, so every request fails until it is reset.",
                    (state.IsDomainAccount
                        ? $"Have the user change the password at a sign-in screen, or reset it: Set-ADAccountPassword -Identity {user} -Reset{server}."
                        : $"Have the user change the password at a sign-in screen, or reset it: Set-LocalUser -Name {user} -Password (Read-Host -AsSecureString).")
                    + " Then update every place that stores it.");

            case LogonFailureReason.PasswordMustChange:
                return (prefix + $"Windows refuses {shown} with 1907 (ERROR_PASSWORD_MUST_CHANGE). Basic authentication cannot change a password.",
                    state.IsDomainAccount
                        ? $"Have the user change the password at a sign-in screen, or clear the flag: Set-ADUser -Identity {user} -ChangePasswordAtLogon $false{server}."
                        : $"Have the user change the password at a sign-in screen, or clear the flag: net user {Escape(state.Name)} /logonpasswordchg:no.");

            default:
                return (prefix, "See Get-Help Test-IisLogon -Full.");
        }
    }

    /// <summary>The explanation and next step when nothing in the account or the logon right blocks the logon.</summary>
    /// <param name="state">The account's state.</param>
    /// <param name="logonTypeText">The logon type IIS uses, for example "NetworkCleartext (LOGON32_LOGON_NETWORK_CLEARTEXT)".</param>
    /// <param name="rightGranted">Whether the logon right is granted; null when that could not be told.</param>
    /// <param name="evidence">The account's failures in the site's logs, when read.</param>
    public static (string Explanation, string Remediation) PasswordNotChecked(AccountStateData state, string logonTypeText, bool? rightGranted, LogonEvidence? evidence)
    {
        if (state is null)
        {
            throw new ArgumentNullException(nameof(state));
        }

        var explanation = string.Format(
            CultureInfo.InvariantCulture,
            "Nothing stored in '{0}' blocks a logon of type {1}: it is enabled, not locked out, not expired, inside its logon hours and workstations, and its password is current{2}. Only the password remains unchecked (no logon was tried, so the bad-password count did not change; it is {3}).",
            state.Account,
            logonTypeText,
            rightGranted == true ? ", and the logon right is granted" : "; whether the logon right is granted could not be told (see RightsAnalysisNote)",
            state.BadPasswordCount);
        string remediation;
        if (evidence is null)
        {
            remediation = "Test the password once with Test-IisLogon -Credential (a failed try counts toward the lockout threshold), or read the site's logs with -Site to see what the failures were.";
        }
        else
        {
            explanation += " The logs show " + evidence.Summary + ".";
            remediation = evidence.MainReason == LogonFailureReason.BadCredentials
                ? "The account is fine, so the password (or the name as typed, with defaultLogonDomain) is wrong: have the user retype it, or reset it if it is unknown, and update saved passwords in browsers, scripts and application pool or task credentials."
                : $"The logged failures ({LogonEvidence.ShortText(evidence.MainReason)}) no longer apply to the account as it is now (an administrator or the lockout duration may have fixed it); have the user try again.";
        }

        return (explanation, remediation);
    }

    // net.exe and the WinNT ADSI path take a bare name; a quote would end the PowerShell literal around it.
    private static string Escape(string name) => name.Replace("'", "''");
}

using System;

namespace IisLogonTools.Diagnostics;

/// <summary>
/// What a failed group-expansion call (AuthZ locally, NetUserGetLocalGroups remotely) means and what to do,
/// so that an elevated administrator is not told to "run elevated".
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>AuthzInitializeContextFromSid for a domain account reads the account's
/// <c>tokenGroupsGlobalAndUniversal</c> attribute; without read access to it the call fails with
/// ERROR_ACCESS_DENIED, and the documented fix is membership in the domain's "Windows Authorization Access
/// Group" (AuthzInitializeContextFromSid documentation). Elevation does not change that answer.</item>
/// <item>Remote SAM calls (NetUserGetLocalGroups against another computer, and the SAM queries AuthZ makes) are
/// refused with access denied to callers that the policy "Network access: Restrict clients allowed to make remote
/// calls to SAM" (RestrictRemoteSam) does not list; since Windows 10 1607 and Server 2016 only Administrators are
/// allowed by default (KB4055652).</item>
/// <item>For a local account, access denied means the session lacks administrator rights: elevation is the fix.</item>
/// </list>
/// </remarks>
public static class GroupExpansionAdvice
{
    /// <summary>Explains a failed group-expansion call.</summary>
    /// <param name="function">The Windows function that failed, for example AuthzInitializeContextFromSid.</param>
    /// <param name="win32Error">Its Win32 error.</param>
    /// <param name="domainAccount">Whether the account is a domain account (its SID is not in the computer's own domain).</param>
    /// <param name="computer">The computer whose rights are being evaluated, for the text.</param>
    /// <returns>One or two sentences: what failed and what to do.</returns>
    public static string Explain(string function, int win32Error, bool domainAccount, string computer)
    {
        if (function is null)
        {
            throw new ArgumentNullException(nameof(function));
        }

        var failed = $"{function} failed with {Win32ErrorText.Name(win32Error)} ({win32Error}).";
        var isAuthz = function.StartsWith("Authz", StringComparison.Ordinal);
        if (win32Error == 5 && isAuthz && domainAccount)
        {
            return failed + " Elevation does not help here: AuthZ reads the domain account's tokenGroupsGlobalAndUniversal attribute, "
                + "and the domain refused it. Add the account PowerShell runs as (for SYSTEM or a service, this computer's account) "
                + "to the domain group 'Windows Authorization Access Group'; or, if the domain controllers restrict remote SAM calls "
                + "('Network access: Restrict clients allowed to make remote calls to SAM', RestrictRemoteSam, KB4055652), allow this computer there.";
        }

        if (win32Error == 5 && !isAuthz)
        {
            return failed + $" {computer} refused the remote SAM query. Remote SAM calls are allowed only to the callers the policy "
                + "'Network access: Restrict clients allowed to make remote calls to SAM' (RestrictRemoteSam) lists, Administrators by default "
                + $"since Windows 10 1607 and Server 2016 (KB4055652): run as an administrator of {computer}, or have its policy allow your account.";
        }

        if (win32Error == 5)
        {
            return failed + " For an account of this computer, AuthZ needs an administrator: run PowerShell elevated (Run as Administrator).";
        }

        return win32Error switch
        {
            1722 or 1726 or 53 => failed + $" {computer} could not be reached over RPC/SMB: check the name, that it is running, and the firewall.",
            1311 or 2453 or 1355 => failed + " No domain controller of the account's domain answered; check DNS and the secure channel (nltest /sc_verify:<domain>).",
            1789 or 1786 or 1792 => failed + " " + Win32ErrorText.Message(win32Error) + " Domain accounts cannot be expanded until that is fixed (nltest /sc_verify:<domain>).",
            2221 or 1317 or 1332 => failed + " The account was not found where its groups were looked up.",
            _ => failed + " " + Win32ErrorText.Message(win32Error),
        };
    }
}

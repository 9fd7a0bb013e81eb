using System;
using IisLogonTools.Security;

namespace IisLogonTools.Diagnostics;

/// <summary>The allow and deny logon rights a LogonUser logon type is checked against (ntsecapi.h names, secpol.msc titles).</summary>
internal static class LogonRightText
{
    public static (string Allow, string AllowTitle, string Deny, string DenyTitle) For(LogonType type) => type switch
    {
        LogonType.Interactive => ("SeInteractiveLogonRight", "Allow log on locally", "SeDenyInteractiveLogonRight", "Deny log on locally"),

        // Network cleartext (IIS "ClearText", the default since IIS 6) is a network logon; Microsoft does not
        // say so explicitly for type 8, but it is checked like type 3 (win-semantics.md §1.1, §2).
        LogonType.Network or LogonType.NetworkCleartext =>
            ("SeNetworkLogonRight", "Access this computer from the network", "SeDenyNetworkLogonRight", "Deny access to this computer from the network"),
        LogonType.Batch => ("SeBatchLogonRight", "Log on as a batch job", "SeDenyBatchLogonRight", "Deny log on as a batch job"),
        LogonType.Service => ("SeServiceLogonRight", "Log on as a service", "SeDenyServiceLogonRight", "Deny log on as a service"),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a logon type this module supports."),
    };
}

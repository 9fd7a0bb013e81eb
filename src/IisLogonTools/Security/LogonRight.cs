using System;

namespace IisLogonTools.Security;

/// <summary>
/// The kinds of logon a Windows logon right controls. The values are the LOGON32 numbers of the logon types (and 10,
/// the SECURITY_LOGON_TYPE of a Remote Desktop logon, which event 4625 shows), so a number means the same logon type
/// here as in Test-IisLogon and in the Security log. Output objects carry the name, not the number.
/// </summary>
public enum LogonRightType
{
    /// <summary>"Allow log on locally" (SeInteractiveLogonRight) and its deny counterpart.</summary>
    Interactive = 2,

    /// <summary>"Access this computer from the network" (SeNetworkLogonRight) and its deny counterpart.</summary>
    Network = 3,

    /// <summary>"Log on as a batch job" (SeBatchLogonRight) and its deny counterpart.</summary>
    Batch = 4,

    /// <summary>"Log on as a service" (SeServiceLogonRight) and its deny counterpart.</summary>
    Service = 5,

    /// <summary>"Allow log on through Remote Desktop Services" (SeRemoteInteractiveLogonRight) and its deny counterpart.</summary>
    RemoteInteractive = 10,
}

/// <summary>Whether an assignment grants a logon right or denies it.</summary>
public enum RightAssignmentKind
{
    /// <summary>The allow right, for example SeInteractiveLogonRight.</summary>
    Allow,

    /// <summary>The deny right, for example SeDenyInteractiveLogonRight; deny wins over allow.</summary>
    Deny,
}

/// <summary>Names and mappings of the logon rights (ntsecapi.h, "Account Rights Constants").</summary>
public static class LogonRights
{
    /// <summary>All logon right types, in a stable order.</summary>
    public static readonly LogonRightType[] All =
    {
        LogonRightType.Interactive, LogonRightType.Network, LogonRightType.Batch, LogonRightType.Service, LogonRightType.RemoteInteractive,
    };

    /// <summary>The LSA right name, for example SeInteractiveLogonRight or SeDenyInteractiveLogonRight.</summary>
    public static string RightName(LogonRightType type, RightAssignmentKind kind) => (type, kind) switch
    {
        (LogonRightType.Interactive, RightAssignmentKind.Allow) => "SeInteractiveLogonRight",
        (LogonRightType.Interactive, RightAssignmentKind.Deny) => "SeDenyInteractiveLogonRight",
        (LogonRightType.Network, RightAssignmentKind.Allow) => "SeNetworkLogonRight",
        (LogonRightType.Network, RightAssignmentKind.Deny) => "SeDenyNetworkLogonRight",
        (LogonRightType.Batch, RightAssignmentKind.Allow) => "SeBatchLogonRight",
        (LogonRightType.Batch, RightAssignmentKind.Deny) => "SeDenyBatchLogonRight",
        (LogonRightType.Service, RightAssignmentKind.Allow) => "SeServiceLogonRight",
        (LogonRightType.Service, RightAssignmentKind.Deny) => "SeDenyServiceLogonRight",
        (LogonRightType.RemoteInteractive, RightAssignmentKind.Allow) => "SeRemoteInteractiveLogonRight",
        (LogonRightType.RemoteInteractive, RightAssignmentKind.Deny) => "SeDenyRemoteInteractiveLogonRight",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The name the Local Security Policy console shows.</summary>
    public static string DisplayName(LogonRightType type, RightAssignmentKind kind) => (type, kind) switch
    {
        (LogonRightType.Interactive, RightAssignmentKind.Allow) => "Allow log on locally",
        (LogonRightType.Interactive, RightAssignmentKind.Deny) => "Deny log on locally",
        (LogonRightType.Network, RightAssignmentKind.Allow) => "Access this computer from the network",
        (LogonRightType.Network, RightAssignmentKind.Deny) => "Deny access to this computer from the network",
        (LogonRightType.Batch, RightAssignmentKind.Allow) => "Log on as a batch job",
        (LogonRightType.Batch, RightAssignmentKind.Deny) => "Deny log on as a batch job",
        (LogonRightType.Service, RightAssignmentKind.Allow) => "Log on as a service",
        (LogonRightType.Service, RightAssignmentKind.Deny) => "Deny log on as a service",
        (LogonRightType.RemoteInteractive, RightAssignmentKind.Allow) => "Allow log on through Remote Desktop Services",
        (LogonRightType.RemoteInteractive, RightAssignmentKind.Deny) => "Deny log on through Remote Desktop Services",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The right a <c>LogonUser</c> logon type needs. NetworkCleartext uses the network right (win-semantics 1.1).</summary>
    public static LogonRightType ForLogonType(LogonType logonType) => logonType switch
    {
        LogonType.Interactive => LogonRightType.Interactive,
        LogonType.Network or LogonType.NetworkCleartext => LogonRightType.Network,
        LogonType.Batch => LogonRightType.Batch,
        LogonType.Service => LogonRightType.Service,
        _ => throw new ArgumentOutOfRangeException(nameof(logonType)),
    };

    /// <summary>The SID Windows adds to a token for this kind of logon (INTERACTIVE, NETWORK, …).</summary>
    public static Sid LogonTypeSid(LogonRightType type) => type switch
    {
        LogonRightType.Interactive => WellKnownSids.Interactive,
        LogonRightType.Network => WellKnownSids.Network,
        LogonRightType.Batch => WellKnownSids.Batch,
        LogonRightType.Service => WellKnownSids.Service,
        LogonRightType.RemoteInteractive => WellKnownSids.RemoteInteractive,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}

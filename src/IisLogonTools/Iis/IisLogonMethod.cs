using System;
using IisLogonTools.Security;

namespace IisLogonTools.Iis;

/// <summary>
/// The <c>logonMethod</c> enumeration of the IIS 7+ configuration schema (basicAuthentication,
/// anonymousAuthentication, virtualDirectory). The numeric values are the schema values, which
/// are not the LOGON32 values: use <see cref="IisLogonMethodExtensions.ToLogonType"/> to convert.
/// </summary>
public enum IisLogonMethod
{
    /// <summary>Interactive (0): LogonUser type 2, needs "Allow log on locally".</summary>
    Interactive = 0,

    /// <summary>Batch (1): LogonUser type 4, needs "Log on as a batch job".</summary>
    Batch = 1,

    /// <summary>Network (2): LogonUser type 3, needs "Access this computer from the network".</summary>
    Network = 2,

    /// <summary>ClearText (3): LogonUser type 8 (network cleartext); the schema default since IIS 7.</summary>
    ClearText = 3,
}

/// <summary>Conversions for <see cref="IisLogonMethod"/>.</summary>
public static class IisLogonMethodExtensions
{
    /// <summary>The schema default of <c>logonMethod</c> for basic and anonymous authentication (IIS 7 and later).</summary>
    public const IisLogonMethod SchemaDefault = IisLogonMethod.ClearText;

    /// <summary>The LogonUser logon type IIS performs for a configured logon method.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined logon method.</exception>
    public static LogonType ToLogonType(this IisLogonMethod method) => method switch
    {
        IisLogonMethod.Interactive => LogonType.Interactive,
        IisLogonMethod.Batch => LogonType.Batch,
        IisLogonMethod.Network => LogonType.Network,
        IisLogonMethod.ClearText => LogonType.NetworkCleartext,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Not an IIS logonMethod value; expected Interactive, Batch, Network or ClearText."),
    };
}

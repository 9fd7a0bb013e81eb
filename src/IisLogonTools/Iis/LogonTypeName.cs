using System;
using System.Collections.Generic;
using System.Globalization;
using IisLogonTools.Security;

namespace IisLogonTools.Iis;

/// <summary>
/// Parses the names people use for a logon type: this module's names, the IIS configuration names
/// (basicAuthentication <c>logonMethod</c>, processModel <c>logonType</c>) and the Win32 LOGON32 numbers and constants.
/// </summary>
/// <remarks>
/// Numbers are always read as LOGON32 values (2, 3, 4, 5, 8), never as IIS schema values, because
/// the two overlap with different meanings: IIS <c>logonMethod</c> 2 is Network, LOGON32 2 is Interactive.
/// Unlock (7) and NewCredentials (9) are rejected because IIS never performs them.
/// </remarks>
public static class LogonTypeName
{
    private static readonly Dictionary<string, LogonType> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        // This module's names (the LogonType enum).
        ["Interactive"] = LogonType.Interactive,
        ["Network"] = LogonType.Network,
        ["Batch"] = LogonType.Batch,
        ["Service"] = LogonType.Service,
        ["NetworkCleartext"] = LogonType.NetworkCleartext,

        // IIS names: basicAuthentication/anonymousAuthentication logonMethod and processModel logonType.
        ["ClearText"] = LogonType.NetworkCleartext,
        ["LogonBatch"] = LogonType.Batch,
        ["LogonService"] = LogonType.Service,

        // winbase.h constant names.
        ["LOGON32_LOGON_INTERACTIVE"] = LogonType.Interactive,
        ["LOGON32_LOGON_NETWORK"] = LogonType.Network,
        ["LOGON32_LOGON_BATCH"] = LogonType.Batch,
        ["LOGON32_LOGON_SERVICE"] = LogonType.Service,
        ["LOGON32_LOGON_NETWORK_CLEARTEXT"] = LogonType.NetworkCleartext,
    };

    /// <summary>The names <see cref="TryParse"/> accepts, for error messages and tab completion.</summary>
    public static IReadOnlyCollection<string> AcceptedNames => Names.Keys;

    /// <summary>
    /// Reads a logon type from a name or LOGON32 number, ignoring case and surrounding white space.
    /// </summary>
    /// <param name="text">For example <c>Network</c>, <c>ClearText</c>, <c>LogonBatch</c>, <c>8</c> or <c>LOGON32_LOGON_BATCH</c>.</param>
    /// <param name="type">The logon type when the text is recognised; otherwise <see cref="LogonType.Interactive"/>.</param>
    /// <returns><see langword="true"/> when the text names a logon type.</returns>
    public static bool TryParse(string? text, out LogonType type)
    {
        type = LogonType.Interactive;
        if (text is null)
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return false;
        }

        if (Names.TryGetValue(trimmed, out type))
        {
            return true;
        }

        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number is (int)LogonType.Interactive or (int)LogonType.Network or (int)LogonType.Batch
                or (int)LogonType.Service or (int)LogonType.NetworkCleartext)
        {
            type = (LogonType)number;
            return true;
        }

        type = LogonType.Interactive;
        return false;
    }

    /// <summary>The winbase.h constant name of a logon type, such as <c>LOGON32_LOGON_NETWORK_CLEARTEXT</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="LogonType"/>.</exception>
    public static string ToLogon32Name(LogonType type) => type switch
    {
        LogonType.Interactive => "LOGON32_LOGON_INTERACTIVE",
        LogonType.Network => "LOGON32_LOGON_NETWORK",
        LogonType.Batch => "LOGON32_LOGON_BATCH",
        LogonType.Service => "LOGON32_LOGON_SERVICE",
        LogonType.NetworkCleartext => "LOGON32_LOGON_NETWORK_CLEARTEXT",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a logon type this module supports."),
    };
}

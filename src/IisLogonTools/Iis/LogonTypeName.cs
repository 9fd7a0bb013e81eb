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
/// Unlock (7) and NewCredentials (9) are rejected because IIS never performs them. The rights cmdlets read their
/// -LogonType through <see cref="TryParseRight"/>, so every cmdlet reads a name or number the same way.
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

    // Names of logon types that are not LogonUser types this module performs, with why (for error messages).
    private static readonly Dictionary<string, string> RefusedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Unlock"] = "Unlock (LOGON32_LOGON_UNLOCK, 7) was only for GINAs, which Windows no longer supports, and IIS never uses it",
        ["LOGON32_LOGON_UNLOCK"] = "Unlock (LOGON32_LOGON_UNLOCK, 7) was only for GINAs, which Windows no longer supports, and IIS never uses it",
        ["7"] = "7 is LOGON32_LOGON_UNLOCK, which was only for GINAs (no longer supported) and which IIS never uses",
        ["NewCredentials"] = "NewCredentials (LOGON32_LOGON_NEW_CREDENTIALS, 9) only clones the caller's token for outbound connections; no logon right governs it and IIS never uses it",
        ["LOGON32_LOGON_NEW_CREDENTIALS"] = "NewCredentials (LOGON32_LOGON_NEW_CREDENTIALS, 9) only clones the caller's token for outbound connections; no logon right governs it and IIS never uses it",
        ["9"] = "9 is LOGON32_LOGON_NEW_CREDENTIALS, which only clones the caller's token for outbound connections; no logon right governs it and IIS never uses it",
    };

    /// <summary>The names a -LogonType of the rights cmdlets accepts (Get/Grant/Revoke-LogonRight), for tab completion.</summary>
    public static IReadOnlyList<string> RightCompletionNames { get; } = new[]
    {
        "Interactive", "Network", "NetworkCleartext", "ClearText", "Batch", "Service", "RemoteInteractive",
    };

    /// <summary>The names Test-IisLogon -LogonType accepts, for tab completion.</summary>
    public static IReadOnlyList<string> LogonCompletionNames { get; } = new[]
    {
        "Interactive", "Network", "NetworkCleartext", "ClearText", "Batch", "Service",
    };

    /// <summary>
    /// Reads the logon right a -LogonType of the rights cmdlets names: one vocabulary with Test-IisLogon, so a name or a
    /// LOGON32 number means the same logon type everywhere, and that logon type's right is the one used
    /// (NetworkCleartext and ClearText need the network right, win-semantics 1.1). RemoteInteractive, which has no
    /// LOGON32 number, is accepted by name. Any other number is refused, never read as a position in an enum.
    /// </summary>
    /// <param name="text">A name (Interactive, Network, NetworkCleartext, ClearText, Batch, Service, RemoteInteractive, LogonBatch, LOGON32_…) or a LOGON32 number (2, 3, 4, 5, 8).</param>
    /// <param name="right">The logon right.</param>
    /// <param name="error">Why the text was refused, or <see langword="null"/>.</param>
    public static bool TryParseRight(string? text, out LogonRightType right, out string? error)
    {
        right = LogonRightType.Interactive;
        error = null;
        var trimmed = text?.Trim() ?? string.Empty;
        if (string.Equals(trimmed, "RemoteInteractive", StringComparison.OrdinalIgnoreCase))
        {
            right = LogonRightType.RemoteInteractive;
            return true;
        }

        if (TryParse(trimmed, out var type))
        {
            right = LogonRights.ForLogonType(type);
            return true;
        }

        error = Refusal(trimmed, forRights: true);
        return false;
    }

    /// <summary>Why a -LogonType value is refused, naming what is accepted.</summary>
    /// <param name="text">The value as given.</param>
    /// <param name="forRights">Whether it was given to a rights cmdlet (which also accepts RemoteInteractive).</param>
    public static string Refusal(string? text, bool forRights)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        var accepted = forRights
            ? "Use Interactive, Network, NetworkCleartext (or ClearText), Batch, Service or RemoteInteractive, or a LOGON32 number: 2 Interactive, 3 Network, 4 Batch, 5 Service, 8 NetworkCleartext."
            : "Use Interactive, Network, NetworkCleartext (or ClearText), Batch or Service, or a LOGON32 number: 2 Interactive, 3 Network, 4 Batch, 5 Service, 8 NetworkCleartext.";
        if (RefusedNames.TryGetValue(trimmed, out var why))
        {
            return $"'{trimmed}' is not accepted: {why}. {accepted}";
        }

        if (!forRights && string.Equals(trimmed, "RemoteInteractive", StringComparison.OrdinalIgnoreCase))
        {
            return $"'{trimmed}' is the Remote Desktop logon; LogonUser cannot perform it, so it cannot be tested. Check its right with Get-LogonRight -LogonType RemoteInteractive. {accepted}";
        }

        if (int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            return $"'{trimmed}' is not a LOGON32 logon type number; numbers are always read as LOGON32 values (the numbers event 4625 shows), never as positions in a list. {accepted}";
        }

        return $"'{trimmed}' is not a logon type. {accepted}";
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

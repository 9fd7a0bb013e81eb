using System;
using System.Management.Automation;
using IisLogonTools.Iis;
using IisLogonTools.Native;
using IisLogonTools.Security;

namespace IisLogonTools.Commands;

/// <summary>Builds the module's ErrorRecords: stable PascalCase ids, a fitting category, the failing item as target.</summary>
internal static class ErrorRecords
{
    internal const int ErrorAccessDenied = 5;
    internal const int RpcServerUnavailable = 1722;
    internal const int RpcCallFailed = 1726;

    internal static ErrorRecord InvalidIdentity(AccountIdentityException e) =>
        new(e, e.ErrorId, ErrorCategory.InvalidArgument, e.Input);

    internal static ErrorRecord IdentityNotFound(string input, string computer) =>
        new(
            new ItemNotFoundException($"No account named '{input}' exists on {computer}. Names are translated on the target computer: check the spelling and the domain part (DOMAIN\\name, .\\name for a local account, name@dns.domain)."),
            "IdentityNotFound",
            ErrorCategory.ObjectNotFound,
            input);

    internal static ErrorRecord IdentityNotResolved(string input, string computer) =>
        new(
            new ItemNotFoundException($"The SID '{input}' does not resolve to an account on {computer}. Rights are only granted to existing accounts; to clean up a stale SID use Revoke-LogonRight."),
            "IdentityNotResolved",
            ErrorCategory.ObjectNotFound,
            input);

    /// <summary>A guarded right change (see Grant/Revoke -Force) was refused; nothing was written.</summary>
    internal static ErrorRecord RightChangeNeedsForce(string message, string identity) =>
        new(
            new InvalidOperationException(message),
            "RightChangeNeedsForce",
            ErrorCategory.InvalidOperation,
            identity);

    internal static ErrorRecord InvalidComputerName(string name) =>
        new(
            new ArgumentException($"'{Printable(name)}' is not a computer name. Give a NetBIOS or DNS name (WEB01, web01.contoso.com), '.' or 'localhost'; wildcards, spaces and control characters are not allowed."),
            "ComputerNameInvalid",
            ErrorCategory.InvalidArgument,
            name);

    /// <summary>Text safe to show in a message: control characters as U+XXXX, and at most 260 characters (MAX_PATH).</summary>
    internal static string Printable(string? text)
    {
        const int Limit = 260;
        text ??= string.Empty;
        var sb = new System.Text.StringBuilder();
        foreach (var c in text.Length > Limit ? text.Substring(0, Limit) : text)
        {
            sb.Append(char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString());
        }

        return text.Length > Limit ? sb.Append("… (").Append(text.Length).Append(" characters)").ToString() : sb.ToString();
    }

    /// <summary>A failed Windows call for one item (an identity) or one computer.</summary>
    internal static ErrorRecord FromWindowsApi(WindowsApiException e, object target, string computer)
    {
        var (id, category, advice) = e.Win32Error switch
        {
            ErrorAccessDenied => ("AccessDenied", ErrorCategory.PermissionDenied, "Run PowerShell elevated (as Administrator) on the computer, or as an administrator of the remote computer."),
            RpcServerUnavailable or RpcCallFailed => ("ComputerUnreachable", ErrorCategory.ConnectionError, "Check the computer name, that it is running, and that the firewall allows RPC (TCP 135 and the dynamic RPC ports)."),
            8 or 1450 => ("InsufficientResources", ErrorCategory.ResourceUnavailable, "The computer is short of memory or resources; try again later."),
            1383 => ("LsaDatabaseError", ErrorCategory.ResourceUnavailable, "The LSA policy database reported an internal error; check the System event log on the computer."),
            1313 => ("NoSuchRight", ErrorCategory.InvalidArgument, "The computer does not know this right name."),
            _ => ("WindowsApiFailed", ErrorCategory.NotSpecified, "See the error code above."),
        };
        // The advice is said once, in the message. It used to be in the message and in RecommendedAction as well (which
        // every error view prints on its own line), and for access denied the Win32 text repeated it a third time.
        var what = e.Win32Error == ErrorAccessDenied
            ? $"{e.Function} failed with {(e.NtStatus is int status ? Diagnostics.NtStatusText.Name(status) : Diagnostics.Win32ErrorText.Name(e.Win32Error))}: access is denied."
            : e.Message;
        return new ErrorRecord(new WindowsApiException(e.Function, e.Win32Error, e.NtStatus), id, category, target)
        {
            ErrorDetails = new ErrorDetails($"{computer}: {what} {advice}"),
        };
    }

    /// <summary>Whether an exception is one of the ways reading applicationHost.config can fail.</summary>
    internal static bool IsIisConfigurationError(Exception e) =>
        e is IisConfigurationFileNotFoundException or IisConfigurationException or IisSiteNotFoundException
            or IisSharedConfigurationUnavailableException or UnauthorizedAccessException;

    /// <summary>The error for a failure to read applicationHost.config or to find a site in it.</summary>
    internal static ErrorRecord IisConfiguration(Exception e, string? path, string? site) => e switch
    {
        IisConfigurationFileNotFoundException => new ErrorRecord(e, "IisConfigurationNotFound", ErrorCategory.ObjectNotFound, path),
        IisConfigurationException => new ErrorRecord(e, "IisConfigurationInvalid", ErrorCategory.InvalidData, path),
        IisSiteNotFoundException => new ErrorRecord(e, "IisSiteNotFound", ErrorCategory.ObjectNotFound, site),
        IisSharedConfigurationUnavailableException shared => new ErrorRecord(e, "IisSharedConfigurationUnavailable", ErrorCategory.ResourceUnavailable, shared.FilePath ?? path)
        {
            ErrorDetails = new ErrorDetails(e.Message)
            {
                RecommendedAction = "Make the share reachable from this computer, or pass a copy of the shared applicationHost.config with -ConfigurationPath.",
            },
        },
        IisConfigurationAccessDeniedException denied => new ErrorRecord(e, "IisConfigurationAccessDenied", ErrorCategory.PermissionDenied, denied.FilePath ?? path)
        {
            ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = denied.RecommendedAction },
        },
        _ => new ErrorRecord(e, "IisConfigurationAccessDenied", ErrorCategory.PermissionDenied, path)
        {
            ErrorDetails = new ErrorDetails($"{Printable(path)} cannot be read: {e.Message} Reading IIS's configuration needs an elevated session (Run as Administrator).")
            {
                RecommendedAction = "Run PowerShell elevated, or copy applicationHost.config somewhere readable and pass it with -ConfigurationPath.",
            },
        },
    };

    /// <summary>The Win32 DLLs (or an entry point in them) cannot be loaded: not Windows, or a stripped-down one.</summary>
    internal static bool IsMissingWindows(Exception e) => e is DllNotFoundException or EntryPointNotFoundException;

    internal static ErrorRecord WindowsRequired(Exception e) =>
        new(
            new PlatformNotSupportedException("IisLogonTools needs Windows: it calls advapi32.dll, authz.dll and netapi32.dll (LSA, LogonUser, AuthZ), which this system does not have. Run it on the Windows server that hosts IIS, or remotely with Invoke-Command.", e),
            "WindowsRequired",
            ErrorCategory.NotImplemented,
            null);

    /// <summary>A path with characters no Windows file name holds; checked before any .NET path API (see <see cref="PathValidation"/>).</summary>
    internal static ErrorRecord InvalidPath(string path, string problem, string errorId) =>
        new(
            new ArgumentException($"'{Printable(path)}' cannot be a file path. {problem}"),
            errorId,
            ErrorCategory.InvalidArgument,
            path);

    internal static ErrorRecord LogPathNotFound(string path, string? detail = null) =>
        new(
            new ItemNotFoundException($"The log path '{Printable(path)}' does not exist{(detail is null ? "." : " (" + detail + ").")} Check the path; for a site, check its logFile directory in applicationHost.config and that logging is enabled."),
            "LogPathNotFound",
            ErrorCategory.ObjectNotFound,
            path);

    internal static ErrorRecord LogFileAccessDenied(string path, Exception e) =>
        new(
            new UnauthorizedAccessException($"The log file '{Printable(path)}' cannot be read: {e.Message} Run PowerShell elevated, or as an account that may read the IIS log folder.", e),
            "LogFileAccessDenied",
            ErrorCategory.PermissionDenied,
            path);

    internal static ErrorRecord LogFileUnreadable(string path, Exception e) =>
        new(
            new System.IO.IOException($"The log file '{Printable(path)}' could not be read: {e.Message} The scan goes on with the next file.", e),
            "LogFileUnreadable",
            ErrorCategory.ReadError,
            path);

    internal static ErrorRecord LogFileCorrupt(string path, Exception e) =>
        new(
            new System.IO.InvalidDataException($"The log file '{Printable(path)}' looks gzip-compressed but cannot be decompressed: {e.Message} Lines read before the damage were counted.", e),
            "LogFileCorrupt",
            ErrorCategory.InvalidData,
            path);

    internal static ErrorRecord NotW3CLog(string path) =>
        new(
            new System.IO.InvalidDataException($"'{Printable(path)}' is not a W3C extended log: it holds binary data and no #Fields: directive. Point -Path at the site's u_ex*.log files."),
            "NotW3CLog",
            ErrorCategory.InvalidData,
            path);

    internal static ErrorRecord W3CHeaderMissing(string path, long lines) =>
        new(
            new System.IO.InvalidDataException($"'{Printable(path)}' has {lines} data line(s) but no #Fields: directive, so the order of its fields is unknown and they were skipped. IIS writes the directive at the top of every log; the file may be a fragment or another log format (IIS, NCSA)."),
            "W3CHeaderMissing",
            ErrorCategory.InvalidData,
            path);

    internal static ErrorRecord W3CStatusFieldMissing(string path) =>
        new(
            new System.IO.InvalidDataException($"No #Fields: directive in '{Printable(path)}' lists sc-status, so failed logons cannot be found in it. Enable the HttpStatus, HttpSubStatus and Win32Status fields (logFile logExtFileFlags) for the site."),
            "W3CStatusFieldMissing",
            ErrorCategory.InvalidData,
            path);
}

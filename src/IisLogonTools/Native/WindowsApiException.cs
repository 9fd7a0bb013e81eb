using System;
using System.Globalization;
using IisLogonTools.Diagnostics;

namespace IisLogonTools.Native;

/// <summary>A Win32, LSA or NetApi call failed. Names the function and carries the Win32 code (and the NTSTATUS for LSA).</summary>
public sealed class WindowsApiException : Exception
{
    /// <summary>Creates the exception for a call that reported a Win32 (or NetApi) error.</summary>
    public WindowsApiException(string function, int win32Error)
        : this(function, win32Error, null)
    {
    }

    /// <summary>Creates the exception for a call that reported an NTSTATUS, with its Win32 mapping.</summary>
    public WindowsApiException(string function, int win32Error, int? ntStatus)
        : base(BuildMessage(function, win32Error, ntStatus))
    {
        Function = function;
        Win32Error = win32Error;
        NtStatus = ntStatus;
    }

    /// <summary>The API that failed, for example LsaAddAccountRights.</summary>
    public string Function { get; }

    /// <summary>The Win32 error code.</summary>
    public int Win32Error { get; }

    /// <summary>The NTSTATUS an LSA function returned, if any.</summary>
    public int? NtStatus { get; }

    /// <summary>The module's own text for the error (Win32Exception has none on Linux).</summary>
    public string ErrorText => Win32ErrorText.Message(Win32Error);

    private static string BuildMessage(string function, int win32Error, int? ntStatus) => ntStatus is int status
        ? string.Format(CultureInfo.InvariantCulture, "{0} failed with {1} (0x{2:X8}): {3}", function, NtStatusText.Name(status), status, Win32ErrorText.Message(win32Error))
        : string.Format(CultureInfo.InvariantCulture, "{0} failed with {1} ({2}): {3}", function, Win32ErrorText.Name(win32Error), win32Error, Win32ErrorText.Message(win32Error));
}

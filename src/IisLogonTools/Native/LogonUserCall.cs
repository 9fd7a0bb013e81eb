using System;
using System.Runtime.InteropServices;
using System.Security;
using IisLogonTools.Security;

namespace IisLogonTools.Native;

/// <summary>One LogonUserW attempt.</summary>
internal static class LogonUserCall
{
    private const int Logon32ProviderDefault = 0;

    /// <summary>
    /// Logs on once and closes the token at once. Returns 0 or the Win32 error. Never retries: every failed
    /// attempt counts toward the account lockout threshold. The password lives unmanaged only for the call,
    /// then is zeroed and freed.
    /// </summary>
    internal static int TryLogon(string userName, string? domain, SecureString? password, LogonType logonType)
    {
        var unmanagedPassword = IntPtr.Zero;
        try
        {
            if (password is not null)
            {
                unmanagedPassword = Marshal.SecureStringToGlobalAllocUnicode(password);
            }

            var ok = Advapi32.LogonUserW(userName, domain, unmanagedPassword, (int)logonType, Logon32ProviderDefault, out var token);
            var error = ok ? 0 : Marshal.GetLastWin32Error();
            token.Dispose();
            return error;
        }
        finally
        {
            if (unmanagedPassword != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(unmanagedPassword);
            }
        }
    }
}

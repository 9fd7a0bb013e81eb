using System;
using System.Runtime.InteropServices;
using System.Text;

namespace WinEmu;

/// <summary>
/// Control API of the Windows security emulator (tests/emulator). The entry points live in the same native
/// library that stands in for advapi32.dll, so this class reaches the copy the module under test loads.
/// </summary>
public static class Emulator
{
    private const string Lib = "advapi32.dll";

    [DllImport(Lib, EntryPoint = "WinEmu_Seed", CallingConvention = CallingConvention.Cdecl)]
    private static extern int NativeSeed(byte[] scenarioPath, byte[] statePath);

    [DllImport(Lib, EntryPoint = "WinEmu_UseState", CallingConvention = CallingConvention.Cdecl)]
    private static extern int NativeUseState(byte[] statePath);

    [DllImport(Lib, EntryPoint = "WinEmu_ApplyPolicyRefresh", CallingConvention = CallingConvention.Cdecl)]
    private static extern int NativeApplyPolicyRefresh(byte[] policyPath);

    [DllImport(Lib, EntryPoint = "WinEmu_SetLog", CallingConvention = CallingConvention.Cdecl)]
    private static extern int NativeSetLog(byte[]? path);

    [DllImport(Lib, EntryPoint = "WinEmu_GetStatsJson", CallingConvention = CallingConvention.Cdecl)]
    private static extern int NativeGetStatsJson(byte[]? buffer, int capacity);

    [DllImport(Lib, EntryPoint = "WinEmu_ResetStats", CallingConvention = CallingConvention.Cdecl)]
    private static extern void NativeResetStats();

    [DllImport(Lib, EntryPoint = "WinEmu_CheckLogonRight", CallingConvention = CallingConvention.Cdecl)]
    private static extern int NativeCheckLogonRight(byte[] account, int logonType);

    [DllImport(Lib, EntryPoint = "LogonUserW", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern int NativeLogonUserW(string user, string? domain, string password, int logonType, int provider, out IntPtr token);

    [DllImport("kernel32.dll", EntryPoint = "CloseHandle", SetLastError = true)]
    private static extern int NativeCloseHandle(IntPtr handle);

    [DllImport(Lib, EntryPoint = "WinEmu_LastError", CallingConvention = CallingConvention.Cdecl)]
    private static extern IntPtr NativeLastError();

    /// <summary>Converts a scenario (may hold passwords) into a state file and makes this process use it.</summary>
    public static void Seed(string scenarioPath, string statePath)
    {
        if (NativeSeed(Utf8(scenarioPath), Utf8(statePath)) != 0)
        {
            throw new InvalidOperationException("WinEmu_Seed failed: " + LastError());
        }
    }

    /// <summary>
    /// The rights step of LogonUserW (the emulator's token model) for an account of the local computer given by
    /// name or SID, also for accounts without a password (SYSTEM, NETWORK SERVICE, IIS APPPOOL\x) and for
    /// SECURITY_LOGON_TYPE 10 (RemoteInteractive): true when the logon right is granted and not denied.
    /// </summary>
    public static bool CheckLogonRight(string account, int logonType)
    {
        var rc = NativeCheckLogonRight(Utf8(account), logonType);
        if (rc < 0)
        {
            throw new InvalidOperationException("WinEmu_CheckLogonRight failed: " + LastError());
        }

        return rc == 1;
    }

    /// <summary>
    /// One LogonUserW call (default provider), as an independent observer of the emulated logon: 0 when it succeeds
    /// (the token is closed at once), else the Win32 error, for example 1385 ERROR_LOGON_TYPE_NOT_GRANTED.
    /// </summary>
    public static int LogonUser(string user, string? domain, string password, int logonType)
    {
        if (NativeLogonUserW(user, domain, password, logonType, 0, out var token) != 0)
        {
            NativeCloseHandle(token);
            return 0;
        }

        return Marshal.GetLastWin32Error();
    }

    /// <summary>Makes this process read and write the given state file.</summary>
    public static void UseState(string statePath)
    {
        if (NativeUseState(Utf8(statePath)) != 0)
        {
            throw new InvalidOperationException("WinEmu_UseState failed: " + LastError());
        }
    }

    /// <summary>
    /// Applies a policy as a Group Policy refresh would: each right in the policy file gets exactly the policy's
    /// account list on the computer; other rights keep their local assignment. A bad policy changes nothing.
    /// </summary>
    public static void ApplyPolicyRefresh(string policyPath)
    {
        if (NativeApplyPolicyRefresh(Utf8(policyPath)) != 0)
        {
            throw new InvalidOperationException("WinEmu_ApplyPolicyRefresh failed: " + LastError());
        }
    }

    /// <summary>Appends one line per emulated call to the given file (null or empty turns logging off).</summary>
    public static void SetLog(string? path)
    {
        if (NativeSetLog(string.IsNullOrEmpty(path) ? null : Utf8(path!)) != 0)
        {
            throw new InvalidOperationException("WinEmu_SetLog failed: " + LastError());
        }
    }

    /// <summary>Per-process call, leak and misuse counters as JSON.</summary>
    public static string StatsJson()
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var need = NativeGetStatsJson(null, 0);
            var buffer = new byte[need + 256];
            var got = NativeGetStatsJson(buffer, buffer.Length);
            if (got <= buffer.Length)
            {
                return Encoding.UTF8.GetString(buffer, 0, Math.Max(0, got - 1));
            }
        }
        throw new InvalidOperationException("WinEmu_GetStatsJson kept growing");
    }

    /// <summary>Resets call and misuse counters; outstanding handles and allocations are kept.</summary>
    public static void ResetStats() => NativeResetStats();

    private static byte[] Utf8(string s)
    {
        if (s is null)
        {
            throw new ArgumentNullException(nameof(s));
        }
        var bytes = Encoding.UTF8.GetBytes(s);
        var z = new byte[bytes.Length + 1];
        Buffer.BlockCopy(bytes, 0, z, 0, bytes.Length);
        return z;
    }

    private static string LastError()
    {
        var p = NativeLastError();
        if (p == IntPtr.Zero)
        {
            return string.Empty;
        }
        var len = 0;
        while (Marshal.ReadByte(p, len) != 0)
        {
            len++;
        }
        var bytes = new byte[len];
        Marshal.Copy(p, bytes, 0, len);
        return Encoding.UTF8.GetString(bytes);
    }
}

using System.Runtime.InteropServices;
using System.Text;

namespace WinEmu.Tests;

[StructLayout(LayoutKind.Sequential)]
public struct LSA_UNICODE_STRING
{
    public ushort Length;
    public ushort MaximumLength;
    public IntPtr Buffer;
}

[StructLayout(LayoutKind.Sequential)]
public struct LUID
{
    public uint LowPart;
    public int HighPart;
}

/// <summary>Exact Windows x64 signatures, as the module declares them.</summary>
internal static class Native
{
    [DllImport("advapi32.dll", EntryPoint = "LogonUserW", CharSet = CharSet.Unicode, SetLastError = true)]
    public static extern int LogonUserW(string? user, string? domain, string? password, int type, int provider, out IntPtr token);

    [DllImport("kernel32.dll", SetLastError = true)]
    public static extern int CloseHandle(IntPtr handle);

    [DllImport("advapi32.dll")]
    public static extern int LsaOpenPolicy(IntPtr systemName, IntPtr objectAttributes, uint access, out IntPtr handle);

    [DllImport("advapi32.dll")]
    public static extern int LsaClose(IntPtr handle);

    [DllImport("advapi32.dll")]
    public static extern int LsaAddAccountRights(IntPtr handle, byte[]? sid, LSA_UNICODE_STRING[]? rights, uint count);

    [DllImport("advapi32.dll")]
    public static extern int LsaRemoveAccountRights(IntPtr handle, byte[]? sid, [MarshalAs(UnmanagedType.U1)] bool allRights, LSA_UNICODE_STRING[]? rights, uint count);

    [DllImport("advapi32.dll")]
    public static extern int LsaEnumerateAccountRights(IntPtr handle, byte[]? sid, out IntPtr rights, out uint count);

    [DllImport("advapi32.dll")]
    public static extern int LsaEnumerateAccountsWithUserRight(IntPtr handle, LSA_UNICODE_STRING[]? right, out IntPtr buffer, out uint count);

    [DllImport("advapi32.dll")]
    public static extern int LsaLookupNames2(IntPtr handle, uint flags, uint count, LSA_UNICODE_STRING[] names, out IntPtr domains, out IntPtr sids);

    [DllImport("advapi32.dll")]
    public static extern int LsaLookupSids2(IntPtr handle, uint options, uint count, IntPtr[] sids, out IntPtr domains, out IntPtr names);

    [DllImport("advapi32.dll")]
    public static extern int LsaFreeMemory(IntPtr buffer);

    [DllImport("advapi32.dll", ExactSpelling = true)]
    public static extern int LsaQueryInformationPolicy(IntPtr policyHandle, int informationClass, out IntPtr buffer);

    [DllImport("advapi32.dll")]
    public static extern uint LsaNtStatusToWinError(int status);

    [DllImport("authz.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    public static extern int AuthzInitializeResourceManager(uint flags, IntPtr access, IntPtr compute, IntPtr free, string? name, out IntPtr rm);

    [DllImport("authz.dll", SetLastError = true)]
    public static extern int AuthzInitializeContextFromSid(uint flags, byte[]? sid, IntPtr rm, IntPtr expiration, LUID id, IntPtr dynamicArgs, out IntPtr context);

    [DllImport("authz.dll", SetLastError = true)]
    public static extern int AuthzGetInformationFromContext(IntPtr context, int infoClass, uint bufferSize, out uint sizeRequired, IntPtr buffer);

    [DllImport("authz.dll", SetLastError = true)]
    public static extern int AuthzFreeContext(IntPtr context);

    [DllImport("authz.dll", SetLastError = true)]
    public static extern int AuthzFreeResourceManager(IntPtr rm);

    [DllImport("netapi32.dll", CharSet = CharSet.Unicode)]
    public static extern uint NetUserGetLocalGroups(string? server, string? user, uint level, uint flags, out IntPtr buffer, uint prefMaxLen, out uint entriesRead, out uint totalEntries);

    [DllImport("netapi32.dll", CharSet = CharSet.Unicode)]
    public static extern uint NetLocalGroupGetMembers(string? server, string? group, uint level, out IntPtr buffer, uint prefMaxLen, out uint entriesRead, out uint totalEntries, ref UIntPtr resume);

    [DllImport("netapi32.dll", CharSet = CharSet.Unicode)]
    public static extern uint NetUserEnum(string? server, uint level, uint filter, out IntPtr buffer, uint prefMaxLen, out uint entriesRead, out uint totalEntries, ref uint resume);

    [DllImport("netapi32.dll", CharSet = CharSet.Unicode)]
    public static extern uint NetLocalGroupEnum(string? server, uint level, out IntPtr buffer, uint prefMaxLen, out uint entriesRead, out uint totalEntries, ref UIntPtr resume);

    [DllImport("netapi32.dll")]
    public static extern uint NetApiBufferFree(IntPtr buffer);
}

/// <summary>Unmanaged UTF-16 strings packed as LSA_UNICODE_STRINGs; frees them on dispose.</summary>
internal sealed class UStrings : IDisposable
{
    private readonly List<IntPtr> _mem = new();
    public LSA_UNICODE_STRING[] Items { get; }

    public UStrings(params string[] values)
    {
        Items = values.Select(Make).ToArray();
    }

    public LSA_UNICODE_STRING Make(string s)
    {
        var p = Marshal.StringToHGlobalUni(s);
        _mem.Add(p);
        return new LSA_UNICODE_STRING { Length = (ushort)(s.Length * 2), MaximumLength = (ushort)(s.Length * 2 + 2), Buffer = p };
    }

    /// <summary>One LSA_UNICODE_STRING in unmanaged memory (for SystemName).</summary>
    public IntPtr Pointer(LSA_UNICODE_STRING u)
    {
        var p = Marshal.AllocHGlobal(16);
        _mem.Add(p);
        Marshal.StructureToPtr(u, p, false);
        return p;
    }

    public IntPtr Zeroed(int size)
    {
        var p = Marshal.AllocHGlobal(size);
        _mem.Add(p);
        for (var i = 0; i < size; i++)
        {
            Marshal.WriteByte(p, i, 0);
        }
        return p;
    }

    public void Dispose()
    {
        foreach (var p in _mem)
        {
            Marshal.FreeHGlobal(p);
        }
        _mem.Clear();
    }
}

internal static class Sid
{
    public static byte[] Parse(string s)
    {
        var parts = s.Split('-');
        var ia = ulong.Parse(parts[2]);
        var n = parts.Length - 3;
        var b = new byte[8 + 4 * n];
        b[0] = 1;
        b[1] = (byte)n;
        for (var i = 0; i < 6; i++)
        {
            b[2 + i] = (byte)(ia >> (8 * (5 - i)));
        }
        for (var i = 0; i < n; i++)
        {
            BitConverter.GetBytes(uint.Parse(parts[3 + i])).CopyTo(b, 8 + 4 * i);
        }
        return b;
    }

    public static string Format(IntPtr p)
    {
        var count = Marshal.ReadByte(p, 1);
        ulong ia = 0;
        for (var i = 0; i < 6; i++)
        {
            ia = (ia << 8) | Marshal.ReadByte(p, 2 + i);
        }
        var sb = new StringBuilder("S-1-").Append(ia);
        for (var i = 0; i < count; i++)
        {
            sb.Append('-').Append((uint)Marshal.ReadInt32(p, 8 + 4 * i));
        }
        return sb.ToString();
    }

    public static string ReadUs(IntPtr usPtr)
    {
        var len = (ushort)Marshal.ReadInt16(usPtr);
        var buf = Marshal.ReadIntPtr(usPtr, 8);
        return buf == IntPtr.Zero ? "" : Marshal.PtrToStringUni(buf, len / 2);
    }
}

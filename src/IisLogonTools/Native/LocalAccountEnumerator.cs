using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace IisLogonTools.Native;

/// <summary>
/// The names of this computer's user accounts (NetUserEnum, level 0, normal accounts) and local groups
/// (NetLocalGroupEnum, level 0: the computer's own aliases and the BUILTIN ones), for argument completion. Always
/// the local computer (servername NULL): nothing here goes over the network. Every returned buffer is freed,
/// also after ERROR_MORE_DATA; the resume handle continues the enumeration.
/// </summary>
internal static class LocalAccountEnumerator
{
    private const uint MaxPreferredLength = 0xFFFFFFFF;
    private const int ErrorMoreData = 234;
    private const uint FilterNormalAccount = 0x0002;

    /// <summary>The local user account names.</summary>
    /// <exception cref="WindowsApiException">NetUserEnum failed.</exception>
    internal static IReadOnlyList<string> GetUserNames()
    {
        var names = new List<string>();
        uint resume = 0;
        while (true)
        {
            var status = Netapi32.NetUserEnum(null, 0, FilterNormalAccount, out var buffer, MaxPreferredLength, out var read, out _, ref resume);
            using (buffer)
            {
                if (status != 0 && status != ErrorMoreData)
                {
                    throw new WindowsApiException("NetUserEnum", status);
                }

                for (var i = 0; i < (int)read; i++)
                {
                    AddName(names, NativeMemory.ReadAt<USER_INFO_0>(buffer.DangerousGetHandle(), i).usri0_name);
                }

                if (status == 0 || read == 0)
                {
                    return names;
                }
            }
        }
    }

    /// <summary>The local group names (the computer's and BUILTIN's; level 0 does not say which).</summary>
    /// <exception cref="WindowsApiException">NetLocalGroupEnum failed.</exception>
    internal static IReadOnlyList<string> GetLocalGroupNames()
    {
        var names = new List<string>();
        var resume = UIntPtr.Zero;
        while (true)
        {
            var status = Netapi32.NetLocalGroupEnum(null, 0, out var buffer, MaxPreferredLength, out var read, out _, ref resume);
            using (buffer)
            {
                if (status != 0 && status != ErrorMoreData)
                {
                    throw new WindowsApiException("NetLocalGroupEnum", status);
                }

                for (var i = 0; i < (int)read; i++)
                {
                    AddName(names, NativeMemory.ReadAt<LOCALGROUP_INFO_0>(buffer.DangerousGetHandle(), i).lgrpi0_name);
                }

                if (status == 0 || read == 0)
                {
                    return names;
                }
            }
        }
    }

    private static void AddName(List<string> names, IntPtr name)
    {
        var value = name == IntPtr.Zero ? null : Marshal.PtrToStringUni(name);
        if (!string.IsNullOrEmpty(value))
        {
            names.Add(value!);
        }
    }
}

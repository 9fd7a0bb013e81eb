using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace IisLogonTools.Native;

/// <summary>
/// The local groups (aliases) of a computer an account belongs to, directly or through global groups
/// (NetUserGetLocalGroups with LG_INCLUDE_INDIRECT). Used for remote computers, where AuthZ works on this one.
/// </summary>
internal static class LocalGroupReader
{
    private const uint LgIncludeIndirect = 1;
    private const uint MaxPreferredLength = 0xFFFFFFFF;

    internal static IReadOnlyList<string> GetLocalGroupNames(string? computerName, string accountName)
    {
        var status = Netapi32.NetUserGetLocalGroups(computerName, accountName, 0, LgIncludeIndirect, out var buffer, MaxPreferredLength, out var read, out _);
        using (buffer)
        {
            if (status != 0)
            {
                throw new WindowsApiException("NetUserGetLocalGroups", status);
            }

            var names = new List<string>((int)read);
            for (var i = 0; i < (int)read; i++)
            {
                var entry = NativeMemory.ReadAt<LOCALGROUP_USERS_INFO_0>(buffer.DangerousGetHandle(), i);
                names.Add(Marshal.PtrToStringUni(entry.lgrui0_name) ?? string.Empty);
            }

            return names;
        }
    }
}

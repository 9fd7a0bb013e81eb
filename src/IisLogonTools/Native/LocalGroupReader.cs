using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using IisLogonTools.Security;

namespace IisLogonTools.Native;

/// <summary>
/// Local groups (aliases) of a computer, read through netapi32: the groups an account belongs to
/// (NetUserGetLocalGroups), and the members of a local group (NetLocalGroupGetMembers, level 0: SIDs only, so no
/// name has to be translated and well-known members such as INTERACTIVE come back as they are).
/// </summary>
internal static class LocalGroupReader
{
    private const uint LgIncludeIndirect = 1;
    private const uint MaxPreferredLength = 0xFFFFFFFF;
    private const int ErrorMoreData = 234;

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

    /// <summary>The member SIDs of a local group; ERROR_MORE_DATA is followed with the resume handle.</summary>
    internal static IReadOnlyList<Sid> GetMembers(string? computerName, string groupName)
    {
        var members = new List<Sid>();
        var resume = UIntPtr.Zero;
        while (true)
        {
            var status = Netapi32.NetLocalGroupGetMembers(computerName, groupName, 0, out var buffer, MaxPreferredLength, out var read, out _, ref resume);
            using (buffer)
            {
                if (status != 0 && status != ErrorMoreData)
                {
                    throw new WindowsApiException("NetLocalGroupGetMembers", status);
                }

                for (var i = 0; i < (int)read; i++)
                {
                    var entry = NativeMemory.ReadAt<LOCALGROUP_MEMBERS_INFO_0>(buffer.DangerousGetHandle(), i);
                    members.Add(NativeMemory.ReadSid(entry.lgrmi0_sid));
                }

                if (status == 0 || read == 0)
                {
                    return members;
                }
            }
        }
    }
}

using System;
using System.Collections.Generic;
using IisLogonTools.Security;

namespace IisLogonTools.Native;

/// <summary>
/// Members of a local group (alias) of a computer (NetLocalGroupGetMembers, level 0: SIDs only, so no name has to be
/// translated and well-known members such as INTERACTIVE come back as they are). Read once per group and session;
/// the token model then computes every account's membership from the lists, locally and remotely alike.
/// </summary>
internal static class LocalGroupReader
{
    private const uint MaxPreferredLength = 0xFFFFFFFF;
    private const int ErrorMoreData = 234;

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

using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using IisLogonTools.Security;

namespace IisLogonTools.Native;

/// <summary>
/// Expands an account's groups without its password: an AuthZ client context from the SID (S4U where available,
/// else the account object, which leaves out the logon-type groups), read with AuthzContextInfoGroupsSids.
/// </summary>
internal sealed class AuthzGroupReader : IDisposable
{
    private const uint AuthzRmFlagNoAudit = 0x1;
    private const int AuthzContextInfoGroupsSids = 2;
    private const int ErrorInsufficientBuffer = 122;

    // Large enough for a few dozen groups, so one query usually suffices; grown on ERROR_INSUFFICIENT_BUFFER.
    private const int InitialBufferSize = 4096;

    private readonly SafeAuthzResourceManagerHandle _manager;

    private AuthzGroupReader(SafeAuthzResourceManagerHandle manager)
    {
        _manager = manager;
    }

    internal static AuthzGroupReader Create()
    {
        if (!Authz.AuthzInitializeResourceManager(AuthzRmFlagNoAudit, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, null, out var manager))
        {
            var error = Marshal.GetLastWin32Error();
            manager.Dispose();
            throw new WindowsApiException("AuthzInitializeResourceManager", error);
        }

        return new AuthzGroupReader(manager);
    }

    internal IReadOnlyList<TokenGroup> GetGroups(Sid account)
    {
        if (!Authz.AuthzInitializeContextFromSid(0, account.ToBinary(), _manager, IntPtr.Zero, default, IntPtr.Zero, out var context))
        {
            var error = Marshal.GetLastWin32Error();
            context.Dispose();
            throw new WindowsApiException("AuthzInitializeContextFromSid", error);
        }

        using (context)
        {
            var size = (uint)InitialBufferSize;
            while (true)
            {
                var buffer = Marshal.AllocHGlobal((int)size);
                try
                {
                    if (Authz.AuthzGetInformationFromContext(context, AuthzContextInfoGroupsSids, size, out var required, buffer))
                    {
                        return ReadTokenGroups(buffer);
                    }

                    var error = Marshal.GetLastWin32Error();
                    if (error != ErrorInsufficientBuffer || required <= size)
                    {
                        throw new WindowsApiException("AuthzGetInformationFromContext", error);
                    }

                    size = required;
                }
                finally
                {
                    Marshal.FreeHGlobal(buffer);
                }
            }
        }
    }

    public void Dispose() => _manager.Dispose();

    private static List<TokenGroup> ReadTokenGroups(IntPtr buffer)
    {
        var count = Marshal.ReadInt32(buffer);
        var groups = new List<TokenGroup>(count);
        var array = buffer + TOKEN_GROUPS.GroupsOffset;
        for (var i = 0; i < count; i++)
        {
            var entry = NativeMemory.ReadAt<SID_AND_ATTRIBUTES>(array, i);
            groups.Add(new TokenGroup(NativeMemory.ReadSid(entry.Sid), entry.Attributes));
        }

        return groups;
    }
}

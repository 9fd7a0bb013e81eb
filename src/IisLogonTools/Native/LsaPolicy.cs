using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using IisLogonTools.Security;

namespace IisLogonTools.Native;

/// <summary>An open LSA policy on one computer, with the calls the module needs turned into managed results.</summary>
internal sealed class LsaPolicy : IDisposable
{
    /// <summary>POLICY_LOOKUP_NAMES | POLICY_VIEW_LOCAL_INFORMATION: enough to read rights and translate names.</summary>
    internal const uint ReadAccess = 0x00000801;

    /// <summary>ReadAccess | POLICY_CREATE_ACCOUNT: also grant and revoke (LsaAddAccountRights may create the account object).</summary>
    internal const uint WriteAccess = 0x00000811;

    internal const int StatusSuccess = 0;
    internal const int StatusSomeNotMapped = 0x00000107;
    internal const int StatusNoMoreEntries = unchecked((int)0x8000001A);
    internal const int StatusObjectNameNotFound = unchecked((int)0xC0000034);
    internal const int StatusNoneMapped = unchecked((int)0xC0000073);

    private const int PolicyPrimaryDomainInformation = 3;
    private const int PolicyAccountDomainInformation = 5;

    private readonly SafeLsaPolicyHandle _handle;

    private LsaPolicy(SafeLsaPolicyHandle handle, string? computerName)
    {
        _handle = handle;
        ComputerName = computerName;
    }

    /// <summary>The remote computer, or null for this computer.</summary>
    internal string? ComputerName { get; }

    internal static LsaPolicy Open(string? computerName, uint access)
    {
        var attributes = default(LSA_OBJECT_ATTRIBUTES);
        int status;
        SafeLsaPolicyHandle handle;
        if (computerName is null)
        {
            status = Advapi32.LsaOpenPolicy(IntPtr.Zero, ref attributes, access, out handle);
        }
        else
        {
            using var name = new NativeMemory.UnicodeStrings(computerName);
            var pinned = GCHandle.Alloc(name.Strings, GCHandleType.Pinned);
            try
            {
                status = Advapi32.LsaOpenPolicy(pinned.AddrOfPinnedObject(), ref attributes, access, out handle);
            }
            finally
            {
                pinned.Free();
            }
        }

        if (status != StatusSuccess)
        {
            handle.Dispose();
            throw Fail("LsaOpenPolicy", status);
        }

        return new LsaPolicy(handle, computerName);
    }

    /// <summary>The computer's own account domain (its name as LSA knows it, and its SID).</summary>
    internal AccountLookup QueryAccountDomain()
    {
        var status = Advapi32.LsaQueryInformationPolicy(_handle, PolicyAccountDomainInformation, out var buffer);
        using (buffer)
        {
            if (status != StatusSuccess)
            {
                throw Fail("LsaQueryInformationPolicy", status);
            }

            var info = Marshal.PtrToStructure<POLICY_ACCOUNT_DOMAIN_INFO>(buffer.DangerousGetHandle());
            var sid = info.DomainSid == IntPtr.Zero ? null : NativeMemory.ReadSid(info.DomainSid);
            return new AccountLookup(sid, null, NativeMemory.ReadString(info.DomainName), SidNameUse.Domain);
        }
    }

    /// <summary>The domain the computer is joined to; a null SID for a workgroup computer.</summary>
    internal AccountLookup QueryPrimaryDomain()
    {
        var status = Advapi32.LsaQueryInformationPolicy(_handle, PolicyPrimaryDomainInformation, out var buffer);
        using (buffer)
        {
            if (status != StatusSuccess)
            {
                throw Fail("LsaQueryInformationPolicy", status);
            }

            var info = Marshal.PtrToStructure<POLICY_PRIMARY_DOMAIN_INFO>(buffer.DangerousGetHandle());
            var sid = info.Sid == IntPtr.Zero ? null : NativeMemory.ReadSid(info.Sid);
            return new AccountLookup(sid, null, NativeMemory.ReadString(info.Name), SidNameUse.Domain);
        }
    }

    /// <summary>Accounts that hold the right directly (not through groups). Nobody: an empty list.</summary>
    internal IReadOnlyList<Sid> EnumerateAccountsWithRight(string right)
    {
        using var names = new NativeMemory.UnicodeStrings(right);
        var status = Advapi32.LsaEnumerateAccountsWithUserRight(_handle, ref names.Strings[0], out var buffer, out var count);
        using (buffer)
        {
            if (status == StatusNoMoreEntries)
            {
                return Array.Empty<Sid>();
            }

            if (status != StatusSuccess)
            {
                throw Fail("LsaEnumerateAccountsWithUserRight", status);
            }

            var result = new List<Sid>((int)count);
            var start = buffer.DangerousGetHandle();
            for (var i = 0; i < (int)count; i++)
            {
                result.Add(NativeMemory.ReadSid(NativeMemory.ReadAt<LSA_ENUMERATION_INFORMATION>(start, i).Sid));
            }

            return result;
        }
    }

    /// <summary>Adds one right to an account. Already held: LSA ignores it.</summary>
    internal void AddRight(Sid account, string right)
    {
        using var rights = new NativeMemory.UnicodeStrings(right);
        var status = Advapi32.LsaAddAccountRights(_handle, account.ToBinary(), rights.Strings, 1);
        if (status != StatusSuccess)
        {
            throw Fail("LsaAddAccountRights", status);
        }
    }

    /// <summary>
    /// Removes one right from an account; never AllRights, which would strip every privilege. Returns false when the
    /// account has no rights at all (STATUS_OBJECT_NAME_NOT_FOUND): someone else removed the last one meanwhile.
    /// </summary>
    internal bool RemoveRight(Sid account, string right)
    {
        using var rights = new NativeMemory.UnicodeStrings(right);
        var status = Advapi32.LsaRemoveAccountRights(_handle, account.ToBinary(), false, rights.Strings, 1);
        if (status == StatusObjectNameNotFound)
        {
            return false;
        }

        if (status != StatusSuccess)
        {
            throw Fail("LsaRemoveAccountRights", status);
        }

        return true;
    }

    /// <summary>Translates names in one call; each result says whether it resolved.</summary>
    internal IReadOnlyList<AccountLookup> LookupNames(IReadOnlyList<string> names)
    {
        var result = new List<AccountLookup>(names.Count);
        if (names.Count == 0)
        {
            return result;
        }

        var copy = new string[names.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = names[i];
        }

        using var strings = new NativeMemory.UnicodeStrings(copy);
        var status = Advapi32.LsaLookupNames2(_handle, 0, (uint)copy.Length, strings.Strings, out var domains, out var sids);
        using (domains)
        using (sids)
        {
            if (status is not (StatusSuccess or StatusSomeNotMapped or StatusNoneMapped))
            {
                throw Fail("LsaLookupNames2", status);
            }

            var domainNames = ReadDomains(domains);
            for (var i = 0; i < copy.Length; i++)
            {
                if (status == StatusNoneMapped || sids.IsInvalid)
                {
                    result.Add(new AccountLookup(null, null, null, SidNameUse.Unknown));
                    continue;
                }

                var t = NativeMemory.ReadAt<LSA_TRANSLATED_SID2>(sids.DangerousGetHandle(), i);
                var use = (SidNameUse)t.Use;
                if (use is SidNameUse.Unknown or SidNameUse.Invalid || t.Sid == IntPtr.Zero)
                {
                    result.Add(new AccountLookup(null, null, null, use));
                    continue;
                }

                var sid = NativeMemory.ReadSid(t.Sid);
                result.Add(new AccountLookup(sid, DomainAt(domainNames, t.DomainIndex), null, use));
            }
        }

        return result;
    }

    /// <summary>Translates SIDs in one call; unresolvable SIDs come back unresolved, never as an error.</summary>
    internal IReadOnlyList<AccountLookup> LookupSids(IReadOnlyList<Sid> sids)
    {
        var result = new List<AccountLookup>(sids.Count);
        if (sids.Count == 0)
        {
            return result;
        }

        var pointers = new IntPtr[sids.Count];
        try
        {
            for (var i = 0; i < pointers.Length; i++)
            {
                var binary = sids[i].ToBinary();
                pointers[i] = Marshal.AllocHGlobal(binary.Length);
                Marshal.Copy(binary, 0, pointers[i], binary.Length);
            }

            var status = Advapi32.LsaLookupSids2(_handle, 0, (uint)pointers.Length, pointers, out var domains, out var names);
            using (domains)
            using (names)
            {
                if (status is not (StatusSuccess or StatusSomeNotMapped or StatusNoneMapped))
                {
                    throw Fail("LsaLookupSids2", status);
                }

                var domainNames = ReadDomains(domains);
                for (var i = 0; i < pointers.Length; i++)
                {
                    if (status == StatusNoneMapped || names.IsInvalid)
                    {
                        result.Add(new AccountLookup(sids[i], null, null, SidNameUse.Unknown));
                        continue;
                    }

                    var t = NativeMemory.ReadAt<LSA_TRANSLATED_NAME>(names.DangerousGetHandle(), i);
                    var use = (SidNameUse)t.Use;
                    result.Add(use is SidNameUse.Unknown or SidNameUse.Invalid
                        ? new AccountLookup(sids[i], null, null, use)
                        : new AccountLookup(sids[i], DomainAt(domainNames, t.DomainIndex), NativeMemory.ReadString(t.Name), use));
                }
            }
        }
        finally
        {
            foreach (var p in pointers)
            {
                if (p != IntPtr.Zero)
                {
                    Marshal.FreeHGlobal(p);
                }
            }
        }

        return result;
    }

    public void Dispose() => _handle.Dispose();

    internal static WindowsApiException Fail(string function, int status) =>
        new(function, Advapi32.LsaNtStatusToWinError(status), status);

    private static string[] ReadDomains(SafeLsaMemoryHandle domains)
    {
        if (domains.IsInvalid)
        {
            return Array.Empty<string>();
        }

        var list = Marshal.PtrToStructure<LSA_REFERENCED_DOMAIN_LIST>(domains.DangerousGetHandle());
        var result = new string[list.Entries];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = NativeMemory.ReadString(NativeMemory.ReadAt<LSA_TRUST_INFORMATION>(list.Domains, i).Name);
        }

        return result;
    }

    private static string? DomainAt(string[] domains, int index) =>
        index >= 0 && index < domains.Length ? domains[index] : null;
}

using System;
using System.Runtime.InteropServices;

namespace IisLogonTools.Native;

// One spelling per DLL, lower case: on Linux the emulator is found by exactly this name plus ".so".

internal static class Advapi32
{
    private const string Dll = "advapi32.dll";

    [DllImport(Dll, ExactSpelling = true, SetLastError = true, CharSet = CharSet.Unicode)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static extern bool LogonUserW(string lpszUsername, string? lpszDomain, IntPtr lpszPassword, int dwLogonType, int dwLogonProvider, out SafeTokenHandle phToken);

    [DllImport(Dll, ExactSpelling = true)]
    internal static extern int LsaOpenPolicy(IntPtr systemName, ref LSA_OBJECT_ATTRIBUTES objectAttributes, uint desiredAccess, out SafeLsaPolicyHandle policyHandle);

    [DllImport(Dll, ExactSpelling = true)]
    internal static extern int LsaClose(IntPtr policyHandle);

    [DllImport(Dll, ExactSpelling = true)]
    internal static extern int LsaAddAccountRights(SafeLsaPolicyHandle policyHandle, byte[] accountSid, LSA_UNICODE_STRING[] userRights, uint countOfRights);

    [DllImport(Dll, ExactSpelling = true)]
    internal static extern int LsaRemoveAccountRights(SafeLsaPolicyHandle policyHandle, byte[] accountSid, [MarshalAs(UnmanagedType.U1)] bool allRights, LSA_UNICODE_STRING[] userRights, uint countOfRights);

    [DllImport(Dll, ExactSpelling = true)]
    internal static extern int LsaEnumerateAccountsWithUserRight(SafeLsaPolicyHandle policyHandle, ref LSA_UNICODE_STRING userRight, out SafeLsaMemoryHandle buffer, out uint countReturned);

    [DllImport(Dll, ExactSpelling = true)]
    internal static extern int LsaLookupNames2(SafeLsaPolicyHandle policyHandle, uint flags, uint count, LSA_UNICODE_STRING[] names, out SafeLsaMemoryHandle referencedDomains, out SafeLsaMemoryHandle sids);

    [DllImport(Dll, ExactSpelling = true)]
    internal static extern int LsaLookupSids2(SafeLsaPolicyHandle policyHandle, uint lookupOptions, uint count, IntPtr[] sids, out SafeLsaMemoryHandle referencedDomains, out SafeLsaMemoryHandle names);

    [DllImport(Dll, ExactSpelling = true)]
    internal static extern int LsaQueryInformationPolicy(SafeLsaPolicyHandle policyHandle, int informationClass, out SafeLsaMemoryHandle buffer);

    [DllImport(Dll, ExactSpelling = true)]
    internal static extern int LsaFreeMemory(IntPtr buffer);

    [DllImport(Dll, ExactSpelling = true)]
    internal static extern int LsaNtStatusToWinError(int status);
}

internal static class Kernel32
{
    private const string Dll = "kernel32.dll";

    [DllImport(Dll, ExactSpelling = true, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static extern bool CloseHandle(IntPtr handle);
}

internal static class Authz
{
    private const string Dll = "authz.dll";

    [DllImport(Dll, ExactSpelling = true, SetLastError = true, CharSet = CharSet.Unicode)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static extern bool AuthzInitializeResourceManager(uint flags, IntPtr pfnDynamicAccessCheck, IntPtr pfnComputeDynamicGroups, IntPtr pfnFreeDynamicGroups, string? szResourceManagerName, out SafeAuthzResourceManagerHandle phAuthzResourceManager);

    [DllImport(Dll, ExactSpelling = true, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static extern bool AuthzInitializeContextFromSid(uint flags, byte[] userSid, SafeAuthzResourceManagerHandle hAuthzResourceManager, IntPtr pExpirationTime, LUID identifier, IntPtr dynamicGroupArgs, out SafeAuthzContextHandle phAuthzClientContext);

    [DllImport(Dll, ExactSpelling = true, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static extern bool AuthzGetInformationFromContext(SafeAuthzContextHandle hAuthzClientContext, int infoClass, uint bufferSize, out uint pSizeRequired, IntPtr buffer);

    [DllImport(Dll, ExactSpelling = true, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static extern bool AuthzFreeContext(IntPtr hAuthzClientContext);

    [DllImport(Dll, ExactSpelling = true, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static extern bool AuthzFreeResourceManager(IntPtr hAuthzResourceManager);
}

internal static class Netapi32
{
    private const string Dll = "netapi32.dll";

    [DllImport(Dll, ExactSpelling = true, CharSet = CharSet.Unicode)]
    internal static extern int NetLocalGroupGetMembers(string? servername, string localgroupname, uint level, out SafeNetApiBufferHandle bufptr, uint prefmaxlen, out uint entriesread, out uint totalentries, ref UIntPtr resumehandle);

    [DllImport(Dll, ExactSpelling = true, CharSet = CharSet.Unicode)]
    internal static extern int NetUserEnum(string? servername, uint level, uint filter, out SafeNetApiBufferHandle bufptr, uint prefmaxlen, out uint entriesread, out uint totalentries, ref uint resumeHandle);

    [DllImport(Dll, ExactSpelling = true, CharSet = CharSet.Unicode)]
    internal static extern int NetLocalGroupEnum(string? servername, uint level, out SafeNetApiBufferHandle bufptr, uint prefmaxlen, out uint entriesread, out uint totalentries, ref UIntPtr resumehandle);

    [DllImport(Dll, ExactSpelling = true)]
    internal static extern int NetApiBufferFree(IntPtr buffer);
}

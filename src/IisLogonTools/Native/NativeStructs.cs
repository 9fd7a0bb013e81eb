using System;
using System.Runtime.InteropServices;

namespace IisLogonTools.Native;

// Layouts follow ntsecapi.h / lsalookup.h / winnt.h / authz.h / lmaccess.h (x64 and x86 both come from Sequential
// layout with natural alignment); a test compares them with the mingw-w64 headers.

/// <summary>LSA_UNICODE_STRING: lengths in bytes, Length without a terminator.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LSA_UNICODE_STRING
{
    public ushort Length;
    public ushort MaximumLength;
    public IntPtr Buffer;
}

/// <summary>LSA_OBJECT_ATTRIBUTES: every member must be zero for LsaOpenPolicy.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LSA_OBJECT_ATTRIBUTES
{
    public uint Length;
    public IntPtr RootDirectory;
    public IntPtr ObjectName;
    public uint Attributes;
    public IntPtr SecurityDescriptor;
    public IntPtr SecurityQualityOfService;
}

[StructLayout(LayoutKind.Sequential)]
internal struct LSA_ENUMERATION_INFORMATION
{
    public IntPtr Sid;
}

[StructLayout(LayoutKind.Sequential)]
internal struct LSA_TRANSLATED_SID2
{
    public int Use;
    public IntPtr Sid;
    public int DomainIndex;
    public uint Flags;
}

[StructLayout(LayoutKind.Sequential)]
internal struct LSA_TRANSLATED_NAME
{
    public int Use;
    public LSA_UNICODE_STRING Name;
    public int DomainIndex;
}

[StructLayout(LayoutKind.Sequential)]
internal struct LSA_TRUST_INFORMATION
{
    public LSA_UNICODE_STRING Name;
    public IntPtr Sid;
}

[StructLayout(LayoutKind.Sequential)]
internal struct LSA_REFERENCED_DOMAIN_LIST
{
    public uint Entries;
    public IntPtr Domains;
}

[StructLayout(LayoutKind.Sequential)]
internal struct POLICY_ACCOUNT_DOMAIN_INFO
{
    public LSA_UNICODE_STRING DomainName;
    public IntPtr DomainSid;
}

[StructLayout(LayoutKind.Sequential)]
internal struct POLICY_PRIMARY_DOMAIN_INFO
{
    public LSA_UNICODE_STRING Name;
    public IntPtr Sid;
}

[StructLayout(LayoutKind.Sequential)]
internal struct SID_AND_ATTRIBUTES
{
    public IntPtr Sid;
    public uint Attributes;
}

/// <summary>TOKEN_GROUPS header; the SID_AND_ATTRIBUTES array follows at <see cref="GroupsOffset"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TOKEN_GROUPS
{
    public uint GroupCount;
    public SID_AND_ATTRIBUTES Groups;

    public static int GroupsOffset => Marshal.OffsetOf<TOKEN_GROUPS>(nameof(Groups)).ToInt32();
}

[StructLayout(LayoutKind.Sequential)]
internal struct LUID
{
    public uint LowPart;
    public int HighPart;
}


/// <summary>LOCALGROUP_MEMBERS_INFO_0 (lmaccess.h): the member's SID.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LOCALGROUP_MEMBERS_INFO_0
{
    public IntPtr lgrmi0_sid;
}

/// <summary>USER_INFO_0 (lmaccess.h): NetUserEnum level 0, the account name.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct USER_INFO_0
{
    public IntPtr usri0_name;
}

/// <summary>LOCALGROUP_INFO_0 (lmaccess.h): NetLocalGroupEnum level 0, the group name.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LOCALGROUP_INFO_0
{
    public IntPtr lgrpi0_name;
}

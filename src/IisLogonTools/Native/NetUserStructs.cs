using System;
using System.Runtime.InteropServices;

namespace IisLogonTools.Native;

// Layouts follow lmaccess.h and dsgetdc.h (Microsoft Learn USER_INFO_4, DOMAIN_CONTROLLER_INFOW); the layout
// conformance test compares them with the mingw-w64 headers.

/// <summary>USER_INFO_4: NetUserGetInfo level 4. usri4_password is always NULL on return.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct USER_INFO_4
{
    public IntPtr usri4_name;
    public IntPtr usri4_password;
    public uint usri4_password_age;
    public uint usri4_priv;
    public IntPtr usri4_home_dir;
    public IntPtr usri4_comment;
    public uint usri4_flags;
    public IntPtr usri4_script_path;
    public uint usri4_auth_flags;
    public IntPtr usri4_full_name;
    public IntPtr usri4_usr_comment;
    public IntPtr usri4_parms;
    public IntPtr usri4_workstations;
    public uint usri4_last_logon;
    public uint usri4_last_logoff;
    public uint usri4_acct_expires;
    public uint usri4_max_storage;
    public uint usri4_units_per_week;
    public IntPtr usri4_logon_hours;
    public uint usri4_bad_pw_count;
    public uint usri4_num_logons;
    public IntPtr usri4_logon_server;
    public uint usri4_country_code;
    public uint usri4_code_page;
    public IntPtr usri4_user_sid;
    public uint usri4_primary_group_id;
    public IntPtr usri4_profile;
    public IntPtr usri4_home_dir_drive;
    public uint usri4_password_expired;
}

/// <summary>A GUID as laid out in memory: 16 bytes with 4-byte alignment (so no 8-byte member).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DsGuid
{
    public uint Data1;
    public ushort Data2;
    public ushort Data3;
    public uint Data4Low;
    public uint Data4High;
}

/// <summary>DOMAIN_CONTROLLER_INFOW from DsGetDcNameW; one buffer freed with NetApiBufferFree.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DOMAIN_CONTROLLER_INFOW
{
    public IntPtr DomainControllerName;
    public IntPtr DomainControllerAddress;
    public uint DomainControllerAddressType;
    public DsGuid DomainGuid;
    public IntPtr DomainName;
    public IntPtr DnsForestName;
    public uint Flags;
    public IntPtr DcSiteName;
    public IntPtr ClientSiteName;
}

/// <summary>USER_MODALS_INFO_3: the lockout policy of a SAM or domain (NetUserModalsGet level 3), in seconds.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct USER_MODALS_INFO_3
{
    public uint usrmod3_lockout_duration;
    public uint usrmod3_lockout_observation_window;
    public uint usrmod3_lockout_threshold;
}

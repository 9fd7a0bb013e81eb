using System;
using System.Runtime.InteropServices;
using IisLogonTools.Diagnostics;

namespace IisLogonTools.Native;

internal static class NetapiAccounts
{
    private const string Dll = "netapi32.dll";

    [DllImport(Dll, ExactSpelling = true, CharSet = CharSet.Unicode)]
    internal static extern int NetUserGetInfo(string? servername, string username, uint level, out SafeNetApiBufferHandle bufptr);

    [DllImport(Dll, ExactSpelling = true, CharSet = CharSet.Unicode)]
    internal static extern int NetUserModalsGet(string? servername, uint level, out SafeNetApiBufferHandle bufptr);

    [DllImport(Dll, ExactSpelling = true, CharSet = CharSet.Unicode)]
    internal static extern int DsGetDcNameW(string? computerName, string? domainName, IntPtr domainGuid, string? siteName, uint flags, out SafeNetApiBufferHandle domainControllerInfo);
}

/// <summary>
/// Reads what a logon checks in an account without logging on: NetUserGetInfo level 4 on this computer or on a
/// domain controller, which DsGetDcNameW locates. Neither call touches the bad-password count.
/// </summary>
internal static class NetUserReader
{
    /// <summary>DS_PDC_REQUIRED: lockout is replicated urgently to the PDC emulator, so it has the current answer.</summary>
    internal const uint DsPdcRequired = 0x80;

    private const uint Level = 4;
    private const uint TimeqForever = 0xFFFFFFFF;

    /// <summary>The account's stored state. <paramref name="server"/> null = this computer.</summary>
    /// <exception cref="WindowsApiException">NetUserGetInfo failed (2221 unknown user, 5 access denied, 53/1722 server unreachable...).</exception>
    internal static AccountStateData GetUser(string? server, string userName)
    {
        var status = NetapiAccounts.NetUserGetInfo(server, userName, Level, out var buffer);
        using (buffer)
        {
            if (status != 0)
            {
                throw new WindowsApiException("NetUserGetInfo", status);
            }

            var p = buffer.DangerousGetHandle();
            var info = Marshal.PtrToStructure<USER_INFO_4>(p);
            var units = (int)info.usri4_units_per_week;
            byte[]? hours = null;
            if (info.usri4_logon_hours != IntPtr.Zero && units > 0)
            {
                hours = new byte[(units + 7) / 8];
                Marshal.Copy(info.usri4_logon_hours, hours, 0, hours.Length);
            }

            return new AccountStateData
            {
                Name = Marshal.PtrToStringUni(info.usri4_name) ?? userName,
                Sid = info.usri4_user_sid == IntPtr.Zero ? null : NativeMemory.ReadSid(info.usri4_user_sid).ToString(),
                Flags = info.usri4_flags,
                AccountExpires = info.usri4_acct_expires == TimeqForever ? null : DateTimeOffset.FromUnixTimeSeconds(info.usri4_acct_expires).UtcDateTime,
                UnitsPerWeek = units,
                LogonHours = hours,
                Workstations = Marshal.PtrToStringUni(info.usri4_workstations) ?? string.Empty,
                BadPasswordCount = (int)info.usri4_bad_pw_count,
                PasswordExpired = info.usri4_password_expired != 0,
                PasswordAgeSeconds = info.usri4_password_age,
            };
        }
    }

    /// <summary>The lockout duration in seconds (null = until an administrator unlocks) and the threshold, from NetUserModalsGet level 3.</summary>
    /// <exception cref="WindowsApiException">NetUserModalsGet failed.</exception>
    internal static (long? DurationSeconds, int Threshold) GetLockoutPolicy(string? server)
    {
        var status = NetapiAccounts.NetUserModalsGet(server, 3, out var buffer);
        using (buffer)
        {
            if (status != 0)
            {
                throw new WindowsApiException("NetUserModalsGet", status);
            }

            var info = Marshal.PtrToStructure<USER_MODALS_INFO_3>(buffer.DangerousGetHandle());

            // A duration of 0 (the policy's "0 = until an administrator unlocks it") or TIMEQ_FOREVER never ends by itself.
            var duration = info.usrmod3_lockout_duration is 0 or TimeqForever ? (long?)null : info.usrmod3_lockout_duration;
            return (duration, (int)info.usrmod3_lockout_threshold);
        }
    }

    /// <summary>The name of a domain controller of <paramref name="domain"/> (null = this computer's domain), with its leading backslashes.</summary>
    /// <exception cref="WindowsApiException">DsGetDcNameW failed (1355 no such domain or no DC answered).</exception>
    internal static (string DomainController, string? DomainName) LocateDomainController(string? domain, uint flags)
    {
        var status = NetapiAccounts.DsGetDcNameW(null, domain, IntPtr.Zero, null, flags, out var buffer);
        using (buffer)
        {
            if (status != 0)
            {
                throw new WindowsApiException("DsGetDcNameW", status);
            }

            var info = Marshal.PtrToStructure<DOMAIN_CONTROLLER_INFOW>(buffer.DangerousGetHandle());
            return (Marshal.PtrToStringUni(info.DomainControllerName) ?? string.Empty, Marshal.PtrToStringUni(info.DomainName));
        }
    }
}

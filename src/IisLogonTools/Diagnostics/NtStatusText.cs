using System.Collections.Generic;

namespace IisLogonTools.Diagnostics;

/// <summary>
/// Names of the NTSTATUS values the LSA calls return and that appear in Security event 4625
/// (Status/SubStatus), with the Win32 error Windows maps each to.
/// </summary>
/// <remarks>
/// Values from the Windows SDK headers; the Win32 mapping is the one <c>LsaNtStatusToWinError</c> applies
/// (taken from Microsoft's LSA return-value table and Wine's RtlNtStatusToDosError table). Three mappings
/// have no Microsoft source and are unverified: 0xC0000133 to 1398, 0xC0000413 to 1935, 0xC002001B to 1726.
/// </remarks>
public static class NtStatusText
{
    private static readonly Dictionary<int, (string Name, int Win32)> Statuses = new()
    {
        [0x00000000] = ("STATUS_SUCCESS", 0),
        [0x00000107] = ("STATUS_SOME_NOT_MAPPED", 1301),
        [unchecked((int)0x8000001A)] = ("STATUS_NO_MORE_ENTRIES", 259),
        [unchecked((int)0xC0000001)] = ("STATUS_UNSUCCESSFUL", 31),
        [unchecked((int)0xC0000008)] = ("STATUS_INVALID_HANDLE", 6),
        [unchecked((int)0xC000000D)] = ("STATUS_INVALID_PARAMETER", 87),
        [unchecked((int)0xC0000017)] = ("STATUS_NO_MEMORY", 8),
        [unchecked((int)0xC0000022)] = ("STATUS_ACCESS_DENIED", 5),
        [unchecked((int)0xC0000023)] = ("STATUS_BUFFER_TOO_SMALL", 122),
        [unchecked((int)0xC0000034)] = ("STATUS_OBJECT_NAME_NOT_FOUND", 2),
        [unchecked((int)0xC000005E)] = ("STATUS_NO_LOGON_SERVERS", 1311),
        [unchecked((int)0xC0000060)] = ("STATUS_NO_SUCH_PRIVILEGE", 1313),
        [unchecked((int)0xC0000061)] = ("STATUS_PRIVILEGE_NOT_HELD", 1314),
        [unchecked((int)0xC0000064)] = ("STATUS_NO_SUCH_USER", 1317),
        [unchecked((int)0xC000006A)] = ("STATUS_WRONG_PASSWORD", 86),
        [unchecked((int)0xC000006D)] = ("STATUS_LOGON_FAILURE", 1326),
        [unchecked((int)0xC000006E)] = ("STATUS_ACCOUNT_RESTRICTION", 1327),
        [unchecked((int)0xC000006F)] = ("STATUS_INVALID_LOGON_HOURS", 1328),
        [unchecked((int)0xC0000070)] = ("STATUS_INVALID_WORKSTATION", 1329),
        [unchecked((int)0xC0000071)] = ("STATUS_PASSWORD_EXPIRED", 1330),
        [unchecked((int)0xC0000072)] = ("STATUS_ACCOUNT_DISABLED", 1331),
        [unchecked((int)0xC0000073)] = ("STATUS_NONE_MAPPED", 1332),
        [unchecked((int)0xC0000078)] = ("STATUS_INVALID_SID", 1337),
        [unchecked((int)0xC000009A)] = ("STATUS_INSUFFICIENT_RESOURCES", 1450),
        [unchecked((int)0xC00000DA)] = ("STATUS_CANT_ACCESS_DOMAIN_INFO", 1351),
        [unchecked((int)0xC00000DC)] = ("STATUS_INVALID_SERVER_STATE", 1352),
        [unchecked((int)0xC00000DF)] = ("STATUS_NO_SUCH_DOMAIN", 1355),
        [unchecked((int)0xC0000133)] = ("STATUS_TIME_DIFFERENCE_AT_DC", 1398),
        [unchecked((int)0xC0000155)] = ("STATUS_LOGON_NOT_GRANTED", 1380),
        [unchecked((int)0xC0000158)] = ("STATUS_INTERNAL_DB_ERROR", 1383),
        [unchecked((int)0xC000015B)] = ("STATUS_LOGON_TYPE_NOT_GRANTED", 1385),
        [unchecked((int)0xC000018A)] = ("STATUS_NO_TRUST_LSA_SECRET", 1786),
        [unchecked((int)0xC000018B)] = ("STATUS_NO_TRUST_SAM_ACCOUNT", 1787),
        [unchecked((int)0xC000018C)] = ("STATUS_TRUSTED_DOMAIN_FAILURE", 1788),
        [unchecked((int)0xC000018D)] = ("STATUS_TRUSTED_RELATIONSHIP_FAILURE", 1789),
        [unchecked((int)0xC0000190)] = ("STATUS_TRUST_FAILURE", 1790),
        [unchecked((int)0xC0000192)] = ("STATUS_NETLOGON_NOT_STARTED", 1792),
        [unchecked((int)0xC0000193)] = ("STATUS_ACCOUNT_EXPIRED", 1793),
        [unchecked((int)0xC0000198)] = ("STATUS_NOLOGON_INTERDOMAIN_TRUST_ACCOUNT", 1807),
        [unchecked((int)0xC0000199)] = ("STATUS_NOLOGON_WORKSTATION_TRUST_ACCOUNT", 1808),
        [unchecked((int)0xC000019A)] = ("STATUS_NOLOGON_SERVER_TRUST_ACCOUNT", 1809),
        [unchecked((int)0xC000019B)] = ("STATUS_DOMAIN_TRUST_INCONSISTENT", 1810),
        [unchecked((int)0xC0000224)] = ("STATUS_PASSWORD_MUST_CHANGE", 1907),
        [unchecked((int)0xC0000234)] = ("STATUS_ACCOUNT_LOCKED_OUT", 1909),
        [unchecked((int)0xC0000413)] = ("STATUS_AUTHENTICATION_FIREWALL_FAILED", 1935),
        [unchecked((int)0xC0020017)] = ("RPC_NT_SERVER_UNAVAILABLE", 1722),
        [unchecked((int)0xC002001B)] = ("RPC_NT_CALL_FAILED", 1726),
    };

    /// <summary>The status values this class knows.</summary>
    public static IReadOnlyCollection<int> KnownStatuses => Statuses.Keys;

    /// <summary>The symbolic name, such as <c>STATUS_LOGON_TYPE_NOT_GRANTED</c>; for an unknown value, <c>0xXXXXXXXX</c>.</summary>
    public static string Name(int status) =>
        Statuses.TryGetValue(status, out var entry) ? entry.Name : Win32ErrorText.Hex(status);

    /// <summary>
    /// The Win32 error for a known status, or 317 (ERROR_MR_MID_NOT_FOUND) for an unknown one, which is
    /// what <c>LsaNtStatusToWinError</c> returns when no mapping exists.
    /// </summary>
    public static int ToWin32Error(int status) =>
        Statuses.TryGetValue(status, out var entry) ? entry.Win32 : 317;
}

using System.Collections.Generic;
using System.Globalization;

namespace IisLogonTools.Diagnostics;

/// <summary>
/// The module's own names and English messages for the Win32, NERR and RPC codes its calls can return.
/// </summary>
/// <remarks>
/// <c>Win32Exception</c> has no text on Linux ("Unknown error 1326") and a localised one elsewhere,
/// so messages shown to an administrator come from here. Codes and names follow the Windows SDK
/// (winerror.h, lmerr.h); the wording is this module's.
/// </remarks>
public static class Win32ErrorText
{
    private static readonly Dictionary<int, (string Name, string Message)> Codes = new()
    {
        [0] = ("ERROR_SUCCESS", "The operation completed successfully."),
        [2] = ("ERROR_FILE_NOT_FOUND", "The file or object was not found (from LSA: the account has no rights assigned)."),
        [5] = ("ERROR_ACCESS_DENIED", "Access is denied; the operation usually needs an elevated (Run as administrator) session."),
        [6] = ("ERROR_INVALID_HANDLE", "The handle is invalid or already closed."),
        [8] = ("ERROR_NOT_ENOUGH_MEMORY", "Not enough memory to complete the operation."),
        [31] = ("ERROR_GEN_FAILURE", "A device or service reported a general failure."),
        [53] = ("ERROR_BAD_NETPATH", "The network path was not found: the computer name does not resolve, or file and printer sharing (SMB) is blocked."),
        [86] = ("ERROR_INVALID_PASSWORD", "The network password is not correct."),
        [87] = ("ERROR_INVALID_PARAMETER", "A parameter passed to Windows is not valid."),
        [122] = ("ERROR_INSUFFICIENT_BUFFER", "The buffer passed to Windows is too small for the data."),
        [124] = ("ERROR_INVALID_LEVEL", "The information level requested is not valid for this call."),
        [234] = ("ERROR_MORE_DATA", "More data is available than was returned."),
        [259] = ("ERROR_NO_MORE_ITEMS", "There are no more items (for a logon right: no account holds it)."),
        [317] = ("ERROR_MR_MID_NOT_FOUND", "Windows has no message for this status code."),
        [1301] = ("ERROR_SOME_NOT_MAPPED", "Some of the account names or security IDs could not be translated."),
        [1311] = ("ERROR_NO_LOGON_SERVERS", "No logon server (domain controller) was available to check the credentials."),
        [1313] = ("ERROR_NO_SUCH_PRIVILEGE", "The privilege or right name is not known to Windows."),
        [1314] = ("ERROR_PRIVILEGE_NOT_HELD", "The calling process does not hold a privilege that this operation requires."),
        [1317] = ("ERROR_NO_SUCH_USER", "The user account does not exist."),
        [1323] = ("ERROR_WRONG_PASSWORD", "The current password given for a password change is not correct."),
        [1326] = ("ERROR_LOGON_FAILURE", "Logon failed: the user name is unknown or the password is wrong."),
        [1327] = ("ERROR_ACCOUNT_RESTRICTION", "Logon failed because of an account restriction, such as a blank password, logon-time limit or policy."),
        [1328] = ("ERROR_INVALID_LOGON_HOURS", "Logon failed: the account may not sign in at this time of day."),
        [1329] = ("ERROR_INVALID_WORKSTATION", "Logon failed: the account may not sign in to this computer."),
        [1330] = ("ERROR_PASSWORD_EXPIRED", "Logon failed: the account's password has expired."),
        [1331] = ("ERROR_ACCOUNT_DISABLED", "Logon failed: the account is disabled."),
        [1332] = ("ERROR_NONE_MAPPED", "None of the account names or security IDs could be translated."),
        [1337] = ("ERROR_INVALID_SID", "The security ID (SID) is not valid."),
        [1351] = ("ERROR_CANT_ACCESS_DOMAIN_INFO", "Configuration information could not be read from the domain controller: it is unreachable or refused access."),
        [1352] = ("ERROR_INVALID_SERVER_STATE", "The security account manager or LSA server is in a state that does not allow this operation."),
        [1355] = ("ERROR_NO_SUCH_DOMAIN", "The domain does not exist or could not be contacted."),
        [1380] = ("ERROR_LOGON_NOT_GRANTED", "Logon failed: the account has not been granted the requested logon type on this computer."),
        [1383] = ("ERROR_INTERNAL_DB_ERROR", "The local security database is inconsistent."),
        [1385] = ("ERROR_LOGON_TYPE_NOT_GRANTED", "Logon failed: the account has not been granted the requested logon type on this computer."),
        [1398] = ("ERROR_TIME_SKEW", "The clocks of this computer and the domain controller differ by too much."),
        [1450] = ("ERROR_NO_SYSTEM_RESOURCES", "Windows does not have enough resources to complete the operation."),
        [1722] = ("RPC_S_SERVER_UNAVAILABLE", "The remote computer could not be reached (RPC server unavailable)."),
        [1726] = ("RPC_S_CALL_FAILED", "A remote procedure call failed."),
        [1786] = ("ERROR_NO_TRUST_LSA_SECRET", "This computer has no secret for its domain trust: its computer account password is missing locally, so it cannot talk to its domain."),
        [1787] = ("ERROR_NO_TRUST_SAM_ACCOUNT", "The domain controller has no computer account for this computer's trust relationship."),
        [1788] = ("ERROR_TRUSTED_DOMAIN_FAILURE", "The trust between the primary domain and the trusted domain failed."),
        [1789] = ("ERROR_TRUSTED_RELATIONSHIP_FAILURE", "The trust relationship (secure channel) between this computer and its domain failed."),
        [1790] = ("ERROR_TRUST_FAILURE", "The network logon failed: the domain controller could not be used through this computer's trust."),
        [1792] = ("ERROR_NETLOGON_NOT_STARTED", "The Netlogon service is not running, so domain accounts cannot be checked on this computer."),
        [1793] = ("ERROR_ACCOUNT_EXPIRED", "Logon failed: the account has expired."),
        [1807] = ("ERROR_NOLOGON_INTERDOMAIN_TRUST_ACCOUNT", "The account is an interdomain trust account; it cannot sign in."),
        [1808] = ("ERROR_NOLOGON_WORKSTATION_TRUST_ACCOUNT", "The account is a computer (workstation trust) account; use a user account to sign in."),
        [1809] = ("ERROR_NOLOGON_SERVER_TRUST_ACCOUNT", "The account is a domain controller's computer (server trust) account; it cannot sign in."),
        [1810] = ("ERROR_DOMAIN_TRUST_INCONSISTENT", "The name or security ID of the trusted domain does not match the trust information."),
        [1907] = ("ERROR_PASSWORD_MUST_CHANGE", "Logon failed: the password must be changed before the first sign-in."),
        [1909] = ("ERROR_ACCOUNT_LOCKED_OUT", "Logon failed: the account is locked out."),
        [1935] = ("ERROR_AUTHENTICATION_FIREWALL_FAILED", "The account is not allowed to authenticate to this computer across a selective-authentication trust."),
        [2221] = ("NERR_UserNotFound", "The user name could not be found."),
        [2351] = ("NERR_InvalidComputer", "The computer name is not valid or the computer could not be found."),
        [2453] = ("NERR_DCNotFound", "No domain controller could be found for the domain."),
    };

    // SSPI SECURITY_STATUS values (winerror.h). IIS writes them into sc-win32-status for Integrated
    // (NTLM, Negotiate) authentication; as Int32 they are negative. Kept apart from KnownCodes, which are Win32 codes.
    private static readonly Dictionary<int, (string Name, string Message)> SspiCodes = new()
    {
        [unchecked((int)0x8009030C)] = ("SEC_E_LOGON_DENIED", "The logon attempt failed: Windows refused the Integrated (NTLM or Negotiate) credentials."),
        [unchecked((int)0x8009030E)] = ("SEC_E_NO_CREDENTIALS", "No credentials were available yet; for Integrated authentication this is the normal first leg of the handshake."),
        [unchecked((int)0x80090308)] = ("SEC_E_INVALID_TOKEN", "The authentication token the client sent is not valid."),
        [unchecked((int)0x80090311)] = ("SEC_E_NO_AUTHENTICATING_AUTHORITY", "No domain controller could be contacted to check the Integrated credentials."),
        [unchecked((int)0x80090322)] = ("SEC_E_WRONG_PRINCIPAL", "The Kerberos ticket was issued for a different service principal name than this server's."),
        [unchecked((int)0x80090324)] = ("SEC_E_TIME_SKEW", "The clocks of the client, this server and the domain controller differ by too much for Kerberos."),
    };

    /// <summary>The codes this class has a name and message for.</summary>
    public static IReadOnlyCollection<int> KnownCodes => Codes.Keys;

    /// <summary>Whether the code has a name and message here.</summary>
    public static bool IsKnown(int code) => Codes.ContainsKey(code);

    /// <summary>The SSPI status codes (SEC_E_*) this class has a name and message for; IIS logs them for Integrated authentication.</summary>
    public static IReadOnlyCollection<int> KnownSspiCodes => SspiCodes.Keys;

    /// <summary>Whether the code is an SSPI status (facility SSPI, <c>0x8009xxxx</c>) rather than a Win32 error.</summary>
    public static bool IsSspiStatus(int code) => (unchecked((uint)code) & 0xFFFF0000u) == 0x80090000u;

    private static bool TryGet(int code, out (string Name, string Message) entry) =>
        Codes.TryGetValue(code, out entry) || SspiCodes.TryGetValue(code, out entry);

    /// <summary>The symbolic name, such as <c>ERROR_LOGON_TYPE_NOT_GRANTED</c>; for an unknown code, its hexadecimal form (<c>0x0000XXXX</c>).</summary>
    public static string Name(int code) =>
        TryGet(code, out var entry) ? entry.Name : Hex(code);

    /// <summary>The English message; for an unknown code, <c>Windows error N (0xXXXXXXXX)</c>.</summary>
    public static string Message(int code) =>
        TryGet(code, out var entry)
            ? entry.Message
            : string.Format(CultureInfo.InvariantCulture, "Windows error {0} ({1})", unchecked((uint)code), Hex(code));

    /// <summary>Name, message and number in one line, for error records: <c>ERROR_ACCOUNT_DISABLED (1331): Logon failed: ...</c>.</summary>
    public static string Describe(int code) =>
        TryGet(code, out var entry)
            ? string.Format(CultureInfo.InvariantCulture, "{0} ({1}): {2}", entry.Name, code, entry.Message)
            : Message(code);

    internal static string Hex(int code) => "0x" + unchecked((uint)code).ToString("X8", CultureInfo.InvariantCulture);
}

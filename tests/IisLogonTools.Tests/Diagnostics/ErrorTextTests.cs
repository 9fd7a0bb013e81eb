using IisLogonTools.Diagnostics;
using Xunit;

namespace IisLogonTools.Tests.Diagnostics;

public class ErrorTextTests
{
    // §1.5 LogonUser codes, then the codes LSA, AuthZ and NetApi calls can return.
    public static TheoryData<int, string> RequiredCodes => new()
    {
        { 0, "ERROR_SUCCESS" },
        { 1326, "ERROR_LOGON_FAILURE" }, { 1327, "ERROR_ACCOUNT_RESTRICTION" }, { 1328, "ERROR_INVALID_LOGON_HOURS" },
        { 1329, "ERROR_INVALID_WORKSTATION" }, { 1330, "ERROR_PASSWORD_EXPIRED" }, { 1331, "ERROR_ACCOUNT_DISABLED" },
        { 1385, "ERROR_LOGON_TYPE_NOT_GRANTED" }, { 1380, "ERROR_LOGON_NOT_GRANTED" }, { 1907, "ERROR_PASSWORD_MUST_CHANGE" },
        { 1909, "ERROR_ACCOUNT_LOCKED_OUT" }, { 1793, "ERROR_ACCOUNT_EXPIRED" }, { 1311, "ERROR_NO_LOGON_SERVERS" },
        { 1789, "ERROR_TRUSTED_RELATIONSHIP_FAILURE" }, { 1788, "ERROR_TRUSTED_DOMAIN_FAILURE" }, { 1787, "ERROR_NO_TRUST_SAM_ACCOUNT" },
        { 1808, "ERROR_NOLOGON_WORKSTATION_TRUST_ACCOUNT" }, { 1398, "ERROR_TIME_SKEW" }, { 1935, "ERROR_AUTHENTICATION_FIREWALL_FAILED" },
        { 1314, "ERROR_PRIVILEGE_NOT_HELD" }, { 87, "ERROR_INVALID_PARAMETER" }, { 5, "ERROR_ACCESS_DENIED" },
        { 2, "ERROR_FILE_NOT_FOUND" }, { 6, "ERROR_INVALID_HANDLE" }, { 8, "ERROR_NOT_ENOUGH_MEMORY" }, { 31, "ERROR_GEN_FAILURE" },
        { 122, "ERROR_INSUFFICIENT_BUFFER" }, { 259, "ERROR_NO_MORE_ITEMS" }, { 317, "ERROR_MR_MID_NOT_FOUND" },
        { 1301, "ERROR_SOME_NOT_MAPPED" }, { 1313, "ERROR_NO_SUCH_PRIVILEGE" }, { 1317, "ERROR_NO_SUCH_USER" },
        { 1332, "ERROR_NONE_MAPPED" }, { 1337, "ERROR_INVALID_SID" }, { 1352, "ERROR_INVALID_SERVER_STATE" },
        { 1355, "ERROR_NO_SUCH_DOMAIN" }, { 1383, "ERROR_INTERNAL_DB_ERROR" }, { 1450, "ERROR_NO_SYSTEM_RESOURCES" },
        { 1722, "RPC_S_SERVER_UNAVAILABLE" }, { 1726, "RPC_S_CALL_FAILED" }, { 2221, "NERR_UserNotFound" }, { 2453, "NERR_DCNotFound" },
    };

    [Theory]
    [MemberData(nameof(RequiredCodes))]
    public void EveryRequiredCodeHasANameAndAMessage(int code, string name)
    {
        Assert.True(Win32ErrorText.IsKnown(code));
        Assert.Equal(name, Win32ErrorText.Name(code));
        var message = Win32ErrorText.Message(code);
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.EndsWith(".", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Unknown error", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void NoKnownMessageSaysUnknownError()
    {
        foreach (var code in Win32ErrorText.KnownCodes)
        {
            Assert.DoesNotContain("Unknown error", Win32ErrorText.Message(code), StringComparison.OrdinalIgnoreCase);
            Assert.Matches("^(ERROR|NERR|RPC_S)_", Win32ErrorText.Name(code));
        }
    }

    [Theory]
    [InlineData(4242, "Windows error 4242 (0x00001092)", "0x00001092")]
    [InlineData(-1, "Windows error 4294967295 (0xFFFFFFFF)", "0xFFFFFFFF")]
    public void UnknownCodesGetNumberAndHex(int code, string message, string name)
    {
        Assert.False(Win32ErrorText.IsKnown(code));
        Assert.Equal(message, Win32ErrorText.Message(code));
        Assert.Equal(name, Win32ErrorText.Name(code));
        Assert.Equal(message, Win32ErrorText.Describe(code));
    }

    [Fact]
    public void DescribeCombinesNameNumberAndMessage()
    {
        Assert.Equal(
            "ERROR_ACCOUNT_LOCKED_OUT (1909): " + Win32ErrorText.Message(1909),
            Win32ErrorText.Describe(1909));
    }

    [Theory]
    [InlineData(0x00000000, "STATUS_SUCCESS", 0)]
    [InlineData(0x00000107, "STATUS_SOME_NOT_MAPPED", 1301)]
    [InlineData(unchecked((int)0x8000001A), "STATUS_NO_MORE_ENTRIES", 259)]
    [InlineData(unchecked((int)0xC0000001), "STATUS_UNSUCCESSFUL", 31)]
    [InlineData(unchecked((int)0xC0000008), "STATUS_INVALID_HANDLE", 6)]
    [InlineData(unchecked((int)0xC000000D), "STATUS_INVALID_PARAMETER", 87)]
    [InlineData(unchecked((int)0xC0000017), "STATUS_NO_MEMORY", 8)]
    [InlineData(unchecked((int)0xC0000022), "STATUS_ACCESS_DENIED", 5)]
    [InlineData(unchecked((int)0xC0000023), "STATUS_BUFFER_TOO_SMALL", 122)]
    [InlineData(unchecked((int)0xC0000034), "STATUS_OBJECT_NAME_NOT_FOUND", 2)]
    [InlineData(unchecked((int)0xC0000060), "STATUS_NO_SUCH_PRIVILEGE", 1313)]
    [InlineData(unchecked((int)0xC0000061), "STATUS_PRIVILEGE_NOT_HELD", 1314)]
    [InlineData(unchecked((int)0xC0000064), "STATUS_NO_SUCH_USER", 1317)]
    [InlineData(unchecked((int)0xC0000073), "STATUS_NONE_MAPPED", 1332)]
    [InlineData(unchecked((int)0xC0000078), "STATUS_INVALID_SID", 1337)]
    [InlineData(unchecked((int)0xC000009A), "STATUS_INSUFFICIENT_RESOURCES", 1450)]
    [InlineData(unchecked((int)0xC00000DC), "STATUS_INVALID_SERVER_STATE", 1352)]
    [InlineData(unchecked((int)0xC00000DF), "STATUS_NO_SUCH_DOMAIN", 1355)]
    [InlineData(unchecked((int)0xC0000158), "STATUS_INTERNAL_DB_ERROR", 1383)]
    [InlineData(unchecked((int)0xC0020017), "RPC_NT_SERVER_UNAVAILABLE", 1722)]
    [InlineData(unchecked((int)0xC002001B), "RPC_NT_CALL_FAILED", 1726)]
    [InlineData(unchecked((int)0xC000006D), "STATUS_LOGON_FAILURE", 1326)]
    [InlineData(unchecked((int)0xC000006E), "STATUS_ACCOUNT_RESTRICTION", 1327)]
    [InlineData(unchecked((int)0xC000006F), "STATUS_INVALID_LOGON_HOURS", 1328)]
    [InlineData(unchecked((int)0xC0000070), "STATUS_INVALID_WORKSTATION", 1329)]
    [InlineData(unchecked((int)0xC0000071), "STATUS_PASSWORD_EXPIRED", 1330)]
    [InlineData(unchecked((int)0xC0000072), "STATUS_ACCOUNT_DISABLED", 1331)]
    [InlineData(unchecked((int)0xC000015B), "STATUS_LOGON_TYPE_NOT_GRANTED", 1385)]
    [InlineData(unchecked((int)0xC0000155), "STATUS_LOGON_NOT_GRANTED", 1380)]
    [InlineData(unchecked((int)0xC0000224), "STATUS_PASSWORD_MUST_CHANGE", 1907)]
    [InlineData(unchecked((int)0xC0000234), "STATUS_ACCOUNT_LOCKED_OUT", 1909)]
    [InlineData(unchecked((int)0xC0000193), "STATUS_ACCOUNT_EXPIRED", 1793)]
    [InlineData(unchecked((int)0xC000005E), "STATUS_NO_LOGON_SERVERS", 1311)]
    [InlineData(unchecked((int)0xC000018D), "STATUS_TRUSTED_RELATIONSHIP_FAILURE", 1789)]
    [InlineData(unchecked((int)0xC000018C), "STATUS_TRUSTED_DOMAIN_FAILURE", 1788)]
    [InlineData(unchecked((int)0xC000018B), "STATUS_NO_TRUST_SAM_ACCOUNT", 1787)]
    [InlineData(unchecked((int)0xC0000199), "STATUS_NOLOGON_WORKSTATION_TRUST_ACCOUNT", 1808)]
    [InlineData(unchecked((int)0xC0000133), "STATUS_TIME_DIFFERENCE_AT_DC", 1398)]
    [InlineData(unchecked((int)0xC0000413), "STATUS_AUTHENTICATION_FIREWALL_FAILED", 1935)]
    public void NtStatusNamesAndWin32Mapping(int status, string name, int win32)
    {
        Assert.Equal(name, NtStatusText.Name(status));
        Assert.Equal(win32, NtStatusText.ToWin32Error(status));
        Assert.True(Win32ErrorText.IsKnown(win32), $"no message for mapped Win32 error {win32}");
    }

    [Fact]
    public void UnknownNtStatusGivesHexAnd317()
    {
        Assert.Equal("0xC0001234", NtStatusText.Name(unchecked((int)0xC0001234)));
        Assert.Equal(317, NtStatusText.ToWin32Error(unchecked((int)0xC0001234)));
    }

    [Fact]
    public void EveryMappedWin32ErrorHasAMessage()
    {
        foreach (var status in NtStatusText.KnownStatuses)
        {
            Assert.True(Win32ErrorText.IsKnown(NtStatusText.ToWin32Error(status)), NtStatusText.Name(status));
        }
    }
}

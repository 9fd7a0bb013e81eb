using IisLogonTools.Iis;
using IisLogonTools.Security;
using Xunit;

namespace IisLogonTools.Tests.Iis;

public class LogonTypeNameTests
{
    [Theory]
    [InlineData("Interactive", LogonType.Interactive)]
    [InlineData("interactive", LogonType.Interactive)]
    [InlineData("Network", LogonType.Network)]
    [InlineData("Batch", LogonType.Batch)]
    [InlineData("Service", LogonType.Service)]
    [InlineData("NetworkCleartext", LogonType.NetworkCleartext)]
    [InlineData("NETWORKCLEARTEXT", LogonType.NetworkCleartext)]
    [InlineData("ClearText", LogonType.NetworkCleartext)]
    [InlineData("cleartext", LogonType.NetworkCleartext)]
    [InlineData("LogonBatch", LogonType.Batch)]
    [InlineData("LogonService", LogonType.Service)]
    [InlineData("LOGON32_LOGON_INTERACTIVE", LogonType.Interactive)]
    [InlineData("logon32_logon_network", LogonType.Network)]
    [InlineData("LOGON32_LOGON_BATCH", LogonType.Batch)]
    [InlineData("LOGON32_LOGON_SERVICE", LogonType.Service)]
    [InlineData("LOGON32_LOGON_NETWORK_CLEARTEXT", LogonType.NetworkCleartext)]
    [InlineData("2", LogonType.Interactive)]
    [InlineData("3", LogonType.Network)]
    [InlineData("4", LogonType.Batch)]
    [InlineData("5", LogonType.Service)]
    [InlineData("8", LogonType.NetworkCleartext)]
    [InlineData(" 8 ", LogonType.NetworkCleartext)]
    [InlineData(" Batch\t", LogonType.Batch)]
    public void AcceptsOurIisAndWin32Names(string text, LogonType expected)
    {
        Assert.True(LogonTypeName.TryParse(text, out var type));
        Assert.Equal(expected, type);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("6")]
    [InlineData("7")]
    [InlineData("9")]
    [InlineData("-3")]
    [InlineData("+3")]
    [InlineData("03x")]
    [InlineData("Unlock")]
    [InlineData("NewCredentials")]
    [InlineData("RemoteInteractive")]
    [InlineData("LOGON32_LOGON_UNLOCK")]
    [InlineData("Network Cleartext")]
    public void RejectsEverythingElse(string? text)
    {
        Assert.False(LogonTypeName.TryParse(text, out _));
    }

    [Theory]
    [InlineData(IisLogonMethod.Interactive, LogonType.Interactive)]
    [InlineData(IisLogonMethod.Batch, LogonType.Batch)]
    [InlineData(IisLogonMethod.Network, LogonType.Network)]
    [InlineData(IisLogonMethod.ClearText, LogonType.NetworkCleartext)]
    public void IisLogonMethodMapsToLogonUserType(IisLogonMethod method, LogonType expected)
    {
        Assert.Equal(expected, method.ToLogonType());
    }

    [Fact]
    public void IisLogonMethodValuesAreTheSchemaValues()
    {
        Assert.Equal(0, (int)IisLogonMethod.Interactive);
        Assert.Equal(1, (int)IisLogonMethod.Batch);
        Assert.Equal(2, (int)IisLogonMethod.Network);
        Assert.Equal(3, (int)IisLogonMethod.ClearText);
        Assert.Equal(IisLogonMethod.ClearText, IisLogonMethodExtensions.SchemaDefault);
    }

    [Fact]
    public void UndefinedIisLogonMethodThrows()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((IisLogonMethod)7).ToLogonType());
    }

    [Fact]
    public void Logon32NamesRoundTrip()
    {
        foreach (var type in Enum.GetValues<LogonType>())
        {
            Assert.True(LogonTypeName.TryParse(LogonTypeName.ToLogon32Name(type), out var parsed));
            Assert.Equal(type, parsed);
        }
    }
}

// Issue 14, finding 1: one vocabulary; a number is a LOGON32 number for every cmdlet, anything else is refused.
public class LogonRightVocabularyTests
{
    [Theory]
    [InlineData("2", IisLogonTools.Security.LogonRightType.Interactive)]
    [InlineData("3", IisLogonTools.Security.LogonRightType.Network)]
    [InlineData("4", IisLogonTools.Security.LogonRightType.Batch)]
    [InlineData("5", IisLogonTools.Security.LogonRightType.Service)]
    [InlineData("8", IisLogonTools.Security.LogonRightType.Network)]
    [InlineData("ClearText", IisLogonTools.Security.LogonRightType.Network)]
    [InlineData("NetworkCleartext", IisLogonTools.Security.LogonRightType.Network)]
    [InlineData("RemoteInteractive", IisLogonTools.Security.LogonRightType.RemoteInteractive)]
    [InlineData("LogonService", IisLogonTools.Security.LogonRightType.Service)]
    public void NumbersAreLogon32NumbersForTheRightsCmdletsToo(string text, IisLogonTools.Security.LogonRightType expected)
    {
        Assert.True(LogonTypeName.TryParseRight(text, out var right, out var error));
        Assert.Null(error);
        Assert.Equal(expected, right);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("6")]
    [InlineData("7")]
    [InlineData("9")]
    [InlineData("10")]
    [InlineData("11")]
    [InlineData("-3")]
    [InlineData("Unlock")]
    [InlineData("NewCredentials")]
    [InlineData("Networks")]
    public void AnythingElseIsRefusedWithTheReason(string text)
    {
        Assert.False(LogonTypeName.TryParseRight(text, out _, out var error));
        Assert.Contains("LOGON32", error, System.StringComparison.Ordinal);
    }

    [Fact]
    public void TheEnumValuesAreTheLogon32Numbers()
    {
        Assert.Equal(2, (int)IisLogonTools.Security.LogonRightType.Interactive);
        Assert.Equal(3, (int)IisLogonTools.Security.LogonRightType.Network);
        Assert.Equal(4, (int)IisLogonTools.Security.LogonRightType.Batch);
        Assert.Equal(5, (int)IisLogonTools.Security.LogonRightType.Service);
    }

    [Fact]
    public void TestIisLogonRefusesRemoteInteractiveWithAReason() =>
        Assert.Contains("Remote Desktop", LogonTypeName.Refusal("RemoteInteractive", forRights: false), System.StringComparison.Ordinal);
}

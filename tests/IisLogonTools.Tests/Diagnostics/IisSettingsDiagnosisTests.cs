using IisLogonTools.Diagnostics;
using IisLogonTools.Iis;
using IisLogonTools.Security;
using IisLogonTools.Tests.Iis;
using Xunit;

namespace IisLogonTools.Tests.Diagnostics;

public class IisSettingsDiagnosisTests
{
    [Fact]
    public void BadCredentialsNamesTheConfiguredDefaultLogonDomain()
    {
        var settings = ApplicationHostConfig.Load(TestFiles.Path("server-level.config"))
            .ResolveBasicAuthentication("Default Web Site", "/");

        var diagnosis = LogonDiagnostics.Diagnose(1326, "alice", settings);

        Assert.Equal(LogonFailureReason.BadCredentials, diagnosis.Reason);
        Assert.Equal(LogonType.Network, diagnosis.LogonType);
        Assert.Contains(@"defaultLogonDomain is 'CONTOSO'", diagnosis.Remediation, StringComparison.Ordinal);
        Assert.Contains(@"CONTOSO\<user>", diagnosis.Remediation, StringComparison.Ordinal);
    }

    [Fact]
    public void LogonTypeNotGrantedSaysWhereLogonMethodWasSet()
    {
        var settings = ApplicationHostConfig.Load(TestFiles.Path("locations.config"))
            .ResolveBasicAuthentication("Default Web Site", "/app");

        var diagnosis = LogonDiagnostics.Diagnose(1385, @"CONTOSO\alice", settings);

        Assert.Equal(LogonType.Interactive, diagnosis.LogonType);
        Assert.Contains("Grant-LogonLocallyRight -Identity 'CONTOSO\\alice'", diagnosis.Remediation, StringComparison.Ordinal);
        Assert.Contains("logonMethod=Interactive (location 'Default Web Site/app'", diagnosis.Remediation, StringComparison.Ordinal);
    }

    [Fact]
    public void SchemaDefaultClearTextNeedsTheNetworkRight()
    {
        var settings = ApplicationHostConfig.Load(TestFiles.Path("no-basic.config"))
            .ResolveBasicAuthentication("Default Web Site", "/");

        var diagnosis = LogonDiagnostics.Diagnose(1385, @"CONTOSO\alice", settings);

        Assert.Contains("SeNetworkLogonRight", diagnosis.Explanation, StringComparison.Ordinal);
        Assert.Contains("-LogonType Network", diagnosis.Remediation, StringComparison.Ordinal);
        Assert.Contains("schema default ClearText", diagnosis.Remediation, StringComparison.Ordinal);
    }

    [Fact]
    public void NullSettingsAreRejected()
    {
        Assert.Throws<ArgumentNullException>(() => LogonDiagnostics.Diagnose(1326, "alice", (IisAuthenticationSettings)null!));
    }
}

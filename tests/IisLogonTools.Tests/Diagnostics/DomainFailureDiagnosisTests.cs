using IisLogonTools.Diagnostics;
using IisLogonTools.Security;
using Xunit;

namespace IisLogonTools.Tests.Diagnostics;

/// <summary>
/// The domain-side codes LogonUser, LSA and AuthZ return when this computer cannot use its domain: each has its
/// own name (winerror.h / ntstatus.h), reason, explanation and advice, never the "Unknown" fall-through.
/// </summary>
public class DomainFailureDiagnosisTests
{
    public static TheoryData<int, string, LogonFailureReason, string, string> Codes => new()
    {
        { 1792, "ERROR_NETLOGON_NOT_STARTED", LogonFailureReason.NetlogonNotStarted, "Netlogon service is not running", "Start-Service -Name Netlogon" },
        { 1786, "ERROR_NO_TRUST_LSA_SECRET", LogonFailureReason.TrustFailure, "no local secret for its domain trust", "nltest /sc_reset:CONTOSO" },
        { 1790, "ERROR_TRUST_FAILURE", LogonFailureReason.TrustFailure, "could not be used through this server's trust", "nltest /dsgetdc:CONTOSO" },
        { 1810, "ERROR_DOMAIN_TRUST_INCONSISTENT", LogonFailureReason.TrustFailure, "does not match", "Validate" },
        { 1351, "ERROR_CANT_ACCESS_DOMAIN_INFO", LogonFailureReason.NoLogonServers, "could not be asked for its configuration", "nltest /sc_verify:CONTOSO" },
        { 1355, "ERROR_NO_SUCH_DOMAIN", LogonFailureReason.UnknownDomain, "names a domain that this server does not know", "nltest /domain_trusts" },
        { 1807, "ERROR_NOLOGON_INTERDOMAIN_TRUST_ACCOUNT", LogonFailureReason.ComputerAccountUsed, "interdomain trust account", "user account of the trusted domain" },
        { 1809, "ERROR_NOLOGON_SERVER_TRUST_ACCOUNT", LogonFailureReason.ComputerAccountUsed, "computer account of a domain controller", "used only by the domain controller itself" },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public void EachCodeHasItsOwnNameReasonTextAndAdvice(int code, string name, LogonFailureReason reason, string explains, string advises)
    {
        var d = LogonDiagnostics.Diagnose(code, "CONTOSO\\alice", LogonType.NetworkCleartext);

        Assert.Equal(name, d.ErrorName);
        Assert.Equal(reason, d.Reason);
        Assert.Equal("401.1", d.HttpStatus);
        Assert.Contains(explains, d.Explanation, StringComparison.Ordinal);
        Assert.Contains(advises, d.Remediation, StringComparison.Ordinal);
        Assert.DoesNotContain("no specific advice", d.Explanation, StringComparison.Ordinal);
        Assert.True(Win32ErrorText.IsKnown(code));
        Assert.Equal(name, Win32ErrorText.Name(code));
        Assert.DoesNotContain("Windows error", Win32ErrorText.Message(code), StringComparison.Ordinal);
    }

    [Fact]
    public void NoTwoCodesShareTheirTextOrAdvice()
    {
        var diagnoses = Codes.Select(row => LogonDiagnostics.Diagnose((int)row[0], "CONTOSO\\alice", LogonType.NetworkCleartext)).ToList();

        Assert.Equal(diagnoses.Count, diagnoses.Select(d => d.Explanation).Distinct().Count());
        Assert.Equal(diagnoses.Count, diagnoses.Select(d => d.Remediation).Distinct().Count());
        Assert.Equal(diagnoses.Count, diagnoses.Select(d => Win32ErrorText.Message(d.Win32Error)).Distinct().Count());
    }

    [Theory]
    [InlineData(unchecked((int)0xC0000192), "STATUS_NETLOGON_NOT_STARTED", 1792)]
    [InlineData(unchecked((int)0xC000018A), "STATUS_NO_TRUST_LSA_SECRET", 1786)]
    [InlineData(unchecked((int)0xC0000190), "STATUS_TRUST_FAILURE", 1790)]
    [InlineData(unchecked((int)0xC000019B), "STATUS_DOMAIN_TRUST_INCONSISTENT", 1810)]
    [InlineData(unchecked((int)0xC00000DA), "STATUS_CANT_ACCESS_DOMAIN_INFO", 1351)]
    [InlineData(unchecked((int)0xC0000198), "STATUS_NOLOGON_INTERDOMAIN_TRUST_ACCOUNT", 1807)]
    [InlineData(unchecked((int)0xC000019A), "STATUS_NOLOGON_SERVER_TRUST_ACCOUNT", 1809)]
    public void TheMatchingNtStatusValuesAreNamedAndMapped(int status, string name, int win32)
    {
        Assert.Equal(name, NtStatusText.Name(status));
        Assert.Equal(win32, NtStatusText.ToWin32Error(status));
    }

    [Fact]
    public void AuthzAccessDeniedForADomainAccountDoesNotSayRunElevated()
    {
        var text = GroupExpansionAdvice.Explain("AuthzInitializeContextFromSid", 5, domainAccount: true, "WEB01");

        Assert.Contains("ERROR_ACCESS_DENIED (5)", text, StringComparison.Ordinal);
        Assert.Contains("Elevation does not help", text, StringComparison.Ordinal);
        Assert.Contains("Windows Authorization Access Group", text, StringComparison.Ordinal);
        Assert.Contains("RestrictRemoteSam", text, StringComparison.Ordinal);
        Assert.Contains("KB4055652", text, StringComparison.Ordinal);
        Assert.DoesNotContain("run PowerShell elevated", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AuthzAccessDeniedForALocalAccountSaysRunElevated()
    {
        var text = GroupExpansionAdvice.Explain("AuthzInitializeContextFromSid", 5, domainAccount: false, "WEB01");

        Assert.Contains("run PowerShell elevated", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Windows Authorization Access Group", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RemoteSamAccessDeniedNamesRestrictRemoteSamAndTheRemoteAdministrators()
    {
        var text = GroupExpansionAdvice.Explain("NetUserGetLocalGroups", 5, domainAccount: true, "WEB02");

        Assert.Contains("RestrictRemoteSam", text, StringComparison.Ordinal);
        Assert.Contains("KB4055652", text, StringComparison.Ordinal);
        Assert.Contains("administrator of WEB02", text, StringComparison.Ordinal);
        Assert.DoesNotContain("elevated", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1792, "Netlogon service is not running")]
    [InlineData(1786, "no secret for its domain trust")]
    [InlineData(1722, "could not be reached")]
    [InlineData(1311, "No domain controller")]
    public void OtherGroupExpansionFailuresSayWhatFailed(int code, string phrase)
    {
        var text = GroupExpansionAdvice.Explain("AuthzInitializeContextFromSid", code, domainAccount: true, "WEB01");

        Assert.StartsWith($"AuthzInitializeContextFromSid failed with {Win32ErrorText.Name(code)} ({code}).", text, StringComparison.Ordinal);
        Assert.Contains(phrase, text, StringComparison.Ordinal);
    }
}

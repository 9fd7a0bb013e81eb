using IisLogonTools.Diagnostics;
using IisLogonTools.Security;
using Xunit;

namespace IisLogonTools.Tests.Diagnostics;

public class LogonDiagnosticsTests
{
    private const string Account = @"CONTOSO\alice";

    // Every code of win-semantics.md §1.5 plus success; the last column is a fragment the remediation must contain.
    public static TheoryData<int, LogonFailureReason, string, string> Section15Codes => new()
    {
        { 0, LogonFailureReason.None, "ERROR_SUCCESS", "401.3" },
        { 1326, LogonFailureReason.BadCredentials, "ERROR_LOGON_FAILURE", "defaultLogonDomain" },
        { 1327, LogonFailureReason.AccountRestriction, "ERROR_ACCOUNT_RESTRICTION", "Set-LocalUser -Name 'alice' -Password" },
        { 1328, LogonFailureReason.InvalidLogonHours, "ERROR_INVALID_LOGON_HOURS", "net user 'alice' /times:all" },
        { 1329, LogonFailureReason.InvalidWorkstation, "ERROR_INVALID_WORKSTATION", "Log On To" },
        { 1330, LogonFailureReason.PasswordExpired, "ERROR_PASSWORD_EXPIRED", "Set-ADAccountPassword -Identity 'alice' -Reset" },
        { 1331, LogonFailureReason.AccountDisabled, "ERROR_ACCOUNT_DISABLED", "Enable-LocalUser -Name 'alice'" },
        { 1385, LogonFailureReason.LogonTypeNotGranted, "ERROR_LOGON_TYPE_NOT_GRANTED", "Grant-LogonRight -Identity 'CONTOSO\\alice' -LogonType Network" },
        { 1380, LogonFailureReason.LogonTypeNotGranted, "ERROR_LOGON_NOT_GRANTED", "Grant-LogonRight -Identity 'CONTOSO\\alice' -LogonType Network" },
        { 1907, LogonFailureReason.PasswordMustChange, "ERROR_PASSWORD_MUST_CHANGE", "-ChangePasswordAtLogon $false" },
        { 1909, LogonFailureReason.AccountLockedOut, "ERROR_ACCOUNT_LOCKED_OUT", "Unlock-ADAccount -Identity 'alice'" },
        { 1793, LogonFailureReason.AccountExpired, "ERROR_ACCOUNT_EXPIRED", "Clear-ADAccountExpiration -Identity 'alice'" },
        { 1311, LogonFailureReason.NoLogonServers, "ERROR_NO_LOGON_SERVERS", "nltest /dsgetdc:CONTOSO" },
        { 1789, LogonFailureReason.TrustFailure, "ERROR_TRUSTED_RELATIONSHIP_FAILURE", "nltest /sc_verify:CONTOSO" },
        { 1788, LogonFailureReason.TrustFailure, "ERROR_TRUSTED_DOMAIN_FAILURE", "Validate" },
        { 1787, LogonFailureReason.TrustFailure, "ERROR_NO_TRUST_SAM_ACCOUNT", "rejoin" },
        { 1808, LogonFailureReason.ComputerAccountUsed, "ERROR_NOLOGON_WORKSTATION_TRUST_ACCOUNT", "user account" },
        { 1398, LogonFailureReason.TimeSkew, "ERROR_TIME_SKEW", "w32tm /resync" },
        { 1935, LogonFailureReason.AuthenticationFirewall, "ERROR_AUTHENTICATION_FIREWALL_FAILED", "Allowed to authenticate" },
        { 1314, LogonFailureReason.PrivilegeNotHeld, "ERROR_PRIVILEGE_NOT_HELD", "elevated" },
        { 87, LogonFailureReason.InvalidParameter, "ERROR_INVALID_PARAMETER", "logonMethod" },
        { 5, LogonFailureReason.AccessDenied, "ERROR_ACCESS_DENIED", "elevated" },
    };

    [Theory]
    [MemberData(nameof(Section15Codes))]
    public void EveryLogonUserErrorIsMapped(int code, LogonFailureReason reason, string name, string remediationFragment)
    {
        var diagnosis = LogonDiagnostics.Diagnose(code, Account, LogonType.NetworkCleartext);

        Assert.Equal(code, diagnosis.Win32Error);
        Assert.Equal(reason, diagnosis.Reason);
        Assert.Equal(name, diagnosis.ErrorName);
        Assert.Equal(code == 0 ? null : "401.1", diagnosis.HttpStatus);
        Assert.Equal(Account, diagnosis.AccountName);
        Assert.Equal(LogonType.NetworkCleartext, diagnosis.LogonType);
        Assert.Contains(remediationFragment, diagnosis.Remediation, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(diagnosis.Explanation));
        Assert.DoesNotContain("Unknown error", diagnosis.Explanation, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Unknown error", diagnosis.Remediation, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(LogonType.Interactive, "SeInteractiveLogonRight", "Allow log on locally", "SeDenyInteractiveLogonRight", "Grant-LogonLocallyRight -Identity 'CONTOSO\\alice'")]
    [InlineData(LogonType.Network, "SeNetworkLogonRight", "Access this computer from the network", "SeDenyNetworkLogonRight", "Grant-LogonRight -Identity 'CONTOSO\\alice' -LogonType Network")]
    [InlineData(LogonType.NetworkCleartext, "SeNetworkLogonRight", "Access this computer from the network", "SeDenyNetworkLogonRight", "Grant-LogonRight -Identity 'CONTOSO\\alice' -LogonType Network")]
    [InlineData(LogonType.Batch, "SeBatchLogonRight", "Log on as a batch job", "SeDenyBatchLogonRight", "Grant-LogonRight -Identity 'CONTOSO\\alice' -LogonType Batch")]
    [InlineData(LogonType.Service, "SeServiceLogonRight", "Log on as a service", "SeDenyServiceLogonRight", "Grant-LogonRight -Identity 'CONTOSO\\alice' -LogonType Service")]
    public void LogonTypeNotGrantedNamesTheRightAndTheCommand(LogonType type, string right, string title, string deny, string command)
    {
        var diagnosis = LogonDiagnostics.Diagnose(1385, Account, type);

        Assert.Equal(LogonFailureReason.LogonTypeNotGranted, diagnosis.Reason);
        Assert.Contains(right, diagnosis.Explanation, StringComparison.Ordinal);
        Assert.Contains(title, diagnosis.Explanation, StringComparison.Ordinal);
        Assert.Contains("Q247593", diagnosis.Explanation, StringComparison.Ordinal);
        Assert.Contains(command, diagnosis.Remediation, StringComparison.Ordinal);
        Assert.Contains("Get-LogonRight -Identity 'CONTOSO\\alice'", diagnosis.Remediation, StringComparison.Ordinal);
        Assert.Contains(deny, diagnosis.Remediation, StringComparison.Ordinal);
        Assert.Contains("deny", diagnosis.Remediation, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void InteractiveDoesNotSuggestGrantLogonRight()
    {
        var diagnosis = LogonDiagnostics.Diagnose(1385, Account, LogonType.Interactive);

        Assert.DoesNotContain("Grant-LogonRight ", diagnosis.Remediation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"CONTOSO\O'Brien", @"'CONTOSO\O''Brien'", "'O''Brien'")]
    [InlineData("CONTOSO\\O\u2019Brien", "'CONTOSO\\O\u2019\u2019Brien'", "'O\u2019\u2019Brien'")]
    [InlineData("o'brien@contoso.com", "'o''brien@contoso.com'", "'o''brien@contoso.com'")]
    public void AccountsWithApostrophesAreQuotedSafely(string account, string quotedAccount, string quotedUser)
    {
        var rights = LogonDiagnostics.Diagnose(1385, account, LogonType.Batch);
        var disabled = LogonDiagnostics.Diagnose(1331, account, LogonType.Batch);

        Assert.Contains($"Grant-LogonRight -Identity {quotedAccount} -LogonType Batch", rights.Remediation, StringComparison.Ordinal);
        Assert.Contains($"Enable-LocalUser -Name {quotedUser}", disabled.Remediation, StringComparison.Ordinal);
    }

    [Fact]
    public void BadCredentialsWarnsAboutLockout()
    {
        var diagnosis = LogonDiagnostics.Diagnose(1326, Account, LogonType.NetworkCleartext);

        Assert.Contains("lockout", diagnosis.Remediation, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("password", diagnosis.Remediation, StringComparison.Ordinal);
        Assert.Contains("domain", diagnosis.Remediation, StringComparison.Ordinal);
    }

    [Fact]
    public void LockedOutDoesNotClaimNetUserActiveUnlocks()
    {
        var diagnosis = LogonDiagnostics.Diagnose(1909, Account, LogonType.NetworkCleartext);

        Assert.DoesNotContain("/active", diagnosis.Remediation, StringComparison.Ordinal);
        Assert.Contains("Account is locked out", diagnosis.Remediation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4242, "4242", "0x00001092")]
    // 0x8009030E (SEC_E_NO_CREDENTIALS) used to be the example here; it is mapped now (Get-IisLogonFailure), so an unmapped SSPI code takes its place.
    [InlineData(-2146893055, "2148074241", "0x80090301")]
    public void UnknownCodesKeepTheNumber(int code, string number, string hex)
    {
        var diagnosis = LogonDiagnostics.Diagnose(code, Account, LogonType.Network);

        Assert.Equal(LogonFailureReason.Unknown, diagnosis.Reason);
        Assert.Equal("401.1", diagnosis.HttpStatus);
        Assert.Equal(hex, diagnosis.ErrorName);
        Assert.Contains(number, diagnosis.Explanation, StringComparison.Ordinal);
        Assert.Contains(hex, diagnosis.Explanation, StringComparison.Ordinal);
        Assert.Contains("4625", diagnosis.Remediation, StringComparison.Ordinal);
        Assert.DoesNotContain("Unknown error", diagnosis.Explanation, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void KnownButNonLogonCodeUsesItsMessage()
    {
        var diagnosis = LogonDiagnostics.Diagnose(1317, Account, LogonType.Network);

        Assert.Equal(LogonFailureReason.Unknown, diagnosis.Reason);
        Assert.Equal("ERROR_NO_SUCH_USER", diagnosis.ErrorName);
        Assert.Contains("ERROR_NO_SUCH_USER (1317)", diagnosis.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Assert.Throws<ArgumentNullException>(() => LogonDiagnostics.Diagnose(1326, null!, LogonType.Network));
        Assert.Throws<ArgumentException>(() => LogonDiagnostics.Diagnose(1326, "  ", LogonType.Network));
        Assert.Throws<ArgumentOutOfRangeException>(() => LogonDiagnostics.Diagnose(1385, Account, (LogonType)9));
    }

    [Fact]
    public void ToStringGivesNameNumberAndExplanation()
    {
        var diagnosis = LogonDiagnostics.Diagnose(1331, Account, LogonType.Network);

        Assert.StartsWith("ERROR_ACCOUNT_DISABLED (1331): ", diagnosis.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheFirstLegOfAnIntegratedHandshakeIsNotAFailure()
    {
        var diagnosis = LogonDiagnostics.Diagnose(LogonDiagnostics.SecENoCredentials, Account, LogonType.Network);

        Assert.Equal(LogonFailureReason.AuthenticationChallenge, diagnosis.Reason);
        Assert.Equal("SEC_E_NO_CREDENTIALS", diagnosis.ErrorName);
        Assert.Null(diagnosis.HttpStatus);
    }

    [Fact]
    public void IntegratedLogonDeniedFromTheServerItselfNamesTheLoopbackCheck()
    {
        var remote = LogonDiagnostics.Diagnose(LogonDiagnostics.SecELogonDenied, Account, LogonType.Network, requestFromServerItself: false);
        var local = LogonDiagnostics.Diagnose(LogonDiagnostics.SecELogonDenied, Account, LogonType.Network, requestFromServerItself: true);

        Assert.Equal(LogonFailureReason.IntegratedLogonDenied, remote.Reason);
        Assert.Equal("SEC_E_LOGON_DENIED", remote.ErrorName);
        Assert.Equal(LogonFailureReason.LoopbackCheck, local.Reason);
        Assert.Contains("DisableLoopbackCheck", local.Remediation, StringComparison.Ordinal);
        Assert.Contains("BackConnectionHostNames", local.Remediation, StringComparison.Ordinal);
        Assert.Equal("401.1", local.HttpStatus);
    }
}

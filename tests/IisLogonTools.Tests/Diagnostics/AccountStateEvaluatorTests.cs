using IisLogonTools.Diagnostics;
using Xunit;

namespace IisLogonTools.Tests.Diagnostics;

public class AccountStateEvaluatorTests
{
    // 2026-11-29 is a Sunday.
    private static readonly DateTime SundayMidnight = new(2026, 11, 29, 0, 0, 0, DateTimeKind.Utc);

    private static byte[] Hours(params int[] allowed)
    {
        var b = new byte[21];
        foreach (var h in allowed)
        {
            b[h / 8] |= (byte)(1 << (h % 8));
        }

        return b;
    }

    private static AccountStateData Healthy() => new() { Name = "alice", Account = "CONTOSO\\alice", ReadFrom = "\\\\dc01", Flags = 0x201, UnitsPerWeek = 168, LogonHours = Hours(Enumerable.Range(0, 168).ToArray()) };

    [Fact]
    public void Healthy_account_has_no_blocks() =>
        Assert.Empty(AccountStateEvaluator.Evaluate(Healthy(), SundayMidnight, "WEB01"));

    [Theory]
    [InlineData(0, 0, true)] // Sunday 00:xx is bit 0 of byte 0 (USER_INFO_1020: "bit 0, word 0 is Sunday, 0:00 to 0:59")
    [InlineData(0, 1, false)]
    [InlineData(1, 1, true)] // Sunday 01:xx is bit 1
    [InlineData(8, 8, true)] // Sunday 08:xx is bit 0 of byte 1
    [InlineData(25, 25, true)] // Monday 01:xx
    [InlineData(167, 167, true)] // Saturday 23:xx is the last bit (bit 7 of byte 20)
    public void Logon_hours_bits_are_hours_of_the_week_from_Sunday_UTC_least_significant_bit_first(int allowedHour, int hourOfWeek, bool expected)
    {
        var at = SundayMidnight.AddHours(hourOfWeek).AddMinutes(30);
        Assert.Equal(expected, AccountStateEvaluator.IsWithinLogonHours(Hours(allowedHour), 168, at));
    }

    [Fact]
    public void Logon_hours_use_UTC_and_no_bitmap_means_no_restriction()
    {
        var local = SundayMidnight.AddHours(3).ToLocalTime();
        var state = Healthy();
        state.LogonHours = Hours(3);
        Assert.Empty(AccountStateEvaluator.Evaluate(state, local, "WEB01"));
        Assert.True(AccountStateEvaluator.IsWithinLogonHours(null, 168, SundayMidnight));
        Assert.True(AccountStateEvaluator.IsWithinLogonHours(new byte[21], 0, SundayMidnight));
    }

    [Theory]
    [InlineData("", "WEB01", true)]
    [InlineData("WEB01", "WEB01", true)]
    [InlineData("kiosk1, web01", "WEB01", true)]
    [InlineData("web01.contoso.com", "WEB01", true)]
    [InlineData("KIOSK1,KIOSK2", "WEB01", false)]
    [InlineData("WEB010", "WEB01", false)]
    public void Workstation_list(string list, string computer, bool expected) =>
        Assert.Equal(expected, AccountStateEvaluator.IsWorkstationAllowed(list, computer));

    [Fact]
    public void Causes_come_in_the_order_Windows_reports_them()
    {
        var state = Healthy();
        state.Flags |= AccountStateData.UfLockout | AccountStateData.UfAccountDisable;
        state.AccountExpires = SundayMidnight.AddDays(-1);
        state.LogonHours = new byte[21];
        state.Workstations = "KIOSK1";
        state.PasswordExpired = true;
        var blocks = AccountStateEvaluator.Evaluate(state, SundayMidnight, "WEB01");
        Assert.Equal(
            new[] { LogonFailureReason.AccountLockedOut, LogonFailureReason.AccountDisabled, LogonFailureReason.AccountExpired, LogonFailureReason.InvalidLogonHours, LogonFailureReason.InvalidWorkstation, LogonFailureReason.PasswordMustChange },
            blocks.Select(b => b.Reason));
        Assert.Equal(new[] { 1909, 1331, 1793, 1328, 1329, 1907 }, blocks.Select(b => b.Win32Error));
    }

    [Fact]
    public void Expiry_is_in_the_future_or_past_and_expired_password_flag_wins_over_must_change()
    {
        var state = Healthy();
        state.AccountExpires = SundayMidnight.AddMinutes(1);
        Assert.Empty(AccountStateEvaluator.Evaluate(state, SundayMidnight, "WEB01"));
        Assert.Single(AccountStateEvaluator.Evaluate(state, SundayMidnight.AddMinutes(1), "WEB01"));
        state.AccountExpires = null;
        state.PasswordExpired = true;
        state.Flags |= AccountStateData.UfPasswordExpired;
        Assert.Equal(LogonFailureReason.PasswordExpired, AccountStateEvaluator.Evaluate(state, SundayMidnight, "WEB01").Single().Reason);
    }

    [Fact]
    public void Remediation_names_local_or_domain_commands_and_never_a_password()
    {
        var state = Healthy();
        state.Flags |= AccountStateData.UfLockout;
        var block = AccountStateEvaluator.Evaluate(state, SundayMidnight, "WEB01").Single();
        state.IsDomainAccount = true;
        Assert.Contains("Unlock-ADAccount -Identity 'alice' -Server 'dc01'", AccountStateDiagnosis.Explain(block, state, "WEB01").Remediation, StringComparison.Ordinal);
        state.IsDomainAccount = false;
        state.Name = "o'neil";
        Assert.Contains("[ADSI]'WinNT://./o''neil,user'", AccountStateDiagnosis.Explain(block, state, "WEB01").Remediation, StringComparison.Ordinal);
    }
}

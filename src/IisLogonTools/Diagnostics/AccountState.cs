using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace IisLogonTools.Diagnostics;

/// <summary>
/// What Windows stores in an account and checks at logon, as NetUserGetInfo level 4 reports it (USER_INFO_4).
/// Plain data: strings, numbers, dates and a byte array, so it survives remoting and jobs.
/// </summary>
public sealed class AccountStateData
{
    /// <summary>UF_ACCOUNTDISABLE (USER_INFO_1008 flags).</summary>
    public const uint UfAccountDisable = 0x0002;

    /// <summary>UF_LOCKOUT: set while the account is locked out; clearing it through NetUserSetInfo unlocks the account.</summary>
    public const uint UfLockout = 0x0010;

    /// <summary>UF_DONT_EXPIRE_PASSWD.</summary>
    public const uint UfDontExpirePassword = 0x10000;

    /// <summary>UF_PASSWORD_EXPIRED: the password is older than the maximum password age.</summary>
    public const uint UfPasswordExpired = 0x800000;

    /// <summary>The account name as the server spells it.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The account's SID (usri4_user_sid), or null when the server did not return one.</summary>
    public string? Sid { get; set; }

    /// <summary>The account as DOMAIN\name (or COMPUTER\name).</summary>
    public string Account { get; set; } = string.Empty;

    /// <summary>Whether the account lives in a domain (read on a domain controller) rather than on this computer.</summary>
    public bool IsDomainAccount { get; set; }

    /// <summary>Where the state was read: this computer's name, or the domain controller (\\name).</summary>
    public string ReadFrom { get; set; } = string.Empty;

    /// <summary>usri4_flags (UF_* values).</summary>
    public uint Flags { get; set; }

    /// <summary>usri4_acct_expires as a UTC time, or null for TIMEQ_FOREVER (never expires).</summary>
    public DateTime? AccountExpires { get; set; }

    /// <summary>usri4_units_per_week: how many equal parts of the week the logon hours bitmap has (168 = hours).</summary>
    public int UnitsPerWeek { get; set; }

    /// <summary>usri4_logon_hours: one bit per unit of the week in UTC, bit 0 of byte 0 = Sunday 00:00; null = no restriction.</summary>
    public byte[]? LogonHours { get; set; }

    /// <summary>usri4_workstations: the computers the account may log on to, comma-separated; empty = all.</summary>
    public string Workstations { get; set; } = string.Empty;

    /// <summary>usri4_bad_pw_count: wrong passwords counted on the server that answered (per domain controller for domain accounts).</summary>
    public int BadPasswordCount { get; set; }

    /// <summary>usri4_password_expired: nonzero when the password has expired or must be changed at the next logon.</summary>
    public bool PasswordExpired { get; set; }

    /// <summary>usri4_password_age: seconds since the password was last set.</summary>
    public long PasswordAgeSeconds { get; set; }

    /// <summary>For a locked-out account: how long a lockout lasts on that server (NetUserModalsGet level 3), or null
    /// when it lasts until an administrator unlocks it or could not be read (see <see cref="LockoutPolicyRead"/>).</summary>
    public TimeSpan? LockoutDuration { get; set; }

    /// <summary>Whether the lockout policy was read (only for locked-out accounts).</summary>
    public bool LockoutPolicyRead { get; set; }

    /// <summary>Disabled (UF_ACCOUNTDISABLE).</summary>
    public bool Disabled => (Flags & UfAccountDisable) != 0;

    /// <summary>Locked out (UF_LOCKOUT).</summary>
    public bool LockedOut => (Flags & UfLockout) != 0;
}

/// <summary>One thing in the account that makes the logon fail, with the error LogonUser would report for it.</summary>
public sealed class AccountBlock
{
    internal AccountBlock(LogonFailureReason reason, int win32Error, string detail)
    {
        Reason = reason;
        Win32Error = win32Error;
        Detail = detail;
    }

    /// <summary>The cause.</summary>
    public LogonFailureReason Reason { get; }

    /// <summary>The Win32 error a logon fails with for this cause (IIS logs it as sc-win32-status).</summary>
    public int Win32Error { get; }

    /// <summary>The fact behind it, in plain words.</summary>
    public string Detail { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Reason} ({Win32Error}): {Detail}";
}

/// <summary>
/// Decides from an account's stored state which checks of a logon would fail, in the order Windows reports them
/// (win-semantics.md §1.6): locked out, then disabled, expired, logon hours, workstation, then password expired and
/// must change. The password itself and the logon right are not part of the account and are checked elsewhere.
/// </summary>
public static class AccountStateEvaluator
{
    private const int MinutesPerWeek = 7 * 24 * 60;

    /// <summary>Every blocking cause, first the one Windows reports.</summary>
    /// <param name="state">The account's state.</param>
    /// <param name="nowUtc">The time of the logon (UTC).</param>
    /// <param name="computerName">The computer the logon happens on (the web server), for the workstation list.</param>
    public static IReadOnlyList<AccountBlock> Evaluate(AccountStateData state, DateTime nowUtc, string computerName)
    {
        if (state is null)
        {
            throw new ArgumentNullException(nameof(state));
        }

        var utc = nowUtc.Kind == DateTimeKind.Local ? nowUtc.ToUniversalTime() : nowUtc;
        var blocks = new List<AccountBlock>();
        if (state.LockedOut)
        {
            blocks.Add(new AccountBlock(LogonFailureReason.AccountLockedOut, 1909,
                string.Format(CultureInfo.InvariantCulture, "The account is locked out (UF_LOCKOUT; {0} bad password(s) counted on {1}){2}.", state.BadPasswordCount, state.ReadFrom, LockoutText(state))));
        }

        if (state.Disabled)
        {
            blocks.Add(new AccountBlock(LogonFailureReason.AccountDisabled, 1331, "The account is disabled (UF_ACCOUNTDISABLE)."));
        }

        if (state.AccountExpires is { } expires && utc >= expires)
        {
            blocks.Add(new AccountBlock(LogonFailureReason.AccountExpired, 1793,
                string.Format(CultureInfo.InvariantCulture, "The account expired on {0:yyyy-MM-dd HH:mm} UTC.", expires)));
        }

        if (!IsWithinLogonHours(state.LogonHours, state.UnitsPerWeek, utc))
        {
            blocks.Add(new AccountBlock(LogonFailureReason.InvalidLogonHours, 1328,
                string.Format(CultureInfo.InvariantCulture, "The account's logon hours exclude now ({0:dddd HH:mm} UTC); {1}.", utc, DescribeLogonHours(state.LogonHours, state.UnitsPerWeek))));
        }

        if (!IsWorkstationAllowed(state.Workstations, computerName))
        {
            blocks.Add(new AccountBlock(LogonFailureReason.InvalidWorkstation, 1329,
                $"The account may log on only to {state.Workstations}, and this web server is {computerName}."));
        }

        if ((state.Flags & AccountStateData.UfPasswordExpired) != 0)
        {
            blocks.Add(new AccountBlock(LogonFailureReason.PasswordExpired, 1330,
                string.Format(CultureInfo.InvariantCulture, "The password has expired (UF_PASSWORD_EXPIRED; last set {0} day(s) ago).", state.PasswordAgeSeconds / 86400)));
        }
        else if (state.PasswordExpired)
        {
            blocks.Add(new AccountBlock(LogonFailureReason.PasswordMustChange, 1907, "'User must change password at next logon' is set (usri4_password_expired without UF_PASSWORD_EXPIRED)."));
        }

        return blocks;
    }

    /// <summary>
    /// Whether a logon-hours bitmap allows <paramref name="utc"/>. The week is divided into
    /// <paramref name="unitsPerWeek"/> equal units starting Sunday 00:00 UTC; unit i is bit (i mod 8) of byte (i div 8),
    /// bit 0 being the least significant ("bit 0, word 0 is Sunday, 0:00 to 0:59; bit 1 is Sunday, 1:00 to 1:59",
    /// USER_INFO_1020 / USER_INFO_4 usri4_logon_hours on Microsoft Learn). No bitmap, or 0 units, means no restriction.
    /// </summary>
    public static bool IsWithinLogonHours(byte[]? bitmap, int unitsPerWeek, DateTime utc)
    {
        if (bitmap is null || unitsPerWeek <= 0)
        {
            return true;
        }

        var minute = ((int)utc.DayOfWeek * 24 * 60) + (utc.Hour * 60) + utc.Minute;
        var unit = (int)((long)minute * unitsPerWeek / MinutesPerWeek);
        var index = unit / 8;
        return index < bitmap.Length && (bitmap[index] & (1 << (unit % 8))) != 0;
    }

    /// <summary>Whether the comma-separated workstation list admits <paramref name="computerName"/> (empty list = every computer).</summary>
    public static bool IsWorkstationAllowed(string? workstations, string computerName)
    {
        if (string.IsNullOrWhiteSpace(workstations))
        {
            return true;
        }

        var shortName = FirstLabel(computerName);
        return workstations!.Split(',').Select(w => w.Trim()).Where(w => w.Length > 0)
            .Any(w => string.Equals(FirstLabel(w), shortName, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>"no restriction", "no hours at all", or how many of the week's hours are allowed.</summary>
    public static string DescribeLogonHours(byte[]? bitmap, int unitsPerWeek)
    {
        if (bitmap is null || unitsPerWeek <= 0)
        {
            return "no restriction";
        }

        var allowed = 0;
        for (var i = 0; i < unitsPerWeek && i / 8 < bitmap.Length; i++)
        {
            if ((bitmap[i / 8] & (1 << (i % 8))) != 0)
            {
                allowed++;
            }
        }

        return allowed == 0 ? "no time of the week is allowed" : allowed == unitsPerWeek ? "every time of the week is allowed"
            : string.Format(CultureInfo.InvariantCulture, "{0} of the week's {1} units are allowed", allowed, unitsPerWeek);
    }

    private static string LockoutText(AccountStateData state) =>
        !state.LockoutPolicyRead ? string.Empty
        : state.LockoutDuration is { } d ? string.Format(CultureInfo.InvariantCulture, "; Windows unlocks it by itself {0:0.#} minute(s) after the lockout (lockout duration)", d.TotalMinutes)
        : "; the lockout duration is 0, so it stays locked until an administrator unlocks it";

    private static string FirstLabel(string name)
    {
        var dot = name.IndexOf('.');
        return dot > 0 ? name.Substring(0, dot) : name;
    }
}

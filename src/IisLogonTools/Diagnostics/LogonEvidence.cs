using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using IisLogonTools.Logs;

namespace IisLogonTools.Diagnostics;

/// <summary>An account's failed logons (401.1) in a site's IIS logs, summed over the Win32 codes.</summary>
public sealed class LogonEvidence
{
    /// <summary>The site whose logs were read, or null when the lines came from piped Get-IisLogonFailure results.</summary>
    public string? Site { get; set; }

    /// <summary>How many 401.1 lines the account has.</summary>
    public long Failures { get; set; }

    /// <summary>The first line's time (UTC).</summary>
    public DateTime? FirstSeen { get; set; }

    /// <summary>The last line's time (UTC).</summary>
    public DateTime? LastSeen { get; set; }

    /// <summary>Per code: "12 x 1326 ERROR_LOGON_FAILURE (BadCredentials)", busiest first.</summary>
    public string[] Codes { get; set; } = Array.Empty<string>();

    /// <summary>The first line with 1909 (ERROR_ACCOUNT_LOCKED_OUT), or null: the account was locked at or before it.</summary>
    public DateTime? FirstLockedOut { get; set; }

    /// <summary>The busiest code's reason.</summary>
    public LogonFailureReason MainReason { get; set; }

    /// <summary>One sentence, for example "12 failures with 1326 since 02:10 UTC: wrong password".</summary>
    public string Summary { get; set; } = string.Empty;

    /// <inheritdoc/>
    public override string ToString() => Summary;

    /// <summary>Sums the failure groups of one account; null when there are none.</summary>
    public static LogonEvidence? FromFailures(IEnumerable<IisLogonFailure> failures, string? site)
    {
        if (failures is null)
        {
            throw new ArgumentNullException(nameof(failures));
        }

        var list = failures.Where(f => f.IsFailure).OrderByDescending(f => f.Count).ThenBy(f => f.Win32Status).ToList();
        if (list.Count == 0)
        {
            return null;
        }

        var first = list.Where(f => f.FirstSeen.HasValue).Select(f => f.FirstSeen!.Value).DefaultIfEmpty().Min();
        var last = list.Where(f => f.LastSeen.HasValue).Select(f => f.LastSeen!.Value).DefaultIfEmpty().Max();
        var evidence = new LogonEvidence
        {
            Site = site,
            Failures = list.Sum(f => f.Count),
            FirstSeen = first == default ? null : first,
            LastSeen = last == default ? null : last,
            Codes = list.Select(f => string.Format(CultureInfo.InvariantCulture, "{0} x {1} {2} ({3})", f.Count, f.Win32Status, f.ErrorName, f.Reason)).ToArray(),
            MainReason = list[0].Reason,
            FirstLockedOut = list.Where(f => f.Reason == LogonFailureReason.AccountLockedOut && f.FirstSeen.HasValue).Select(f => f.FirstSeen).Min(),
        };
        var parts = list.Select(f => string.Format(
            CultureInfo.InvariantCulture,
            "{0} failure{1} with {2}{3}: {4}",
            f.Count,
            f.Count == 1 ? string.Empty : "s",
            f.Win32Status,
            f.FirstSeen is { } since ? string.Format(CultureInfo.InvariantCulture, " since {0:yyyy-MM-dd HH:mm} UTC", since) : string.Empty,
            ShortText(f.Reason)));
        evidence.Summary = string.Join("; ", parts);
        return evidence;
    }

    /// <summary>A few words for a reason, as used in the summary.</summary>
    public static string ShortText(LogonFailureReason reason) => reason switch
    {
        LogonFailureReason.BadCredentials => "wrong password (or a name that does not exist where it was tried)",
        LogonFailureReason.LogonTypeNotGranted => "logon type not granted",
        LogonFailureReason.AccountDisabled => "account disabled",
        LogonFailureReason.AccountLockedOut => "account locked out",
        LogonFailureReason.AccountExpired => "account expired",
        LogonFailureReason.PasswordExpired => "password expired",
        LogonFailureReason.PasswordMustChange => "password must be changed",
        LogonFailureReason.InvalidLogonHours => "outside the logon hours",
        LogonFailureReason.InvalidWorkstation => "workstation not allowed",
        LogonFailureReason.IntegratedLogonDenied => "Integrated logon refused",
        _ => reason.ToString(),
    };
}

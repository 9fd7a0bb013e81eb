using System;

namespace IisLogonTools.Logs;

/// <summary>
/// A summary of logon failures spread over more accounts than <c>-SprayThreshold</c>: the shape of a password
/// spray (one or a few passwords tried against many accounts). Get-IisLogonFailure writes it after the busiest
/// accounts instead of one result per account.
/// </summary>
public sealed class IisLogonSpray
{
    /// <summary>How many distinct accounts (case-insensitive) failed to log on.</summary>
    public long Accounts { get; set; }

    /// <summary>How many failed lines those accounts have.</summary>
    public long Count { get; set; }

    /// <summary>How many of the accounts are listed as results (the busiest ones).</summary>
    public int AccountsListed { get; set; }

    /// <summary>The first failure (UTC), or <see langword="null"/> when the log has no date and time fields.</summary>
    public DateTime? FirstSeen { get; set; }

    /// <summary>The last failure (UTC), or <see langword="null"/>.</summary>
    public DateTime? LastSeen { get; set; }

    /// <summary>The client addresses with the most failed lines, most first.</summary>
    public string[] ClientIPs { get; set; } = [];

    /// <summary>How many distinct client addresses the failures came from (counted up to 100 per account).</summary>
    public long DistinctClientIPs { get; set; }

    /// <summary>The <c>sc-win32-status</c> names with their line counts, most first, such as <c>ERROR_LOGON_FAILURE (1326): 999000</c>.</summary>
    public string[] Errors { get; set; } = [];

    /// <summary>What the pattern means.</summary>
    public string Explanation { get; set; } = string.Empty;

    /// <summary>What to do next.</summary>
    public string Remediation { get; set; } = string.Empty;

    /// <summary>The HTTP status and substatus of the lines, such as <c>401.1</c>.</summary>
    public string HttpStatus { get; set; } = string.Empty;

    /// <summary>The site whose logs were read, when -Site was used.</summary>
    public string? Site { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"{Accounts} accounts x{Count}";
}

using System;
using System.Collections.Generic;
using System.Linq;
using IisLogonTools.Diagnostics;
using IisLogonTools.Iis;
using IisLogonTools.Security;

namespace IisLogonTools.Logs;

/// <summary>Turns aggregated log groups into <see cref="IisLogonFailure"/> results with their diagnosis.</summary>
public static class LogonFailureReport
{
    private const string AnonymousAccountText = "(anonymous)";

    /// <summary>Builds the results, busiest first.</summary>
    /// <param name="groups">The groups from <see cref="LogonFailureAggregator.Groups"/>.</param>
    /// <param name="settings">The site's Basic authentication settings when known; they give the logon type and name the configured domain.</param>
    /// <param name="logonType">The logon type to explain with when <paramref name="settings"/> is <see langword="null"/>.</param>
    /// <param name="httpStatus">The status label of the lines, such as <c>401.1</c>.</param>
    /// <param name="top">How many client addresses and URIs to list.</param>
    /// <param name="includeAnonymous">Whether to return anonymous groups.</param>
    /// <param name="site">The site name to put on each result, or <see langword="null"/>.</param>
    public static IEnumerable<IisLogonFailure> Build(
        IEnumerable<LogonFailureGroup> groups,
        IisAuthenticationSettings? settings,
        LogonType logonType,
        string httpStatus,
        int top,
        bool includeAnonymous,
        string? site)
    {
        if (groups is null)
        {
            throw new ArgumentNullException(nameof(groups));
        }

        return groups
            .Where(g => includeAnonymous || g.Account is not null)
            .Select(g => ToResult(g, settings, logonType, httpStatus, top, site))
            .OrderByDescending(r => r.IsFailure)
            .ThenBy(r => r.IsAnonymous)
            .ThenByDescending(r => r.Count)
            .ThenBy(r => r.Identity, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Win32Status)
            .ToList();
    }

    /// <summary>Whether the requests of a group came from the server itself: at least half of them.</summary>
    public static bool MostlyFromServerItself(LogonFailureGroup group) =>
        group is not null && group.Count > 0 && group.FromServerItself * 2 >= group.Count;

    private static IisLogonFailure ToResult(LogonFailureGroup g, IisAuthenticationSettings? settings, LogonType logonType, string httpStatus, int top, string? site)
    {
        var account = g.Account ?? AnonymousAccountText;
        var fromServer = MostlyFromServerItself(g);
        var diagnosis = g.Code == LogonDiagnostics.SecELogonDenied || settings is null
            ? LogonDiagnostics.Diagnose(g.Code, account, settings?.LogonType ?? logonType, fromServer)
            : LogonDiagnostics.Diagnose(g.Code, account, settings);
        var reason = diagnosis.Reason;
        var integrated = Win32ErrorText.IsSspiStatus(g.Code);

        // Integrated (NTLM, Negotiate) logons are network logons; Basic uses the configured logonMethod.
        var usedType = integrated ? LogonType.Network : diagnosis.LogonType;
        return new IisLogonFailure
        {
            Identity = g.Account ?? "-",
            IsAnonymous = g.Account is null,
            Win32Status = unchecked((uint)g.Code),
            ErrorName = diagnosis.ErrorName,
            Reason = reason.ToString(),
            LogonType = usedType.ToString(),
            RequiredRight = LogonRights.RightName(LogonRights.ForLogonType(usedType), RightAssignmentKind.Allow),
            IsFailure = reason is not LogonFailureReason.None and not LogonFailureReason.AuthenticationChallenge,
            Authentication = integrated ? "Integrated" : "Basic",
            Explanation = diagnosis.Explanation,
            Remediation = diagnosis.Remediation,
            Fix = LogonDiagnostics.ShortFix(diagnosis),
            LoggedAs = g.LoggedAs.Count > 0 ? g.LoggedAs.ToArray() : g.Account is null ? [] : [g.Account],
            HttpStatus = httpStatus,
            Count = g.Count,
            FirstSeen = g.FirstTicks < 0 ? null : new DateTime(g.FirstTicks, DateTimeKind.Utc),
            LastSeen = g.LastTicks < 0 ? null : new DateTime(g.LastTicks, DateTimeKind.Utc),
            ClientIPs = g.TopClients(top),
            Uris = g.TopUris(top),
            FromServerItself = g.FromServerItself,
            LogFiles = g.Files,
            Site = site,
        };
    }
}

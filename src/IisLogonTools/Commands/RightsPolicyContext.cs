using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using IisLogonTools.Native;
using IisLogonTools.Policy;
using IisLogonTools.Rights;
using IisLogonTools.Security;

namespace IisLogonTools.Commands;

/// <summary>
/// Group Policy awareness for one cmdlet invocation: the -PolicyReport (loaded once), RSoP (read at most once per
/// computer), and the GPO members' names translated on each target computer.
/// </summary>
internal sealed class RightsPolicyContext
{
    private readonly ComputerPolicyCache _cache;
    private readonly Dictionary<string, Dictionary<string, Sid?>> _names = new(StringComparer.OrdinalIgnoreCase);

    private RightsPolicyContext(ComputerPolicyCache cache) => _cache = cache;

    /// <summary>Loads the report (if any); failures become the terminating error to throw.</summary>
    internal static RightsPolicyContext Create(PSCmdlet cmdlet, string? policyReport, out ErrorRecord? error)
    {
        error = null;
        GroupPolicyReportSource? report = null;
        if (policyReport is not null)
        {
            var path = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(policyReport);
            try
            {
                report = new GroupPolicyReportSource(GroupPolicyReport.Load(path), path);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                error = new ErrorRecord(new ItemNotFoundException($"The Group Policy report '{path}' does not exist. Create it on the target computer with 'gpresult /scope computer /x FILE' (elevated) or 'Get-GPResultantSetOfPolicy -ReportType Xml -Path FILE'.", e), "PolicyReportNotFound", ErrorCategory.ObjectNotFound, policyReport);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error = new ErrorRecord(new IOException($"The Group Policy report '{path}' cannot be read: {e.Message}", e), "PolicyReportUnreadable", ErrorCategory.ReadError, policyReport);
            }
            catch (GroupPolicyReportException e)
            {
                error = new ErrorRecord(e, "PolicyReportInvalid", ErrorCategory.InvalidData, policyReport);
            }
        }

        return new RightsPolicyContext(new ComputerPolicyCache(report, new RsopPolicySource(new CimRsopQuery(cmdlet))));
    }

    /// <summary>Who decides a right on the session's computer.</summary>
    internal RightPolicy For(ComputerRightsSession session, string right) => _cache.For(session.RemoteName, session.ComputerName).For(right);

    /// <summary>The GPO member names of these policies translated on the session's computer (null: not found there).</summary>
    internal IReadOnlyDictionary<string, Sid?> ResolvedNames(ComputerRightsSession session, params RightPolicy[] policies)
    {
        var key = session.RemoteName ?? string.Empty;
        if (!_names.TryGetValue(key, out var known))
        {
            _names[key] = known = new Dictionary<string, Sid?>(StringComparer.OrdinalIgnoreCase);
        }

        var missing = PolicyRefreshEvaluator.NamesToResolve(policies).Where(n => !known.ContainsKey(n)).ToList();
        if (missing.Count == 0)
        {
            return known;
        }

        var parsed = new List<(string Name, ParsedAccountIdentity Identity)>();
        foreach (var name in missing)
        {
            try
            {
                parsed.Add((name, new AccountIdentity(name).Parse()));
            }
            catch (AccountIdentityException)
            {
                known[name] = null;
            }
        }

        if (parsed.Count > 0)
        {
            try
            {
                var results = session.ResolveMany(parsed.ConvertAll(p => p.Identity));
                for (var i = 0; i < parsed.Count; i++)
                {
                    known[parsed[i].Name] = results[i].Account?.Sid;
                }
            }
            catch (WindowsApiException)
            {
                foreach (var (name, _) in parsed)
                {
                    known[name] = null;
                }
            }
        }

        return known;
    }

    /// <summary>Fills PolicySource, GroupPolicyObject and the note of a status for its allow and deny right.</summary>
    internal void Describe(ComputerRightsSession session, LogonRightStatus status)
    {
        var allow = For(session, status.Right);
        var deny = For(session, status.DenyRight);
        status.PolicySource = allow.Source;
        status.GroupPolicyObject = allow.Winning?.GpoName;
        status.DenyPolicySource = deny.Source;
        status.DenyGroupPolicyObject = deny.Winning?.GpoName;
        status.PolicyNote = Note(allow, deny);
    }

    /// <summary>Fills PolicySource and GroupPolicyObject of a holder.</summary>
    internal void Describe(ComputerRightsSession session, LogonRightHolder holder)
    {
        var policy = For(session, holder.Right);
        holder.PolicySource = policy.Source;
        holder.GroupPolicyObject = policy.Winning?.GpoName;
    }

    private static string? Note(RightPolicy allow, RightPolicy deny)
    {
        var parts = new List<string>();
        foreach (var p in new[] { allow, deny })
        {
            if (p.Source == PolicySource.GroupPolicy)
            {
                parts.Add($"{p.Right} is defined by GPO {p.Winning!.Describe()} ({p.Origin}); a local change is reverted at the next policy refresh unless that GPO agrees.");
            }
        }

        if (allow.Source == PolicySource.Unknown)
        {
            parts.Add(allow.Reason!);
        }

        return parts.Count == 0 ? null : string.Join(" ", parts);
    }
}

using System;
using System.Collections.Generic;

namespace IisLogonTools.Policy;

/// <summary>
/// The policy of each computer, read at most once per command invocation: from the -PolicyReport file when it
/// describes that computer, otherwise from RSoP (one read per computer), otherwise Unknown with the reason.
/// </summary>
public sealed class ComputerPolicyCache
{
    private readonly GroupPolicyReportSource? _report;
    private readonly IRightsPolicySource? _rsop;
    private readonly Dictionary<string, ComputerPolicy> _byComputer = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the cache; both sources are optional.</summary>
    public ComputerPolicyCache(GroupPolicyReportSource? report, IRightsPolicySource? rsop)
    {
        _report = report;
        _rsop = rsop;
    }

    /// <summary>The policy of a computer.</summary>
    /// <param name="remoteName">The remote name as given (null: this computer); RSoP is read there.</param>
    /// <param name="computerName">The name LSA gives the computer, used to match the report and as the cache key.</param>
    public ComputerPolicy For(string? remoteName, string computerName)
    {
        var key = remoteName ?? string.Empty;
        if (_byComputer.TryGetValue(key, out var policy))
        {
            return policy;
        }

        if (_report is not null && _report.Describes(computerName, remoteName))
        {
            policy = _report.Read(null);
        }
        else if (_rsop is not null)
        {
            policy = _rsop.Read(remoteName);
        }
        else
        {
            policy = ComputerPolicy.Unknown($"policy of {computerName}", $"No RSoP source is available for {computerName}.");
        }

        if (_report is not null && !_report.Describes(computerName, remoteName) && policy.UnknownReason is not null)
        {
            policy = ComputerPolicy.Unknown(policy.Origin, $"The -PolicyReport describes {_report.ComputerName}, not {computerName}; and {Lower(policy.UnknownReason)}");
        }

        _byComputer[key] = policy;
        return policy;
    }

    private static string Lower(string text) => text.Length > 0 ? char.ToLowerInvariant(text[0]) + text.Substring(1) : text;
}

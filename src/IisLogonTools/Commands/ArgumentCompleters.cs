using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using IisLogonTools.Iis;

namespace IisLogonTools.Commands;

/// <summary>Shared completion logic: prefix match, quoting of values with spaces or quotes.</summary>
internal static class Completion
{
    internal static IEnumerable<CompletionResult> Matching(IEnumerable<string> values, string wordToComplete, Func<string, string>? tooltip = null)
    {
        var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return values
            .Where(v => v.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(v => new CompletionResult(Quote(v), v, CompletionResultType.ParameterValue, tooltip?.Invoke(v) ?? v));
    }

    internal static string Quote(string value) =>
        value.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ',', ';', '(', ')', '{', '}', '@', '#', '&', '|' }) >= 0
            ? Diagnostics.PowerShellLiteral.SingleQuoted(value)
            : value;
}

/// <summary>Completes -LogonType of Test-IisLogon with the names it accepts.</summary>
public sealed class LogonTypeCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(LogonTypeName.LogonCompletionNames, wordToComplete);
}

/// <summary>Completes -LogonType of the rights cmdlets with the names they accept.</summary>
public sealed class LogonRightTypeCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(LogonTypeName.RightCompletionNames, wordToComplete);
}

/// <summary>
/// Completes -Site with the site names in applicationHost.config (the -ConfigurationPath already typed, else IIS's own
/// file), never with file names. A file that cannot be read completes nothing.
/// </summary>
public sealed class IisSiteCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string? path = null;
        if (fakeBoundParameters is not null && fakeBoundParameters.Contains("ConfigurationPath"))
        {
            var given = fakeBoundParameters["ConfigurationPath"];
            path = (given is PSObject pso ? pso.BaseObject : given)?.ToString();
            if (path is not null)
            {
                try
                {
                    using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
                    path = ps.AddCommand("Microsoft.PowerShell.Management\\Resolve-Path").AddParameter("LiteralPath", path)
                        .Invoke<PathInfo>().FirstOrDefault()?.ProviderPath ?? path;
                }
                catch (Exception e) when (e is RuntimeException or InvalidOperationException)
                {
                    // Completion must never fail; the unresolved text is tried as it is.
                }
            }
        }

        path ??= ApplicationHostConfig.GetDefaultPath();
        if (path is null || !System.IO.File.Exists(path))
        {
            return Array.Empty<CompletionResult>();
        }

        try
        {
            var sites = ApplicationHostConfig.Load(path).Sites;
            return Completion.Matching(sites.Select(s => s.Name), wordToComplete).ToList();
        }
        catch (Exception e) when (ErrorRecords.IsIisConfigurationError(e) || e is System.IO.IOException)
        {
            return Array.Empty<CompletionResult>();
        }
    }
}

/// <summary>
/// The -Identity candidates of this computer, and how a typed word selects them. Pure: the names come in, the
/// completions go out; <see cref="AccountIdentityCompleter"/> reads them.
/// </summary>
internal static class AccountCompletion
{
    /// <summary>
    /// The well-known principals that logon rights are usually assigned to: Everyone, Authenticated Users, SERVICE,
    /// LOCAL SERVICE, NETWORK SERVICE. Their names are translated (they are localized on Windows), never typed in.
    /// </summary>
    internal static readonly string[] WellKnownSids = { "S-1-1-0", "S-1-5-11", "S-1-5-6", "S-1-5-19", "S-1-5-20" };

    /// <summary>
    /// Completions for <paramref name="wordToComplete"/>: each candidate is DOMAIN\name (or a bare name for a principal
    /// without a domain, such as Everyone); a word matches when either the whole form or the account name alone starts
    /// with it (case-insensitive, quotes around the word ignored). Sorted by the completion text, duplicates removed,
    /// quoted only when PowerShell needs it (a space, a quote...): a backslash alone does not need quotes.
    /// </summary>
    internal static IReadOnlyList<CompletionResult> Complete(IEnumerable<string> candidates, string? wordToComplete)
    {
        var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return candidates
            .Where(c => !string.IsNullOrEmpty(c))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(c => c.StartsWith(word, StringComparison.OrdinalIgnoreCase) || AccountName(c).StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c, StringComparer.OrdinalIgnoreCase)
            .Select(c => new CompletionResult(Completion.Quote(c), c, CompletionResultType.ParameterValue, c))
            .ToList();
    }

    private static string AccountName(string candidate)
    {
        var slash = candidate.LastIndexOf('\\');
        return slash < 0 ? candidate : candidate.Substring(slash + 1);
    }
}

/// <summary>
/// Completes -Identity with this computer's user accounts and local groups (NetUserEnum, NetLocalGroupEnum) and the
/// usual well-known principals, each in the DOMAIN\name form the local LSA gives it ('BUILTIN\Users', WEB01\bob).
/// Only this computer is asked, never a domain controller: the enumerations run with no server name, and the LSA
/// translation is given only names that this computer's own SAM just returned and well-known SIDs, which LSA
/// resolves locally. Anything failing (no Windows API, access denied) completes nothing, silently.
/// </summary>
public sealed class AccountIdentityCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            return AccountCompletion.Complete(LocalCandidates(), wordToComplete);
        }
        catch (Exception e) when (e is Native.WindowsApiException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or PlatformNotSupportedException)
        {
            return Array.Empty<CompletionResult>();
        }
    }

    private static List<string> LocalCandidates()
    {
        var names = new List<string>();
        names.AddRange(Native.LocalAccountEnumerator.GetUserNames());
        names.AddRange(Native.LocalAccountEnumerator.GetLocalGroupNames());
        var result = new List<string>();
        using var policy = Native.LsaPolicy.Open(null, Native.LsaPolicy.ReadAccess);
        var lookups = policy.LookupNames(names);
        for (var i = 0; i < names.Count; i++)
        {
            // LsaLookupNames2 returns the domain, not the name: the SAM's name is qualified with it. A name LSA does
            // not translate (renamed meanwhile) is offered as the SAM returned it.
            var domain = i < lookups.Count && lookups[i].Resolved ? lookups[i].Domain : null;
            result.Add(domain is null ? names[i] : domain + "\\" + names[i]);
        }

        var wellKnown = policy.LookupSids(AccountCompletion.WellKnownSids.Select(Security.Sid.Parse).ToList());
        result.AddRange(wellKnown.Where(w => w.Resolved).Select(w => w.DisplayName));
        return result;
    }
}

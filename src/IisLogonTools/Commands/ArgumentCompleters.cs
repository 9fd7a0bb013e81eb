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

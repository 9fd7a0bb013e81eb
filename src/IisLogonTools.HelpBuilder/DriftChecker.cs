using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace IisLogonTools.HelpBuilder;

/// <summary>Compares cmdlet pages with the command metadata exported from the built module.</summary>
internal static class DriftChecker
{
    private const string Fix = "run the 'update' command to refresh the page";

    public static void Check(string sourceDir, IReadOnlyList<CmdletPage> pages, ModuleMetadata metadata, DiagnosticBag diagnostics)
    {
        var byName = pages.Where(p => p.Name.Length > 0)
            .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

        foreach (var command in metadata.Commands.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            if (!byName.TryGetValue(command.Name, out var page))
            {
                diagnostics.Add(Path.Combine(sourceDir, command.Name + ".md"), 1, $"expected a page for cmdlet {command.Name} (exported by the module), found none; {Fix}");
                continue;
            }

            CheckCommand(page, command, diagnostics);
        }

        var known = metadata.Commands.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var page in pages.Where(p => p.Name.Length > 0 && !known.Contains(p.Name)))
        {
            diagnostics.Add(page.File, 1, $"expected a cmdlet named {page.Name} in the module metadata, found none; remove the page or fix its name");
        }
    }

    private static void CheckCommand(CmdletPage page, CommandMetadata command, DiagnosticBag diagnostics)
    {
        var file = page.File;
        var onPage = page.Parameters.Where(p => !CommonParameters.IsCommon(p.Name))
            .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var inCode = command.DocumentedParameters.ToList();
        var paramsLine = page.Sections.TryGetValue("PARAMETERS", out var s) ? MarkdownSource.LineOf(s.Heading) : 1;

        foreach (var p in inCode)
        {
            if (!onPage.TryGetValue(p.Name, out var documented))
            {
                diagnostics.Add(file, paramsLine, $"parameter -{p.Name}: expected a '### -{p.Name}' section (the cmdlet has this parameter), found none; {Fix}");
                continue;
            }

            if (!string.Equals(documented.Name, p.Name, StringComparison.Ordinal))
            {
                diagnostics.Add(file, documented.Line, $"parameter -{p.Name}: expected the name '-{p.Name}' as in the code, found '-{documented.Name}'; {Fix}");
            }

            CheckParameter(file, command, p, documented, diagnostics);
        }

        foreach (var documented in onPage.Values.Where(d => !inCode.Any(p => string.Equals(p.Name, d.Name, StringComparison.OrdinalIgnoreCase))))
        {
            diagnostics.Add(file, documented.Line, $"parameter -{documented.Name}: is on the page but the cmdlet has no such parameter (stale); {Fix}");
        }
    }

    private static void CheckParameter(string file, CommandMetadata command, ParameterMetadata p, PageParameter documented, DiagnosticBag diagnostics)
    {
        if (documented.Yaml.Count == 0)
        {
            return;
        }

        void Drift(int line, string what, string page, string code) =>
            diagnostics.Add(file, line, $"parameter -{p.Name}: {what} is '{page}' on the page but '{code}' in the code; {Fix}");

        foreach (var yaml in documented.Yaml)
        {
            var type = yaml.Get("Type");
            if (!string.Equals(type, p.ShortTypeName, StringComparison.OrdinalIgnoreCase))
            {
                diagnostics.Add(file, yaml.LineOf("Type"), $"parameter -{p.Name}: Type is '{type}' on the page but '{p.ShortTypeName}' ({p.Type}) in the code; {Fix}");
            }

            var aliases = yaml.GetList("Aliases");
            if (!SameSet(aliases, p.Aliases))
            {
                Drift(yaml.LineOf("Aliases"), "Aliases", string.Join(", ", aliases), string.Join(", ", p.Aliases));
            }

            var accepted = yaml.GetList("Accepted values");
            if (!SameSet(accepted, p.AcceptedValues))
            {
                Drift(yaml.LineOf("Accepted values"), "Accepted values", string.Join(", ", accepted), string.Join(", ", p.AcceptedValues));
            }

            var wildcard = ParseBool(file, yaml, "Accept wildcard characters", diagnostics);
            if (wildcard is bool w && w != p.SupportsWildcards)
            {
                Drift(yaml.LineOf("Accept wildcard characters"), "Accept wildcard characters", ParameterText.Bool(w), ParameterText.Bool(p.SupportsWildcards));
            }
        }

        // Per parameter set: which sets, and how the parameter binds in each.
        var pageSets = new Dictionary<string, (YamlBlock Yaml, bool? Required, string Position, string Pipeline)>(StringComparer.Ordinal);
        foreach (var yaml in documented.Yaml)
        {
            var required = ParseBool(file, yaml, "Required", diagnostics);
            var position = NormalizePosition(file, yaml, diagnostics);
            var pipeline = NormalizePipeline(file, yaml, diagnostics);
            foreach (var set in yaml.GetList("Parameter Sets"))
            {
                pageSets[ParameterText.SetNameInMetadata(set)] = (yaml, required, position, pipeline);
            }
        }

        var codeSets = p.ParameterSets.Select(b => b.Name).ToList();
        if (!SameSet(pageSets.Keys.ToList(), codeSets, StringComparer.Ordinal))
        {
            Drift(documented.Yaml[0].LineOf("Parameter Sets"), "Parameter Sets",
                string.Join(", ", pageSets.Keys.Select(ParameterText.SetNameOnPage)),
                string.Join(", ", codeSets.Select(ParameterText.SetNameOnPage)));
        }

        foreach (var binding in p.ParameterSets)
        {
            if (!pageSets.TryGetValue(binding.Name, out var onPage))
            {
                continue;
            }

            var set = ParameterText.SetNameOnPage(binding.Name);
            if (onPage.Required is bool r && r != binding.IsMandatory)
            {
                Drift(onPage.Yaml.LineOf("Required"), $"Required (parameter set {set})", ParameterText.Bool(r), ParameterText.Bool(binding.IsMandatory));
            }

            var position = ParameterText.PositionOnPage(binding.Position);
            if (onPage.Position.Length > 0 && !string.Equals(onPage.Position, position, StringComparison.Ordinal))
            {
                Drift(onPage.Yaml.LineOf("Position"), $"Position (parameter set {set})", onPage.Position, position);
            }

            var pipeline = ParameterText.Pipeline(binding);
            if (onPage.Pipeline.Length > 0 && !string.Equals(onPage.Pipeline, pipeline, StringComparison.Ordinal))
            {
                Drift(onPage.Yaml.LineOf("Accept pipeline input"), $"Accept pipeline input (parameter set {set})", onPage.Pipeline, pipeline);
            }
        }
    }

    private static bool SameSet(IReadOnlyCollection<string> a, IReadOnlyCollection<string> b, StringComparer? comparer = null)
    {
        comparer ??= StringComparer.OrdinalIgnoreCase;
        return a.ToHashSet(comparer).SetEquals(b);
    }

    private static bool? ParseBool(string file, YamlBlock yaml, string key, DiagnosticBag diagnostics)
    {
        if (!yaml.Values.ContainsKey(key))
        {
            return null;
        }

        var value = yaml.Get(key);
        if (string.Equals(value, "True", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(value, "False", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        diagnostics.Add(file, yaml.LineOf(key), $"expected '{key}: True' or '{key}: False', found '{value}'");
        return null;
    }

    private static string NormalizePosition(string file, YamlBlock yaml, DiagnosticBag diagnostics)
    {
        if (!yaml.Values.ContainsKey("Position"))
        {
            return "";
        }

        var value = yaml.Get("Position");
        if (string.Equals(value, "Named", StringComparison.OrdinalIgnoreCase))
        {
            return "Named";
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n.ToString(CultureInfo.InvariantCulture);
        }

        diagnostics.Add(file, yaml.LineOf("Position"), $"expected 'Position: Named' or a number, found '{value}'");
        return "";
    }

    private static string NormalizePipeline(string file, YamlBlock yaml, DiagnosticBag diagnostics)
    {
        if (!yaml.Values.ContainsKey("Accept pipeline input"))
        {
            return "";
        }

        var value = yaml.Get("Accept pipeline input");
        if (string.Equals(value, "False", StringComparison.OrdinalIgnoreCase))
        {
            return "False";
        }

        var open = value.IndexOf('(', StringComparison.Ordinal);
        var close = value.LastIndexOf(')');
        if (value.StartsWith("True", StringComparison.OrdinalIgnoreCase) && open > 0 && close > open)
        {
            var kinds = value[(open + 1)..close].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var byValue = kinds.Contains("ByValue", StringComparer.OrdinalIgnoreCase);
            var byName = kinds.Contains("ByPropertyName", StringComparer.OrdinalIgnoreCase);
            if ((byValue || byName) && kinds.All(k => k.Equals("ByValue", StringComparison.OrdinalIgnoreCase) || k.Equals("ByPropertyName", StringComparison.OrdinalIgnoreCase)))
            {
                return ParameterText.Pipeline(byValue, byName);
            }
        }

        diagnostics.Add(file, yaml.LineOf("Accept pipeline input"), $"expected 'Accept pipeline input: False' or 'True (ByValue)', 'True (ByPropertyName)', 'True (ByPropertyName, ByValue)', found '{value}'");
        return "";
    }
}

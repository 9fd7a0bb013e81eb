using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace IisLogonTools.HelpBuilder;

/// <summary>
/// The <c>update</c> command: creates missing cmdlet pages and refreshes SYNTAX and the parameter yaml blocks of
/// existing ones from the metadata, leaving all prose as it is. Idempotent; writes LF and UTF-8 without BOM.
/// </summary>
internal static class PageUpdater
{
    private static readonly UTF8Encoding Utf8NoBom = new(false);

    public static int Run(string sourceDir, string metadataPath, string module, TextWriter stdout, TextWriter stderr)
    {
        var metadata = ModuleMetadata.Load(metadataPath);
        Directory.CreateDirectory(sourceDir);
        var failed = false;
        foreach (var command in metadata.Commands.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var path = Path.Combine(sourceDir, command.Name + ".md");
            if (!File.Exists(path))
            {
                File.WriteAllText(path, NewPage(command, module), Utf8NoBom);
                stdout.WriteLine($"created {path}");
                continue;
            }

            var raw = File.ReadAllText(path);
            var diagnostics = new DiagnosticBag();
            var updated = UpdatePage(MarkdownSource.Parse(path, raw), command, diagnostics);
            if (updated is null)
            {
                foreach (var d in diagnostics.Items)
                {
                    stderr.WriteLine(d.ToString());
                }

                failed = true;
                continue;
            }

            if (string.Equals(updated, raw, StringComparison.Ordinal))
            {
                stdout.WriteLine($"unchanged {path}");
            }
            else
            {
                File.WriteAllText(path, updated, Utf8NoBom);
                stdout.WriteLine($"updated {path}");
            }
        }

        var known = metadata.Commands.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var path in Directory.EnumerateFiles(sourceDir, "*.md").OrderBy(p => p, StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (!known.Contains(name) && !name.StartsWith("about_", StringComparison.OrdinalIgnoreCase)
                && !CmdletPageParser.IsModulePage(MarkdownSource.Parse(path, File.ReadAllText(path))))
            {
                stdout.WriteLine($"warning: {path} documents '{name}', which the module does not export; delete or rename the page");
            }
        }

        return failed ? 1 : 0;
    }

    /// <summary>A new page in the platyPS layout, with <c>{{ ... }}</c> placeholders where prose is needed.</summary>
    public static string NewPage(CommandMetadata command, string module)
    {
        var lines = new List<string>
        {
            "---",
            $"external help file: {module}.dll-Help.xml",
            $"Module Name: {module}",
            "online version:",
            "schema: 2.0.0",
            "---",
            "",
            $"# {command.Name}",
            "",
            "## SYNOPSIS",
            "{{ Fill in the Synopsis }}",
            "",
            "## SYNTAX",
        };
        lines.AddRange(SyntaxBody(command));
        lines.AddRange(
        [
            "## DESCRIPTION",
            "{{ Fill in the Description }}",
            "",
            "## EXAMPLES",
            "",
            "### Example 1",
            "```powershell",
            "PS C:\\> {{ Add example code here }}",
            "```",
            "",
            "{{ Add example description here }}",
            "",
            "### Example 2",
            "```powershell",
            "PS C:\\> {{ Add example code here }}",
            "```",
            "",
            "{{ Add example description here }}",
            "",
            "## PARAMETERS",
        ]);
        lines.AddRange(ParametersBody(command, _ => null));

        lines.Add("## INPUTS");
        lines.Add("");
        var inputs = command.DocumentedParameters
            .Where(p => p.ParameterSets.Any(b => b.ValueFromPipeline || b.ValueFromPipelineByPropertyName))
            .Select(p => p.Type).Distinct(StringComparer.Ordinal).OrderBy(t => t, StringComparer.Ordinal).ToList();
        foreach (var type in inputs.Count > 0 ? inputs : new List<string> { "None" })
        {
            lines.Add($"### {type}");
            lines.Add("{{ Describe the input }}");
            lines.Add("");
        }

        lines.Add("## OUTPUTS");
        lines.Add("");
        var outputs = command.OutputTypes.Count > 0 ? command.OutputTypes : new List<string> { "System.Object" };
        foreach (var type in outputs)
        {
            lines.Add($"### {type}");
            lines.Add("{{ Describe the output }}");
            lines.Add("");
        }

        lines.AddRange(["## NOTES", "{{ Fill in the Notes }}", "", "## RELATED LINKS", "", "{{ Fill in the related links }}"]);
        return Finish(lines);
    }

    /// <summary>Rewrites SYNTAX and PARAMETERS of an existing page; returns null when the page lacks them.</summary>
    public static string? UpdatePage(MarkdownSource source, CommandMetadata command, DiagnosticBag diagnostics)
    {
        var page = CmdletPageParser.Parse(source, new DiagnosticBag());
        page.Sections.TryGetValue("SYNTAX", out var syntax);
        page.Sections.TryGetValue("PARAMETERS", out var parameters);
        if (syntax is null || parameters is null)
        {
            diagnostics.Add(source.Path, 1, "expected '## SYNTAX' and '## PARAMETERS' sections to update, found none; fix the page or delete it and run 'update' again");
            return null;
        }

        string? Description(ParameterMetadata p)
        {
            var documented = page.Parameters.FirstOrDefault(d => string.Equals(d.Name, p.Name, StringComparison.OrdinalIgnoreCase));
            if (documented is null)
            {
                return null;
            }

            var yamlLines = new HashSet<int>();
            foreach (var yaml in documented.Yaml)
            {
                for (var i = yaml.Block.Line; i <= source.LastLineIndex(yaml.Block); i++)
                {
                    yamlLines.Add(i);
                }
            }

            var kept = Enumerable.Range(documented.Heading.Line + 1, Math.Max(0, documented.EndLineIndex - documented.Heading.Line - 1))
                .Where(i => !yamlLines.Contains(i))
                .Select(i => source.Lines[i])
                .ToList();
            var text = string.Join('\n', kept).Trim('\n', ' ', '\t');
            return text.Length == 0 ? null : text;
        }

        string DefaultValue(ParameterMetadata p)
        {
            var documented = page.Parameters.FirstOrDefault(d => string.Equals(d.Name, p.Name, StringComparison.OrdinalIgnoreCase));
            var value = documented?.Yaml.Select(y => y.Get("Default value")).FirstOrDefault(v => v.Length > 0);
            return value ?? ParameterText.DefaultValueFor(p);
        }

        var replacements = new[]
        {
            (Start: syntax.Heading.Line + 1, End: syntax.EndLineIndex, Body: SyntaxBody(command)),
            (Start: parameters.Heading.Line + 1, End: parameters.EndLineIndex, Body: ParametersBody(command, Description, DefaultValue)),
        };

        var lines = source.Lines.ToList();
        foreach (var (start, end, body) in replacements.OrderByDescending(r => r.Start))
        {
            lines.RemoveRange(start, end - start);
            lines.InsertRange(start, body);
        }

        return Finish(lines);
    }

    private static List<string> SyntaxBody(CommandMetadata command)
    {
        var lines = new List<string> { "" };
        var sets = command.OrderedParameterSets;
        foreach (var set in sets)
        {
            var isDefault = sets.Count > 1 && string.Equals(set, command.DefaultParameterSet, StringComparison.Ordinal);
            lines.Add($"### {set}{(isDefault ? " (Default)" : "")}");
            lines.Add("```");
            lines.Add(ParameterText.SyntaxLine(command, set));
            lines.Add("```");
            lines.Add("");
        }

        return lines;
    }

    private static List<string> ParametersBody(CommandMetadata command, Func<ParameterMetadata, string?> description, Func<ParameterMetadata, string>? defaultValue = null)
    {
        var lines = new List<string> { "" };
        foreach (var p in command.DocumentedParameters)
        {
            lines.Add($"### -{p.Name}");
            lines.AddRange((description(p) ?? $"{{{{ Fill {p.Name} Description }}}}").Split('\n'));
            lines.Add("");
            var value = defaultValue?.Invoke(p) ?? ParameterText.DefaultValueFor(p);
            foreach (var group in ParameterText.YamlGroups(command, p))
            {
                lines.Add("```yaml");
                lines.AddRange(ParameterText.YamlBlock(p, group, value).TrimEnd('\n').Split('\n'));
                lines.Add("```");
                lines.Add("");
            }
        }

        lines.Add("### CommonParameters");
        lines.Add(ParameterText.CommonParametersText);
        lines.Add("");
        return lines;
    }

    private static string Finish(List<string> lines) => string.Join('\n', lines).TrimEnd('\n', ' ') + "\n";
}

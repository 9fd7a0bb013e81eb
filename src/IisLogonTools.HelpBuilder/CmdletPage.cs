using System;
using System.Collections.Generic;
using System.Linq;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace IisLogonTools.HelpBuilder;

/// <summary>A schema 2.0.0 cmdlet page, as read from markdown.</summary>
internal sealed class CmdletPage
{
    public required MarkdownSource Source { get; init; }

    public string Name { get; set; } = "";

    public string ExternalHelpFile { get; set; } = "";

    public string OnlineVersion { get; set; } = "";

    /// <summary>H2 sections by upper-case title.</summary>
    public Dictionary<string, PageSection> Sections { get; } = new(StringComparer.Ordinal);

    public List<string> Synopsis { get; } = new();

    public List<string> Description { get; } = new();

    public List<PageExample> Examples { get; } = new();

    public List<PageParameter> Parameters { get; } = new();

    public List<PageTypeEntry> Inputs { get; } = new();

    public List<PageTypeEntry> Outputs { get; } = new();

    public List<string> Notes { get; } = new();

    public List<(string Text, string Uri)> Links { get; } = new();

    public string File => Source.Path;
}

/// <summary>An H2 section: its heading and the top-level blocks up to the next H2.</summary>
internal sealed class PageSection
{
    public required string Title { get; init; }

    public required HeadingBlock Heading { get; init; }

    public List<Block> Blocks { get; } = new();

    /// <summary>Zero-based line index where the next H2 starts (or the line count).</summary>
    public int EndLineIndex { get; set; }
}

internal sealed class PageExample
{
    public string Title { get; set; } = "";

    public int Line { get; set; }

    public List<string> Code { get; } = new();

    public List<string> Remarks { get; } = new();
}

internal sealed class PageTypeEntry
{
    public string Name { get; set; } = "";

    public List<string> Description { get; } = new();
}

internal sealed class PageParameter
{
    public string Name { get; set; } = "";

    public int Line { get; set; }

    public required HeadingBlock Heading { get; init; }

    public List<Block> DescriptionBlocks { get; } = new();

    public List<string> Description { get; } = new();

    public List<YamlBlock> Yaml { get; } = new();

    /// <summary>Zero-based line index where the next H3 or H2 starts.</summary>
    public int EndLineIndex { get; set; }
}

/// <summary>A parameter's ```yaml block of <c>Key: Value</c> lines.</summary>
internal sealed class YamlBlock
{
    public static readonly string[] RequiredKeys =
    {
        "Type", "Parameter Sets", "Aliases", "Required", "Position", "Default value",
        "Accept pipeline input", "Accept wildcard characters",
    };

    public static readonly string[] KnownKeys = RequiredKeys.Append("Accepted values").ToArray();

    public required FencedCodeBlock Block { get; init; }

    public int Line => Block.Line + 1;

    public Dictionary<string, (string Value, int Line)> Values { get; } = new(StringComparer.Ordinal);

    public string Get(string key) => Values.TryGetValue(key, out var v) ? v.Value : "";

    public int LineOf(string key) => Values.TryGetValue(key, out var v) ? v.Line : Line;

    /// <summary>Comma-separated list value, empty entries removed.</summary>
    public List<string> GetList(string key) =>
        Get(key).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
}

/// <summary>Reads a cmdlet page into <see cref="CmdletPage"/>, reporting every schema violation.</summary>
internal static class CmdletPageParser
{
    public static readonly string[] SectionNames =
    {
        "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS",
    };

    /// <summary>Front matter check shared by build and update. Returns false when the file is not a cmdlet page.</summary>
    public static bool IsModulePage(MarkdownSource source) =>
        source.FrontMatter()?.Any(kv => string.Equals(kv.Key, "Module Guid", StringComparison.OrdinalIgnoreCase)) == true;

    public static CmdletPage Parse(MarkdownSource source, DiagnosticBag diagnostics)
    {
        var page = new CmdletPage { Source = source };
        var file = source.Path;
        var expectedName = System.IO.Path.GetFileNameWithoutExtension(file);

        var front = source.FrontMatter();
        if (front is null)
        {
            diagnostics.Add(file, 1, "expected YAML front matter ('---' lines) with 'schema: 2.0.0' and 'external help file'");
        }
        else
        {
            var fm = front.GroupBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            if (!fm.TryGetValue("schema", out var schema))
            {
                diagnostics.Add(file, 1, "expected 'schema: 2.0.0' in the front matter");
            }
            else if (schema.Value != "2.0.0")
            {
                diagnostics.Add(file, schema.Line, $"expected 'schema: 2.0.0', found 'schema: {schema.Value}'");
            }

            if (!fm.TryGetValue("external help file", out var ehf) || ehf.Value.Length == 0)
            {
                diagnostics.Add(file, 1, "expected 'external help file: <Assembly>.dll-Help.xml' in the front matter");
            }
            else
            {
                page.ExternalHelpFile = ehf.Value;
            }

            if (fm.TryGetValue("online version", out var online))
            {
                page.OnlineVersion = online.Value;
                if (online.Value.Length > 0 && !Uri.TryCreate(online.Value, UriKind.Absolute, out _))
                {
                    diagnostics.Add(file, online.Line, $"expected 'online version' to be empty or an absolute URL, found '{online.Value}'");
                }
            }
        }

        foreach (var (line, placeholder) in source.Placeholders())
        {
            diagnostics.Add(file, line, $"expected real text, found the placeholder '{placeholder}' (fill it in)");
        }

        // Split the document into the H1 and H2 sections.
        PageSection? current = null;
        var sawTitle = false;
        foreach (var block in source.Document)
        {
            if (block is Markdig.Extensions.Yaml.YamlFrontMatterBlock || block is LinkReferenceDefinitionGroup)
            {
                continue;
            }

            if (block is HeadingBlock { Level: 1 } h1)
            {
                if (sawTitle)
                {
                    diagnostics.Add(file, MarkdownSource.LineOf(h1), $"expected only one H1 heading, found '# {MarkdownSource.HeadingText(h1)}'");
                    continue;
                }

                sawTitle = true;
                page.Name = MarkdownSource.HeadingText(h1);
                if (!string.Equals(page.Name, expectedName, StringComparison.Ordinal))
                {
                    diagnostics.Add(file, MarkdownSource.LineOf(h1), $"expected the H1 heading '# {expectedName}' (the file name), found '# {page.Name}'");
                }

                continue;
            }

            if (block is HeadingBlock { Level: 2 } h2)
            {
                if (current is not null)
                {
                    current.EndLineIndex = h2.Line;
                }

                var title = MarkdownSource.HeadingText(h2).ToUpperInvariant();
                current = new PageSection { Title = title, Heading = h2 };
                if (!SectionNames.Contains(title, StringComparer.Ordinal))
                {
                    diagnostics.Add(file, MarkdownSource.LineOf(h2), $"expected one of the sections {string.Join(", ", SectionNames.Select(s => "'## " + s + "'"))}, found '## {MarkdownSource.HeadingText(h2)}'");
                }
                else if (page.Sections.TryGetValue(title, out var first))
                {
                    diagnostics.Add(file, MarkdownSource.LineOf(h2), $"expected one '## {title}' section, found a duplicate (first at line {MarkdownSource.LineOf(first.Heading)})");
                }
                else
                {
                    page.Sections[title] = current;
                }

                continue;
            }

            if (!sawTitle)
            {
                diagnostics.Add(file, MarkdownSource.LineOf(block), $"expected the H1 heading '# {expectedName}' before any content, found {MarkdownSource.KindOf(block)}");
                sawTitle = true;
                continue;
            }

            if (current is null)
            {
                diagnostics.Add(file, MarkdownSource.LineOf(block), $"expected '## SYNOPSIS' after the H1 heading, found {MarkdownSource.KindOf(block)}");
                continue;
            }

            current.Blocks.Add(block);
        }

        if (current is not null)
        {
            current.EndLineIndex = source.Lines.Length;
        }

        if (!sawTitle)
        {
            diagnostics.Add(file, 1, $"expected the H1 heading '# {expectedName}'");
        }

        var missingLine = 1;
        foreach (var name in SectionNames)
        {
            if (!page.Sections.ContainsKey(name))
            {
                diagnostics.Add(file, missingLine, $"expected a '## {name}' section, found none");
            }
        }

        ReadProseSection(page, "SYNOPSIS", page.Synopsis, "a one-line synopsis", diagnostics);
        ReadProseSection(page, "DESCRIPTION", page.Description, "a description", diagnostics);
        ReadProseSection(page, "NOTES", page.Notes, "notes", diagnostics);
        ReadExamples(page, diagnostics);
        ReadParameters(page, diagnostics);
        ReadTypes(page, "INPUTS", page.Inputs, diagnostics);
        ReadTypes(page, "OUTPUTS", page.Outputs, diagnostics);
        ReadLinks(page, diagnostics);
        return page;
    }

    private static void ReadProseSection(CmdletPage page, string title, List<string> target, string what, DiagnosticBag diagnostics)
    {
        if (!page.Sections.TryGetValue(title, out var section))
        {
            return;
        }

        foreach (var block in section.Blocks)
        {
            if (block is HeadingBlock h)
            {
                diagnostics.Add(page.File, MarkdownSource.LineOf(h), $"expected paragraphs in '## {title}', found '{new string('#', h.Level)} {MarkdownSource.HeadingText(h)}'");
                continue;
            }

            var text = page.Source.ProseOf(block);
            if (text.Trim().Length > 0)
            {
                target.Add(text);
            }
        }

        if (target.Count == 0)
        {
            diagnostics.Add(page.File, MarkdownSource.LineOf(section.Heading), $"expected {what} under '## {title}', found nothing");
        }
    }

    private static List<(HeadingBlock Heading, List<Block> Blocks)> SplitByH3(CmdletPage page, PageSection section, string expectation, DiagnosticBag diagnostics)
    {
        var result = new List<(HeadingBlock, List<Block>)>();
        foreach (var block in section.Blocks)
        {
            if (block is HeadingBlock { Level: 3 } h3)
            {
                result.Add((h3, new List<Block>()));
            }
            else if (result.Count == 0)
            {
                diagnostics.Add(page.File, MarkdownSource.LineOf(block), $"expected {expectation} under '## {section.Title}', found {MarkdownSource.KindOf(block)}");
            }
            else if (block is HeadingBlock other)
            {
                diagnostics.Add(page.File, MarkdownSource.LineOf(other), $"expected {expectation} under '## {section.Title}', found {MarkdownSource.KindOf(other)}");
            }
            else
            {
                result[^1].Item2.Add(block);
            }
        }

        return result;
    }

    private static void ReadExamples(CmdletPage page, DiagnosticBag diagnostics)
    {
        if (!page.Sections.TryGetValue("EXAMPLES", out var section))
        {
            return;
        }

        foreach (var (heading, blocks) in SplitByH3(page, section, "'### Example N: Title' headings", diagnostics))
        {
            var example = new PageExample { Title = MarkdownSource.HeadingText(heading), Line = MarkdownSource.LineOf(heading) };
            foreach (var block in blocks)
            {
                if (block is CodeBlock code)
                {
                    example.Code.Add(MarkdownSource.CodeOf(code));
                }
                else
                {
                    var text = page.Source.ProseOf(block);
                    if (text.Trim().Length > 0)
                    {
                        example.Remarks.Add(text);
                    }
                }
            }

            if (example.Code.Count == 0)
            {
                diagnostics.Add(page.File, example.Line, $"expected a code block in '### {example.Title}', found none");
            }

            page.Examples.Add(example);
        }

        if (page.Examples.Count < 2)
        {
            diagnostics.Add(page.File, MarkdownSource.LineOf(section.Heading), $"expected at least 2 examples under '## EXAMPLES', found {page.Examples.Count}");
        }
    }

    private static void ReadParameters(CmdletPage page, DiagnosticBag diagnostics)
    {
        if (!page.Sections.TryGetValue("PARAMETERS", out var section))
        {
            return;
        }

        var parts = SplitByH3(page, section, "'### -ParameterName' headings", diagnostics);
        for (var i = 0; i < parts.Count; i++)
        {
            var (heading, blocks) = parts[i];
            var title = MarkdownSource.HeadingText(heading);
            if (title is "CommonParameters" or "WorkflowCommonParameters")
            {
                continue;
            }

            if (!title.StartsWith('-') || title.Length < 2 || title.Contains(' ', StringComparison.Ordinal))
            {
                diagnostics.Add(page.File, MarkdownSource.LineOf(heading), $"expected '### -ParameterName' or '### CommonParameters', found '### {title}'");
                continue;
            }

            var parameter = new PageParameter
            {
                Name = title[1..],
                Line = MarkdownSource.LineOf(heading),
                Heading = heading,
                EndLineIndex = i + 1 < parts.Count ? parts[i + 1].Heading.Line : section.EndLineIndex,
            };

            if (page.Parameters.Any(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)))
            {
                diagnostics.Add(page.File, parameter.Line, $"expected each parameter once, found a second '### -{parameter.Name}'");
            }

            foreach (var block in blocks)
            {
                if (block is FencedCodeBlock fenced && string.Equals(fenced.Info, "yaml", StringComparison.OrdinalIgnoreCase))
                {
                    parameter.Yaml.Add(ReadYaml(page, parameter, fenced, diagnostics));
                }
                else
                {
                    parameter.DescriptionBlocks.Add(block);
                    var text = page.Source.ProseOf(block);
                    if (text.Trim().Length > 0)
                    {
                        parameter.Description.Add(text);
                    }
                }
            }

            if (parameter.Yaml.Count == 0)
            {
                diagnostics.Add(page.File, parameter.Line, $"expected a ```yaml block for parameter -{parameter.Name}, found none");
            }

            if (parameter.Description.Count == 0 && !CommonParameters.IsCommon(parameter.Name))
            {
                diagnostics.Add(page.File, parameter.Line, $"expected a description for parameter -{parameter.Name}, found none");
            }

            page.Parameters.Add(parameter);
        }
    }

    private static YamlBlock ReadYaml(CmdletPage page, PageParameter parameter, FencedCodeBlock fenced, DiagnosticBag diagnostics)
    {
        var yaml = new YamlBlock { Block = fenced };
        foreach (var line in fenced.Lines.Lines.Take(fenced.Lines.Count))
        {
            var s = line.Slice.ToString();
            var lineNo = line.Line + 1;
            if (s.Trim().Length == 0)
            {
                continue;
            }

            var colon = s.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                diagnostics.Add(page.File, lineNo, $"expected 'Key: Value' in the yaml block of -{parameter.Name}, found '{s.Trim()}'");
                continue;
            }

            var key = s[..colon].Trim();
            var value = s[(colon + 1)..].Trim();
            if (!YamlBlock.KnownKeys.Contains(key, StringComparer.Ordinal))
            {
                diagnostics.Add(page.File, lineNo, $"expected one of the keys {string.Join(", ", YamlBlock.KnownKeys)} in the yaml block of -{parameter.Name}, found unknown key '{key}'");
                continue;
            }

            if (!yaml.Values.TryAdd(key, (value, lineNo)))
            {
                diagnostics.Add(page.File, lineNo, $"expected the key '{key}' once in the yaml block of -{parameter.Name}, found it twice");
            }
        }

        foreach (var key in YamlBlock.RequiredKeys)
        {
            if (!yaml.Values.ContainsKey(key))
            {
                diagnostics.Add(page.File, yaml.Line, $"expected the key '{key}' in the yaml block of -{parameter.Name}, found none");
            }
        }

        return yaml;
    }

    private static void ReadTypes(CmdletPage page, string title, List<PageTypeEntry> target, DiagnosticBag diagnostics)
    {
        if (!page.Sections.TryGetValue(title, out var section))
        {
            return;
        }

        foreach (var (heading, blocks) in SplitByH3(page, section, "'### TypeName' headings", diagnostics))
        {
            var entry = new PageTypeEntry { Name = MarkdownSource.HeadingText(heading) };
            foreach (var block in blocks)
            {
                var text = page.Source.ProseOf(block);
                if (text.Trim().Length > 0)
                {
                    entry.Description.Add(text);
                }
            }

            target.Add(entry);
        }

        if (target.Count == 0)
        {
            diagnostics.Add(page.File, MarkdownSource.LineOf(section.Heading), $"expected at least one '### TypeName' (or '### None') under '## {title}', found none");
        }
    }

    private static void ReadLinks(CmdletPage page, DiagnosticBag diagnostics)
    {
        if (!page.Sections.TryGetValue("RELATED LINKS", out var section))
        {
            return;
        }

        var leaves = section.Blocks.SelectMany(b => b is ContainerBlock c ? c.Descendants<LeafBlock>() : new[] { (LeafBlock)b });
        foreach (var leaf in leaves)
        {
            if (leaf.Inline is null)
            {
                continue;
            }

            foreach (var link in leaf.Inline.Descendants<LinkInline>())
            {
                if (link.IsImage)
                {
                    continue;
                }

                page.Links.Add((MarkdownSource.InlineText(link).Trim(), link.Url ?? ""));
            }
        }

        if (page.Links.Count == 0)
        {
            diagnostics.Add(page.File, MarkdownSource.LineOf(section.Heading), "expected at least one '[text](target)' link under '## RELATED LINKS', found none");
        }
    }
}

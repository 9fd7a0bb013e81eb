using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace IisLogonTools.HelpBuilder;

/// <summary>
/// Renders an <c>about_*.md</c> page to the plain-text <c>about_*.help.txt</c> that Get-Help shows verbatim.
/// First heading: TOPIC; second (H2): the indented lower-case topic name; other H1: upper-case flush left;
/// other H2: as written; H3 and deeper: indented upper-case; paragraphs: indented 4 and wrapped at 80;
/// code blocks: indented 4. Only headings, paragraphs and code blocks are allowed.
/// </summary>
internal static class AboutRenderer
{
    public const int Width = 80;
    private const string Indent = "    ";

    /// <summary>Output file name for a source file: <c>about_&lt;Name&gt;.help.txt</c>.</summary>
    public static string OutputName(string sourcePath)
    {
        var name = Path.GetFileNameWithoutExtension(sourcePath);
        if (!name.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
        {
            name = "about_" + name;
        }

        return name + ".help.txt";
    }

    /// <summary>Renders the page, or returns null and reports diagnostics.</summary>
    public static string? Render(MarkdownSource source, DiagnosticBag diagnostics)
    {
        var file = source.Path;
        var topic = Path.GetFileNameWithoutExtension(file);
        var errorsBefore = diagnostics.Items.Count;
        foreach (var (line, placeholder) in source.Placeholders())
        {
            diagnostics.Add(file, line, $"expected real text, found the placeholder '{placeholder}' (fill it in)");
        }

        var blocks = source.Document.Where(b => b is not YamlFrontMatterBlock && b is not LinkReferenceDefinitionGroup).ToList();
        var output = new List<string>();
        var headingCount = 0;
        var afterHeading = false;
        var sawShort = false;
        var sawLong = false;
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            var line = MarkdownSource.LineOf(block);
            // Blank line between blocks; text follows its heading directly, and the topic name follows TOPIC.
            var follows = afterHeading && (block is not HeadingBlock || headingCount == 1);
            if (!follows && output.Count > 0)
            {
                output.Add("");
            }

            afterHeading = false;
            switch (block)
            {
                case HeadingBlock heading:
                    var text = MarkdownSource.HeadingText(heading);
                    headingCount++;
                    afterHeading = true;
                    if (headingCount == 1)
                    {
                        if (heading.Level != 1)
                        {
                            diagnostics.Add(file, line, $"expected an H1 heading (rendered as TOPIC) first, found '{new string('#', heading.Level)} {text}'");
                        }

                        output.Add("TOPIC");
                    }
                    else if (headingCount == 2)
                    {
                        if (heading.Level != 2 || !string.Equals(text, topic, StringComparison.OrdinalIgnoreCase))
                        {
                            diagnostics.Add(file, line, $"expected the H2 heading '## {topic}' (the topic name) second, found '{new string('#', heading.Level)} {text}'");
                        }

                        output.Add(Indent + text.ToLowerInvariant());
                    }
                    else if (heading.Level == 1)
                    {
                        var upper = text.ToUpperInvariant();
                        if (upper == "SHORT DESCRIPTION")
                        {
                            sawShort = true;
                            CheckShortDescription(source, blocks, i, diagnostics);
                        }

                        sawLong |= upper == "LONG DESCRIPTION";
                        output.Add(upper);
                    }
                    else if (heading.Level == 2)
                    {
                        output.Add(text);
                    }
                    else
                    {
                        output.Add(Indent + text.ToUpperInvariant());
                    }

                    break;
                case ParagraphBlock:
                    output.AddRange(Wrap(source.ProseOf(block), Indent, Width));
                    break;
                case CodeBlock code:
                    output.AddRange(MarkdownSource.CodeOf(code).Split('\n').Select(l => l.Length == 0 ? "" : Indent + l));
                    break;
                default:
                    diagnostics.Add(file, line, $"expected only headings, paragraphs and code blocks in an about topic, found {MarkdownSource.KindOf(block)}");
                    break;
            }
        }

        if (headingCount < 2)
        {
            diagnostics.Add(file, 1, $"expected '# <Title>' and '## {topic}' headings at the top, found {headingCount} heading(s)");
        }

        if (!sawShort)
        {
            diagnostics.Add(file, 1, "expected a '# SHORT DESCRIPTION' heading, found none");
        }

        if (!sawLong)
        {
            diagnostics.Add(file, 1, "expected a '# LONG DESCRIPTION' heading, found none");
        }

        return diagnostics.Items.Count > errorsBefore ? null : string.Join('\n', output) + "\n";
    }

    private static void CheckShortDescription(MarkdownSource source, List<Block> blocks, int headingIndex, DiagnosticBag diagnostics)
    {
        var heading = blocks[headingIndex];
        if (headingIndex != 2)
        {
            diagnostics.Add(source.Path, MarkdownSource.LineOf(heading), "expected '# SHORT DESCRIPTION' right after the two title headings (its text must be line 5 of the .help.txt)");
            return;
        }

        if (headingIndex + 1 >= blocks.Count || blocks[headingIndex + 1] is not ParagraphBlock paragraph)
        {
            diagnostics.Add(source.Path, MarkdownSource.LineOf(heading), "expected one line of text under '# SHORT DESCRIPTION', found none");
            return;
        }

        var text = source.ProseOf(paragraph);
        if (Indent.Length + text.Length > Width)
        {
            diagnostics.Add(source.Path, MarkdownSource.LineOf(paragraph), $"expected the short description to fit on one line ({Width - Indent.Length} characters), found {text.Length}");
        }

        if (headingIndex + 2 < blocks.Count && blocks[headingIndex + 2] is not HeadingBlock)
        {
            diagnostics.Add(source.Path, MarkdownSource.LineOf(blocks[headingIndex + 2]), "expected a single paragraph under '# SHORT DESCRIPTION', found more");
        }
    }

    /// <summary>Greedy word wrap; a word longer than the line stays whole on its own line.</summary>
    public static IEnumerable<string> Wrap(string text, string indent, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && indent.Length + line.Length + 1 + word.Length > width)
            {
                yield return indent + line;
                line.Clear();
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        if (line.Length > 0)
        {
            yield return indent + line;
        }
    }
}

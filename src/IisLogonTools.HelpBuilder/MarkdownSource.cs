using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace IisLogonTools.HelpBuilder;

/// <summary>A markdown file parsed by Markdig, with its LF-normalised text and line table.</summary>
internal sealed partial class MarkdownSource
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UsePipeTables()
        .Build();

    private MarkdownSource(string path, string text)
    {
        Path = path;
        Text = text;
        Lines = text.Split('\n');
        Document = Markdown.Parse(text, Pipeline);
    }

    public string Path { get; }

    public string Text { get; }

    /// <summary>Lines of <see cref="Text"/>, zero-based.</summary>
    public string[] Lines { get; }

    public MarkdownDocument Document { get; }

    public static MarkdownSource Parse(string path, string rawText) => new(path, Normalize(rawText));

    public static string Normalize(string rawText)
    {
        var text = rawText.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    /// <summary>Front matter as ordered key/value pairs with their 1-based lines, or null when absent.</summary>
    public IReadOnlyList<(string Key, string Value, int Line)>? FrontMatter()
    {
        if (Document.Count == 0 || Document[0] is not YamlFrontMatterBlock yaml)
        {
            return null;
        }

        var result = new List<(string, string, int)>();
        foreach (var line in yaml.Lines.Lines.Take(yaml.Lines.Count))
        {
            var s = line.Slice.ToString();
            var colon = s.IndexOf(':', StringComparison.Ordinal);
            if (s.Trim().Length == 0 || s.TrimStart().StartsWith('#') || colon < 0)
            {
                continue;
            }

            result.Add((s[..colon].Trim(), StripComment(s[(colon + 1)..]).Trim(), line.Line + 1));
        }

        return result;
    }

    private static string StripComment(string value)
    {
        var hash = value.IndexOf(" #", StringComparison.Ordinal);
        return hash >= 0 ? value[..hash] : value;
    }

    /// <summary>1-based line of a block's first line.</summary>
    public static int LineOf(Block block) => block.Line + 1;

    /// <summary>Zero-based index of the last line a block occupies.</summary>
    public int LastLineIndex(Block block)
    {
        var end = Math.Min(block.Span.End, Text.Length - 1);
        var count = 0;
        for (var i = 0; i <= end && i < Text.Length; i++)
        {
            if (Text[i] == '\n' && i < end)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Heading text without the markers.</summary>
    public static string HeadingText(HeadingBlock heading) => InlineText(heading.Inline).Trim();

    /// <summary>Plain text of inlines: literal and code content, links reduced to their text.</summary>
    public static string InlineText(ContainerInline? container)
    {
        if (container is null)
        {
            return "";
        }

        var sb = new System.Text.StringBuilder();
        foreach (var inline in container)
        {
            AppendInline(sb, inline);
        }

        return sb.ToString();
    }

    private static void AppendInline(System.Text.StringBuilder sb, Inline inline)
    {
        switch (inline)
        {
            case LiteralInline literal:
                sb.Append(literal.Content.ToString());
                break;
            case CodeInline code:
                sb.Append(code.Content);
                break;
            case LineBreakInline:
                sb.Append(' ');
                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    AppendInline(sb, child);
                }

                break;
            default:
                break;
        }
    }

    /// <summary>
    /// Prose of a block as help text: a paragraph's source lines joined with spaces (markdown inline
    /// syntax is kept, as platyPS does); lists and other blocks keep their source lines.
    /// </summary>
    public string ProseOf(Block block)
    {
        switch (block)
        {
            case ParagraphBlock paragraph:
                // Markdig releases a paragraph's Lines after inline parsing, so read the source span.
                return string.Join(' ', Lines[paragraph.Line..(LastLineIndex(paragraph) + 1)]
                    .Select(l => l.Trim())
                    .Where(l => l.Length > 0));
            case FencedCodeBlock fenced:
                return CodeOf(fenced);
            case CodeBlock code:
                return CodeOf(code);
            default:
                var first = block.Line;
                var last = LastLineIndex(block);
                return string.Join('\n', Lines[first..(last + 1)].Select(l => l.TrimEnd()));
        }
    }

    public static string CodeOf(LeafBlock code) =>
        string.Join('\n', code.Lines.Lines.Take(code.Lines.Count).Select(l => l.Slice.ToString().TrimEnd())).TrimEnd('\n');

    public static string KindOf(Block block) => block switch
    {
        ListBlock => "a list",
        Table => "a table",
        QuoteBlock => "a block quote",
        HtmlBlock => "an HTML block",
        ThematicBreakBlock => "a thematic break",
        HeadingBlock h => $"a level-{h.Level} heading",
        ParagraphBlock => "a paragraph",
        CodeBlock => "a code block",
        _ => block.GetType().Name,
    };

    /// <summary>1-based lines that hold a PlatyPS placeholder such as <c>{{ Fill in the Synopsis }}</c>.</summary>
    public IEnumerable<(int Line, string Placeholder)> Placeholders()
    {
        for (var i = 0; i < Lines.Length; i++)
        {
            foreach (Match m in PlaceholderRegex().Matches(Lines[i]))
            {
                yield return (i + 1, m.Value);
            }
        }
    }

    [GeneratedRegex(@"\{\{.*?\}\}")]
    private static partial Regex PlaceholderRegex();
}

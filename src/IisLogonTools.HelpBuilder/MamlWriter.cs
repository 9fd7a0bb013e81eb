using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace IisLogonTools.HelpBuilder;

/// <summary>Writes the MAML file (<c>helpItems schema="maml"</c>) that Get-Help reads for cmdlets.</summary>
internal static class MamlWriter
{
    public const string MshNs = "http://msh";
    public const string MamlNs = "http://schemas.microsoft.com/maml/2004/10";
    public const string CommandNs = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public const string DevNs = "http://schemas.microsoft.com/maml/dev/2004/10";

    private const int ExampleTitleWidth = 64;

    public static void Write(string path, IEnumerable<(CmdletPage Page, CommandMetadata Command)> commands)
    {
        using var stream = File.Create(path);
        Write(stream, commands);
    }

    public static void Write(Stream stream, IEnumerable<(CmdletPage Page, CommandMetadata Command)> commands)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
        };
        using var w = XmlWriter.Create(stream, settings);
        w.WriteStartDocument();
        w.WriteStartElement("helpItems", MshNs);
        w.WriteAttributeString("schema", "maml");
        foreach (var (page, command) in commands)
        {
            WriteCommand(w, page, command);
        }

        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void WriteCommand(XmlWriter w, CmdletPage page, CommandMetadata command)
    {
        w.WriteStartElement("command", "command", CommandNs);
        w.WriteAttributeString("xmlns", "maml", null, MamlNs);
        w.WriteAttributeString("xmlns", "command", null, CommandNs);
        w.WriteAttributeString("xmlns", "dev", null, DevNs);

        w.WriteStartElement("command", "details", CommandNs);
        w.WriteElementString("command", "name", CommandNs, command.Name);
        w.WriteElementString("command", "verb", CommandNs, command.VerbOrDefault);
        w.WriteElementString("command", "noun", CommandNs, command.NounOrDefault);
        WriteDescription(w, page.Synopsis);
        w.WriteEndElement();

        WriteDescription(w, page.Description);

        w.WriteStartElement("command", "syntax", CommandNs);
        foreach (var set in command.OrderedParameterSets)
        {
            w.WriteStartElement("command", "syntaxItem", CommandNs);
            w.WriteElementString("maml", "name", MamlNs, command.Name);
            foreach (var (p, b) in ParameterText.SyntaxParameters(command, set))
            {
                WriteParameter(w, p, b, page, inSyntax: true);
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();

        w.WriteStartElement("command", "parameters", CommandNs);
        foreach (var p in command.DocumentedParameters)
        {
            var binding = ParameterText.YamlGroups(command, p).FirstOrDefault()?.FirstOrDefault() ?? new ParameterSetBinding();
            WriteParameter(w, p, binding, page, inSyntax: false);
        }

        w.WriteEndElement();

        WriteTypes(w, "inputTypes", "inputType", page.Inputs);
        WriteTypes(w, "returnValues", "returnValue", page.Outputs);

        w.WriteStartElement("maml", "alertSet", MamlNs);
        w.WriteStartElement("maml", "alert", MamlNs);
        WriteParas(w, page.Notes);
        w.WriteEndElement();
        w.WriteEndElement();

        w.WriteStartElement("command", "examples", CommandNs);
        foreach (var example in page.Examples)
        {
            w.WriteStartElement("command", "example", CommandNs);
            w.WriteElementString("maml", "title", MamlNs, PadTitle(example.Title));
            w.WriteElementString("dev", "code", DevNs, string.Join("\n\n", example.Code));
            w.WriteStartElement("dev", "remarks", DevNs);
            WriteParas(w, example.Remarks);

            // Get-Help prints the next example's title right under the last remark; an empty paragraph separates them.
            w.WriteElementString("maml", "para", MamlNs, string.Empty);
            w.WriteEndElement();
            w.WriteEndElement();
        }

        w.WriteEndElement();

        w.WriteStartElement("command", "relatedLinks", CommandNs);
        if (page.OnlineVersion.Length > 0)
        {
            WriteLink(w, "Online Version:", page.OnlineVersion);
        }

        foreach (var (text, uri) in page.Links)
        {
            var absolute = Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps);
            WriteLink(w, text, absolute ? uri : "");
        }

        w.WriteEndElement();

        w.WriteEndElement();
    }

    private static void WriteParameter(XmlWriter w, ParameterMetadata p, ParameterSetBinding b, CmdletPage page, bool inSyntax)
    {
        w.WriteStartElement("command", "parameter", CommandNs);
        w.WriteAttributeString("required", Lower(b.IsMandatory));
        w.WriteAttributeString("variableLength", "true");
        w.WriteAttributeString("globbing", Lower(p.SupportsWildcards));
        w.WriteAttributeString("pipelineInput", ParameterText.Pipeline(b));
        w.WriteAttributeString("position", ParameterText.PositionInMaml(b.Position));
        w.WriteAttributeString("aliases", ParameterText.AliasesInMaml(p.Aliases));
        w.WriteElementString("maml", "name", MamlNs, p.Name);

        var documented = page.Parameters.FirstOrDefault(d => string.Equals(d.Name, p.Name, StringComparison.OrdinalIgnoreCase));
        if (!inSyntax)
        {
            WriteDescription(w, documented?.Description ?? new List<string>());
        }

        if (p.AcceptedValues.Count > 0)
        {
            w.WriteStartElement("command", "parameterValueGroup", CommandNs);
            foreach (var value in p.AcceptedValues)
            {
                w.WriteStartElement("command", "parameterValue", CommandNs);
                w.WriteAttributeString("required", "false");
                w.WriteAttributeString("variableLength", "false");
                w.WriteString(value);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        if (!(inSyntax && p.IsSwitch))
        {
            w.WriteStartElement("command", "parameterValue", CommandNs);
            w.WriteAttributeString("required", Lower(!p.IsSwitch));
            w.WriteAttributeString("variableLength", Lower(p.Type.EndsWith("[]", StringComparison.Ordinal)));
            w.WriteString(p.ShortTypeName);
            w.WriteEndElement();
        }

        w.WriteStartElement("dev", "type", DevNs);
        w.WriteElementString("maml", "name", MamlNs, p.Type);
        w.WriteElementString("maml", "uri", MamlNs, "");
        w.WriteEndElement();

        var defaultValue = documented?.Yaml.FirstOrDefault()?.Get("Default value");
        w.WriteElementString("dev", "defaultValue", DevNs, string.IsNullOrEmpty(defaultValue) ? ParameterText.DefaultValueFor(p) : defaultValue);
        w.WriteEndElement();
    }

    private static void WriteTypes(XmlWriter w, string listName, string itemName, List<PageTypeEntry> entries)
    {
        w.WriteStartElement("command", listName, CommandNs);
        foreach (var entry in entries)
        {
            w.WriteStartElement("command", itemName, CommandNs);
            w.WriteStartElement("dev", "type", DevNs);
            w.WriteElementString("maml", "name", MamlNs, entry.Name);
            w.WriteEndElement();
            WriteDescription(w, entry.Description);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteLink(XmlWriter w, string text, string uri)
    {
        w.WriteStartElement("maml", "navigationLink", MamlNs);
        w.WriteElementString("maml", "linkText", MamlNs, text);
        w.WriteElementString("maml", "uri", MamlNs, uri);
        w.WriteEndElement();
    }

    private static void WriteDescription(XmlWriter w, IEnumerable<string> paras)
    {
        w.WriteStartElement("maml", "description", MamlNs);
        WriteParas(w, paras);
        w.WriteEndElement();
    }

    private static void WriteParas(XmlWriter w, IEnumerable<string> paras)
    {
        foreach (var para in paras)
        {
            w.WriteElementString("maml", "para", MamlNs, para);
        }
    }

    private static string Lower(bool value) => value ? "true" : "false";

    /// <summary>Centres an example title in dashes to 64 columns, as platyPS does (cosmetic).</summary>
    internal static string PadTitle(string title)
    {
        var free = ExampleTitleWidth - title.Length - 2;
        if (free < 2)
        {
            return title;
        }

        var left = free / 2;
        return new string('-', left) + " " + title + " " + new string('-', free - left);
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace IisLogonTools.HelpBuilder;

/// <summary>The <c>build</c> command: validate pages against the metadata, then write MAML and about topics.</summary>
internal static class HelpBuild
{
    public static int Run(string sourceDir, string metadataPath, string outDir, string module, TextWriter stdout, TextWriter stderr)
    {
        var metadata = ModuleMetadata.Load(metadataPath);
        var diagnostics = new DiagnosticBag();
        var pages = new List<CmdletPage>();
        var abouts = new List<(string Name, string Text)>();

        foreach (var path in Directory.EnumerateFiles(sourceDir, "*.md").OrderBy(p => p, StringComparer.Ordinal))
        {
            var source = MarkdownSource.Parse(path, File.ReadAllText(path));
            if (Path.GetFileName(path).StartsWith("about_", StringComparison.OrdinalIgnoreCase))
            {
                var text = AboutRenderer.Render(source, diagnostics);
                if (text is not null)
                {
                    abouts.Add((AboutRenderer.OutputName(path), text));
                }

                continue;
            }

            if (CmdletPageParser.IsModulePage(source))
            {
                continue;
            }

            pages.Add(CmdletPageParser.Parse(source, diagnostics));
        }

        DriftChecker.Check(sourceDir, pages, metadata, diagnostics);

        var expectedHelpFile = module + ".dll-Help.xml";
        foreach (var page in pages.Where(p => p.ExternalHelpFile.Length > 0 && !string.Equals(p.ExternalHelpFile, expectedHelpFile, StringComparison.Ordinal)))
        {
            stdout.WriteLine($"warning: {page.File}: 'external help file: {page.ExternalHelpFile}' is not '{expectedHelpFile}'; Get-Help looks for <Assembly>.dll-Help.xml");
        }

        if (diagnostics.HasErrors)
        {
            foreach (var d in diagnostics.Items)
            {
                stderr.WriteLine(d.ToString());
            }

            stderr.WriteLine($"help build failed: {diagnostics.Items.Count} problem(s)");
            return 1;
        }

        Directory.CreateDirectory(outDir);
        var commands = metadata.Commands.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var group in pages.GroupBy(p => p.ExternalHelpFile, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var target = Path.Combine(outDir, group.Key);
            MamlWriter.Write(target, group.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => (p, commands[p.Name])));
            stdout.WriteLine($"wrote {target} ({group.Count()} cmdlet(s))");
        }

        foreach (var (name, text) in abouts)
        {
            var target = Path.Combine(outDir, name);
            File.WriteAllText(target, text, new UTF8Encoding(false));
            stdout.WriteLine($"wrote {target}");
        }

        return 0;
    }
}

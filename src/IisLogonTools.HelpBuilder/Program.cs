using System;
using System.Collections.Generic;
using System.IO;

namespace IisLogonTools.HelpBuilder;

/// <summary>Command-line entry point: <c>build</c> and <c>update</c>.</summary>
internal static class Program
{
    public const string Usage =
        "usage:\n" +
        "  IisLogonTools.HelpBuilder build  --source <en-US dir> --metadata <meta.json> --out <module en-US dir> [--module IisLogonTools]\n" +
        "  IisLogonTools.HelpBuilder update --source <en-US dir> --metadata <meta.json> [--module IisLogonTools]\n" +
        "meta.json comes from Export-CommandMetadata.ps1 (see README.md).";

    private static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                stderr.WriteLine($"error: unexpected argument '{args[i]}'");
                stderr.WriteLine(Usage);
                return 2;
            }

            options[args[i][2..]] = args[++i];
        }

        string? Get(string name) => options.TryGetValue(name, out var v) ? v : null;
        var module = Get("module") ?? "IisLogonTools";
        var source = Get("source");
        var metadata = Get("metadata");
        try
        {
            switch (args[0])
            {
                case "build":
                    var outDir = Get("out");
                    if (source is null || metadata is null || outDir is null)
                    {
                        return Missing(stderr, "build needs --source, --metadata and --out");
                    }

                    return HelpBuild.Run(source, metadata, outDir, module, stdout, stderr);
                case "update":
                    if (source is null || metadata is null)
                    {
                        return Missing(stderr, "update needs --source and --metadata");
                    }

                    return PageUpdater.Run(source, metadata, module, stdout, stderr);
                default:
                    stderr.WriteLine($"error: unknown command '{args[0]}'");
                    stderr.WriteLine(Usage);
                    return 2;
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static int Missing(TextWriter stderr, string message)
    {
        stderr.WriteLine($"error: {message}");
        stderr.WriteLine(Usage);
        return 2;
    }
}

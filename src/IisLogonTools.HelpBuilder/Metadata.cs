using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace IisLogonTools.HelpBuilder;

/// <summary>Root of meta.json, written by Export-CommandMetadata.ps1 (see README.md for the schema).</summary>
internal sealed class ModuleMetadata
{
    public int SchemaVersion { get; set; }

    public string? Module { get; set; }

    public List<CommandMetadata> Commands { get; set; } = new();

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static ModuleMetadata Load(string path)
    {
        var json = File.ReadAllText(path);
        var meta = JsonSerializer.Deserialize<ModuleMetadata>(json, Options)
            ?? throw new InvalidDataException($"{path}: expected a JSON object");
        if (meta.SchemaVersion != 1)
        {
            throw new InvalidDataException($"{path}: expected schemaVersion 1, found {meta.SchemaVersion}");
        }

        meta.Commands ??= new();
        foreach (var command in meta.Commands)
        {
            command.ParameterSets ??= new();
            command.OutputTypes ??= new();
            command.Parameters ??= new();
            foreach (var p in command.Parameters)
            {
                p.Aliases ??= new();
                p.AcceptedValues ??= new();
                p.ParameterSets ??= new();
            }

            if (string.IsNullOrWhiteSpace(command.Name))
            {
                throw new InvalidDataException($"{path}: expected every command to have a name");
            }

            if (command.ParameterSets.Count == 0)
            {
                command.ParameterSets.Add(ParameterSetNames.All);
            }

            foreach (var p in command.Parameters)
            {
                if (string.IsNullOrWhiteSpace(p.Name) || string.IsNullOrWhiteSpace(p.Type))
                {
                    throw new InvalidDataException($"{path}: expected every parameter of {command.Name} to have a name and a type");
                }
            }
        }

        return meta;
    }
}

/// <summary>One cmdlet.</summary>
internal sealed class CommandMetadata
{
    public string Name { get; set; } = "";

    public string Verb { get; set; } = "";

    public string Noun { get; set; } = "";

    public string? DefaultParameterSet { get; set; }

    public List<string> ParameterSets { get; set; } = new();

    public List<string> OutputTypes { get; set; } = new();

    public List<ParameterMetadata> Parameters { get; set; } = new();

    /// <summary>Parameters documented on the page: everything except common parameters, sorted by name.</summary>
    public IEnumerable<ParameterMetadata> DocumentedParameters =>
        Parameters.Where(p => !CommonParameters.IsCommon(p.Name))
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.Name, StringComparer.Ordinal);

    /// <summary>Parameter sets with the default first, then by name.</summary>
    public IReadOnlyList<string> OrderedParameterSets =>
        ParameterSets.OrderBy(s => string.Equals(s, DefaultParameterSet, StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(s => s, StringComparer.Ordinal)
            .ToList();

    public string VerbOrDefault => Verb.Length > 0 ? Verb : Name.Split('-', 2)[0];

    public string NounOrDefault => Noun.Length > 0 ? Noun : (Name.Contains('-', StringComparison.Ordinal) ? Name.Split('-', 2)[1] : "");
}

/// <summary>One parameter of a cmdlet.</summary>
internal sealed class ParameterMetadata
{
    public string Name { get; set; } = "";

    /// <summary>Full .NET type name, for example <c>System.String[]</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary>Short type name as written on the page (<c>String[]</c>); derived from <see cref="Type"/> when absent.</summary>
    public string? TypeName { get; set; }

    public bool IsSwitch { get; set; }

    public List<string> Aliases { get; set; } = new();

    public List<string> AcceptedValues { get; set; } = new();

    public bool SupportsWildcards { get; set; }

    public List<ParameterSetBinding> ParameterSets { get; set; } = new();

    public string ShortTypeName => string.IsNullOrEmpty(TypeName) ? TypeNames.Short(Type) : TypeName;

    /// <summary>Binding for one parameter set of the cmdlet, honouring <c>__AllParameterSets</c>.</summary>
    public ParameterSetBinding? BindingFor(string setName) =>
        ParameterSets.FirstOrDefault(b => string.Equals(b.Name, setName, StringComparison.Ordinal))
        ?? ParameterSets.FirstOrDefault(b => string.Equals(b.Name, ParameterSetNames.All, StringComparison.Ordinal));
}

/// <summary>How a parameter binds in one parameter set.</summary>
internal sealed class ParameterSetBinding
{
    public string Name { get; set; } = "";

    public bool IsMandatory { get; set; }

    /// <summary>Zero-based position, or null for a named parameter.</summary>
    public int? Position { get; set; }

    public bool ValueFromPipeline { get; set; }

    public bool ValueFromPipelineByPropertyName { get; set; }
}

internal static class ParameterSetNames
{
    public const string All = "__AllParameterSets";

    public const string AllOnPage = "(All)";
}

internal static class CommonParameters
{
    // [PSCmdlet]::CommonParameters plus the optional common UseTransaction; WhatIf and Confirm are documented.
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction",
        "ErrorVariable", "WarningVariable", "OutVariable", "OutBuffer", "PipelineVariable", "InformationVariable",
        "UseTransaction",
    };

    public static bool IsCommon(string name) => Names.Contains(name);
}

internal static class TypeNames
{
    /// <summary>Short name of a full type name: namespace and declaring types removed, array suffix kept.</summary>
    public static string Short(string fullName)
    {
        var name = fullName;
        var generic = name.IndexOf('[', StringComparison.Ordinal);
        var head = generic >= 0 && !name.AsSpan(generic).StartsWith("[]") && !name.AsSpan(generic).StartsWith("[,") ? name[..generic] : name;
        var suffix = name[head.Length..];
        var arrayAt = head.IndexOf('[', StringComparison.Ordinal);
        if (arrayAt >= 0)
        {
            suffix = head[arrayAt..] + suffix;
            head = head[..arrayAt];
        }

        var cut = Math.Max(head.LastIndexOf('.'), head.LastIndexOf('+'));
        return (cut >= 0 ? head[(cut + 1)..] : head) + suffix;
    }
}

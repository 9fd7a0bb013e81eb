using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace IisLogonTools.HelpBuilder;

/// <summary>The textual forms (page yaml, MAML attributes, syntax line) of parameter metadata.</summary>
internal static class ParameterText
{
    public const string CommonParametersText =
        "This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, " +
        "-InformationVariable, -OutBuffer, -OutVariable, -PipelineVariable, -ProgressAction, -Verbose, " +
        "-WarningAction, and -WarningVariable. For more information, see " +
        "[about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).";

    public static string Bool(bool value) => value ? "True" : "False";

    public static string PositionOnPage(int? position) =>
        position is int p ? p.ToString(CultureInfo.InvariantCulture) : "Named";

    public static string PositionInMaml(int? position) =>
        position is int p ? p.ToString(CultureInfo.InvariantCulture) : "named";

    public static string Pipeline(bool byValue, bool byPropertyName) => (byValue, byPropertyName) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };

    public static string Pipeline(ParameterSetBinding b) => Pipeline(b.ValueFromPipeline, b.ValueFromPipelineByPropertyName);

    public static string AliasesInMaml(IReadOnlyCollection<string> aliases) => aliases.Count == 0 ? "none" : string.Join(", ", aliases);

    public static string SetNameOnPage(string set) =>
        string.Equals(set, ParameterSetNames.All, StringComparison.Ordinal) ? ParameterSetNames.AllOnPage : set;

    public static string SetNameInMetadata(string set) =>
        string.Equals(set, ParameterSetNames.AllOnPage, StringComparison.Ordinal) ? ParameterSetNames.All : set;

    /// <summary>
    /// Groups a parameter's bindings into the yaml blocks platyPS writes: one per distinct
    /// (required, position, pipeline) combination, in the cmdlet's parameter set order.
    /// </summary>
    public static List<List<ParameterSetBinding>> YamlGroups(CommandMetadata command, ParameterMetadata parameter)
    {
        var order = command.OrderedParameterSets.ToList();
        int Rank(ParameterSetBinding b)
        {
            if (string.Equals(b.Name, ParameterSetNames.All, StringComparison.Ordinal))
            {
                return -1;
            }

            var i = order.IndexOf(b.Name);
            return i < 0 ? int.MaxValue : i;
        }

        return parameter.ParameterSets
            .OrderBy(Rank).ThenBy(b => b.Name, StringComparer.Ordinal)
            .GroupBy(b => (b.IsMandatory, b.Position, Pipeline(b)))
            .Select(g => g.ToList())
            .ToList();
    }

    /// <summary>The yaml block text (without fences) for one group of bindings.</summary>
    public static string YamlBlock(ParameterMetadata parameter, IReadOnlyList<ParameterSetBinding> group, string defaultValue)
    {
        var first = group[0];
        var sb = new StringBuilder();
        sb.Append("Type: ").Append(parameter.ShortTypeName).Append('\n');
        sb.Append("Parameter Sets: ").Append(string.Join(", ", group.Select(b => SetNameOnPage(b.Name)))).Append('\n');
        sb.Append("Aliases:").Append(parameter.Aliases.Count > 0 ? " " + string.Join(", ", parameter.Aliases) : "").Append('\n');
        if (parameter.AcceptedValues.Count > 0)
        {
            sb.Append("Accepted values: ").Append(string.Join(", ", parameter.AcceptedValues)).Append('\n');
        }

        sb.Append('\n');
        sb.Append("Required: ").Append(Bool(first.IsMandatory)).Append('\n');
        sb.Append("Position: ").Append(PositionOnPage(first.Position)).Append('\n');
        sb.Append("Default value: ").Append(defaultValue).Append('\n');
        sb.Append("Accept pipeline input: ").Append(Pipeline(first)).Append('\n');
        sb.Append("Accept wildcard characters: ").Append(Bool(parameter.SupportsWildcards)).Append('\n');
        return sb.ToString();
    }

    public static string DefaultValueFor(ParameterMetadata parameter) => parameter.IsSwitch ? "False" : "None";

    /// <summary>Parameters of one set, in syntax order: positional by position, mandatory named, optional named, WhatIf/Confirm.</summary>
    public static List<(ParameterMetadata Parameter, ParameterSetBinding Binding)> SyntaxParameters(CommandMetadata command, string setName)
    {
        var list = new List<(ParameterMetadata, ParameterSetBinding)>();
        foreach (var p in command.Parameters.Where(p => !CommonParameters.IsCommon(p.Name)))
        {
            var b = p.BindingFor(setName);
            if (b is not null)
            {
                list.Add((p, b));
            }
        }

        static int Group((ParameterMetadata P, ParameterSetBinding B) x) =>
            x.P.Name is "WhatIf" or "Confirm" ? 3 : x.B.Position is not null ? 0 : x.B.IsMandatory ? 1 : 2;

        return list
            .OrderBy(Group)
            .ThenBy(x => x.Item2.Position ?? 0)
            .ThenBy(x => x.Item1.Name is "WhatIf" ? 0 : 1)
            .ThenBy(x => x.Item1.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>The syntax line of one parameter set, PowerShell style.</summary>
    public static string SyntaxLine(CommandMetadata command, string setName)
    {
        var sb = new StringBuilder(command.Name);
        foreach (var (p, b) in SyntaxParameters(command, setName))
        {
            var name = b.Position is not null ? $"[-{p.Name}]" : $"-{p.Name}";
            var item = p.IsSwitch ? $"-{p.Name}" : $"{name} <{p.ShortTypeName}>";
            sb.Append(' ').Append(b.IsMandatory ? item : $"[{item}]");
        }

        sb.Append(" [<CommonParameters>]");
        return sb.ToString();
    }
}

using System.Collections.Generic;
using System.Globalization;

namespace IisLogonTools.HelpBuilder;

/// <summary>One problem found in a source file, reported as <c>file:line: message</c>.</summary>
internal sealed record Diagnostic(string File, int Line, string Message)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}: {Message}");
}

/// <summary>Collects diagnostics; a run fails when any were reported.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> items = new();

    public IReadOnlyList<Diagnostic> Items => items;

    public bool HasErrors => items.Count > 0;

    public void Add(string file, int line, string message) => items.Add(new Diagnostic(file, line, message));
}

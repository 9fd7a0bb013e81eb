using System.Text;

namespace IisLogonTools.HelpBuilder.Tests;

/// <summary>A temp copy of Samples/ (en-US pages and meta.json) plus helpers to run the tool on it.</summary>
internal sealed class TestWorkspace : IDisposable
{
    public TestWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "helpbuilder-" + Guid.NewGuid().ToString("N"));
        Source = Path.Combine(Root, "en-US");
        Out = Path.Combine(Root, "out");
        Metadata = Path.Combine(Root, "meta.json");
        Directory.CreateDirectory(Source);
        var samples = Path.Combine(AppContext.BaseDirectory, "Samples");
        foreach (var file in Directory.GetFiles(Path.Combine(samples, "en-US")))
        {
            File.Copy(file, Path.Combine(Source, Path.GetFileName(file)));
        }

        File.Copy(Path.Combine(samples, "meta.json"), Metadata);
    }

    public string Root { get; }

    public string Source { get; }

    public string Out { get; }

    public string Metadata { get; }

    public string Page(string name) => Path.Combine(Source, name + ".md");

    public string Read(string name) => File.ReadAllText(Page(name));

    public void Write(string name, string text) => File.WriteAllText(Page(name), text);

    /// <summary>Replaces text in a page; fails the test if the text is not there.</summary>
    public string Edit(string name, string from, string to)
    {
        var text = Read(name);
        Assert.Contains(from, text);
        text = text.Replace(from, to);
        Write(name, text);
        return text;
    }

    public void EditMetadata(string from, string to)
    {
        var text = File.ReadAllText(Metadata);
        Assert.Contains(from, text);
        File.WriteAllText(Metadata, text.Replace(from, to));
    }

    public (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public (int ExitCode, string Stdout, string Stderr) Build() =>
        Run("build", "--source", Source, "--metadata", Metadata, "--out", Out);

    public (int ExitCode, string Stdout, string Stderr) Update() =>
        Run("update", "--source", Source, "--metadata", Metadata);

    /// <summary>1-based line of the first line containing <paramref name="marker"/>, counted in the page text.</summary>
    public static int LineOf(string text, string marker)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains(marker, StringComparison.Ordinal));
        Assert.True(index >= 0, $"marker '{marker}' not found");
        return index + 1;
    }

    public static byte[] Bytes(string path) => File.ReadAllBytes(path);

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

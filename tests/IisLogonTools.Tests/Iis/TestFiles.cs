using System.Runtime.CompilerServices;

namespace IisLogonTools.Tests.Iis;

/// <summary>Finds the sample configuration files next to this source file, so no project change is needed to copy them.</summary>
internal static class TestFiles
{
    public static string Path(string name) => System.IO.Path.Combine(Folder(), "TestData", name);

    private static string Folder([CallerFilePath] string sourceFile = "") =>
        System.IO.Path.GetDirectoryName(sourceFile)!;
}

using System.Runtime.CompilerServices;

namespace IisLogonTools.Tests.Policy;

/// <summary>The report fixtures next to this source file.</summary>
internal static class PolicyTestFiles
{
    public static string Path(string name) => System.IO.Path.Combine(Folder(), "TestData", name);

    private static string Folder([CallerFilePath] string sourceFile = "") => System.IO.Path.GetDirectoryName(sourceFile)!;
}

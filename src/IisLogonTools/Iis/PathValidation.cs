using System.Globalization;
using System.Runtime.InteropServices;

namespace IisLogonTools.Iis;

/// <summary>
/// Checks a file path for characters no Windows file name can hold, before any .NET path API sees it.
/// </summary>
/// <remarks>
/// .NET Framework (Windows PowerShell 5.1) throws ArgumentException "Illegal characters in path" for control
/// characters and <c>" &lt; &gt; |</c> in many path APIs, where .NET (PowerShell 7) accepts them and reports
/// "not found" later. Checking up front gives the same typed error on both runtimes. Control characters
/// (U+0000 to U+001F) are refused everywhere; <c>" &lt; &gt; |</c> only on Windows, where the Win32 file naming
/// rules forbid them ("Naming Files, Paths, and Namespaces"), because they are legal in Linux file names.
/// </remarks>
public static class PathValidation
{
    private const string WindowsForbidden = "\"<>|";

    /// <summary>Why the path cannot name a file, or <see langword="null"/> when it may.</summary>
    public static string? Problem(string path) =>
        Problem(path, RuntimeInformation.IsOSPlatform(OSPlatform.Windows));

    internal static string? Problem(string path, bool windows)
    {
        if (path is null)
        {
            return "The path is missing.";
        }

        foreach (var c in path)
        {
            if (c < 0x20)
            {
                return string.Format(CultureInfo.InvariantCulture, "The path contains the control character U+{0:X4}, which no file name can hold (often a stray tab or line break from copy and paste).", (int)c);
            }

            if (windows && WindowsForbidden.IndexOf(c) >= 0)
            {
                return $"The path contains '{c}', which Windows file names cannot hold.";
            }
        }

        return null;
    }
}

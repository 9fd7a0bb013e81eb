using System.IO;

namespace IisLogonTools.Iis;

/// <summary>
/// The two file operations that reading IIS's configuration needs. Tests replace it to produce the
/// outcomes that cannot be arranged on a test machine that runs as root (access denied) or has no
/// network (an unreachable share).
/// </summary>
internal class IisConfigurationFileSystem
{
    /// <summary>The real file system.</summary>
    public static IisConfigurationFileSystem Default { get; } = new();

    /// <summary>Whether the folder exists and this user can see it.</summary>
    public virtual bool DirectoryExists(string path) => Directory.Exists(path);

    /// <summary>Opens a configuration file for reading, sharing it with IIS, which may rewrite it at any time.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DirectoryNotFoundException">A folder on the path does not exist.</exception>
    /// <exception cref="System.UnauthorizedAccessException">The user may not open the file or a folder on its path.</exception>
    /// <exception cref="IOException">Another I/O failure, for example an unreachable network path.</exception>
    public virtual TextReader OpenText(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
    }
}

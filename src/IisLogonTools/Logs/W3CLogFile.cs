using System;
using System.IO;

namespace IisLogonTools.Logs;

/// <summary>
/// Opens IIS log files, plain or gzip-compressed (detected by content, not by name). A gzip file is read
/// member after member (<see cref="GzipMembersStream"/>), because .NET Framework's GZipStream stops after the first.
/// </summary>
public static class W3CLogFile
{
    private const int FileBufferSize = 1 << 16;

    /// <summary>The file names a folder scan picks up: IIS's <c>*.log</c> and compressed archives of them.</summary>
    public static readonly string[] FolderPatterns = ["*.log", "*.gz"];

    /// <summary>Opens a log for reading, sharing it with IIS, which may still be writing it.</summary>
    /// <param name="path">The file.</param>
    /// <param name="file">The underlying file stream, whose position tells how far the scan got.</param>
    /// <returns>A stream of plain log text.</returns>
    public static Stream OpenRead(string path, out FileStream file)
    {
        file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileBufferSize, FileOptions.SequentialScan);
        try
        {
            var first = file.ReadByte();
            var second = first < 0 ? -1 : file.ReadByte();
            file.Position = 0;
            return first == 0x1F && second == 0x8B
                ? new GzipMembersStream(file)
                : file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Opens a log for reading; see <see cref="OpenRead(string, out FileStream)"/>.</summary>
    public static Stream OpenRead(string path) => OpenRead(path, out _);

    /// <summary>Whether a file name looks like a log a folder scan should read.</summary>
    public static bool IsLogFileName(string name) =>
        name is not null
        && (name.EndsWith(".log", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase));
}

using System;
using System.IO;

namespace IisLogonTools.Iis;

/// <summary>
/// Which applicationHost.config IIS uses on this computer, read: the local file, or the shared one that
/// redirection.config points to; or the finding that there is no IIS configuration here.
/// </summary>
/// <remarks>
/// Three outcomes are kept apart, because they call for different actions:
/// no configuration at all (IIS is not installed: IIS's defaults apply), a configuration that exists but
/// this user may not read (<see cref="IisConfigurationAccessDeniedException"/>: run elevated, never a silent
/// fall back to the defaults), and shared configuration that points to a share that cannot be reached
/// (<see cref="IisSharedConfigurationUnavailableException"/>: the local applicationHost.config is then a stale
/// copy, so it is not used).
/// </remarks>
public sealed class IisConfigurationSource
{
    private IisConfigurationSource(ApplicationHostConfig? configuration, string? configurationFile, IisConfigurationRedirection? redirection, string description)
    {
        Configuration = configuration;
        ConfigurationFile = configurationFile;
        Redirection = redirection;
        Description = description;
    }

    /// <summary>The configuration read, or <see langword="null"/> when there is none on this computer.</summary>
    public ApplicationHostConfig? Configuration { get; }

    /// <summary>The applicationHost.config that was read (the shared one when shared configuration is on), or <see langword="null"/>.</summary>
    public string? ConfigurationFile { get; }

    /// <summary>The redirection.config that was followed, when shared configuration is on.</summary>
    public IisConfigurationRedirection? Redirection { get; }

    /// <summary>Whether the file read is the shared one.</summary>
    public bool SharedConfiguration => Redirection?.Enabled == true;

    /// <summary>One sentence saying which file was read and why, or why none was.</summary>
    public string Description { get; }

    /// <summary>Finds and reads IIS's configuration.</summary>
    /// <param name="path">
    /// applicationHost.config, or the folder holding it; <see langword="null"/> when the computer has no
    /// default location (not Windows). A redirection.config in the same folder is followed as IIS does.
    /// </param>
    /// <param name="explicitPath">Whether the user named the path; then a missing file is an error rather than "no IIS here".</param>
    /// <exception cref="IisConfigurationFileNotFoundException">An explicit path does not exist.</exception>
    /// <exception cref="IisConfigurationAccessDeniedException">A configuration file exists but this user may not read it.</exception>
    /// <exception cref="IisSharedConfigurationUnavailableException">Shared configuration is on and its file cannot be reached.</exception>
    /// <exception cref="IisConfigurationException">A file is malformed or unreadable for another reason.</exception>
    public static IisConfigurationSource Locate(string? path, bool explicitPath) =>
        Locate(path, explicitPath, IisConfigurationFileSystem.Default, Environment.GetEnvironmentVariable);

    internal static IisConfigurationSource Locate(string? path, bool explicitPath, IisConfigurationFileSystem files, Func<string, string?> environment)
    {
        if (path is null || path.Trim().Length == 0)
        {
            if (explicitPath)
            {
                throw new ArgumentException("The path of applicationHost.config is empty.", nameof(path));
            }

            return new IisConfigurationSource(null, null, null, "No IIS configuration on this computer (not Windows, or no Windows directory).");
        }

        string folder;
        string localFile;
        if (files.DirectoryExists(path))
        {
            folder = path.TrimEnd('\\', '/');
            localFile = Combine(folder, "applicationHost.config");
        }
        else
        {
            localFile = path;
            folder = ParentOf(path);
        }

        var redirectionFile = Combine(folder, IisConfigurationRedirection.FileName);
        var redirection = ReadRedirection(redirectionFile, files);
        if (redirection is { Enabled: true })
        {
            return ReadShared(redirection, localFile, files, environment);
        }

        ApplicationHostConfig configuration;
        try
        {
            using var reader = files.OpenText(localFile);
            configuration = ApplicationHostConfig.Parse(reader, localFile);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            if (explicitPath)
            {
                throw IisConfigurationFileNotFoundException.For(localFile, e);
            }

            return new IisConfigurationSource(
                null,
                null,
                null,
                files.DirectoryExists(folder)
                    ? $"The IIS configuration folder {folder} holds no applicationHost.config."
                    : $"No applicationHost.config at {localFile} (IIS is not installed).");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IisConfigurationAccessDeniedException(
                $"IIS's configuration {localFile} exists but this session may not read it ({e.Message.TrimEnd('.')}). "
                + "The inetsrv\\config folder is readable only by Administrators and SYSTEM, so a session that is not elevated cannot see it.",
                localFile,
                sharedConfiguration: false,
                "Run PowerShell elevated (Run as Administrator), or copy applicationHost.config somewhere readable and pass it with -ConfigurationPath.",
                e);
        }
        catch (IOException e)
        {
            throw new IisConfigurationException($"applicationHost.config could not be read: {e.Message}", localFile, 0, 0, e);
        }

        var note = redirection is null ? string.Empty : $" ({redirection.FilePath} is present with shared configuration off)";
        return new IisConfigurationSource(configuration, localFile, redirection, $"Read IIS's configuration from {localFile}{note}.");
    }

    private static IisConfigurationRedirection? ReadRedirection(string redirectionFile, IisConfigurationFileSystem files)
    {
        try
        {
            using var reader = files.OpenText(redirectionFile);
            return IisConfigurationRedirection.Parse(reader, redirectionFile);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IisConfigurationAccessDeniedException(
                $"IIS's {IisConfigurationRedirection.FileName} ({redirectionFile}) exists but this session may not read it ({e.Message.TrimEnd('.')}), "
                + "so it cannot tell whether shared configuration sends IIS to another applicationHost.config. "
                + "The inetsrv\\config folder is readable only by Administrators and SYSTEM.",
                redirectionFile,
                sharedConfiguration: false,
                "Run PowerShell elevated (Run as Administrator).",
                e);
        }
        catch (IOException e)
        {
            throw new IisConfigurationException($"{IisConfigurationRedirection.FileName} could not be read: {e.Message}", redirectionFile, 0, 0, e);
        }
    }

    private static IisConfigurationSource ReadShared(IisConfigurationRedirection redirection, string localFile, IisConfigurationFileSystem files, Func<string, string?> environment)
    {
        if (redirection.Path is null)
        {
            throw new IisConfigurationException(
                "Shared configuration is on (configurationRedirection enabled=\"true\") but its path is empty, so IIS has no configuration to read.",
                redirection.FilePath,
                0,
                0);
        }

        var folder = ApplicationHostConfig.ExpandEnvironment(redirection.Path, environment);
        var sharedFile = Combine(folder, "applicationHost.config");
        var credentials = redirection.UserName is null
            ? string.Empty
            : $" IIS reads the share as '{redirection.UserName}' (the userName in {IisConfigurationRedirection.FileName}); this module does not impersonate that account and reads it as the current user.";
        try
        {
            using var reader = files.OpenText(sharedFile);
            var configuration = ApplicationHostConfig.Parse(reader, sharedFile);
            return new IisConfigurationSource(
                configuration,
                sharedFile,
                redirection,
                $"Shared configuration is on ({redirection.FilePath}): read IIS's configuration from {sharedFile}, not the local {localFile}.");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IisConfigurationAccessDeniedException(
                $"Shared configuration is on ({redirection.FilePath}) and points to {sharedFile}, which the current user may not read ({e.Message.TrimEnd('.')}).{credentials} "
                + $"The local {localFile} is not used in its place: IIS does not read it while shared configuration is on.",
                sharedFile,
                sharedConfiguration: true,
                redirection.UserName is null
                    ? "Run PowerShell as an account that may read the share, or copy the shared applicationHost.config somewhere readable and pass it with -ConfigurationPath."
                    : $"Run PowerShell as '{redirection.UserName}' or another account that may read the share (for example with Start-Process -Credential), or copy the shared applicationHost.config somewhere readable and pass it with -ConfigurationPath.",
                e);
        }
        catch (IOException e)
        {
            var what = e is FileNotFoundException ? "does not exist" : e is DirectoryNotFoundException ? "is in a folder that does not exist" : "cannot be reached";
            throw new IisSharedConfigurationUnavailableException(
                $"Shared configuration is on ({redirection.FilePath}) and points to {sharedFile}, which {what} ({e.Message.TrimEnd('.')}).{credentials} "
                + $"The local {localFile} is not used in its place: IIS does not read it while shared configuration is on. "
                + "Check the share and the network, or pass a copy of the shared file with -ConfigurationPath.",
                sharedFile,
                redirection.FilePath,
                e);
        }
    }

    // Windows paths use '\'; tests on Linux hand in '/' paths. Keep the style of the path given.
    internal static string Combine(string folder, string name)
    {
        var trimmed = folder.TrimEnd('\\', '/');
        var separator = trimmed.IndexOf('\\') >= 0 || trimmed.IndexOf('/') < 0 ? '\\' : '/';
        if (Path.DirectorySeparatorChar == '/' && trimmed.StartsWith("/", StringComparison.Ordinal))
        {
            separator = '/';
        }

        return trimmed + separator + name;
    }

    private static string ParentOf(string file)
    {
        var index = file.LastIndexOfAny(['\\', '/']);
        return index <= 0 ? "." : file.Substring(0, index);
    }
}

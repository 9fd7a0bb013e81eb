using System;
using System.IO;

namespace IisLogonTools.Iis;

/// <summary>
/// applicationHost.config could not be read: the XML is malformed, or an attribute holds a value
/// IIS would reject. Carries the file and, when known, the 1-based line and column.
/// </summary>
public class IisConfigurationException : Exception
{
    /// <summary>Creates the exception without a location.</summary>
    public IisConfigurationException()
        : this("The IIS configuration could not be read.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public IisConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public IisConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a problem at a place in a file; the message gets the file and line appended.</summary>
    public IisConfigurationException(string problem, string filePath, int lineNumber, int linePosition, Exception? innerException = null)
        : base(Describe(problem, filePath, lineNumber, linePosition), innerException)
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        LinePosition = linePosition;
    }

    /// <summary>The configuration file, as given to <see cref="ApplicationHostConfig.Load(string)"/>.</summary>
    public string? FilePath { get; }

    /// <summary>The 1-based line of the problem, or 0 when unknown.</summary>
    public int LineNumber { get; }

    /// <summary>The 1-based column of the problem, or 0 when unknown.</summary>
    public int LinePosition { get; }

    private static string Describe(string problem, string filePath, int line, int position) =>
        line > 0
            ? $"{problem} File '{filePath}', line {line}, position {position}."
            : $"{problem} File '{filePath}'.";
}

/// <summary>The applicationHost.config file (or its folder) does not exist.</summary>
public class IisConfigurationFileNotFoundException : FileNotFoundException
{
    /// <summary>Creates the exception.</summary>
    public IisConfigurationFileNotFoundException()
        : base("The IIS configuration file was not found.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public IisConfigurationFileNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public IisConfigurationFileNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a missing file; the message names the file and what to check.</summary>
    public IisConfigurationFileNotFoundException(string message, string fileName, Exception? innerException)
        : base(message, fileName, innerException)
    {
    }

    internal static IisConfigurationFileNotFoundException For(string filePath, Exception? inner) =>
        new(
            $"The IIS configuration file '{filePath}' does not exist. Check that IIS (the Web Server role) is installed, "
            + "and on 64-bit Windows run a 64-bit PowerShell or use the Sysnative path, because 32-bit processes do not see System32\\inetsrv\\config.",
            filePath,
            inner);
}

/// <summary>The site named in a query is not defined in applicationHost.config.</summary>
public class IisSiteNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IisSiteNotFoundException()
        : base("The IIS site was not found.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public IisSiteNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public IisSiteNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal IisSiteNotFoundException(string siteName, string filePath, string knownSites)
        : base($"There is no site named '{siteName}' in '{filePath}'. Sites defined there: {knownSites}.")
    {
        SiteName = siteName;
        FilePath = filePath;
    }

    /// <summary>The site name that was looked for.</summary>
    public string? SiteName { get; }

    /// <summary>The configuration file that was searched.</summary>
    public string? FilePath { get; }
}

/// <summary>
/// IIS's configuration exists but the current user may not read it: the admin-only <c>inetsrv\config</c>
/// folder in a session that is not elevated, or a shared-configuration file the current user cannot open.
/// </summary>
public class IisConfigurationAccessDeniedException : UnauthorizedAccessException
{
    /// <summary>Creates the exception.</summary>
    public IisConfigurationAccessDeniedException()
        : base("The IIS configuration cannot be read: access is denied.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public IisConfigurationAccessDeniedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public IisConfigurationAccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal IisConfigurationAccessDeniedException(string message, string filePath, bool sharedConfiguration, string? recommendedAction, Exception? innerException)
        : base(message, innerException)
    {
        FilePath = filePath;
        SharedConfiguration = sharedConfiguration;
        RecommendedAction = recommendedAction;
    }

    /// <summary>The file that could not be read.</summary>
    public string? FilePath { get; }

    /// <summary>Whether the file is the one shared configuration (redirection.config) points to.</summary>
    public bool SharedConfiguration { get; }

    /// <summary>What to do next.</summary>
    public string? RecommendedAction { get; }
}

/// <summary>
/// Shared configuration is on (redirection.config enabled="true"), and the applicationHost.config it points to
/// cannot be reached: the share or the file is missing, or the network path fails.
/// </summary>
public class IisSharedConfigurationUnavailableException : IOException
{
    /// <summary>Creates the exception.</summary>
    public IisSharedConfigurationUnavailableException()
        : base("The shared IIS configuration cannot be read.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public IisSharedConfigurationUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public IisSharedConfigurationUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal IisSharedConfigurationUnavailableException(string message, string filePath, string redirectionFile, Exception? innerException)
        : base(message, innerException)
    {
        FilePath = filePath;
        RedirectionFile = redirectionFile;
    }

    /// <summary>The shared applicationHost.config that could not be read.</summary>
    public string? FilePath { get; }

    /// <summary>The redirection.config that points to it.</summary>
    public string? RedirectionFile { get; }
}

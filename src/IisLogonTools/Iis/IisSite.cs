using System.Collections.Generic;

namespace IisLogonTools.Iis;

/// <summary>A <c>&lt;site&gt;</c> of applicationHost.config with its applications.</summary>
public sealed class IisSite
{
    internal IisSite(string name, long id, IReadOnlyList<IisApplication> applications, string? logDirectory = null)
    {
        Name = name;
        Id = id;
        Applications = applications;
        LogDirectory = logDirectory;
    }

    /// <summary>The site's own <c>logFile directory</c> attribute as written (unexpanded), or <see langword="null"/> when the site defaults apply.</summary>
    public string? LogDirectory { get; }

    /// <summary>The site name, which is the first segment of its <c>&lt;location path&gt;</c> values.</summary>
    public string Name { get; }

    /// <summary>The site id (0 when the attribute is missing).</summary>
    public long Id { get; }

    /// <summary>The applications of the site, root application ("/") included when configured.</summary>
    public IReadOnlyList<IisApplication> Applications { get; }
}

/// <summary>An <c>&lt;application&gt;</c> of a site.</summary>
public sealed class IisApplication
{
    internal IisApplication(string path, string? applicationPool, IReadOnlyList<IisVirtualDirectory> virtualDirectories)
    {
        Path = path;
        ApplicationPool = applicationPool;
        VirtualDirectories = virtualDirectories;
    }

    /// <summary>The virtual path, such as <c>/</c> or <c>/app</c>.</summary>
    public string Path { get; }

    /// <summary>The <c>applicationPool</c> attribute, or <see langword="null"/> when the site or server default applies.</summary>
    public string? ApplicationPool { get; }

    /// <summary>The virtual directories of the application.</summary>
    public IReadOnlyList<IisVirtualDirectory> VirtualDirectories { get; }
}

/// <summary>A <c>&lt;virtualDirectory&gt;</c> of an application.</summary>
public sealed class IisVirtualDirectory
{
    internal IisVirtualDirectory(string path, string? physicalPath)
    {
        Path = path;
        PhysicalPath = physicalPath;
    }

    /// <summary>The path relative to the application, such as <c>/</c> or <c>/images</c>.</summary>
    public string Path { get; }

    /// <summary>The physical (possibly UNC) path, unexpanded (environment variables are kept as written).</summary>
    public string? PhysicalPath { get; }
}

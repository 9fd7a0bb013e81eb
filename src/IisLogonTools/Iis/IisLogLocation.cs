namespace IisLogonTools.Iis;

/// <summary>Where IIS writes the W3C logs of one site, and which setting said so.</summary>
public sealed class IisLogLocation
{
    internal IisLogLocation(string siteName, long siteId, string configuredDirectory, string folder, string source)
    {
        SiteName = siteName;
        SiteId = siteId;
        ConfiguredDirectory = configuredDirectory;
        Folder = folder;
        Source = source;
    }

    /// <summary>The site name as configured.</summary>
    public string SiteName { get; }

    /// <summary>The site id, which names the <c>W3SVC&lt;id&gt;</c> folder.</summary>
    public long SiteId { get; }

    /// <summary>The <c>logFile directory</c> value as written, before environment variables are expanded.</summary>
    public string ConfiguredDirectory { get; }

    /// <summary>The folder holding the site's log files: the expanded directory plus <c>W3SVC&lt;id&gt;</c>.</summary>
    public string Folder { get; }

    /// <summary>Which setting gave the directory: the site's logFile, siteDefaults, or the IIS default.</summary>
    public string Source { get; }
}

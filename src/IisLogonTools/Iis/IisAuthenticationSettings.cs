using IisLogonTools.Security;

namespace IisLogonTools.Iis;

/// <summary>
/// The effective settings of one authentication section (basic or anonymous) for a site and path,
/// as merged from applicationHost.config, with where the logon method came from.
/// </summary>
public sealed class IisAuthenticationSettings
{
    internal IisAuthenticationSettings(
        string sectionName,
        string configurationFile,
        string? siteName,
        string? path,
        bool enabled,
        string enabledSource,
        IisLogonMethod logonMethod,
        string source,
        int sourceLineNumber,
        string? defaultLogonDomain,
        string? realm,
        string? userName)
    {
        SectionName = sectionName;
        ConfigurationFile = configurationFile;
        SiteName = siteName;
        Path = path;
        Enabled = enabled;
        EnabledSource = enabledSource;
        LogonMethod = logonMethod;
        Source = source;
        SourceLineNumber = sourceLineNumber;
        DefaultLogonDomain = defaultLogonDomain;
        Realm = realm;
        UserName = userName;
    }

    /// <summary><c>basicAuthentication</c> or <c>anonymousAuthentication</c>.</summary>
    public string SectionName { get; }

    /// <summary>The applicationHost.config file that was read.</summary>
    public string ConfigurationFile { get; }

    /// <summary>The site asked about, or <see langword="null"/> for the server level.</summary>
    public string? SiteName { get; }

    /// <summary>The virtual path asked about within the site, as given.</summary>
    public string? Path { get; }

    /// <summary>Whether the section is enabled for this path.</summary>
    public bool Enabled { get; }

    /// <summary>Where <see cref="Enabled"/> came from, in the same form as <see cref="Source"/>.</summary>
    public string EnabledSource { get; }

    /// <summary>The configured <c>logonMethod</c>.</summary>
    public IisLogonMethod LogonMethod { get; }

    /// <summary>The LogonUser logon type IIS performs for <see cref="LogonMethod"/>.</summary>
    public LogonType LogonType => LogonMethod.ToLogonType();

    /// <summary>
    /// Where <see cref="LogonMethod"/> came from: <c>server level</c>, <c>location 'Site/App'</c>,
    /// or <c>schema default ClearText</c> when no level sets the attribute.
    /// </summary>
    public string Source { get; }

    /// <summary>The line of the <c>logonMethod</c> attribute that won, or 0 for the schema default.</summary>
    public int SourceLineNumber { get; }

    /// <summary>basicAuthentication <c>defaultLogonDomain</c>; <see langword="null"/> when unset or empty (and always for anonymous).</summary>
    public string? DefaultLogonDomain { get; }

    /// <summary>basicAuthentication <c>realm</c>; <see langword="null"/> when unset.</summary>
    public string? Realm { get; }

    /// <summary>
    /// anonymousAuthentication <c>userName</c> (schema default <c>IUSR</c>; an empty string means the
    /// application pool identity); <see langword="null"/> for basic authentication.
    /// </summary>
    public string? UserName { get; }
}

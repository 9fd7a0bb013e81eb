using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Xml;
using System.Xml.Linq;

namespace IisLogonTools.Iis;

/// <summary>
/// A read-only view of applicationHost.config: its sites and the basic and anonymous authentication
/// settings at the server level and in each <c>&lt;location path&gt;</c>.
/// </summary>
/// <remarks>
/// <para>
/// Resolution follows the IIS rule that a level applies to itself and everything below it and a more
/// specific <c>&lt;location path&gt;</c> overrides the inherited value. The merge is per attribute: a
/// location that sets only <c>enabled</c> keeps the <c>logonMethod</c> inherited from the server level.
/// Microsoft documents that a location's value wins over the inherited one for what it sets, but not the
/// attribute-level detail (win-semantics.md §6.3, UNVERIFIED); per-attribute merging is how the IIS
/// configuration system treats unset attributes in general, so it is the choice here.
/// </para>
/// <para>
/// Only applicationHost.config is read. web.config files can also set these sections when the section
/// is unlocked, but both sections ship locked (anonymousAuthentication explicitly, basicAuthentication
/// through overrideModeDefault="Deny"), so applicationHost.config is normally the whole answer.
/// <c>configSource</c> redirections are not followed.
/// </para>
/// </remarks>
public sealed class ApplicationHostConfig
{
    /// <summary>The section name of Basic authentication.</summary>
    public const string BasicAuthenticationSection = "basicAuthentication";

    /// <summary>The section name of anonymous authentication.</summary>
    public const string AnonymousAuthenticationSection = "anonymousAuthentication";

    /// <summary>The location of applicationHost.config below the Windows directory.</summary>
    public const string RelativeDefaultPath = @"System32\inetsrv\config\applicationHost.config";

    /// <summary>What <see cref="IisAuthenticationSettings.Source"/> says for a server-level value.</summary>
    public const string ServerLevelSource = "server level";

    private static readonly string[] AuthenticationElementPath = ["system.webServer", "security", "authentication"];

    private readonly List<ConfigLayer> _layers;

    /// <summary>The IIS schema default of <c>logFile directory</c>.</summary>
    public const string DefaultLogDirectory = @"%SystemDrive%\inetpub\logs\LogFiles";

    private ApplicationHostConfig(string filePath, IReadOnlyList<IisSite> sites, List<ConfigLayer> layers, string? siteDefaultsLogDirectory)
    {
        FilePath = filePath;
        Sites = sites;
        _layers = layers;
        SiteDefaultsLogDirectory = siteDefaultsLogDirectory;
    }

    /// <summary>The <c>sites/siteDefaults/logFile directory</c> attribute as written, or <see langword="null"/> when not set.</summary>
    public string? SiteDefaultsLogDirectory { get; }

    /// <summary>The file this configuration was read from.</summary>
    public string FilePath { get; }

    /// <summary>The sites defined under <c>system.applicationHost/sites</c>, in file order.</summary>
    public IReadOnlyList<IisSite> Sites { get; }

    /// <summary>Every <c>&lt;location path&gt;</c> value in file order, as written (server-level ones included).</summary>
    public IReadOnlyList<string> LocationPaths =>
        _layers.Where(l => l.LocationPath is not null).Select(l => l.LocationPath!).ToList();

    /// <summary>
    /// The default applicationHost.config path on this computer, or <see langword="null"/> when not on
    /// Windows or when neither <c>windir</c> nor <c>SystemRoot</c> is set.
    /// </summary>
    /// <remarks>
    /// A 32-bit process on 64-bit Windows is redirected from System32 to SysWOW64, where the IIS
    /// configuration does not exist; it gets the <c>Sysnative</c> alias instead, which reaches the real System32.
    /// </remarks>
    public static string? GetDefaultPath() =>
        GetDefaultPath(
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows),
            Environment.GetEnvironmentVariable("windir"),
            Environment.GetEnvironmentVariable("SystemRoot"),
            Environment.Is64BitOperatingSystem && !Environment.Is64BitProcess);

    internal static string? GetDefaultPath(bool isWindows, string? windir, string? systemRoot, bool is32BitProcessOn64BitWindows)
    {
        if (!isWindows)
        {
            return null;
        }

        var root = !string.IsNullOrWhiteSpace(windir) ? windir : systemRoot;
        if (string.IsNullOrWhiteSpace(root))
        {
            return null;
        }

        var relative = is32BitProcessOn64BitWindows
            ? "Sysnative" + RelativeDefaultPath.Substring("System32".Length)
            : RelativeDefaultPath;
        return root!.Trim().TrimEnd('\\', '/') + "\\" + relative;
    }

    /// <summary>Reads applicationHost.config.</summary>
    /// <param name="path">The file; see <see cref="GetDefaultPath()"/>.</param>
    /// <exception cref="IisConfigurationFileNotFoundException">The file or its folder does not exist.</exception>
    /// <exception cref="IisConfigurationException">The file is not well-formed XML, or a site id is not a number.</exception>
    public static ApplicationHostConfig Load(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        if (path.Trim().Length == 0)
        {
            throw new ArgumentException("The path of applicationHost.config is empty.", nameof(path));
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException ex)
        {
            throw IisConfigurationFileNotFoundException.For(path, ex);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw IisConfigurationFileNotFoundException.For(path, ex);
        }

        using (stream)
        {
            using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
            return Parse(reader, path);
        }
    }

    /// <summary>Reads applicationHost.config content; <paramref name="filePath"/> is used in messages and results.</summary>
    internal static ApplicationHostConfig Parse(TextReader reader, string filePath)
    {
        var document = LoadXml(reader, "applicationHost.config", filePath);

        var root = document.Root;
        if (root is null || root.Name.LocalName != "configuration")
        {
            var (line, position) = LineOf(root);
            throw new IisConfigurationException(
                $"The root element is <{root?.Name.LocalName}>, not <configuration>; this is not an IIS configuration file.",
                filePath,
                line,
                position);
        }

        var sites = ReadSites(root, filePath);
        var layers = new List<ConfigLayer> { ConfigLayer.From(root, null, true, 0, filePath) };
        var order = 1;
        foreach (var location in root.Elements().Where(e => e.Name.LocalName == "location"))
        {
            var pathAttribute = location.Attribute("path");
            var inherit = location.Attribute("inheritInChildApplications");
            var inheritValue = inherit is null
                || ParseBoolean(inherit, filePath, "inheritInChildApplications");
            layers.Add(ConfigLayer.From(location, pathAttribute?.Value ?? string.Empty, inheritValue, order++, filePath));
        }

        var siteDefaultsLog = root.Elements().Where(e => e.Name.LocalName == "system.applicationHost")
            .Elements().Where(e => e.Name.LocalName == "sites")
            .Elements().Where(e => e.Name.LocalName == "siteDefaults")
            .Elements().Where(e => e.Name.LocalName == "logFile")
            .Select(e => e.Attribute("directory")?.Value)
            .LastOrDefault(v => !string.IsNullOrWhiteSpace(v));
        return new ApplicationHostConfig(filePath, sites, layers, siteDefaultsLog);
    }

    /// <summary>
    /// The folder where IIS writes a site's W3C logs: the site's <c>logFile directory</c>, else the one in
    /// <c>siteDefaults</c>, else <c>%SystemDrive%\inetpub\logs\LogFiles</c>; environment variables expanded,
    /// with <c>W3SVC&lt;site id&gt;</c> appended as IIS does.
    /// </summary>
    /// <param name="site">The site name (case-insensitive).</param>
    /// <exception cref="IisSiteNotFoundException">The site is not defined.</exception>
    public IisLogLocation ResolveLogDirectory(string site) =>
        ResolveLogDirectory(site, Environment.GetEnvironmentVariable);

    internal IisLogLocation ResolveLogDirectory(string site, Func<string, string?> environment)
    {
        if (site is null)
        {
            throw new ArgumentNullException(nameof(site));
        }

        var entry = FindSite(site);
        string raw;
        string source;
        if (!string.IsNullOrWhiteSpace(entry.LogDirectory))
        {
            raw = entry.LogDirectory!.Trim();
            source = $"site '{entry.Name}' logFile directory";
        }
        else if (SiteDefaultsLogDirectory is not null)
        {
            raw = SiteDefaultsLogDirectory.Trim();
            source = "siteDefaults logFile directory";
        }
        else
        {
            raw = DefaultLogDirectory;
            source = "IIS default";
        }

        var expanded = ExpandEnvironment(raw, environment).TrimEnd('\\', '/');
        var separator = expanded.IndexOf('\\') >= 0 || expanded.Length == 0 || expanded.IndexOf('/') < 0 ? '\\' : '/';
        if (System.IO.Path.DirectorySeparatorChar == '/' && expanded.StartsWith("/", StringComparison.Ordinal))
        {
            separator = '/';
        }

        var folder = expanded + separator + "W3SVC" + entry.Id.ToString(CultureInfo.InvariantCulture);
        return new IisLogLocation(entry.Name, entry.Id, raw, folder, source);
    }

    // %NAME% expansion with a fallback for %SystemDrive%, which is not set off Windows (and in some services).
    internal static string ExpandEnvironment(string value, Func<string, string?> environment)
    {
        var result = new System.Text.StringBuilder(value.Length + 16);
        var i = 0;
        while (i < value.Length)
        {
            var open = value.IndexOf('%', i);
            var close = open < 0 ? -1 : value.IndexOf('%', open + 1);
            if (close < 0)
            {
                result.Append(value, i, value.Length - i);
                break;
            }

            result.Append(value, i, open - i);
            var name = value.Substring(open + 1, close - open - 1);
            var found = name.Length == 0 ? null : environment(name);
            if (found is null && string.Equals(name, "SystemDrive", StringComparison.OrdinalIgnoreCase))
            {
                found = "C:";
            }

            result.Append(found ?? value.Substring(open, close - open + 1));
            i = close + 1;
        }

        return result.ToString();
    }

    private IisSite FindSite(string site)
    {
        var entry = Sites.FirstOrDefault(s => string.Equals(s.Name, site.Trim(), StringComparison.OrdinalIgnoreCase));
        if (entry is null)
        {
            var known = Sites.Count == 0 ? "none" : string.Join(", ", Sites.Take(20).Select(s => $"'{s.Name}'"));
            throw new IisSiteNotFoundException(site, FilePath, known);
        }

        return entry;
    }

    /// <summary>
    /// The effective <c>basicAuthentication</c> settings for a site and virtual path.
    /// </summary>
    /// <param name="site">The site name (case-insensitive), or <see langword="null"/> for the server level only.</param>
    /// <param name="path">A virtual path within the site such as <c>/app/sub</c> or <c>app/sub</c>; <see langword="null"/> or <c>/</c> for the site root.</param>
    /// <exception cref="IisSiteNotFoundException">The site is not defined.</exception>
    /// <exception cref="IisConfigurationException">An applying attribute has a value IIS would reject.</exception>
    public IisAuthenticationSettings ResolveBasicAuthentication(string? site, string? path) =>
        Resolve(BasicAuthenticationSection, site, path);

    /// <summary>The effective <c>anonymousAuthentication</c> settings for a site and virtual path.</summary>
    /// <inheritdoc cref="ResolveBasicAuthentication(string?, string?)"/>
    public IisAuthenticationSettings ResolveAnonymousAuthentication(string? site, string? path) =>
        Resolve(AnonymousAuthenticationSection, site, path);

    private IisAuthenticationSettings Resolve(string section, string? site, string? path)
    {
        var target = new List<string>();
        IisSite? siteEntry = null;
        if (site is not null && site.Trim().Length > 0)
        {
            siteEntry = Sites.FirstOrDefault(s => string.Equals(s.Name, site.Trim(), StringComparison.OrdinalIgnoreCase));
            if (siteEntry is null)
            {
                var known = Sites.Count == 0 ? "none" : string.Join(", ", Sites.Take(20).Select(s => $"'{s.Name}'"));
                throw new IisSiteNotFoundException(site, FilePath, known);
            }

            target.Add(siteEntry.Name);
            target.AddRange(Segments(path));
        }
        else if (Segments(path).Count > 0)
        {
            throw new ArgumentException("A virtual path needs a site; pass the site name as well.", nameof(path));
        }

        var applicable = _layers
            .Where(l => Applies(l, target, siteEntry))
            .OrderBy(l => l.Depth)
            .ThenBy(l => l.Order);

        var won = new Dictionary<string, (XAttribute Attribute, string Source)>(StringComparer.Ordinal);
        foreach (var layer in applicable)
        {
            if (!layer.Sections.TryGetValue(section, out var element))
            {
                continue;
            }

            foreach (var attribute in element.Attributes())
            {
                won[attribute.Name.LocalName] = (attribute, layer.Describe());
            }
        }

        var isBasic = section == BasicAuthenticationSection;
        var enabled = !isBasic;
        var enabledSource = $"schema default {(enabled ? "true" : "false")}";
        if (won.TryGetValue("enabled", out var e))
        {
            enabled = ParseBoolean(e.Attribute, FilePath, "enabled");
            enabledSource = e.Source;
        }

        var method = IisLogonMethodExtensions.SchemaDefault;
        var source = $"schema default {IisLogonMethodExtensions.SchemaDefault}";
        var sourceLine = 0;
        if (won.TryGetValue("logonMethod", out var m))
        {
            method = ParseLogonMethod(m.Attribute, FilePath);
            source = m.Source;
            sourceLine = LineOf(m.Attribute).Line;
        }

        string? defaultLogonDomain = null;
        string? realm = null;
        string? userName = null;
        if (isBasic)
        {
            defaultLogonDomain = won.TryGetValue("defaultLogonDomain", out var d) && d.Attribute.Value.Trim().Length > 0
                ? d.Attribute.Value.Trim()
                : null;
            realm = won.TryGetValue("realm", out var r) ? r.Attribute.Value : null;
        }
        else
        {
            // The schema default is IUSR; an empty value is meaningful (the application pool identity).
            userName = won.TryGetValue("userName", out var u) ? u.Attribute.Value : "IUSR";
        }

        return new IisAuthenticationSettings(
            section,
            FilePath,
            siteEntry?.Name,
            path,
            enabled,
            enabledSource,
            method,
            source,
            sourceLine,
            defaultLogonDomain,
            realm,
            userName);
    }

    private static bool Applies(ConfigLayer layer, List<string> target, IisSite? site)
    {
        var segments = layer.Segments;
        if (segments.Count > target.Count)
        {
            return false;
        }

        for (var i = 0; i < segments.Count; i++)
        {
            if (!string.Equals(segments[i], target[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        // inheritInChildApplications="false" stops a location at the first application below it.
        // Ignored for server-level locations, where every site's root application would be "below".
        if (!layer.InheritInChildApplications && segments.Count > 0 && site is not null)
        {
            var deepestApplication = site.Applications
                .Select(a => Segments(a.Path))
                .Where(a => a.Count + 1 <= target.Count && a.Select((s, i) => string.Equals(s, target[i + 1], StringComparison.OrdinalIgnoreCase)).All(x => x))
                .Select(a => a.Count + 1)
                .DefaultIfEmpty(1)
                .Max();
            if (deepestApplication > segments.Count)
            {
                return false;
            }
        }

        return true;
    }

    private static List<string> Segments(string? path) =>
        path is null
            ? []
            : path.Trim().Replace('\\', '/').Split(['/'], StringSplitOptions.RemoveEmptyEntries)
                .Select(s => s.Trim())
                .Where(s => s.Length > 0 && s != ".")
                .ToList();

    private static List<IisSite> ReadSites(XElement root, string filePath)
    {
        var result = new List<IisSite>();
        var sites = root.Elements().Where(e => e.Name.LocalName == "system.applicationHost")
            .Elements().Where(e => e.Name.LocalName == "sites")
            .Elements().Where(e => e.Name.LocalName == "site");
        foreach (var site in sites)
        {
            var name = site.Attribute("name")?.Value;
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            long id = 0;
            var idAttribute = site.Attribute("id");
            if (idAttribute is not null
                && !long.TryParse(idAttribute.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out id))
            {
                var (line, position) = LineOf(idAttribute);
                throw new IisConfigurationException(
                    $"Site '{name}' has id=\"{idAttribute.Value}\", which is not a number.", filePath, line, position);
            }

            var applications = site.Elements().Where(e => e.Name.LocalName == "application")
                .Select(a => new IisApplication(
                    a.Attribute("path")?.Value ?? "/",
                    a.Attribute("applicationPool")?.Value,
                    a.Elements().Where(v => v.Name.LocalName == "virtualDirectory")
                        .Select(v => new IisVirtualDirectory(v.Attribute("path")?.Value ?? "/", v.Attribute("physicalPath")?.Value))
                        .ToList()))
                .ToList();
            var logDirectory = site.Elements().Where(e => e.Name.LocalName == "logFile")
                .Select(e => e.Attribute("directory")?.Value)
                .LastOrDefault(v => !string.IsNullOrWhiteSpace(v));
            result.Add(new IisSite(name!, id, applications, logDirectory));
        }

        return result;
    }

    private static bool ParseBoolean(XAttribute attribute, string filePath, string name)
    {
        var value = attribute.Value.Trim();
        if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(value, "false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var (line, position) = LineOf(attribute);
        throw new IisConfigurationException(
            $"{name}=\"{attribute.Value}\" is not a valid value; IIS expects true or false.", filePath, line, position);
    }

    // Names only, case-insensitive. Whether IIS also accepts the numeric values in the file is UNVERIFIED,
    // so a number is reported rather than guessed at.
    private static IisLogonMethod ParseLogonMethod(XAttribute attribute, string filePath)
    {
        var value = attribute.Value.Trim();
        foreach (IisLogonMethod candidate in Enum.GetValues(typeof(IisLogonMethod)))
        {
            if (string.Equals(value, candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        var (line, position) = LineOf(attribute);
        throw new IisConfigurationException(
            $"logonMethod=\"{attribute.Value}\" is not a valid value; IIS expects Interactive, Batch, Network or ClearText.",
            filePath,
            line,
            position);
    }

    private static (int Line, int Position) LineOf(XObject? node) =>
        node is IXmlLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (0, 0);

    // XmlException messages end with "Line n, position m."; the location is reported separately.
    /// <summary>
    /// Loads an IIS configuration file (applicationHost.config, redirection.config) without DTDs or external
    /// resolution; malformed XML is an <see cref="IisConfigurationException"/> naming the file's line and column.
    /// </summary>
    internal static XDocument LoadXml(TextReader reader, string fileName, string filePath)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            CloseInput = false,
        };

        try
        {
            using var xml = XmlReader.Create(reader, settings);
            return XDocument.Load(xml, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            throw new IisConfigurationException($"{fileName} is not well-formed XML: {StripLocation(ex)}", filePath, ex.LineNumber, ex.LinePosition, ex);
        }
    }

    private static string StripLocation(XmlException ex)
    {
        var message = ex.Message;
        var index = message.LastIndexOf(" Line ", StringComparison.Ordinal);
        return index > 0 ? message.Substring(0, index) : message;
    }

    private sealed class ConfigLayer
    {
        private ConfigLayer(string? locationPath, List<string> segments, bool inherit, int order, Dictionary<string, XElement> sections)
        {
            LocationPath = locationPath;
            Segments = segments;
            InheritInChildApplications = inherit;
            Order = order;
            Sections = sections;
        }

        public string? LocationPath { get; }

        public List<string> Segments { get; }

        public int Depth => Segments.Count;

        public bool InheritInChildApplications { get; }

        public int Order { get; }

        public Dictionary<string, XElement> Sections { get; }

        public static ConfigLayer From(XElement container, string? locationPath, bool inherit, int order, string filePath)
        {
            var sections = new Dictionary<string, XElement>(StringComparer.Ordinal);
            IEnumerable<XElement> current = [container];
            foreach (var step in AuthenticationElementPath)
            {
                current = current.Elements().Where(e => e.Name.LocalName == step);
            }

            foreach (var element in current.Elements())
            {
                var name = element.Name.LocalName;
                if (name is BasicAuthenticationSection or AnonymousAuthenticationSection)
                {
                    // IIS refuses a section defined twice at one level ("duplicate section" configuration error).
                    if (sections.ContainsKey(name))
                    {
                        var (line, position) = LineOf(element);
                        throw new IisConfigurationException(
                            $"The section {name} is defined twice at the same level.", filePath, line, position);
                    }

                    sections[name] = element;
                }
            }

            return new ConfigLayer(locationPath, Segments(locationPath), inherit, order, sections);
        }

        public string Describe() =>
            Segments.Count == 0 ? ServerLevelSource : $"location '{LocationPath}'";
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using IisLogonTools.Security;

namespace IisLogonTools.Policy;

/// <summary>The report file is not a Group Policy results (RSoP) XML report.</summary>
public sealed class GroupPolicyReportException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GroupPolicyReportException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public GroupPolicyReportException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public GroupPolicyReportException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// A Group Policy results report in XML, as <c>gpresult /scope computer /x FILE</c> and
/// <c>Get-GPResultantSetOfPolicy -ReportType Xml</c> write it: root <c>Rsop</c> in
/// http://www.microsoft.com/GroupPolicy/Rsop, <c>ComputerResults</c> with one <c>GPO</c> per processed GPO (Name,
/// Path/Identifier, Link/SOMPath) and, under <c>ExtensionData/Extension</c>, one
/// <c>UserRightsAssignment</c> (http://www.microsoft.com/GroupPolicy/Settings/Security) per GPO that defines a right:
/// GPO/Identifier and Precedence (Settings/Base), Name, and Member elements holding SID and/or Name (Types).
/// Elements are matched by namespace URI and local name, never by prefix; GPO GUIDs case-insensitively.
/// </summary>
public sealed class GroupPolicyReport
{
    internal static readonly XNamespace Rsop = "http://www.microsoft.com/GroupPolicy/Rsop";
    internal static readonly XNamespace Types = "http://www.microsoft.com/GroupPolicy/Types";
    internal static readonly XNamespace SettingsBase = "http://www.microsoft.com/GroupPolicy/Settings/Base";
    internal static readonly XNamespace Security = "http://www.microsoft.com/GroupPolicy/Settings/Security";

    /// <summary>The Security client-side extension (SceCli), whose RSoP data holds user rights.</summary>
    internal const string SecurityExtensionId = "{827D319E-6EAC-11D2-A4EA-00C04F79F83A}";

    private GroupPolicyReport(string? computerName, ComputerPolicy policy)
    {
        ComputerName = computerName;
        Policy = policy;
    }

    /// <summary>The computer the report describes (from ComputerResults/Name, without domain and trailing $), or null.</summary>
    public string? ComputerName { get; }

    /// <summary>Per right: the winning GPO, local, or unknown with the reason.</summary>
    public ComputerPolicy Policy { get; }

    /// <summary>Reads a report file.</summary>
    /// <exception cref="GroupPolicyReportException">The file is not XML, or not an RSoP report.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static GroupPolicyReport Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, $"Group Policy report {path}");
    }

    /// <summary>Reads a report from a stream; the encoding comes from the XML declaration or byte order mark (gpresult writes UTF-16).</summary>
    public static GroupPolicyReport Parse(Stream stream, string origin)
    {
        XDocument doc;
        try
        {
            var readerSettings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
            using var reader = XmlReader.Create(stream, readerSettings);
            doc = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new GroupPolicyReportException($"{origin} is not well-formed XML ({e.Message}). Create it with 'gpresult /scope computer /x FILE' or 'Get-GPResultantSetOfPolicy -ReportType Xml'.", e);
        }

        var root = doc.Root;
        if (root is null || root.Name != Rsop + "Rsop")
        {
            throw new GroupPolicyReportException($"{origin} is not a Group Policy results report: its root element is {(root is null ? "missing" : $"'{root.Name.LocalName}' in namespace '{root.Name.NamespaceName}'")}, not 'Rsop' in {Rsop.NamespaceName}. Create it with 'gpresult /scope computer /x FILE' or 'Get-GPResultantSetOfPolicy -ReportType Xml'.");
        }

        var computer = root.Element(Rsop + "ComputerResults");
        if (computer is null)
        {
            return new GroupPolicyReport(null, ComputerPolicy.Unknown(origin, $"{origin} has no computer results (it was made for the user only); create it with 'gpresult /scope computer /x FILE'."));
        }

        var computerName = ShortComputerName(Text(computer.Element(Rsop + "Name")));
        var gpoElements = computer.Elements(Rsop + "GPO").ToList();
        if (gpoElements.Count == 0)
        {
            // Every computer processes at least the Local Group Policy, so a report without any GPO means no RSoP
            // data was logged: "Turn off Resultant Set of Policy logging" is in effect, or policy never ran.
            return new GroupPolicyReport(computerName, ComputerPolicy.Unknown(origin, $"{origin} lists no Group Policy Object, not even Local Group Policy: RSoP logging is turned off on that computer (policy 'Turn off Resultant Set of Policy logging') or no policy has been processed yet, so it cannot tell which rights Group Policy defines."));
        }

        foreach (var status in computer.Elements(Rsop + "ExtensionStatus"))
        {
            var id = Text(status.Element(Rsop + "Identifier"));
            var isSecurity = string.Equals(id, SecurityExtensionId, StringComparison.OrdinalIgnoreCase)
                || string.Equals(Text(status.Element(Rsop + "Name")), "Security", StringComparison.OrdinalIgnoreCase);
            var logging = Text(status.Element(Rsop + "LoggingStatus"));
            if (isSecurity && logging is not null && !string.Equals(logging, "Complete", StringComparison.OrdinalIgnoreCase))
            {
                return new GroupPolicyReport(computerName, ComputerPolicy.Unknown(origin, $"{origin}: the Security extension's RSoP logging status is '{logging}', not 'Complete', so its user rights data cannot be trusted."));
            }
        }

        var gpos = new Dictionary<string, (string Name, List<string> Links)>(StringComparer.OrdinalIgnoreCase);
        foreach (var g in gpoElements)
        {
            var path = g.Element(Rsop + "Path");
            var key = GpoKey(Text(path?.Element(Types + "Identifier")));
            if (key is null)
            {
                continue;
            }

            var links = g.Elements(Rsop + "Link").Select(l => Text(l.Element(Rsop + "SOMPath"))).Where(p => p is not null).Select(p => p!).ToList();
            gpos[key] = (Text(g.Element(Rsop + "Name")) ?? key, links);
        }

        var settings = new List<GroupPolicyRightSetting>();
        foreach (var ura in computer.Descendants(Security + "UserRightsAssignment"))
        {
            var right = Text(ura.Element(Security + "Name"));
            if (right is null)
            {
                continue;
            }

            var gpoRef = ura.Element(SettingsBase + "GPO");
            var identifier = Text(gpoRef?.Element(Types + "Identifier"));
            var key = GpoKey(identifier);
            if (IsLocalGpo(identifier))
            {
                // Local security policy is the local assignment itself; no refresh replaces it with something else.
                continue;
            }

            var precedenceText = Text(ura.Element(SettingsBase + "Precedence"));
            var precedence = int.TryParse(precedenceText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
            var members = new List<PolicyAccount>();
            foreach (var m in ura.Elements(Security + "Member"))
            {
                var sidText = Text(m.Element(Types + "SID"));
                var name = Text(m.Element(Types + "Name"));
                Sid? sid = null;
                if (sidText is not null && Sid.TryParse(sidText.Trim().TrimStart('*').ToUpperInvariant(), out var parsed, out _))
                {
                    sid = parsed;
                }

                if (sid is not null || name is not null)
                {
                    members.Add(sid is null && name is not null ? PolicyAccount.FromTemplateEntry(name) : new PolicyAccount(sid, name));
                }
            }

            var (gpoName, gpoLinks) = key is not null && gpos.TryGetValue(key, out var info) ? info : (identifier ?? "(unnamed GPO)", new List<string>());
            settings.Add(new GroupPolicyRightSetting(right, members, gpoName, GuidText(identifier), gpoLinks, precedence));
        }

        return new GroupPolicyReport(computerName, ComputerPolicy.Known(origin, settings));
    }

    /// <summary>Whether the report describes the computer known by these names (case-insensitive, first DNS label).</summary>
    public bool Describes(params string?[] names) =>
        ComputerName is null || names.Any(n => n is not null && string.Equals(ShortComputerName(n), ComputerName, StringComparison.OrdinalIgnoreCase));

    /// <summary>"CONTOSO\WEB01$" or "web01.contoso.com" → "WEB01"-like short name.</summary>
    internal static string? ShortComputerName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var n = name!.Trim();
        var slash = n.LastIndexOf('\\');
        if (slash >= 0)
        {
            n = n.Substring(slash + 1);
        }

        n = n.TrimEnd('$');
        var dot = n.IndexOf('.');
        return dot > 0 ? n.Substring(0, dot) : n;
    }

    /// <summary>Whether an identifier names the local GPO (RSoP's "LocalGPO"), which is local policy, not a domain GPO.</summary>
    internal static bool IsLocalGpo(string? identifier) => string.Equals(identifier?.Trim(), "LocalGPO", StringComparison.OrdinalIgnoreCase);

    /// <summary>The key of a GPO: its GUID in upper-case braces form, or the identifier as given (LocalGPO).</summary>
    internal static string? GpoKey(string? identifier) => GuidText(identifier) ?? (string.IsNullOrWhiteSpace(identifier) ? null : identifier!.Trim());

    /// <summary>A GPO GUID in "{XXXXXXXX-...}" upper case, found anywhere in the text (also "CN={guid},CN=Policies,..."), or null.</summary>
    internal static string? GuidText(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var open = text.IndexOf('{');
        var close = open >= 0 ? text.IndexOf('}', open) : -1;
        var candidate = open >= 0 && close > open ? text.Substring(open, close - open + 1) : text.Trim();
        return Guid.TryParse(candidate, out var guid) ? guid.ToString("B").ToUpperInvariant() : null;
    }

    private static string? Text(XElement? e)
    {
        var v = e?.Value.Trim();
        return string.IsNullOrEmpty(v) ? null : v;
    }
}

/// <summary>A policy source backed by one report file: it answers for the computer the report describes.</summary>
public sealed class GroupPolicyReportSource : IRightsPolicySource
{
    private readonly GroupPolicyReport _report;
    private readonly string _path;

    /// <summary>Wraps a loaded report.</summary>
    public GroupPolicyReportSource(GroupPolicyReport report, string path)
    {
        _report = report;
        _path = path;
    }

    /// <summary>The computer the report describes, or null when it does not say.</summary>
    public string? ComputerName => _report.ComputerName;

    /// <summary>Whether the report is for the computer known by these names.</summary>
    public bool Describes(params string?[] names) => _report.Describes(names);

    /// <inheritdoc/>
    public ComputerPolicy Read(string? computerName) =>
        computerName is null || _report.Describes(computerName)
            ? _report.Policy
            : ComputerPolicy.Unknown($"Group Policy report {_path}", $"The report {_path} describes {_report.ComputerName}, not {computerName}.");
}

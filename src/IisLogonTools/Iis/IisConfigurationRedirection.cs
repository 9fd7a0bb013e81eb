using System;
using System.IO;
using System.Linq;
using System.Xml;

namespace IisLogonTools.Iis;

/// <summary>
/// The <c>&lt;configurationRedirection&gt;</c> element of redirection.config: IIS Shared Configuration.
/// </summary>
/// <remarks>
/// Sources: the IIS configuration reference "Configuration Redirection &lt;configurationRedirection&gt;"
/// (iis.net/configreference/configurationredirection: attributes <c>enabled</c>, <c>path</c>,
/// <c>userName</c>, <c>password</c>), and the IIS WMI provider's ConfigurationRedirectionSection class
/// (learn.microsoft.com/iis/wmi-provider/configurationredirectionsection-class): when <c>enabled</c> is true
/// (default false) the location of applicationHost.config and administration.config is redirected to
/// <c>path</c>, for example a UNC share; the configuration system impersonates <c>userName</c>/<c>password</c>
/// when it reads the files there; the settings live in redirection.config in %windir%\system32\inetsrv\config.
/// The password is never read into this object.
/// </remarks>
public sealed class IisConfigurationRedirection
{
    /// <summary>The file name IIS reads the redirection from, next to applicationHost.config.</summary>
    public const string FileName = "redirection.config";

    private IisConfigurationRedirection(string filePath, bool enabled, string? path, string? userName)
    {
        FilePath = filePath;
        Enabled = enabled;
        Path = path;
        UserName = userName;
    }

    /// <summary>The redirection.config that was read.</summary>
    public string FilePath { get; }

    /// <summary>Whether shared configuration is on.</summary>
    public bool Enabled { get; }

    /// <summary>The folder (usually a UNC share) holding the shared applicationHost.config, as written; null when unset.</summary>
    public string? Path { get; }

    /// <summary>The account IIS impersonates to read the share; null or empty when IIS reads it as itself.</summary>
    public string? UserName { get; }

    /// <summary>Reads redirection.config content; <paramref name="filePath"/> is used in messages.</summary>
    /// <exception cref="IisConfigurationException">Not well-formed XML, or <c>enabled</c> is not true or false.</exception>
    internal static IisConfigurationRedirection Parse(TextReader reader, string filePath)
    {
        var document = ApplicationHostConfig.LoadXml(reader, "redirection.config", filePath);
        var element = document.Root?.Elements().LastOrDefault(e => e.Name.LocalName == "configurationRedirection");
        if (element is null)
        {
            return new IisConfigurationRedirection(filePath, false, null, null);
        }

        var enabledAttribute = element.Attribute("enabled");
        var enabled = false;
        if (enabledAttribute is not null)
        {
            var value = enabledAttribute.Value.Trim();
            if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
            {
                enabled = true;
            }
            else if (!string.Equals(value, "false", StringComparison.OrdinalIgnoreCase))
            {
                var info = (IXmlLineInfo)enabledAttribute;
                throw new IisConfigurationException(
                    $"configurationRedirection enabled=\"{enabledAttribute.Value}\" is not a valid value; IIS expects true or false.",
                    filePath,
                    info.LineNumber,
                    info.LinePosition);
            }
        }

        var path = element.Attribute("path")?.Value.Trim();
        var userName = element.Attribute("userName")?.Value.Trim();
        return new IisConfigurationRedirection(
            filePath,
            enabled,
            string.IsNullOrEmpty(path) ? null : path,
            string.IsNullOrEmpty(userName) ? null : userName);
    }
}

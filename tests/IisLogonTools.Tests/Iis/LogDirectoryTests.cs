using System.IO;
using IisLogonTools.Iis;
using Xunit;

namespace IisLogonTools.Tests.Iis;

public class LogDirectoryTests
{
    private const string Config = """
        <configuration>
          <system.applicationHost>
            <sites>
              <site name="Default Web Site" id="1" />
              <site name="Intranet" id="7">
                <logFile directory="D:\Logs\%SITE_GROUP%" />
              </site>
              <siteDefaults>
                <logFile logFormat="W3C" directory="%LOGROOT%\LogFiles" />
              </siteDefaults>
            </sites>
          </system.applicationHost>
        </configuration>
        """;

    private static ApplicationHostConfig Parse(string xml) => ApplicationHostConfig.Parse(new StringReader(xml), "applicationHost.config");

    private static string? Env(string name) => name switch
    {
        "LOGROOT" => @"E:\web",
        "SITE_GROUP" => "intranet",
        _ => null,
    };

    [Fact]
    public void SiteDefaultsApplyToSitesWithoutTheirOwnLogFile()
    {
        var location = Parse(Config).ResolveLogDirectory("default web site", Env);
        Assert.Equal(@"E:\web\LogFiles\W3SVC1", location.Folder);
        Assert.Equal("Default Web Site", location.SiteName);
        Assert.Equal("siteDefaults logFile directory", location.Source);
    }

    [Fact]
    public void ASiteLogFileWinsAndEnvironmentVariablesExpand()
    {
        var location = Parse(Config).ResolveLogDirectory("Intranet", Env);
        Assert.Equal(@"D:\Logs\intranet\W3SVC7", location.Folder);
        Assert.Equal(@"D:\Logs\%SITE_GROUP%", location.ConfiguredDirectory);
    }

    [Fact]
    public void WithoutAnySettingTheIisDefaultApplies()
    {
        var config = Parse("""<configuration><system.applicationHost><sites><site name="A" id="3" /></sites></system.applicationHost></configuration>""");
        Assert.Equal(@"F:\inetpub\logs\LogFiles\W3SVC3", config.ResolveLogDirectory("A", n => n == "SystemDrive" ? "F:" : null).Folder);
        Assert.Equal(@"C:\inetpub\logs\LogFiles\W3SVC3", config.ResolveLogDirectory("A", _ => null).Folder);
        Assert.Equal("IIS default", config.ResolveLogDirectory("A", _ => null).Source);
    }

    [Fact]
    public void AnUnknownSiteThrows()
    {
        var e = Assert.Throws<IisSiteNotFoundException>(() => Parse(Config).ResolveLogDirectory("Nope", Env));
        Assert.Contains("'Default Web Site'", e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnsetVariableIsKeptAsWritten()
    {
        Assert.Equal("%NOPE%\\x", ApplicationHostConfig.ExpandEnvironment("%NOPE%\\x", _ => null));
    }
}

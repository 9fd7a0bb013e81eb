using IisLogonTools.Iis;
using IisLogonTools.Security;
using Xunit;

namespace IisLogonTools.Tests.Iis;

public class ApplicationHostConfigTests
{
    [Fact]
    public void ServerLevelSettingsApplyToEverySite()
    {
        var config = ApplicationHostConfig.Load(TestFiles.Path("server-level.config"));

        var basic = config.ResolveBasicAuthentication("Default Web Site", "/app");

        Assert.True(basic.Enabled);
        Assert.Equal(IisLogonMethod.Network, basic.LogonMethod);
        Assert.Equal(LogonType.Network, basic.LogonType);
        Assert.Equal("server level", basic.Source);
        Assert.Equal(30, basic.SourceLineNumber);
        Assert.Equal("CONTOSO", basic.DefaultLogonDomain);
        Assert.Equal("Intranet", basic.Realm);
        Assert.Null(basic.UserName);
        Assert.Equal(TestFiles.Path("server-level.config"), basic.ConfigurationFile);
        Assert.Equal("Default Web Site", basic.SiteName);
    }

    [Fact]
    public void ServerLevelQueryWithoutSite()
    {
        var config = ApplicationHostConfig.Load(TestFiles.Path("server-level.config"));

        var basic = config.ResolveBasicAuthentication(null, null);

        Assert.Equal(IisLogonMethod.Network, basic.LogonMethod);
        Assert.Null(basic.SiteName);
    }

    [Fact]
    public void SitesApplicationsAndVirtualDirectoriesAreRead()
    {
        var config = ApplicationHostConfig.Load(TestFiles.Path("server-level.config"));

        var site = Assert.Single(config.Sites);
        Assert.Equal("Default Web Site", site.Name);
        Assert.Equal(1, site.Id);
        Assert.Equal(["/", "/app"], site.Applications.Select(a => a.Path));
        Assert.Equal("AppPool2", site.Applications[1].ApplicationPool);
        Assert.Equal(["/", "/images"], site.Applications[1].VirtualDirectories.Select(v => v.Path));
        Assert.Equal(@"\\fileserver\images", site.Applications[1].VirtualDirectories[1].PhysicalPath);
    }

    [Fact]
    public void AnonymousAuthenticationIsResolvedToo()
    {
        var config = ApplicationHostConfig.Load(TestFiles.Path("locations.config"));

        var anonymous = config.ResolveAnonymousAuthentication("Default Web Site", "/");

        Assert.False(anonymous.Enabled);
        Assert.Equal("location 'Default Web Site'", anonymous.EnabledSource);
        Assert.Equal("IUSR", anonymous.UserName);
        Assert.Equal(IisLogonMethod.ClearText, anonymous.LogonMethod);
        Assert.Null(anonymous.DefaultLogonDomain);
    }

    [Fact]
    public void LocationThatSetsOnlyEnabledKeepsInheritedLogonMethod()
    {
        var config = ApplicationHostConfig.Load(TestFiles.Path("locations.config"));

        var basic = config.ResolveBasicAuthentication("Default Web Site", "/");

        Assert.True(basic.Enabled);
        Assert.Equal("location 'Default Web Site'", basic.EnabledSource);
        Assert.Equal(IisLogonMethod.Batch, basic.LogonMethod);
        Assert.Equal("server level", basic.Source);
        Assert.Equal("FABRIKAM", basic.DefaultLogonDomain);
    }

    [Theory]
    [InlineData("/app", IisLogonMethod.Interactive, "location 'Default Web Site/app'")]
    [InlineData("app", IisLogonMethod.Interactive, "location 'Default Web Site/app'")]
    [InlineData("/APP/other/page.aspx", IisLogonMethod.Interactive, "location 'Default Web Site/app'")]
    [InlineData("/app/sub", IisLogonMethod.Network, "location 'Default Web Site/app/sub'")]
    [InlineData("/app/sub/deeper/", IisLogonMethod.Network, "location 'Default Web Site/app/sub'")]
    [InlineData("/application", IisLogonMethod.Batch, "server level")]
    [InlineData("/apple", IisLogonMethod.ClearText, "location 'Default Web Site/apple'")]
    public void MostSpecificLocationWins(string path, IisLogonMethod expected, string source)
    {
        var config = ApplicationHostConfig.Load(TestFiles.Path("locations.config"));

        var basic = config.ResolveBasicAuthentication("default web site", path);

        Assert.Equal(expected, basic.LogonMethod);
        Assert.Equal(source, basic.Source);
        Assert.Equal("Default Web Site", basic.SiteName);
    }

    [Fact]
    public void EnabledIsInheritedIntoNestedLocations()
    {
        var config = ApplicationHostConfig.Load(TestFiles.Path("locations.config"));

        Assert.True(config.ResolveBasicAuthentication("Default Web Site", "/app/sub").Enabled);
        Assert.False(config.ResolveBasicAuthentication("Default Web Site", "/apple").Enabled);
    }

    [Fact]
    public void InheritInChildApplicationsFalseStopsAtChildApplication()
    {
        var config = ApplicationHostConfig.Load(TestFiles.Path("locations.config"));

        var root = config.ResolveBasicAuthentication("Intranet", "/folder");
        var child = config.ResolveBasicAuthentication("Intranet", "/child/page");

        Assert.Equal(IisLogonMethod.Interactive, root.LogonMethod);
        Assert.True(root.Enabled);
        Assert.Equal(IisLogonMethod.Batch, child.LogonMethod);
        Assert.False(child.Enabled);
    }

    [Fact]
    public void NoBasicAuthenticationElementGivesSchemaDefaults()
    {
        var config = ApplicationHostConfig.Load(TestFiles.Path("no-basic.config"));

        var basic = config.ResolveBasicAuthentication("Default Web Site", null);

        Assert.False(basic.Enabled);
        Assert.Equal("schema default false", basic.EnabledSource);
        Assert.Equal(IisLogonMethod.ClearText, basic.LogonMethod);
        Assert.Equal(LogonType.NetworkCleartext, basic.LogonType);
        Assert.Equal("schema default ClearText", basic.Source);
        Assert.Equal(0, basic.SourceLineNumber);
        Assert.Null(basic.DefaultLogonDomain);
        Assert.Null(basic.Realm);
    }

    [Fact]
    public void MissingFileIsReportedByName()
    {
        var path = Path.Combine(Path.GetTempPath(), "iislogontools-missing", "applicationHost.config");

        var ex = Assert.Throws<IisConfigurationFileNotFoundException>(() => ApplicationHostConfig.Load(path));

        Assert.Equal(path, ex.FileName);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<FileNotFoundException>(ex);
    }

    [Fact]
    public void MalformedXmlReportsFileAndLine()
    {
        var path = TestFiles.Path("malformed.config");

        var ex = Assert.Throws<IisConfigurationException>(() => ApplicationHostConfig.Load(path));

        Assert.Equal(path, ex.FilePath);
        Assert.Equal(7, ex.LineNumber);
        Assert.True(ex.LinePosition > 0);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 7", ex.Message, StringComparison.Ordinal);
        Assert.IsType<System.Xml.XmlException>(ex.InnerException);
    }

    [Fact]
    public void InvalidLogonMethodReportsTheAttributeLine()
    {
        var config = ApplicationHostConfig.Load(TestFiles.Path("bad-enum.config"));

        var ex = Assert.Throws<IisConfigurationException>(() => config.ResolveBasicAuthentication("Default Web Site", "/"));

        Assert.Equal(12, ex.LineNumber);
        Assert.Contains("logonMethod=\"Foo\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 12", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ClearText", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownSiteIsATypedError()
    {
        var config = ApplicationHostConfig.Load(TestFiles.Path("locations.config"));

        var ex = Assert.Throws<IisSiteNotFoundException>(() => config.ResolveBasicAuthentication("Nope", "/"));

        Assert.Equal("Nope", ex.SiteName);
        Assert.Contains("'Default Web Site'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Intranet'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PathWithoutSiteIsRejected()
    {
        var config = ApplicationHostConfig.Load(TestFiles.Path("locations.config"));

        Assert.Throws<ArgumentException>(() => config.ResolveBasicAuthentication(null, "/app"));
    }

    [Theory]
    [InlineData("enabled=\"yes\"", "enabled=\"yes\"")]
    [InlineData("logonMethod=\"3\"", "logonMethod=\"3\"")]
    public void InvalidAttributeValuesAreReported(string attribute, string expected)
    {
        var xml = $"""
            <configuration>
              <system.webServer><security><authentication>
                <basicAuthentication {attribute} />
              </authentication></security></system.webServer>
            </configuration>
            """;
        var config = ApplicationHostConfig.Parse(new StringReader(xml), "inline.config");

        var ex = Assert.Throws<IisConfigurationException>(() => config.ResolveBasicAuthentication(null, null));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, ex.LineNumber);
    }

    [Fact]
    public void DuplicateSectionAtOneLevelIsReported()
    {
        const string xml = """
            <configuration>
              <system.webServer><security><authentication>
                <basicAuthentication enabled="true" />
                <basicAuthentication enabled="false" />
              </authentication></security></system.webServer>
            </configuration>
            """;

        var ex = Assert.Throws<IisConfigurationException>(() => ApplicationHostConfig.Parse(new StringReader(xml), "dup.config"));

        Assert.Equal(4, ex.LineNumber);
    }

    [Fact]
    public void WrongRootElementIsReported()
    {
        var ex = Assert.Throws<IisConfigurationException>(
            () => ApplicationHostConfig.Parse(new StringReader("<settings />"), "x.config"));

        Assert.Contains("<configuration>", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DtdIsRefused()
    {
        const string xml = "<!DOCTYPE configuration [<!ENTITY x \"y\">]><configuration>&x;</configuration>";

        Assert.Throws<IisConfigurationException>(() => ApplicationHostConfig.Parse(new StringReader(xml), "dtd.config"));
    }

    [Fact]
    public void LocationPathsAreListed()
    {
        var config = ApplicationHostConfig.Load(TestFiles.Path("locations.config"));

        Assert.Contains("Default Web Site/app/sub", config.LocationPaths);
        Assert.Contains(".", config.LocationPaths);
    }

    [Theory]
    [InlineData(false, @"C:\Windows", null, false, null)]
    [InlineData(true, @"C:\Windows", null, false, @"C:\Windows\System32\inetsrv\config\applicationHost.config")]
    [InlineData(true, @"C:\Windows\", null, false, @"C:\Windows\System32\inetsrv\config\applicationHost.config")]
    [InlineData(true, null, @"D:\WINNT", false, @"D:\WINNT\System32\inetsrv\config\applicationHost.config")]
    [InlineData(true, @"C:\Windows", null, true, @"C:\Windows\Sysnative\inetsrv\config\applicationHost.config")]
    [InlineData(true, null, null, false, null)]
    [InlineData(true, "  ", "", false, null)]
    public void DefaultPathComesFromTheWindowsDirectory(bool isWindows, string? windir, string? systemRoot, bool wow64, string? expected)
    {
        Assert.Equal(expected, ApplicationHostConfig.GetDefaultPath(isWindows, windir, systemRoot, wow64));
    }

    [Fact]
    public void DefaultPathIsNullOffWindows()
    {
        if (!OperatingSystem.IsWindows())
        {
            Assert.Null(ApplicationHostConfig.GetDefaultPath());
        }
        else
        {
            Assert.EndsWith(@"inetsrv\config\applicationHost.config", ApplicationHostConfig.GetDefaultPath(), StringComparison.OrdinalIgnoreCase);
        }
    }
}

public class DefaultShapedConfigTests
{
    // The shipped applicationHost.config keeps the authentication sections in <location path="" overrideMode="Deny">.
    private const string Xml = """
        <configuration>
          <system.applicationHost>
            <sites>
              <site name="Default Web Site" id="1">
                <application path="/"><virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\wwwroot" /></application>
              </site>
            </sites>
          </system.applicationHost>
          <location path="" overrideMode="Deny">
            <system.webServer>
              <security>
                <authentication>
                  <anonymousAuthentication enabled="true" userName="" />
                  <basicAuthentication />
                </authentication>
              </security>
            </system.webServer>
          </location>
          <location path="Default Web Site">
            <system.webServer>
              <security>
                <authentication>
                  <basicAuthentication enabled="true" />
                </authentication>
              </security>
            </system.webServer>
          </location>
        </configuration>
        """;

    [Fact]
    public void EmptyLocationPathIsServerLevel()
    {
        var config = ApplicationHostConfig.Parse(new StringReader(Xml), "applicationHost.config");

        var basic = config.ResolveBasicAuthentication("Default Web Site", "/");
        var anonymous = config.ResolveAnonymousAuthentication("Default Web Site", "/");

        Assert.True(basic.Enabled);
        Assert.Equal("location 'Default Web Site'", basic.EnabledSource);
        Assert.Equal(IisLogonMethod.ClearText, basic.LogonMethod);
        Assert.Equal("schema default ClearText", basic.Source);
        Assert.Equal(string.Empty, anonymous.UserName);
        Assert.Equal("server level", anonymous.EnabledSource);
        Assert.False(config.ResolveBasicAuthentication(null, null).Enabled);
    }
}

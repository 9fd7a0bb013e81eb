using IisLogonTools.Iis;
using IisLogonTools.Security;
using Xunit;

namespace IisLogonTools.Tests.Iis;

/// <summary>
/// Which applicationHost.config is read: sample configuration trees (local config folder, shared folder) built
/// in a temporary folder for each test.
/// </summary>
public sealed class IisConfigurationSourceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("iislt-config-").FullName;

    public IisConfigurationSourceTests()
    {
        LocalFolder = Path.Combine(_root, "inetsrv", "config");
        ShareFolder = Path.Combine(_root, "share");
        Directory.CreateDirectory(LocalFolder);
        Directory.CreateDirectory(ShareFolder);
        File.Copy(TestFiles.Path("server-level.config"), Path.Combine(LocalFolder, "applicationHost.config"));
        File.Copy(TestFiles.Path(Path.Combine("shared", "applicationHost.config")), Path.Combine(ShareFolder, "applicationHost.config"));
    }

    private string LocalFolder { get; }

    private string ShareFolder { get; }

    private string LocalFile => Path.Combine(LocalFolder, "applicationHost.config");

    private string SharedFile => Path.Combine(ShareFolder, "applicationHost.config");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void WithoutRedirectionTheLocalFileIsRead()
    {
        var source = IisConfigurationSource.Locate(LocalFile, explicitPath: false);

        Assert.False(source.SharedConfiguration);
        Assert.Null(source.Redirection);
        Assert.Equal(LocalFile, source.ConfigurationFile);
        Assert.Equal(IisLogonMethod.Network, source.Configuration!.ResolveBasicAuthentication(null, null).LogonMethod);
        Assert.Contains(LocalFile, source.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void SharedConfigurationOnTheSharedFileWins()
    {
        WriteRedirection(enabled: "true", ShareFolder);

        var source = IisConfigurationSource.Locate(LocalFile, explicitPath: false);

        Assert.True(source.SharedConfiguration);
        Assert.Equal(SharedFile, source.ConfigurationFile);
        var basic = source.Configuration!.ResolveBasicAuthentication("Farm Site", null);
        Assert.Equal(IisLogonMethod.Interactive, basic.LogonMethod);
        Assert.Equal(LogonType.Interactive, basic.LogonType);
        Assert.Equal("FARM", basic.DefaultLogonDomain);
        Assert.Equal(SharedFile, basic.ConfigurationFile);
        Assert.Contains("Shared configuration is on", source.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderGivenAsPathIsTheConfigurationFolder()
    {
        WriteRedirection(enabled: "true", ShareFolder);

        var source = IisConfigurationSource.Locate(LocalFolder, explicitPath: true);

        Assert.Equal(SharedFile, source.ConfigurationFile);
    }

    [Fact]
    public void SharedConfigurationOffTheLocalFileIsRead()
    {
        WriteRedirection(enabled: "false", ShareFolder);

        var source = IisConfigurationSource.Locate(LocalFile, explicitPath: false);

        Assert.False(source.SharedConfiguration);
        Assert.Equal(LocalFile, source.ConfigurationFile);
        Assert.Equal(IisLogonMethod.Network, source.Configuration!.ResolveBasicAuthentication(null, null).LogonMethod);
        Assert.Contains("shared configuration off", source.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void SharedConfigurationPathExpandsEnvironmentVariables()
    {
        WriteRedirection(enabled: "true", "%IISLT_SHARE%");

        var source = IisConfigurationSource.Locate(LocalFile, false, IisConfigurationFileSystem.Default, name => name == "IISLT_SHARE" ? ShareFolder : null);

        Assert.Equal(SharedFile, source.ConfigurationFile);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SharedConfigurationPointingAtAMissingShareIsAnErrorNotTheStaleLocalCopy(bool withUser)
    {
        var missing = Path.Combine(_root, "no-such-share");
        WriteRedirection(enabled: "true", missing, withUser ? "CONTOSO\\iisconfig" : null);

        var e = Assert.Throws<IisSharedConfigurationUnavailableException>(() => IisConfigurationSource.Locate(LocalFile, explicitPath: false));

        Assert.Equal(Path.Combine(missing, "applicationHost.config"), e.FilePath);
        Assert.Equal(Path.Combine(LocalFolder, "redirection.config"), e.RedirectionFile);
        Assert.Contains("Shared configuration is on", e.Message, StringComparison.Ordinal);
        Assert.Contains("is not used", e.Message, StringComparison.Ordinal);
        Assert.Equal(withUser, e.Message.Contains("does not impersonate", StringComparison.Ordinal));
        Assert.DoesNotContain("secret", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void SharedConfigurationWithCredentialsTheModuleCannotUseSaysSo()
    {
        WriteRedirection(enabled: "true", ShareFolder, "CONTOSO\\iisconfig");
        var files = new DenyingFileSystem(SharedFile);

        var e = Assert.Throws<IisConfigurationAccessDeniedException>(() => IisConfigurationSource.Locate(LocalFile, false, files, _ => null));

        Assert.True(e.SharedConfiguration);
        Assert.Equal(SharedFile, e.FilePath);
        Assert.Contains("'CONTOSO\\iisconfig'", e.Message, StringComparison.Ordinal);
        Assert.Contains("does not impersonate", e.Message, StringComparison.Ordinal);
        Assert.Contains("CONTOSO\\iisconfig", e.RecommendedAction, StringComparison.Ordinal);
        Assert.DoesNotContain("elevated", e.RecommendedAction, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void SharedConfigurationEnabledWithoutAPathIsInvalid()
    {
        File.WriteAllText(Path.Combine(LocalFolder, "redirection.config"), "<configuration><configurationRedirection enabled=\"true\" /></configuration>");

        var e = Assert.Throws<IisConfigurationException>(() => IisConfigurationSource.Locate(LocalFile, explicitPath: false));

        Assert.Contains("path is empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnreadableApplicationHostConfigIsAccessDeniedNotTheDefault()
    {
        var files = new DenyingFileSystem(LocalFile);

        var e = Assert.Throws<IisConfigurationAccessDeniedException>(() => IisConfigurationSource.Locate(LocalFile, false, files, _ => null));

        Assert.False(e.SharedConfiguration);
        Assert.Equal(LocalFile, e.FilePath);
        Assert.Contains("exists but this session may not read it", e.Message, StringComparison.Ordinal);
        Assert.Contains("elevated", e.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnreadableRedirectionConfigIsAccessDeniedToo()
    {
        WriteRedirection(enabled: "false", ShareFolder);
        var files = new DenyingFileSystem(Path.Combine(LocalFolder, "redirection.config"));

        var e = Assert.Throws<IisConfigurationAccessDeniedException>(() => IisConfigurationSource.Locate(LocalFile, false, files, _ => null));

        Assert.Contains("shared configuration", e.Message, StringComparison.Ordinal);
        Assert.Contains("elevated", e.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void NoConfigurationFolderMeansNoIisHere()
    {
        var missing = Path.Combine(_root, "windows", "System32", "inetsrv", "config", "applicationHost.config");

        var source = IisConfigurationSource.Locate(missing, explicitPath: false);

        Assert.Null(source.Configuration);
        Assert.Null(source.ConfigurationFile);
        Assert.Contains("IIS is not installed", source.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExplicitPathThatDoesNotExistIsNotFound()
    {
        var missing = Path.Combine(_root, "nothing", "applicationHost.config");

        var e = Assert.Throws<IisConfigurationFileNotFoundException>(() => IisConfigurationSource.Locate(missing, explicitPath: true));

        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoDefaultPathMeansNoIisHere()
    {
        var source = IisConfigurationSource.Locate(null, explicitPath: false);

        Assert.Null(source.Configuration);
    }

    private void WriteRedirection(string enabled, string path, string? userName = null)
    {
        var users = userName is null ? string.Empty : $"userName=\"{userName}\" password=\"[enc:IISRsaProvider:secret:enc]\"";
        var text = File.ReadAllText(TestFiles.Path("redirection.template.config"))
            .Replace("ENABLED", enabled, StringComparison.Ordinal)
            .Replace("SHARE_PATH", path, StringComparison.Ordinal)
            .Replace("USER_ATTRIBUTES", users, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(LocalFolder, "redirection.config"), text);
    }

    // What Windows does to a session that may not open a file: the tests run as root here, where a chmod 000
    // file is still readable, so the denial comes from this seam. RealWindows.Tests.ps1 has the ACL case.
    private sealed class DenyingFileSystem(string denied) : IisConfigurationFileSystem
    {
        public override TextReader OpenText(string path) =>
            string.Equals(path, denied, StringComparison.Ordinal)
                ? throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.")
                : base.OpenText(path);
    }
}

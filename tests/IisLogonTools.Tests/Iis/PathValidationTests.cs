using IisLogonTools.Iis;
using Xunit;

namespace IisLogonTools.Tests.Iis;

public class PathValidationTests
{
    [Theory]
    [InlineData("logs\0x", "U+0000")]
    [InlineData("logs\bx", "U+0008")]
    [InlineData("logs\nx", "U+000A")]
    [InlineData("logs\u001Fx", "U+001F")]
    public void ControlCharactersAreRefusedOnEveryPlatform(string path, string named)
    {
        Assert.Contains(named, PathValidation.Problem(path, windows: false), StringComparison.Ordinal);
        Assert.Contains(named, PathValidation.Problem(path, windows: true), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a|b")]
    [InlineData("a<b")]
    [InlineData("a>b")]
    [InlineData("a\"b")]
    public void CharactersWindowsFileNamesCannotHoldAreRefusedOnWindowsOnly(string path)
    {
        Assert.NotNull(PathValidation.Problem(path, windows: true));
        Assert.Null(PathValidation.Problem(path, windows: false));
    }

    [Theory]
    [InlineData(@"C:\inetpub\logs\LogFiles\W3SVC1\u_ex*.log")]
    [InlineData(@"\\fileserver\logs\[ab].log")]
    [InlineData("/var/log/iis/u_ex261201.log.gz")]
    [InlineData("   ")]
    public void OrdinaryPathsAndWildcardsPass(string path)
    {
        Assert.Null(PathValidation.Problem(path, windows: true));
        Assert.Null(PathValidation.Problem(path, windows: false));
    }
}

using IisLogonTools.Iis;
using Xunit;

namespace IisLogonTools.Tests.Iis;

public class IisUserNameTests
{
    [Theory]
    [InlineData(@"CONTOSO\alice", null, "alice", "CONTOSO")]
    [InlineData(@"CONTOSO\alice", "FABRIKAM", "alice", "CONTOSO")]
    [InlineData(@"contoso.com\alice", null, "alice", "contoso.com")]
    [InlineData(@".\alice", null, "alice", ".")]
    [InlineData(@"WEB01\svc-app$", null, "svc-app$", "WEB01")]
    public void DownLevelNameIsSplitAndTypedDomainWins(string input, string? defaultDomain, string user, string domain)
    {
        Assert.Equal((user, domain), IisUserName.Split(input, defaultDomain));
    }

    [Theory]
    [InlineData("alice@contoso.com", null)]
    [InlineData("alice@contoso.com", "FABRIKAM")]
    [InlineData("a.very.long.first.name.last.name@subsidiary.europe.contoso.com", null)]
    public void UpnIsPassedWholeWithNullDomain(string input, string? defaultDomain)
    {
        Assert.Equal((input, (string?)null), IisUserName.Split(input, defaultDomain));
    }

    [Fact]
    public void BareNameGetsDefaultLogonDomain()
    {
        Assert.Equal(("alice", "FABRIKAM"), IisUserName.Split("alice", "FABRIKAM"));
        Assert.Equal(("alice", "FABRIKAM"), IisUserName.Split("alice", "  FABRIKAM "));
    }

    // IIS 7+ documentation is silent on an unset defaultLogonDomain; the IIS 6 metabase page says the
    // local computer (or the DC's own domain) is used. Split leaves that decision to the caller: null.
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void BareNameWithoutDefaultDomainHasNullDomain(string? defaultDomain)
    {
        Assert.Equal(("alice", (string?)null), IisUserName.Split("alice", defaultDomain));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData(@"\alice", "domain before the backslash is empty")]
    [InlineData(@"CONTOSO\", "after the backslash is empty")]
    [InlineData(@"a\b\c", "more than one backslash")]
    [InlineData(@"CONTOSO\alice@contoso.com", "cannot be combined with a domain")]
    [InlineData("@contoso.com", "nothing before the '@'")]
    [InlineData("alice@", "nothing after the '@'")]
    [InlineData("ali\0ce", "control character U+0000")]
    [InlineData("alice\t", "control character U+0009")]
    [InlineData("alice\r\n", "control character U+000D")]
    [InlineData(" alice", "white space")]
    [InlineData("alice ", "white space")]
    [InlineData(@"CONTOSO \alice", "domain starts or ends with white space")]
    [InlineData("abcdefghijklmnopqrstu", "21 characters")]
    [InlineData(@"CONTOSO\abcdefghijklmnopqrstu", "21 characters")]
    [InlineData("ali*ce", "contains '*'")]
    [InlineData("alice,bob", "contains ','")]
    [InlineData("alice.", "ends with a period")]
    [InlineData(@"a@b\alice", "contains '@'")]
    public void MalformedNamesAreRejected(string input, string reason)
    {
        var ex = Assert.Throws<InvalidIisUserNameException>(() => IisUserName.Split(input, "CONTOSO"));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Equal(input, ex.UserName);
        Assert.IsAssignableFrom<ArgumentException>(ex);
    }

    [Fact]
    public void OverlongUpnIsRejected()
    {
        var upn = new string('a', 251) + "@x.com";

        var ex = Assert.Throws<InvalidIisUserNameException>(() => IisUserName.Split(upn, null));

        Assert.Contains("256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UpnAtTheLengthLimitIsAccepted()
    {
        var upn = new string('a', IisUserName.MaxNameLength - 6) + "@x.com";

        Assert.Equal(IisUserName.MaxNameLength, upn.Length);
        Assert.Equal((upn, (string?)null), IisUserName.Split(upn, null));
    }

    [Fact]
    public void NullNameIsRejectedWithTheTypedException()
    {
        Assert.Throws<InvalidIisUserNameException>(() => IisUserName.Split(null!, null));
    }
}

public class IisUserNameServerDefaultDomainTests
{
    [Theory]
    [InlineData("alice", null, "WEB01", "alice", "WEB01")]
    [InlineData("alice", "", "WEB01", "alice", "WEB01")]
    [InlineData("alice", "CONTOSO", "WEB01", "alice", "CONTOSO")]
    [InlineData("FABRIKAM\\alice", null, "WEB01", "alice", "FABRIKAM")]
    [InlineData("alice@contoso.com", null, "WEB01", "alice@contoso.com", null)]
    [InlineData("alice", null, null, "alice", null)]
    [InlineData("alice", null, "  ", "alice", null)]
    public void ABareNameWithoutDefaultLogonDomainGetsTheServersDomain(string typed, string? defaultLogonDomain, string? server, string user, string? domain)
    {
        var asked = 0;
        var result = IisUserName.Split(typed, defaultLogonDomain, () =>
        {
            asked++;
            return server;
        });

        Assert.Equal((user, domain), result);
        var expectAsked = IisUserName.IsBareName(typed) && string.IsNullOrWhiteSpace(defaultLogonDomain) ? 1 : 0;
        Assert.Equal(expectAsked, asked);
    }

    [Fact]
    public void TheServerDefaultIsRequired() =>
        Assert.Throws<ArgumentNullException>(() => IisUserName.Split("alice", null, null!));
}

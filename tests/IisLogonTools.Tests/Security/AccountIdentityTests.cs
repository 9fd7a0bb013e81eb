using IisLogonTools.Security;
using Xunit;

namespace IisLogonTools.Tests.Security;

public class AccountIdentityTests
{
    [Theory]
    [InlineData(@"CONTOSO\alice", AccountIdentityForm.DomainQualified, "alice", "CONTOSO", @"CONTOSO\alice")]
    [InlineData(@".\bob", AccountIdentityForm.LocalComputer, "bob", null, @"WEB01\bob")]
    [InlineData(@"WEB01\bob", AccountIdentityForm.DomainQualified, "bob", "WEB01", @"WEB01\bob")]
    [InlineData("alice@contoso.com", AccountIdentityForm.UserPrincipalName, "alice", "contoso.com", "alice@contoso.com")]
    [InlineData("Users", AccountIdentityForm.Isolated, "Users", null, "Users")]
    [InlineData(@"BUILTIN\Users", AccountIdentityForm.DomainQualified, "Users", "BUILTIN", @"BUILTIN\Users")]
    [InlineData(@"NT AUTHORITY\Authenticated Users", AccountIdentityForm.DomainQualified, "Authenticated Users", "NT AUTHORITY", @"NT AUTHORITY\Authenticated Users")]
    [InlineData("  Everyone  ", AccountIdentityForm.Isolated, "Everyone", null, "Everyone")]
    public void Names_parse_into_their_forms(string input, AccountIdentityForm form, string name, string? domain, string lookup)
    {
        var parsed = new AccountIdentity(input).Parse();
        Assert.Equal(form, parsed.Form);
        Assert.Equal(name, parsed.Name);
        Assert.Equal(domain, parsed.Domain);
        Assert.Equal(lookup, parsed.LookupName("WEB01"));
    }

    [Fact]
    public void SID_strings_parse_as_SIDs()
    {
        var parsed = new AccountIdentity("S-1-5-21-1-2-3-4242").Parse();
        Assert.Equal(AccountIdentityForm.Sid, parsed.Form);
        Assert.Equal("S-1-5-21-1-2-3-4242", parsed.Sid!.ToString());
    }

    [Theory]
    [InlineData("", "IdentityEmpty")]
    [InlineData("   ", "IdentityEmpty")]
    [InlineData(@"\x", "IdentityInvalidFormat")]
    [InlineData(@"x\", "IdentityInvalidFormat")]
    [InlineData(@"a\b\c", "IdentityInvalidFormat")]
    [InlineData("@x", "IdentityInvalidFormat")]
    [InlineData("x@", "IdentityInvalidFormat")]
    [InlineData("a@b@c", "IdentityInvalidFormat")]
    [InlineData("S-1-5-", "IdentityInvalidSid")]
    [InlineData("S-1-", "IdentityInvalidSid")]
    [InlineData("S-1-5-99999999999", "IdentityInvalidSid")]
    [InlineData("ali*", "IdentityWildcardNotSupported")]
    [InlineData(@"CONTOSO\al?ce", "IdentityWildcardNotSupported")]
    [InlineData("ali\0ce", "IdentityInvalidCharacter")]
    [InlineData("ali\u0007ce", "IdentityInvalidCharacter")]
    [InlineData("web[1]", "IdentityInvalidCharacter")]
    [InlineData(@"CONTOSO\a|b", "IdentityInvalidCharacter")]
    public void Bad_input_gets_a_stable_error_id(string input, string errorId)
    {
        var e = Assert.Throws<AccountIdentityException>(() => new AccountIdentity(input).Parse());
        Assert.Equal(errorId, e.ErrorId);
        Assert.Equal(input, e.Input);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Theory]
    [InlineData(300)]
    [InlineData(40000)]
    public void Very_long_names_are_rejected_without_echoing_them_whole(int length)
    {
        var input = new string('a', length);
        var e = Assert.Throws<AccountIdentityException>(() => new AccountIdentity(input).Parse());
        Assert.Equal("IdentityTooLong", e.ErrorId);
        Assert.True(e.Message.Length < 300);
    }

    [Fact]
    public void Non_BMP_characters_are_allowed_in_names()
    {
        var parsed = new AccountIdentity("CONTOSO\\user\U0001F600").Parse();
        Assert.Equal("user\U0001F600", parsed.Name);
    }

    [Fact]
    public void The_converter_accepts_strings_and_refuses_other_objects()
    {
        var converter = new AccountIdentityConverter();
        Assert.True(converter.CanConvertFrom("CONTOSO\\alice", typeof(AccountIdentity)));
        Assert.False(converter.CanConvertFrom(new object(), typeof(AccountIdentity)));
        Assert.False(converter.CanConvertFrom(42, typeof(AccountIdentity)));
        var converted = (AccountIdentity)converter.ConvertFrom("S-1-5-11", typeof(AccountIdentity), null!, true);
        Assert.Equal("S-1-5-11", converted.Input);
    }
}

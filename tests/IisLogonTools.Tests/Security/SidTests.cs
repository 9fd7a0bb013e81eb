using IisLogonTools.Security;
using Xunit;

namespace IisLogonTools.Tests.Security;

public class SidTests
{
    [Theory]
    [InlineData("S-1-5-32-544")]
    [InlineData("S-1-1-0")]
    [InlineData("S-1-5-21-1000-2000-3000-1105")]
    [InlineData("S-1-0x123456789ABC-1")]
    [InlineData("S-1-5-4294967295")]
    public void String_form_round_trips(string text)
    {
        Assert.Equal(text, Sid.Parse(text).ToString());
    }

    [Fact]
    public void Binary_form_matches_the_documented_bytes()
    {
        // win-semantics.md §5: S-1-5-32-544 is 01 02 00 00 00 00 00 05 20 00 00 00 20 02 00 00.
        var expected = new byte[] { 1, 2, 0, 0, 0, 0, 0, 5, 0x20, 0, 0, 0, 0x20, 2, 0, 0 };
        var sid = Sid.Parse("S-1-5-32-544");
        Assert.Equal(expected, sid.ToBinary());
        Assert.Equal(sid, Sid.FromBinary(expected));
    }

    [Theory]
    [InlineData("S-1-5-")]
    [InlineData("S-1-")]
    [InlineData("S-1-5")]
    [InlineData("S-1-5-99999999999")]
    [InlineData("S-2-5-32")]
    [InlineData("S-1-5-32-x")]
    [InlineData("S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16")]
    [InlineData("S-1-0x12-1")]
    [InlineData("")]
    public void Malformed_SIDs_are_rejected_with_a_reason(string text)
    {
        Assert.False(Sid.TryParse(text, out var sid, out var problem));
        Assert.Null(sid);
        Assert.False(string.IsNullOrWhiteSpace(problem));
    }

    [Fact]
    public void Domain_membership_compares_the_prefix()
    {
        var domain = Sid.Parse("S-1-5-21-1-2-3");
        Assert.True(Sid.Parse("S-1-5-21-1-2-3-1001").IsInDomain(domain));
        Assert.False(Sid.Parse("S-1-5-21-1-2-4-1001").IsInDomain(domain));
        Assert.False(Sid.Parse("S-1-5-21-1-2-3").IsInDomain(domain));
    }

    [Fact]
    public void The_domain_prefix_drops_the_RID()
    {
        Assert.Equal(Sid.Parse("S-1-5-21-1-2-3"), Sid.Parse("S-1-5-21-1-2-3-1001").DomainPrefix());
        Assert.Null(Sid.Parse("S-1-1-0").DomainPrefix());
    }

    [Fact]
    public void Equality_is_by_value_and_case_insensitive_parse()
    {
        Assert.Equal(Sid.Parse("s-1-5-11"), Sid.Parse("S-1-5-11"));
        Assert.NotEqual(Sid.Parse("S-1-5-11"), Sid.Parse("S-1-5-12"));
    }
}

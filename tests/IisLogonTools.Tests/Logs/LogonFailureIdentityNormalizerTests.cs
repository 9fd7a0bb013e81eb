using System;
using System.Collections.Generic;
using System.Linq;
using IisLogonTools.Logs;
using Xunit;

namespace IisLogonTools.Tests.Logs;

// Issue 14, finding 6: one account is one row.
public class LogonFailureIdentityNormalizerTests
{
    [Theory]
    [InlineData(@"CONTOSO\Jane+Doe", null, @"CONTOSO\Jane Doe")]
    [InlineData("alice", "CONTOSO", @"CONTOSO\alice")]
    [InlineData("alice", null, "alice")]
    [InlineData("Jane+Doe", "CONTOSO", @"CONTOSO\Jane Doe")]
    [InlineData(@"WEB01\bob", "CONTOSO", @"WEB01\bob")]
    [InlineData("first+last@contoso.com", "CONTOSO", "first+last@contoso.com")]
    public void CanonicalFormDecodesPlusAndAppliesTheDefaultDomain(string logged, string? domain, string expected) =>
        Assert.Equal(expected, LogonFailureIdentityNormalizer.Canonical(logged, domain));

    private static List<LogonFailureGroup> Groups(params (string? Account, int Code, int Lines, string Ip)[] lines)
    {
        var aggregator = new LogonFailureAggregator();
        var file = 0;
        foreach (var (account, code, count, ip) in lines)
        {
            file++;
            for (var i = 0; i < count; i++)
            {
                aggregator.Add(account, code, 1000 + (file * 10) + i, ip, "/app", false, file);
            }
        }

        return aggregator.Groups.ToList();
    }

    [Fact]
    public void UpnBareAndDomainFormsOfOneAccountFoldIntoOneRowWithOneLookup()
    {
        var groups = Groups((@"CONTOSO\alice", 1385, 2, "10.0.0.1"), ("alice", 1385, 3, "10.0.0.2"), ("alice@contoso.com", 1385, 4, "10.0.0.1"), (@"CONTOSO\alice", 1326, 1, "10.0.0.9"), (null, 5, 1, "10.0.0.3"));
        var calls = 0;
        IReadOnlyList<LoggedAccount> Lookup(IReadOnlyList<string> names)
        {
            calls++;
            Assert.Equal(new[] { @"CONTOSO\alice", "alice@contoso.com" }, names.OrderBy(n => n, StringComparer.Ordinal));
            return names.Select(n => new LoggedAccount(@"CONTOSO\alice", "S-1-5-21-1000-2000-3000-1105")).ToList();
        }

        var folded = LogonFailureIdentityNormalizer.Fold(groups, "CONTOSO", Lookup);
        Assert.Equal(1, calls);
        var notGranted = Assert.Single(folded, g => g.Code == 1385);
        Assert.Equal(@"CONTOSO\alice", notGranted.Account);
        Assert.Equal(9, notGranted.Count);
        Assert.Equal(3, notGranted.Files);
        Assert.Equal(new[] { @"CONTOSO\alice", "alice", "alice@contoso.com" }, notGranted.LoggedAs);
        Assert.Equal(new[] { "10.0.0.1", "10.0.0.2" }, notGranted.TopClients(5));
        Assert.Single(folded, g => g.Code == 1326);
        Assert.Single(folded, g => g.Account is null);
    }

    [Fact]
    public void WithoutALookupOnlyTheTextFormsFold()
    {
        var groups = Groups((@"CONTOSO\alice", 1385, 2, "10.0.0.1"), ("alice", 1385, 3, "10.0.0.2"), ("alice@contoso.com", 1385, 4, "10.0.0.1"));
        var folded = LogonFailureIdentityNormalizer.Fold(groups, "CONTOSO", null);
        Assert.Equal(2, folded.Count);
        Assert.Equal(5, folded.Single(g => g.Account == @"CONTOSO\alice").Count);
    }

    [Fact]
    public void NamesThatResolveToDifferentSidsStayApart()
    {
        var groups = Groups((@"CONTOSO\alice", 1385, 2, "10.0.0.1"), ("alice@fabrikam.com", 1385, 3, "10.0.0.2"));
        var folded = LogonFailureIdentityNormalizer.Fold(groups, null, names => names.Select(n => new LoggedAccount(n, n.Contains('@', StringComparison.Ordinal) ? "S-1-5-21-9-9-9-1105" : "S-1-5-21-1000-2000-3000-1105")).ToList());
        Assert.Equal(2, folded.Count);
    }
}

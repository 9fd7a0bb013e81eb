using Xunit;

namespace WinEmu.Tests;

/// <summary>WinEmu_ApplyPolicyRefresh: a GPO-defined right's account list replaces the local one; other rights stay.</summary>
public class PolicyRefreshTests
{
    private static string WritePolicy(TestEnv env, string json)
    {
        var path = env.StatePath + ".policy.json";
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void ListedRightsAreReplacedAndOthersKept()
    {
        using var env = new TestEnv();
        var h = TestEnv.Open();
        Assert.Equal(0, TestEnv.Add(h, "S-1-5-21-1000-2000-3000-1105", "SeNetworkLogonRight"));
        Emulator.ApplyPolicyRefresh(WritePolicy(env, """{"rights":{"senetworklogonright":["S-1-5-32-544","CONTOSO\\WebEditors","CONTOSO\\WebEditors"]}}"""));
        var network = TestEnv.Holders(h, "SeNetworkLogonRight", out var st);
        Assert.Equal(0, st);
        Assert.Equal(new[] { "S-1-5-32-544", "S-1-5-21-1000-2000-3000-1200" }, network);
        Assert.Equal(new[] { "S-1-5-21-1000-2000-3000-1106" }, TestEnv.Holders(h, "SeDenyNetworkLogonRight", out _));
        Assert.Contains("S-1-5-32-545", TestEnv.Holders(h, "SeInteractiveLogonRight", out _));
        Native.LsaClose(h);
    }

    [Fact]
    public void BadPolicyChangesNothing()
    {
        using var env = new TestEnv();
        var before = env.State().ToJsonString();
        var e = Assert.Throws<InvalidOperationException>(() => Emulator.ApplyPolicyRefresh(WritePolicy(env, """{"rights":{"SeNetworkLogonRight":["S-1-5-32-544"],"SeNoSuchRight":[]}}""")));
        Assert.Contains("SeNoSuchRight", e.Message);
        e = Assert.Throws<InvalidOperationException>(() => Emulator.ApplyPolicyRefresh(WritePolicy(env, """{"rights":{"SeNetworkLogonRight":["CONTOSO\\nobody"]}}""")));
        Assert.Contains("CONTOSO\\nobody", e.Message);
        Assert.Throws<InvalidOperationException>(() => Emulator.ApplyPolicyRefresh(WritePolicy(env, """{"computer":"NOPE","rights":{}}""")));
        Assert.Throws<InvalidOperationException>(() => Emulator.ApplyPolicyRefresh(WritePolicy(env, "[1]")));
        Assert.Equal(before, env.State().ToJsonString());
    }

    [Fact]
    public void CliRefreshActsOnTheSharedState()
    {
        using var env = new TestEnv();
        var policy = WritePolicy(env, """{"computer":"WEB01","rights":{"SeBatchLogonRight":["BUILTIN\\Administrators"]}}""");
        var (exit, output) = TestEnv.RunCli("refresh", env.StatePath, policy);
        Assert.True(exit == 0, output);
        var h = TestEnv.Open();
        Assert.Equal(new[] { "S-1-5-32-544" }, TestEnv.Holders(h, "SeBatchLogonRight", out _));
        Native.LsaClose(h);
    }
}

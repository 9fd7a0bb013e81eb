using System.Text.Json.Nodes;
using Xunit;

namespace WinEmu.Tests;

public class StateTests
{
    [Fact]
    public void SeedRejectsBadScenario()
    {
        var dir = Path.Combine(Path.GetTempPath(), "winemu-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var sc = Path.Combine(dir, "s.json");
        File.WriteAllText(sc, """{"computers":[{"name":"A","builtin":{"Users":["NOPE\\x"]}}]}""");
        var ex = Assert.Throws<InvalidOperationException>(() => Emulator.Seed(sc, Path.Combine(dir, "st.json")));
        Assert.Contains("NOPE\\x", ex.Message);
        File.WriteAllText(sc, "{not json");
        Assert.Throws<InvalidOperationException>(() => Emulator.Seed(sc, Path.Combine(dir, "st.json")));
        Assert.Throws<InvalidOperationException>(() => Emulator.UseState(Path.Combine(dir, "missing.json")));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void MinimalScenarioGetsDefaults()
    {
        using var env = new TestEnv("""{"computers":[{"name":"SOLO","accounts":[{"name":"u","password":"pw"}]}]}""");
        var st = env.State();
        Assert.Equal("SOLO", (string)st["localComputer"]!);
        var c = st["computers"]![0]!;
        Assert.Equal("workstation", (string)c["role"]!);
        Assert.Contains(c["accounts"]!.AsArray(), a => (string)a!["name"]! == "Administrator" && (int)a["rid"]! == 500);
        Assert.Equal(0, TestEnv.LogonError("u", null, "pw", 2));       // Users via default membership
        Assert.Equal(1385, TestEnv.LogonError("u", null, "pw", 4));    // workstation batch: Administrators only
        Assert.Equal(1326, TestEnv.LogonError("u", "CONTOSO", "pw", 2)); // workgroup
    }

    [Fact]
    public void UseStateSwitchesAndReloadsExternalChanges()
    {
        using var env = new TestEnv();
        var h = TestEnv.Open();
        const string sid = "S-1-5-21-1000-2000-3000-5555";
        // another writer edits the file directly
        var st = env.State();
        st["computers"]![0]!["rights"]!["SeTcbPrivilege"] = new JsonArray(sid);
        File.WriteAllText(env.StatePath + ".new", st.ToJsonString());
        File.Move(env.StatePath + ".new", env.StatePath, true);
        Assert.Contains(sid, TestEnv.Holders(h, "SeTcbPrivilege", out _));
        Native.LsaClose(h);
        Emulator.UseState(env.StatePath);
    }

    [Fact]
    public void StatsShapeAndReset()
    {
        using var env = new TestEnv();
        var h = TestEnv.Open();
        Native.LsaClose(h);
        Native.LsaClose(h);
        using (var d = TestEnv.Stats())
        {
            var root = d.RootElement;
            Assert.Equal(2, root.GetProperty("calls").GetProperty("LsaClose").GetInt64());
            foreach (var k in new[] { "lsaAllocations", "lsaPolicyHandles", "tokens", "authzResourceManagers", "authzContexts", "netApiBuffers" })
            {
                Assert.True(root.GetProperty("outstanding").TryGetProperty(k, out _), k);
            }
            foreach (var k in new[] { "badUnicodeString", "badObjectAttributes", "invalidHandle", "foreignFree", "doubleFree", "insufficientAccess" })
            {
                Assert.True(root.GetProperty("misuse").TryGetProperty(k, out _), k);
            }
            Assert.Equal(0, root.GetProperty("removeAllRightsCalls").GetInt64());
        }
        var (_, _, token) = TestEnv.Logon("alice", "CONTOSO", "P@ss-1", 2);
        Emulator.ResetStats();
        Assert.Equal(0, TestEnv.Calls("LsaClose"));
        Assert.Equal(0, TestEnv.Misuse("invalidHandle"));
        Assert.Equal(1, TestEnv.Outstanding("tokens")); // leaks survive a reset
        Native.CloseHandle(token);
        Assert.Equal(0, TestEnv.Outstanding("tokens"));
    }

    [Fact]
    public void AllFourLibraryNamesShareOneInstance()
    {
        using var env = new TestEnv();
        // token from advapi32, closed by kernel32; authz and netapi32 counters visible through advapi32's stats export
        var (ok, _, token) = TestEnv.Logon("alice", "CONTOSO", "P@ss-1", 2);
        Assert.Equal(1, ok);
        Assert.Equal(1, TestEnv.Outstanding("tokens"));
        Assert.Equal(1, Native.CloseHandle(token));
        Assert.Equal(0, TestEnv.Outstanding("tokens"));
        Native.AuthzInitializeResourceManager(1, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, null, out var rm);
        Assert.Equal(1, TestEnv.Outstanding("authzResourceManagers"));
        Native.AuthzFreeResourceManager(rm);
        Native.NetApiBufferFree(IntPtr.Zero);
        Assert.Equal(1, TestEnv.Calls("NetApiBufferFree"));
        Assert.Equal(1, TestEnv.Calls("CloseHandle"));
    }

    [Fact]
    public void LogHasOneLinePerCall()
    {
        using var env = new TestEnv();
        var h = TestEnv.Open();
        TestEnv.Add(h, "S-1-5-21-1000-2000-3000-4242", "SeBatchLogonRight");
        Native.LsaClose(h);
        var lines = File.ReadAllLines(env.LogPath);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("pid=" + Environment.ProcessId + " ", l));
        Assert.Contains("rights=SeBatchLogonRight", lines[1]);
        Assert.Contains("sid=S-1-5-21-1000-2000-3000-4242", lines[1]);
    }

    [Fact]
    public void FaultsAreConsumedAcrossProcesses()
    {
        using var env = new TestEnv(edit: r => TestEnv.Faults(r, new { function = "LsaOpenPolicy", status = 0xC0000022u, skip = 1, count = 1 }));
        Assert.Equal("0x00000000", TestEnv.RunCli("open", env.StatePath).Out); // child consumes the skip
        Assert.Equal(unchecked((int)0xC0000022), TestEnv.OpenStatus(0x801, null, out _));
        Assert.Equal("0x00000000", TestEnv.RunCli("open", env.StatePath).Out);
    }

    [Fact]
    public void ChildProcessSeesParentChangesAndViceVersa()
    {
        using var env = new TestEnv();
        Assert.Equal("1326", TestEnv.RunCli("logon", env.StatePath, "alice", "CONTOSO", "bad", "2").Out);
        var alice = env.State()["domain"]!["accounts"]!.AsArray().First(a => (string)a!["name"]! == "alice")!;
        Assert.Equal(1, (int)alice["badPasswordCount"]!);
        var h = TestEnv.Open();
        Assert.Equal(0, TestEnv.Add(h, "S-1-5-21-11-22-33-1001", "SeDenyInteractiveLogonRight"));
        Native.LsaClose(h);
        Assert.Equal("1385", TestEnv.RunCli("logon", env.StatePath, "bob", "-", "x", "2").Out);
    }

    [Fact]
    public void ConcurrentGrantsFromManyProcessesAreNotLost()
    {
        using var env = new TestEnv();
        const int procs = 6, each = 20;
        var ps = Enumerable.Range(0, procs)
            .Select(i => TestEnv.StartCli("grant", env.StatePath, "S-1-5-21-77-88-99", (1000 + i * each).ToString(), each.ToString(), "SeTcbPrivilege"))
            .ToList();
        // the test process grants concurrently too
        var h = TestEnv.Open();
        for (var i = 0; i < each; i++)
        {
            Assert.Equal(0, TestEnv.Add(h, "S-1-5-21-77-88-99-" + (5000 + i), "SeTcbPrivilege"));
        }
        foreach (var p in ps)
        {
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
            p.Dispose();
        }
        var holders = TestEnv.Holders(h, "SeTcbPrivilege", out var st);
        Assert.Equal(0, st);
        Assert.Equal((procs + 1) * each, holders.Distinct().Count());
        Native.LsaClose(h);
    }
}

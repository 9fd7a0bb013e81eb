using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace WinEmu.Tests;

public class LogonTests
{
    private static Action<JsonObject> AddDomainUser(string name, string flag) => root =>
    {
        var accts = root["domain"]!["accounts"]!.AsArray();
        var u = new JsonObject { ["name"] = name, ["type"] = "user", ["password"] = "Pw-" + name };
        u[flag] = true;
        accts.Add(u);
    };

    [Theory]
    [InlineData("alice", "CONTOSO", "P@ss-1", 2)]
    [InlineData("alice", "contoso.com", "P@ss-1", 2)]
    [InlineData("alice@contoso.com", null, "P@ss-1", 2)]
    [InlineData("alice", null, "P@ss-1", 2)]
    [InlineData("bob", null, "x", 2)]
    [InlineData("bob", ".", "x", 2)]
    [InlineData("bob", "WEB01", "x", 2)]
    [InlineData("bob", "web01", "x", 4)]
    [InlineData("alice", "CONTOSO", "P@ss-1", 3)]
    [InlineData("alice", "CONTOSO", "P@ss-1", 8)]
    [InlineData("alice", "CONTOSO", "P@ss-1", 4)]
    [InlineData("alice", "CONTOSO", "P@ss-1", 5)]
    [InlineData("alice", "CONTOSO", "P@ss-1", 7)]
    public void SuccessfulLogonReturnsTokenClosedByKernel32(string user, string? domain, string pw, int type)
    {
        using var env = new TestEnv();
        var before = TestEnv.Outstanding("tokens");
        var (ok, err, token) = TestEnv.Logon(user, domain, pw, type);
        Assert.Equal(0, err);
        Assert.Equal(1, ok);
        Assert.NotEqual(IntPtr.Zero, token);
        Assert.Equal(before + 1, TestEnv.Outstanding("tokens"));
        Assert.Equal(1, Native.CloseHandle(token));
        Assert.Equal(before, TestEnv.Outstanding("tokens"));
    }

    [Theory]
    [InlineData("alice", ".", "P@ss-1", 2, 1326)]          // "." = local accounts only
    [InlineData("alice", "WEB01", "P@ss-1", 2, 1326)]
    [InlineData("alice", "CONTOSO", "wrong", 2, 1326)]
    [InlineData("nobody", null, "x", 2, 1326)]
    [InlineData("nobody", "CONTOSO", "x", 2, 1326)]
    [InlineData("alice", "FABRIKAM", "P@ss-1", 2, 1326)]
    [InlineData("CONTOSO\\alice", null, "P@ss-1", 2, 1326)]
    [InlineData("WebEditors", "CONTOSO", "", 2, 1326)]      // groups cannot log on
    [InlineData("alice@contoso.com", "CONTOSO", "P@ss-1", 2, 87)]
    [InlineData("dave", "CONTOSO", "d", 2, 1331)]
    [InlineData("dave", "CONTOSO", "wrong", 2, 1326)]       // bad password wins over disabled
    [InlineData("blank", ".", "", 2, 1327)]                 // LimitBlankPasswordUse
    [InlineData("blank", ".", null, 3, 1327)]
    [InlineData("carol", "CONTOSO", "Carol-Secret-77", 3, 1385)] // SeDenyNetworkLogonRight
    [InlineData("carol", "CONTOSO", "Carol-Secret-77", 8, 1385)]
    [InlineData("carol", "CONTOSO", "Carol-Secret-77", 4, 1385)] // not in WebUsers
    [InlineData("alice", "CONTOSO", "P@ss-1", 6, 87)]
    [InlineData("alice", "CONTOSO", "P@ss-1", 10, 87)]
    [InlineData("alice", "CONTOSO", "P@ss-1", 0, 87)]
    public void FailedLogonSetsLastErrorAndNullToken(string user, string? domain, string? pw, int type, int expected)
    {
        using var env = new TestEnv();
        Assert.Equal(expected, TestEnv.LogonError(user, domain, pw, type));
    }

    [Theory]
    [InlineData(1, 2, 87)]
    [InlineData(4, 2, 87)]
    [InlineData(2, 2, 0)]
    [InlineData(3, 2, 0)]
    [InlineData(0, 9, 87)]
    [InlineData(3, 9, 0)]
    public void ProviderValidation(int provider, int type, int expected)
    {
        using var env = new TestEnv();
        var (ok, err, token) = TestEnv.Logon("alice", "CONTOSO", "P@ss-1", type, provider);
        Assert.Equal(expected, ok != 0 ? 0 : err);
        if (ok != 0)
        {
            Assert.Equal(1, Native.CloseHandle(token));
        }
    }

    [Theory]
    [InlineData("accountExpired", 1793)]
    [InlineData("logonHoursDenied", 1328)]
    [InlineData("workstationDenied", 1329)]
    [InlineData("passwordExpired", 1330)]
    [InlineData("mustChangePassword", 1907)]
    [InlineData("lockedOut", 1909)]
    [InlineData("disabled", 1331)]
    public void AccountFlags(string flag, int expected)
    {
        using var env = new TestEnv(edit: AddDomainUser("erin", flag));
        Assert.Equal(expected, TestEnv.LogonError("erin", "CONTOSO", "Pw-erin", 3));
    }

    [Fact]
    public void LockedOutWinsOverBadPassword()
    {
        using var env = new TestEnv(edit: AddDomainUser("erin", "lockedOut"));
        Assert.Equal(1909, TestEnv.LogonError("erin", "CONTOSO", "wrong", 3));
    }

    [Fact]
    public void BadPasswordsCountAndLockOutAtThreshold()
    {
        using var env = new TestEnv(edit: r => r["domain"]!["lockoutThreshold"] = 3);
        Assert.Equal(1326, TestEnv.LogonError("alice", "CONTOSO", "bad1", 2));
        Assert.Equal(1326, TestEnv.LogonError("alice", "CONTOSO", "bad2", 2));
        var alice = env.State()["domain"]!["accounts"]!.AsArray().First(a => (string)a!["name"]! == "alice")!;
        Assert.Equal(2, (int)alice["badPasswordCount"]!);
        Assert.False((bool)alice["lockedOut"]!);
        Assert.Equal(1326, TestEnv.LogonError("alice", "CONTOSO", "bad3", 2));
        Assert.Equal(1909, TestEnv.LogonError("alice", "CONTOSO", "P@ss-1", 2));
        alice = env.State()["domain"]!["accounts"]!.AsArray().First(a => (string)a!["name"]! == "alice")!;
        Assert.True((bool)alice["lockedOut"]!);
    }

    [Fact]
    public void ThresholdZeroNeverLocksAndSuccessResetsCount()
    {
        using var env = new TestEnv();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(1326, TestEnv.LogonError("bob", ".", "bad", 2));
        }
        Assert.Equal(0, TestEnv.LogonError("bob", ".", "x", 2));
        var bob = env.State()["computers"]![0]!["accounts"]!.AsArray().First(a => (string)a!["name"]! == "bob")!;
        Assert.Equal(0, (int)bob["badPasswordCount"]!);
    }

    [Fact]
    public void LocalLockoutUsesComputerThreshold()
    {
        using var env = new TestEnv(edit: r => r["computers"]![0]!["lockoutThreshold"] = 1);
        Assert.Equal(1326, TestEnv.LogonError("bob", ".", "bad", 2));
        Assert.Equal(1909, TestEnv.LogonError("bob", ".", "x", 2));
        Assert.Equal(0, TestEnv.LogonError("alice", "CONTOSO", "P@ss-1", 2));
    }

    [Fact]
    public void UnreachableDomainGivesNoLogonServers()
    {
        using var env = new TestEnv(edit: r => r["domain"]!["reachable"] = false);
        Assert.Equal(1311, TestEnv.LogonError("alice", "CONTOSO", "P@ss-1", 2));
        Assert.Equal(1311, TestEnv.LogonError("alice", null, "P@ss-1", 2));
        Assert.Equal(0, TestEnv.LogonError("bob", null, "x", 2)); // local accounts still work
    }

    [Fact]
    public void BrokenTrustGivesTrustFailure()
    {
        using var env = new TestEnv(edit: r => r["computers"]![0]!["trustBroken"] = true);
        Assert.Equal(1789, TestEnv.LogonError("alice", "CONTOSO", "P@ss-1", 2));
    }

    [Fact]
    public void DenyThroughGroupOverridesAllow()
    {
        using var env = new TestEnv(edit: r => r["computers"]![0]!["rights"]!["SeDenyBatchLogonRight"] = new JsonArray("CONTOSO\\WebEditors"));
        Assert.Equal(1385, TestEnv.LogonError("alice", "CONTOSO", "P@ss-1", 4));
        Assert.Equal(0, TestEnv.LogonError("bob", ".", "x", 4));
    }

    [Fact]
    public void DefaultRightsForDomainControllerDenyInteractiveToUsers()
    {
        using var env = new TestEnv(edit: r =>
        {
            var c = r["computers"]![0]!.AsObject();
            c.Remove("rights");
            c["role"] = "domainController";
        });
        Assert.Equal(1385, TestEnv.LogonError("alice", "CONTOSO", "P@ss-1", 2));
        Assert.Equal(0, TestEnv.LogonError("alice", "CONTOSO", "P@ss-1", 3)); // Everyone holds network logon
    }

    [Fact]
    public void DefaultRightsForMemberServerAllowInteractiveThroughUsers()
    {
        using var env = new TestEnv(edit: r => r["computers"]![0]!.AsObject().Remove("rights"));
        Assert.Equal(0, TestEnv.LogonError("alice", "CONTOSO", "P@ss-1", 2));
        Assert.Equal(1385, TestEnv.LogonError("alice", "CONTOSO", "P@ss-1", 4)); // batch: admins, backup ops, perf log users, IIS_IUSRS
    }

    [Fact]
    public void SuccessClearsErrno()
    {
        using var env = new TestEnv();
        Assert.Equal(1326, TestEnv.LogonError("alice", "CONTOSO", "bad", 2));
        var (ok, err, token) = TestEnv.Logon("alice", "CONTOSO", "P@ss-1", 2);
        Assert.Equal(1, ok);
        Assert.Equal(0, err);
        Assert.Equal(1, Native.CloseHandle(token));
    }

    [Fact]
    public void CloseHandleMisuse()
    {
        using var env = new TestEnv();
        var (_, _, token) = TestEnv.Logon("alice", "CONTOSO", "P@ss-1", 2);
        Assert.Equal(1, Native.CloseHandle(token));
        Assert.Equal(0, Native.CloseHandle(token));
        Assert.Equal(6, System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        var policy = TestEnv.Open();
        Assert.Equal(0, Native.CloseHandle(policy)); // an LSA handle is foreign to CloseHandle
        Assert.Equal(6, System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        Assert.Equal(0, Native.LsaClose(policy));
        Assert.Equal(2, TestEnv.Misuse("invalidHandle"));
    }

    [Fact]
    public void PasswordsNeverReachStateOrLog()
    {
        using var env = new TestEnv();
        TestEnv.LogonError("alice", "CONTOSO", "P@ss-1", 2);
        TestEnv.LogonError("carol", "CONTOSO", "Carol-Secret-77", 3);
        TestEnv.LogonError("alice", "CONTOSO", "Wrong-Guess-42", 2);
        var log = File.ReadAllBytes(env.LogPath);
        var state = File.ReadAllBytes(env.StatePath);
        Assert.Contains("fn=LogonUserW", Encoding.UTF8.GetString(log));
        Assert.Contains("user=alice", Encoding.UTF8.GetString(log));
        foreach (var secret in new[] { "P@ss-1", "Carol-Secret-77", "Wrong-Guess-42" })
        {
            foreach (var enc in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
            {
                var needle = enc.GetBytes(secret);
                Assert.False(Contains(log, needle), $"log contains {secret}");
                Assert.False(Contains(state, needle), $"state contains {secret}");
            }
        }
    }

    private static bool Contains(byte[] hay, byte[] needle) =>
        Enumerable.Range(0, Math.Max(0, hay.Length - needle.Length + 1)).Any(i => hay.AsSpan(i, needle.Length).SequenceEqual(needle));

    [Fact]
    public void FaultInjectionSkipAndCount()
    {
        using var env = new TestEnv(edit: r => TestEnv.Faults(r, new { function = "LogonUserW", status = 1311, skip = 1, count = 2 }));
        Assert.Equal(0, TestEnv.LogonError("alice", "CONTOSO", "P@ss-1", 2));
        Assert.Equal(1311, TestEnv.LogonError("alice", "CONTOSO", "P@ss-1", 2));
        Assert.Equal(1311, TestEnv.LogonError("alice", "CONTOSO", "P@ss-1", 2));
        Assert.Equal(0, TestEnv.LogonError("alice", "CONTOSO", "P@ss-1", 2));
    }

    [Fact]
    public void FaultFilteredByComputer()
    {
        using var env = new TestEnv(edit: r => TestEnv.Faults(r, new { function = "LogonUserW", status = 1311, count = 1, computer = "OTHER" }));
        Assert.Equal(0, TestEnv.LogonError("alice", "CONTOSO", "P@ss-1", 2));
    }
}

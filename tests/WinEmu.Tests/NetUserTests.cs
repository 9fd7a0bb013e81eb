using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Xunit;

namespace WinEmu.Tests;

/// <summary>NetUserGetInfo level 4 and DsGetDcNameW, with the layouts of lmaccess.h / dsgetdc.h (x64).</summary>
public class NetUserTests
{
    // USER_INFO_4 offsets (x64, measured against mingw-w64 lmaccess.h)
    private const int Name = 0, PasswordPtr = 8, PasswordAge = 16, Flags = 40, Workstations = 88, AcctExpires = 104,
        UnitsPerWeek = 112, LogonHours = 120, BadPwCount = 128, UserSid = 152, PasswordExpired = 184;

    private const uint UfAccountDisable = 0x2, UfLockout = 0x10, UfNormalAccount = 0x200, UfPasswordExpired = 0x800000;
    private const uint TimeqForever = 0xFFFFFFFF;
    private const uint DsPdcRequired = 0x80, DsGcServerRequired = 0x40, DsIsFlatName = 0x10000, DsIsDnsName = 0x20000, DsReturnFlatName = 0x80000000;

    [DllImport("netapi32.dll", CharSet = CharSet.Unicode)]
    private static extern uint NetUserGetInfo(string? server, string? user, uint level, out IntPtr buffer);

    [DllImport("netapi32.dll", CharSet = CharSet.Unicode)]
    private static extern uint NetUserModalsGet(string? server, uint level, out IntPtr buffer);

    [DllImport("netapi32.dll", CharSet = CharSet.Unicode)]
    private static extern uint DsGetDcNameW(string? computer, string? domain, IntPtr guid, string? site, uint flags, out IntPtr info);

    private static string Scenario(Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(TestEnv.DefaultScenario)!.AsObject();
        edit(node);
        return node.ToJsonString();
    }

    private static JsonObject LocalUser(JsonObject root, string name) =>
        root["computers"]![0]!["accounts"]!.AsArray().Select(a => a!.AsObject()).First(a => (string?)a["name"] == name);

    private static JsonObject DomainUser(JsonObject root, string name) =>
        root["domain"]!["accounts"]!.AsArray().Select(a => a!.AsObject()).First(a => (string?)a["name"] == name);

    private sealed record Info(string Name, uint Flags, uint AcctExpires, uint Units, byte[] Hours, string Workstations, uint BadPw, string Sid, uint PasswordExpired, uint PasswordAge);

    private static (uint Status, Info? Info) Get(string? server, string user, uint level = 4)
    {
        var before = TestEnv.Outstanding("netApiBuffers");
        var status = NetUserGetInfo(server, user, level, out var buf);
        if (status != 0)
        {
            Assert.Equal(IntPtr.Zero, buf);
            return (status, null);
        }

        Assert.Equal(IntPtr.Zero, Marshal.ReadIntPtr(buf, PasswordPtr)); // never returned
        var hours = new byte[21];
        Marshal.Copy(Marshal.ReadIntPtr(buf, LogonHours), hours, 0, 21);
        var info = new Info(
            Marshal.PtrToStringUni(Marshal.ReadIntPtr(buf, Name))!,
            (uint)Marshal.ReadInt32(buf, Flags),
            (uint)Marshal.ReadInt32(buf, AcctExpires),
            (uint)Marshal.ReadInt32(buf, UnitsPerWeek),
            hours,
            Marshal.PtrToStringUni(Marshal.ReadIntPtr(buf, Workstations))!,
            (uint)Marshal.ReadInt32(buf, BadPwCount),
            Sid.Format(Marshal.ReadIntPtr(buf, UserSid)),
            (uint)Marshal.ReadInt32(buf, PasswordExpired),
            (uint)Marshal.ReadInt32(buf, PasswordAge));
        Assert.Equal(before + 1, TestEnv.Outstanding("netApiBuffers"));
        Assert.Equal(0u, Native.NetApiBufferFree(buf));
        Assert.Equal(before, TestEnv.Outstanding("netApiBuffers"));
        return (status, info);
    }

    [Fact]
    public void HealthyLocalUser()
    {
        using var env = new TestEnv();
        var (status, info) = Get(null, "bob");
        Assert.Equal(0u, status);
        Assert.Equal("bob", info!.Name);
        Assert.Equal(UfNormalAccount, info.Flags & (UfNormalAccount | UfAccountDisable | UfLockout | UfPasswordExpired));
        Assert.Equal(TimeqForever, info.AcctExpires);
        Assert.Equal(168u, info.Units);
        Assert.All(info.Hours, b => Assert.Equal(0xFF, b));
        Assert.Equal(string.Empty, info.Workstations);
        Assert.Equal("S-1-5-21-11-22-33-1001", info.Sid);
        Assert.Equal(0u, info.PasswordExpired);

        // The same by the server's own name, with and without backslashes.
        Assert.Equal(0u, Get("WEB01", "bob").Status);
        Assert.Equal(0u, Get("\\\\web01", "bob").Status);
        Assert.Equal(0, TestEnv.Calls("LogonUserW"));
    }

    [Fact]
    public void AccountFlagsAreReported()
    {
        var scenario = Scenario(root =>
        {
            var accounts = root["computers"]![0]!["accounts"]!.AsArray();
            accounts.Add(new JsonObject { ["name"] = "dis", ["password"] = "p", ["disabled"] = true });
            accounts.Add(new JsonObject { ["name"] = "lock", ["password"] = "p", ["lockedOut"] = true, ["badPasswordCount"] = 5 });
            accounts.Add(new JsonObject { ["name"] = "pexp", ["password"] = "p", ["passwordExpired"] = true });
            accounts.Add(new JsonObject { ["name"] = "must", ["password"] = "p", ["mustChangePassword"] = true });
            accounts.Add(new JsonObject { ["name"] = "aexp", ["password"] = "p", ["accountExpired"] = true });
            accounts.Add(new JsonObject { ["name"] = "aexp2", ["password"] = "p", ["accountExpires"] = 1700000000 });
            accounts.Add(new JsonObject { ["name"] = "hours", ["password"] = "p", ["logonHoursDenied"] = true });
            accounts.Add(new JsonObject { ["name"] = "hours2", ["password"] = "p", ["logonHours"] = "0100000000000000000000000000000000000000ff" });
            accounts.Add(new JsonObject { ["name"] = "ws", ["password"] = "p", ["workstationDenied"] = true });
            accounts.Add(new JsonObject { ["name"] = "ws2", ["password"] = "p", ["workstations"] = "WEB01,APP01" });
        });
        using var env = new TestEnv(scenario);
        Assert.Equal(UfAccountDisable, Get(null, "dis").Info!.Flags & UfAccountDisable);
        var locked = Get(null, "lock").Info!;
        Assert.Equal(UfLockout, locked.Flags & UfLockout);
        Assert.Equal(5u, locked.BadPw);
        var pexp = Get(null, "pexp").Info!;
        Assert.Equal(UfPasswordExpired, pexp.Flags & UfPasswordExpired);
        Assert.Equal(1u, pexp.PasswordExpired);
        var must = Get(null, "must").Info!;
        Assert.Equal(0u, must.Flags & UfPasswordExpired);
        Assert.Equal(1u, must.PasswordExpired);
        Assert.Equal(0u, must.PasswordAge);
        Assert.Equal(946684800u, Get(null, "aexp").Info!.AcctExpires);
        Assert.Equal(1700000000u, Get(null, "aexp2").Info!.AcctExpires);
        Assert.All(Get(null, "hours").Info!.Hours, b => Assert.Equal(0, b));
        var hours2 = Get(null, "hours2").Info!.Hours;
        Assert.Equal(1, hours2[0]);
        Assert.Equal(0xFF, hours2[20]);
        Assert.Equal("KIOSK01", Get(null, "ws").Info!.Workstations);
        Assert.Equal("WEB01,APP01", Get(null, "ws2").Info!.Workstations);
        Assert.Equal(0, TestEnv.Calls("LogonUserW"));
    }

    [Fact]
    public void DomainUsersAreReadOnTheDomainController()
    {
        using var env = new TestEnv(Scenario(root => DomainUser(root, "carol")["lockedOut"] = true));
        var alice = Get("\\\\dc01.contoso.com", "alice");
        Assert.Equal(0u, alice.Status);
        Assert.Equal("S-1-5-21-1000-2000-3000-1105", alice.Info!.Sid);
        Assert.Equal(UfLockout, Get("DC01", "carol").Info!.Flags & UfLockout);
        Assert.Equal(UfAccountDisable, Get("DC01", "dave").Info!.Flags & UfAccountDisable);

        // A computer's SAM does not hold domain accounts, and names are never qualified.
        Assert.Equal(2221u, Get(null, "alice").Status);
        Assert.Equal(2221u, Get("DC01", "CONTOSO\\alice").Status);
        Assert.Equal(2221u, Get("DC01", "nobody").Status);
        Assert.Equal(2221u, Get("DC01", "WebEditors").Status); // a group is not a user
    }

    [Fact]
    public void ServerAndLevelErrors()
    {
        var scenario = Scenario(root => root["domain"]!["domainControllers"] = new JsonArray(
            new JsonObject { ["name"] = "DC01", ["pdc"] = true, ["reachable"] = false },
            new JsonObject { ["name"] = "DC02" }));
        using var env = new TestEnv(scenario);
        Assert.Equal(53u, Get("NOSUCH", "bob").Status);
        Assert.Equal(1722u, Get("WEB02", "bob").Status);
        Assert.Equal(1722u, Get("DC01", "alice").Status);
        Assert.Equal(0u, Get("dc02.contoso.com", "alice").Status);
        Assert.Equal(124u, Get(null, "bob", 3).Status);
        Assert.Equal(124u, Get(null, "bob", 1).Status);
    }

    [Fact]
    public void FaultsGiveAccessDenied()
    {
        var scenario = Scenario(root => TestEnv.Faults(root, new { function = "NetUserGetInfo", status = 5, computer = "DC01" }));
        using var env = new TestEnv(scenario);
        Assert.Equal(0u, Get(null, "bob").Status); // another computer: not matched
        Assert.Equal(5u, Get("DC01", "alice").Status);
        Assert.Equal(0u, Get("DC01", "alice").Status); // count 1
    }

    [Fact]
    public void SeedingRejectsABadLogonHoursBitmap()
    {
        var dir = Path.Combine(Path.GetTempPath(), "winemu-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var sc = Path.Combine(dir, "sc.json");
            File.WriteAllText(sc, Scenario(root => LocalUser(root, "bob")["logonHours"] = "ff"));
            var ex = Assert.Throws<InvalidOperationException>(() => Emulator.Seed(sc, Path.Combine(dir, "st.json")));
            Assert.Contains("logonHours", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static (uint Status, string? Dc, string? Domain, uint Flags) Dc(string? domain, uint flags)
    {
        var before = TestEnv.Outstanding("netApiBuffers");
        var status = DsGetDcNameW(null, domain, IntPtr.Zero, null, flags, out var info);
        if (status != 0)
        {
            Assert.Equal(IntPtr.Zero, info);
            Assert.Equal(before, TestEnv.Outstanding("netApiBuffers"));
            return (status, null, null, 0);
        }

        // DOMAIN_CONTROLLER_INFOW (x64): name 0, address 8, type 16, GUID 20, DomainName 40, forest 48, Flags 56
        var dc = Marshal.PtrToStringUni(Marshal.ReadIntPtr(info, 0));
        var dom = Marshal.PtrToStringUni(Marshal.ReadIntPtr(info, 40));
        var f = (uint)Marshal.ReadInt32(info, 56);
        Assert.Equal(1, Marshal.ReadInt32(info, 16)); // DS_INET_ADDRESS
        Assert.Equal("contoso.com", Marshal.PtrToStringUni(Marshal.ReadIntPtr(info, 48)));
        Assert.Equal(0u, Native.NetApiBufferFree(info));
        Assert.Equal(before, TestEnv.Outstanding("netApiBuffers"));
        return (status, dc, dom, f);
    }

    [Fact]
    public void DsGetDcNameFindsThePdc()
    {
        using var env = new TestEnv();
        var primary = Dc(null, DsPdcRequired);
        Assert.Equal(0u, primary.Status);
        Assert.Equal("\\\\dc01.contoso.com", primary.Dc);
        Assert.Equal("contoso.com", primary.Domain);
        Assert.Equal(1u, primary.Flags & 1); // DS_PDC_FLAG
        var flat = Dc("CONTOSO", DsPdcRequired | DsReturnFlatName);
        Assert.Equal("\\\\DC01", flat.Dc);
        Assert.Equal("CONTOSO", flat.Domain);
        Assert.Equal(0u, Dc("contoso.com.", 0).Status);
        Assert.Equal(1355u, Dc("FABRIKAM", 0).Status);
        Assert.Equal(1355u, Dc("contoso.com", DsIsFlatName).Status);
        Assert.Equal(1004u, Dc("CONTOSO", DsIsFlatName | DsIsDnsName).Status);
        Assert.Equal(1004u, Dc("CONTOSO", DsPdcRequired | DsGcServerRequired).Status);
        Assert.Equal(1004u, Dc("CONTOSO", 0x2).Status);
        Assert.Equal(8, TestEnv.Calls("DsGetDcNameW"));
        Assert.Equal(0, TestEnv.Calls("LogonUserW"));
    }

    [Fact]
    public void DsGetDcNameWithoutAReachablePdc()
    {
        var scenario = Scenario(root => root["domain"]!["domainControllers"] = new JsonArray(
            new JsonObject { ["name"] = "DC01", ["pdc"] = true, ["reachable"] = false },
            new JsonObject { ["name"] = "DC02" }));
        using (var env = new TestEnv(scenario))
        {
            Assert.Equal(1355u, Dc("CONTOSO", DsPdcRequired).Status);
            Assert.Equal("\\\\dc02.contoso.com", Dc("CONTOSO", 0).Dc);
        }

        using (var env = new TestEnv(Scenario(root => root["domain"]!["reachable"] = false)))
        {
            Assert.Equal(1355u, Dc("CONTOSO", 0).Status);
        }

        using (var env = new TestEnv("""{"computers":[{"name":"WEB01"}]}"""))
        {
            Assert.Equal(1355u, Dc(null, 0).Status);
        }

        using (var env = new TestEnv(Scenario(root => TestEnv.Faults(root, new { function = "DsGetDcNameW", status = 1722 }))))
        {
            Assert.Equal(1722u, Dc(null, 0).Status);
            Assert.Equal(0u, Dc(null, 0).Status);
        }
    }

    private static (uint Status, uint Duration, uint Window, uint Threshold) Modals(string? server, uint level = 3)
    {
        var status = NetUserModalsGet(server, level, out var buf);
        if (status != 0)
        {
            Assert.Equal(IntPtr.Zero, buf);
            return (status, 0, 0, 0);
        }

        var r = (status, (uint)Marshal.ReadInt32(buf, 0), (uint)Marshal.ReadInt32(buf, 4), (uint)Marshal.ReadInt32(buf, 8));
        Assert.Equal(0u, Native.NetApiBufferFree(buf));
        return r;
    }

    [Fact]
    public void NetUserModalsGetReportsTheLockoutPolicyOfEachDatabase()
    {
        var scenario = Scenario(root =>
        {
            root["domain"]!["lockoutThreshold"] = 5;
            root["domain"]!["lockoutDuration"] = 1800;
            root["domain"]!["lockoutObservationWindow"] = 600;
            root["computers"]![0]!["lockoutThreshold"] = 3;
            root["computers"]![0]!["lockoutDuration"] = 0;
        });
        using var env = new TestEnv(scenario);
        var before = TestEnv.Outstanding("netApiBuffers");
        Assert.Equal((0u, 1800u, 600u, 5u), Modals("\\\\dc01.contoso.com"));
        Assert.Equal((0u, 0u, 900u, 3u), Modals(null)); // window default 900 s
        Assert.Equal(124u, Modals(null, 0).Status);
        Assert.Equal(53u, Modals("NOSUCH").Status);
        Assert.Equal(1722u, Modals("WEB02").Status);
        Assert.Equal(before, TestEnv.Outstanding("netApiBuffers"));
        Assert.Equal(0, TestEnv.Calls("LogonUserW"));
    }

    [Fact]
    public void SeedingRejectsANegativeLockoutDuration()
    {
        var dir = Path.Combine(Path.GetTempPath(), "winemu-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var sc = Path.Combine(dir, "sc.json");
            File.WriteAllText(sc, Scenario(root => root["domain"]!["lockoutDuration"] = -1));
            var ex = Assert.Throws<InvalidOperationException>(() => Emulator.Seed(sc, Path.Combine(dir, "st.json")));
            Assert.Contains("lockoutDuration", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}

using System.Runtime.InteropServices;
using Xunit;

namespace WinEmu.Tests;

/// <summary>
/// The emulator's token model (README "Token model") and what it needs: virtual and Local account names,
/// NetLocalGroupGetMembers, and LogonUserW deciding 1385 from the same rules. Expected values come from the README's
/// rules and, for the SIDs, from SIDs Microsoft publishes (NT SERVICE\TrustedInstaller; IIS APPPOOL\DefaultAppPool).
/// </summary>
public class TokenModelTests
{
    private const string TrustedInstaller = "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464";
    private const string DefaultAppPool = "S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415";

    private static TestEnv Env(Action<System.Text.Json.Nodes.JsonObject>? edit = null) => new(edit: r =>
    {
        var web01 = r["computers"]![0]!.AsObject();
        web01["services"] = new System.Text.Json.Nodes.JsonArray("TrustedInstaller");
        web01["appPools"] = new System.Text.Json.Nodes.JsonArray("DefaultAppPool", "Shop");
        edit?.Invoke(r);
    });

    private static List<(int Use, string? Sid, string? Domain)> Names(IntPtr h, params string[] names)
    {
        using var u = new UStrings(names);
        Native.LsaLookupNames2(h, 0, (uint)names.Length, u.Items, out var domains, out var sids);
        var domArray = Marshal.ReadIntPtr(domains, 8);
        var result = new List<(int, string?, string?)>();
        for (var i = 0; i < names.Length; i++)
        {
            var t = sids + 24 * i;
            var sidPtr = Marshal.ReadIntPtr(t, 8);
            var idx = Marshal.ReadInt32(t, 16);
            result.Add((Marshal.ReadInt32(t), sidPtr == IntPtr.Zero ? null : Sid.Format(sidPtr), idx < 0 ? null : Sid.ReadUs(domArray + 24 * idx)));
        }
        Assert.Equal(0, Native.LsaFreeMemory(domains));
        Assert.Equal(0, Native.LsaFreeMemory(sids));
        return result;
    }

    private static List<(int Use, string Name, string? Domain)> Sids(IntPtr h, params string[] sids)
    {
        var ptrs = sids.Select(s => { var b = Sid.Parse(s); var p = Marshal.AllocHGlobal(b.Length); Marshal.Copy(b, 0, p, b.Length); return p; }).ToArray();
        try
        {
            Native.LsaLookupSids2(h, 0, (uint)sids.Length, ptrs, out var domains, out var names);
            var domArray = Marshal.ReadIntPtr(domains, 8);
            var result = new List<(int, string, string?)>();
            for (var i = 0; i < sids.Length; i++)
            {
                var t = names + 32 * i;
                var idx = Marshal.ReadInt32(t, 24);
                result.Add((Marshal.ReadInt32(t), Sid.ReadUs(t + 8)!, idx < 0 ? null : Sid.ReadUs(domArray + 24 * idx)));
            }
            Assert.Equal(0, Native.LsaFreeMemory(domains));
            Assert.Equal(0, Native.LsaFreeMemory(names));
            return result;
        }
        finally
        {
            foreach (var p in ptrs)
            {
                Marshal.FreeHGlobal(p);
            }
        }
    }

    [Fact]
    public void Local_account_virtual_account_and_service_account_names_translate_both_ways()
    {
        using var env = Env();
        var h = TestEnv.Open(0x800);
        var r = Names(h, "NT AUTHORITY\\Local account", "NT AUTHORITY\\Local account and member of Administrators group",
            "IIS APPPOOL\\DefaultAppPool", "iis apppool\\shop", "NT SERVICE\\TrustedInstaller", "NT SERVICE\\ALL SERVICES",
            "IIS APPPOOL\\NoSuchPool", "NT SERVICE\\NoSuchService", "NT AUTHORITY\\NETWORK SERVICE");
        Assert.Equal((5, "S-1-5-113", "NT AUTHORITY"), r[0]);
        Assert.Equal((5, "S-1-5-114", "NT AUTHORITY"), r[1]);
        Assert.Equal((5, DefaultAppPool, "IIS APPPOOL"), r[2]);
        Assert.StartsWith("S-1-5-82-", r[3].Sid);
        Assert.Equal((5, TrustedInstaller, "NT SERVICE"), r[4]);
        Assert.Equal((5, "S-1-5-80-0", "NT SERVICE"), r[5]);
        Assert.Null(r[6].Sid);
        Assert.Null(r[7].Sid);
        Assert.Equal((5, "S-1-5-20", "NT AUTHORITY"), r[8]);

        var back = Sids(h, "S-1-5-113", "S-1-5-114", DefaultAppPool, r[3].Sid!, TrustedInstaller, "S-1-5-18");
        Assert.Equal((5, "Local account", "NT AUTHORITY"), back[0]);
        Assert.Equal((5, "Local account and member of Administrators group", "NT AUTHORITY"), back[1]);
        Assert.Equal((5, "DefaultAppPool", "IIS APPPOOL"), back[2]);
        Assert.Equal((5, "Shop", "IIS APPPOOL"), back[3]);
        Assert.Equal((5, "TrustedInstaller", "NT SERVICE"), back[4]);
        Assert.Equal((5, "SYSTEM", "NT AUTHORITY"), back[5]);
        Native.LsaClose(h);
    }

    [Fact]
    public void The_pool_SID_is_the_lower_cased_name_and_the_service_SID_the_upper_cased_name()
    {
        // Case-insensitive names give one SID: "Shop" and "SHOP" are the same pool.
        using var env = Env();
        var h = TestEnv.Open(0x800);
        var r = Names(h, "IIS APPPOOL\\Shop", "IIS APPPOOL\\SHOP", "NT SERVICE\\trustedinstaller");
        Assert.Equal(r[0].Sid, r[1].Sid);
        Assert.Equal(TrustedInstaller, r[2].Sid);
        Native.LsaClose(h);
    }

    private static List<string> Members(string? server, string group, out uint status, uint prefMax = 0xFFFFFFFF)
    {
        var list = new List<string>();
        var resume = UIntPtr.Zero;
        while (true)
        {
            status = Native.NetLocalGroupGetMembers(server, group, 0, out var buf, prefMax, out var read, out var total, ref resume);
            Assert.True(total >= read);
            for (var i = 0; i < read; i++)
            {
                var p = Marshal.ReadIntPtr(buf, 8 * i);
                Assert.InRange(p.ToInt64(), buf.ToInt64(), buf.ToInt64() + 8 * read + 68 * read); // one allocation
                list.Add(Sid.Format(p));
            }
            if (buf != IntPtr.Zero)
            {
                Assert.Equal(0u, Native.NetApiBufferFree(buf));
            }
            if (status != 234)
            {
                return list;
            }
        }
    }

    [Fact]
    public void NetLocalGroupGetMembers_returns_member_SIDs_well_known_ones_included()
    {
        using var env = Env(r => r["computers"]![0]!["builtin"]!["Users"] = new System.Text.Json.Nodes.JsonArray("CONTOSO\\Domain Users", "WEB01\\bob", "NT AUTHORITY\\INTERACTIVE", "NT AUTHORITY\\Authenticated Users"));
        Assert.Equal(new[] { "S-1-5-21-1000-2000-3000-513", "S-1-5-21-11-22-33-1001", "S-1-5-4", "S-1-5-11" }, Members(null, "Users", out var st));
        Assert.Equal(0u, st);
        Assert.Equal(new[] { "S-1-5-21-11-22-33-1001", "S-1-5-21-1000-2000-3000-1201" }, Members("\\\\web01", "WebUsers", out st));
        Assert.Equal(0u, st);
        // Paged: one entry per call with a tiny prefmaxlen, same result through the resume handle.
        Assert.Equal(4, Members("WEB01", "users", out st, 1).Count);
        Assert.Equal(0u, st);
        Assert.Equal(0, TestEnv.Outstanding("netApiBuffers"));
        Assert.Equal(4, TestEnv.Calls("NetLocalGroupGetMembers") - 2);
    }

    [Fact]
    public void NetLocalGroupGetMembers_errors()
    {
        using var env = Env();
        var resume = UIntPtr.Zero;
        Assert.Equal(2220u, Native.NetLocalGroupGetMembers(null, "NoSuchGroup", 0, out var buf, 0xFFFFFFFF, out _, out _, ref resume));
        Assert.Equal(IntPtr.Zero, buf);
        Assert.Equal(2220u, Native.NetLocalGroupGetMembers(null, "bob", 0, out _, 0xFFFFFFFF, out _, out _, ref resume)); // a user is no group
        Assert.Equal(124u, Native.NetLocalGroupGetMembers(null, "Users", 1, out _, 0xFFFFFFFF, out _, out _, ref resume));
        Assert.Equal(1722u, Native.NetLocalGroupGetMembers("WEB02", "Users", 0, out _, 0xFFFFFFFF, out _, out _, ref resume));
        Assert.Equal(5u, Native.NetLocalGroupGetMembers("APP01", "Users", 0, out _, 0xFFFFFFFF, out _, out _, ref resume));
        Assert.Equal(87u, Native.NetLocalGroupGetMembers(null, "", 0, out _, 0xFFFFFFFF, out _, out _, ref resume));
        Assert.Equal(0, TestEnv.Outstanding("netApiBuffers"));
    }

    [Fact]
    public void LogonUserW_applies_Local_account_and_the_administrators_SID_T8()
    {
        // bob is a local user; make him a local admin and deny network logon to S-1-5-114 (CIS): 1385 for network only.
        using var env = Env(r =>
        {
            var web01 = r["computers"]![0]!;
            web01["builtin"]!["Administrators"] = new System.Text.Json.Nodes.JsonArray("WEB01\\Administrator", "WEB01\\WebUsers");
            web01["rights"] = System.Text.Json.Nodes.JsonNode.Parse("""{"SeNetworkLogonRight":["Everyone"],"SeInteractiveLogonRight":["Everyone"],"SeDenyNetworkLogonRight":["S-1-5-114"],"SeDenyInteractiveLogonRight":["NT AUTHORITY\\Local account"]}""");
        });
        Assert.Equal(1385, TestEnv.LogonError("bob", "WEB01", "x", 8));
        Assert.Equal(1385, TestEnv.LogonError("bob", "WEB01", "x", 3));
        Assert.Equal(1385, TestEnv.LogonError("bob", "WEB01", "x", 2));      // T8: every local account carries S-1-5-113
        Assert.Equal(0, TestEnv.LogonError("alice", "CONTOSO", "P@ss-1", 8)); // alice reaches Administrators through WebUsers, but is no local account
        Assert.Equal(0, TestEnv.LogonError("alice", "CONTOSO", "P@ss-1", 2));
    }

    [Fact]
    public void LogonUserW_computes_local_groups_over_logon_type_SIDs_T9()
    {
        using var env = Env(r =>
        {
            var web01 = r["computers"]![0]!;
            var accounts = web01["accounts"]!.AsArray();
            accounts.Add(System.Text.Json.Nodes.JsonNode.Parse("""{"name":"Batchers","type":"alias","rid":1050,"members":["NT AUTHORITY\\BATCH"]}"""));
            web01["rights"] = System.Text.Json.Nodes.JsonNode.Parse("""{"SeBatchLogonRight":["WEB01\\Batchers"],"SeInteractiveLogonRight":["Everyone"],"SeDenyInteractiveLogonRight":["WEB01\\Batchers"]}""");
        });
        Assert.Equal(0, TestEnv.LogonError("carol", "CONTOSO", "Carol-Secret-77", 4));
        Assert.Equal(0, TestEnv.LogonError("carol", "CONTOSO", "Carol-Secret-77", 2));
        Assert.Equal(1385, TestEnv.LogonError("carol", "CONTOSO", "Carol-Secret-77", 3));
    }

    [Fact]
    public void The_rights_step_hook_answers_for_service_accounts_and_Remote_Desktop()
    {
        using var env = Env(r => r["computers"]![0]!["rights"] = System.Text.Json.Nodes.JsonNode.Parse(
            """{"SeBatchLogonRight":["BUILTIN\\Administrators","BUILTIN\\IIS_IUSRS"],"SeServiceLogonRight":["NT SERVICE\\ALL SERVICES","LOCAL"],"SeRemoteInteractiveLogonRight":["NT AUTHORITY\\REMOTE INTERACTIVE LOGON"]}"""));
        Assert.True(Emulator.CheckLogonRight("NT AUTHORITY\\SYSTEM", 4));          // T10 Administrators
        Assert.False(Emulator.CheckLogonRight("NT AUTHORITY\\NETWORK SERVICE", 4));
        Assert.True(Emulator.CheckLogonRight(DefaultAppPool, 4));                  // T10 IIS_IUSRS
        Assert.True(Emulator.CheckLogonRight("NT AUTHORITY\\LOCAL SERVICE", 5));   // T6 LOCAL for service logons
        Assert.False(Emulator.CheckLogonRight("CONTOSO\\alice", 5));
        Assert.True(Emulator.CheckLogonRight("CONTOSO\\alice", 10));               // T5 REMOTE INTERACTIVE LOGON
        Assert.False(Emulator.CheckLogonRight("CONTOSO\\alice", 2));
        Assert.Throws<InvalidOperationException>(() => Emulator.CheckLogonRight("CONTOSO\\WebEditors", 2));
        Assert.Throws<InvalidOperationException>(() => Emulator.CheckLogonRight("CONTOSO\\alice", 9));
        Assert.Throws<InvalidOperationException>(() => Emulator.CheckLogonRight("CONTOSO\\nobody", 2));
    }
}

using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Xunit;

namespace WinEmu.Tests;

public class LsaTests
{
    private const int STATUS_INVALID_HANDLE = unchecked((int)0xC0000008);
    private const int STATUS_INVALID_PARAMETER = unchecked((int)0xC000000D);
    private const int STATUS_ACCESS_DENIED = unchecked((int)0xC0000022);
    private const int STATUS_OBJECT_NAME_NOT_FOUND = unchecked((int)0xC0000034);
    private const int STATUS_NO_SUCH_PRIVILEGE = unchecked((int)0xC0000060);
    private const int STATUS_NONE_MAPPED = unchecked((int)0xC0000073);
    private const int STATUS_UNSUCCESSFUL = unchecked((int)0xC0000001);
    private const int STATUS_NO_MORE_ENTRIES = unchecked((int)0x8000001A);
    private const int STATUS_SOME_NOT_MAPPED = 0x107;
    private const int RPC_NT_SERVER_UNAVAILABLE = unchecked((int)0xC0020017);
    private const string NewSid = "S-1-5-21-1000-2000-3000-4242";

    [Theory]
    [InlineData(null, 0)]
    [InlineData("WEB01", 0)]
    [InlineData("\\\\WEB01", 0)]
    [InlineData("web01", 0)]
    [InlineData("", 0)]
    [InlineData("WEB02", unchecked((int)0xC0020017))]
    [InlineData("NOSUCHHOST", unchecked((int)0xC0020017))]
    public void OpenPolicyTargets(string? system, int expected)
    {
        using var env = new TestEnv();
        var st = TestEnv.OpenStatus(0x811, system, out var h);
        Assert.Equal(expected, st);
        if (st == 0)
        {
            Assert.Equal(1, TestEnv.Outstanding("lsaPolicyHandles"));
            Assert.Equal(0, Native.LsaClose(h));
        }
        else
        {
            Assert.Equal(IntPtr.Zero, h);
        }
        Assert.Equal(0, TestEnv.Outstanding("lsaPolicyHandles"));
    }

    [Fact]
    public void ObjectAttributesMustBeZeroAndPresent()
    {
        using var env = new TestEnv();
        Assert.Equal(STATUS_INVALID_PARAMETER, Native.LsaOpenPolicy(IntPtr.Zero, IntPtr.Zero, 0x801, out _));
        using var u = new UStrings();
        var oa = u.Zeroed(48);
        Marshal.WriteInt32(oa, 0, 48); // Length = sizeof
        Assert.Equal(STATUS_INVALID_PARAMETER, Native.LsaOpenPolicy(IntPtr.Zero, oa, 0x801, out _));
        Assert.Equal(2, TestEnv.Misuse("badObjectAttributes"));
    }

    [Fact]
    public void CloseTwiceAndForeignHandles()
    {
        using var env = new TestEnv();
        var h = TestEnv.Open();
        Assert.Equal(0, Native.LsaClose(h));
        Assert.Equal(STATUS_INVALID_HANDLE, Native.LsaClose(h));
        Assert.Equal(STATUS_INVALID_HANDLE, Native.LsaClose(new IntPtr(0x1234)));
        var (ok, _, token) = TestEnv.Logon("alice", "CONTOSO", "P@ss-1", 2);
        Assert.Equal(1, ok);
        Assert.Equal(STATUS_INVALID_HANDLE, Native.LsaClose(token));
        Assert.Equal(STATUS_INVALID_HANDLE, TestEnv.Add(h, NewSid, "SeBatchLogonRight"));
        Assert.Equal(1, Native.CloseHandle(token));
        Assert.Equal(4, TestEnv.Misuse("invalidHandle"));
    }

    [Fact]
    public void NonAdminCallerIsLimited()
    {
        using var env = new TestEnv();
        Assert.Equal(STATUS_ACCESS_DENIED, TestEnv.OpenStatus(0x811, "APP01", out _));
        Assert.Equal(STATUS_ACCESS_DENIED, TestEnv.OpenStatus(0x02000000 | 0x10, "APP01", out _));
        var h = TestEnv.Open(0x801, "APP01");
        TestEnv.EnumRights(h, "S-1-5-32-544", out var st);
        Assert.Equal(STATUS_ACCESS_DENIED, st);
        TestEnv.Holders(h, "SeNetworkLogonRight", out st);
        Assert.Equal(STATUS_ACCESS_DENIED, st);
        Assert.Equal(0, Native.LsaClose(h));
        Assert.Equal(0, TestEnv.Misuse("insufficientAccess"));
    }

    [Fact]
    public void GrantedAccessIsChecked()
    {
        using var env = new TestEnv();
        var ro = TestEnv.Open(0x801);
        Assert.Equal(STATUS_ACCESS_DENIED, TestEnv.Add(ro, NewSid, "SeBatchLogonRight")); // needs CREATE_ACCOUNT
        Assert.Equal(0, TestEnv.Add(ro, "S-1-5-32-544", "SeDebugPrivilege"));             // account exists: 0x800 suffices
        Native.LsaClose(ro);
        var lookupOnly = TestEnv.Open(0x800);
        TestEnv.Holders(lookupOnly, "SeBatchLogonRight", out var st);
        Assert.Equal(STATUS_ACCESS_DENIED, st);
        Native.LsaClose(lookupOnly);
        var viewOnly = TestEnv.Open(0x1);
        Assert.Equal(STATUS_ACCESS_DENIED, TestEnv.Remove(viewOnly, "S-1-5-32-544", "SeDebugPrivilege"));
        TestEnv.EnumRights(viewOnly, "S-1-5-32-544", out st);
        Assert.Equal(STATUS_ACCESS_DENIED, st);
        Native.LsaClose(viewOnly);
        Assert.Equal(4, TestEnv.Misuse("insufficientAccess"));
    }

    [Fact]
    public void AddEnumerateRemoveRoundTrip()
    {
        using var env = new TestEnv();
        var allocs = TestEnv.Outstanding("lsaAllocations");
        var h = TestEnv.Open();
        TestEnv.EnumRights(h, NewSid, out var st);
        Assert.Equal(STATUS_OBJECT_NAME_NOT_FOUND, st);
        Assert.Equal(0, TestEnv.Add(h, NewSid, "sebatchlogonright", "SeDebugPrivilege"));
        Assert.Equal(0, TestEnv.Add(h, NewSid, "SeBatchLogonRight")); // idempotent
        var rights = TestEnv.EnumRights(h, NewSid, out st);
        Assert.Equal(0, st);
        Assert.Equal(new[] { "SeBatchLogonRight", "SeDebugPrivilege" }, rights.OrderBy(r => r, StringComparer.Ordinal));
        Assert.Contains(NewSid, TestEnv.Holders(h, "SeBatchLogonRight", out _));
        Assert.Equal(0, TestEnv.Remove(h, NewSid, "SeDebugPrivilege", "SeTcbPrivilege")); // not held: ignored
        Assert.Equal(new[] { "SeBatchLogonRight" }, TestEnv.EnumRights(h, NewSid, out _));
        Assert.Equal(0, TestEnv.Remove(h, NewSid, "SeBatchLogonRight"));
        TestEnv.EnumRights(h, NewSid, out st);
        Assert.Equal(STATUS_OBJECT_NAME_NOT_FOUND, st); // last right removed: account object deleted
        Assert.Equal(STATUS_OBJECT_NAME_NOT_FOUND, TestEnv.Remove(h, NewSid, "SeBatchLogonRight"));
        Assert.Equal(0, Native.LsaClose(h));
        Assert.Equal(allocs, TestEnv.Outstanding("lsaAllocations"));
        Assert.Equal(0, TestEnv.Outstanding("lsaPolicyHandles"));
    }

    [Fact]
    public void GrantsPersistInStateAsSids()
    {
        using var env = new TestEnv();
        var h = TestEnv.Open();
        Assert.Equal(0, TestEnv.Add(h, NewSid, "SeServiceLogonRight"));
        Native.LsaClose(h);
        var holders = env.State()["computers"]![0]!["rights"]!["SeServiceLogonRight"]!.AsArray().Select(n => (string)n!);
        Assert.Contains(NewSid, holders);
        Assert.Contains("S-1-5-6", holders);
    }

    [Fact]
    public void UnknownRightChangesNothing()
    {
        using var env = new TestEnv();
        var h = TestEnv.Open();
        Assert.Equal(STATUS_NO_SUCH_PRIVILEGE, TestEnv.Add(h, NewSid, "SeBatchLogonRight", "SeMadeUpRight"));
        TestEnv.EnumRights(h, NewSid, out var st);
        Assert.Equal(STATUS_OBJECT_NAME_NOT_FOUND, st);
        TestEnv.Holders(h, "SeMadeUpRight", out st);
        Assert.Equal(STATUS_NO_SUCH_PRIVILEGE, st);
        Assert.Equal(STATUS_NO_SUCH_PRIVILEGE, TestEnv.Remove(h, "S-1-5-32-544", "SeMadeUpRight"));
        Native.LsaClose(h);
    }

    [Fact]
    public void RemoveAllRightsIsCountedAndDeletesAccount()
    {
        using var env = new TestEnv();
        var h = TestEnv.Open();
        Assert.Equal(0, TestEnv.Add(h, NewSid, "SeBatchLogonRight", "SeDebugPrivilege"));
        Assert.Equal(0, Native.LsaRemoveAccountRights(h, Sid.Parse(NewSid), true, null, 0));
        TestEnv.EnumRights(h, NewSid, out var st);
        Assert.Equal(STATUS_OBJECT_NAME_NOT_FOUND, st);
        Assert.Equal(STATUS_INVALID_PARAMETER, Native.LsaRemoveAccountRights(h, Sid.Parse("S-1-5-32-544"), false, null, 0));
        Native.LsaClose(h);
        using var d = TestEnv.Stats();
        Assert.Equal(1, d.RootElement.GetProperty("removeAllRightsCalls").GetInt64());
    }

    [Theory]
    [InlineData(3, 10, true)]    // odd length
    [InlineData(20, 10, true)]   // Length > MaximumLength
    [InlineData(4, 6, false)]    // NULL buffer with Length > 0
    public void BadUnicodeStringsAreRejected(ushort length, ushort max, bool withBuffer)
    {
        using var env = new TestEnv();
        var h = TestEnv.Open();
        using var u = new UStrings("SeBatchLogonRight");
        var bad = new[] { new LSA_UNICODE_STRING { Length = length, MaximumLength = max, Buffer = withBuffer ? u.Items[0].Buffer : IntPtr.Zero } };
        Assert.Equal(STATUS_INVALID_PARAMETER, Native.LsaAddAccountRights(h, Sid.Parse(NewSid), bad, 1));
        Assert.Equal(STATUS_INVALID_PARAMETER, Native.LsaRemoveAccountRights(h, Sid.Parse("S-1-5-32-544"), false, bad, 1));
        Assert.Equal(STATUS_INVALID_PARAMETER, Native.LsaEnumerateAccountsWithUserRight(h, bad, out var buf, out _));
        Assert.Equal(IntPtr.Zero, buf);
        Assert.Equal(STATUS_INVALID_PARAMETER, Native.LsaLookupNames2(h, 0, 1, bad, out var d1, out var s1));
        Assert.Equal(IntPtr.Zero, d1);
        Assert.Equal(IntPtr.Zero, s1);
        Assert.Equal(STATUS_INVALID_PARAMETER, Native.LsaOpenPolicy(u.Pointer(bad[0]), u.Zeroed(48), 0x801, out _));
        Native.LsaClose(h);
        Assert.Equal(5, TestEnv.Misuse("badUnicodeString"));
    }

    [Fact]
    public void EnumerateAccountsWithUserRight()
    {
        using var env = new TestEnv();
        var h = TestEnv.Open(0x801);
        var holders = TestEnv.Holders(h, "SeInteractiveLogonRight", out var st);
        Assert.Equal(0, st);
        Assert.Equal(new[] { "S-1-5-32-544", "S-1-5-32-545" }, holders.OrderBy(x => x, StringComparer.Ordinal));
        Assert.Equal(new[] { "S-1-1-0" }, TestEnv.Holders(h, "senetworklogonright", out _));
        Assert.Equal(new[] { "S-1-5-21-11-22-33-1002" }, TestEnv.Holders(h, "SeBatchLogonRight", out _));
        Assert.Empty(TestEnv.Holders(h, "SeTcbPrivilege", out st));
        Assert.Equal(STATUS_NO_MORE_ENTRIES, st);
        Assert.Empty(TestEnv.Holders(h, "SeDenyInteractiveLogonRight", out st));
        Assert.Equal(STATUS_NO_MORE_ENTRIES, st);
        // NULL right: every account that holds anything
        Assert.Equal(0, Native.LsaEnumerateAccountsWithUserRight(h, null, out var buf, out var count));
        Assert.Equal(6u, count);
        Assert.Equal(0, Native.LsaFreeMemory(buf));
        Native.LsaClose(h);
    }

    private static List<(int Use, string? Sid, string? Domain)> LookupNames(IntPtr h, uint flags, out int status, params string[] names)
    {
        using var u = new UStrings(names);
        status = Native.LsaLookupNames2(h, flags, (uint)names.Length, u.Items, out var domains, out var sids);
        Assert.NotEqual(IntPtr.Zero, domains);
        Assert.NotEqual(IntPtr.Zero, sids);
        var entries = Marshal.ReadInt32(domains);
        var domArray = Marshal.ReadIntPtr(domains, 8);
        var result = new List<(int, string?, string?)>();
        for (var i = 0; i < names.Length; i++)
        {
            var t = sids + 24 * i;
            var use = Marshal.ReadInt32(t);
            var sidPtr = Marshal.ReadIntPtr(t, 8);
            var idx = Marshal.ReadInt32(t, 16);
            string? dom = null;
            if (idx >= 0)
            {
                Assert.True(idx < entries);
                dom = Sid.ReadUs(domArray + 24 * idx) + "|" + Sid.Format(Marshal.ReadIntPtr(domArray + 24 * idx, 16));
            }
            result.Add((use, sidPtr == IntPtr.Zero ? null : Sid.Format(sidPtr), dom));
        }
        Assert.Equal(0, Native.LsaFreeMemory(domains));
        Assert.Equal(0, Native.LsaFreeMemory(sids));
        return result;
    }

    [Fact]
    public void LookupNamesAllForms()
    {
        using var env = new TestEnv();
        var h = TestEnv.Open(0x800);
        var r = LookupNames(h, 0, out var st, "CONTOSO\\alice", "WEB01\\bob", "BUILTIN\\Users", "NT AUTHORITY\\Authenticated Users",
            "Everyone", "alice", "bob", "alice@contoso.com", "contoso.com\\alice", "Users", "CONTOSO\\WebEditors", "WebUsers",
            "SYSTEM", "IIS_IUSRS", "CONTOSO", "Domain Users");
        Assert.Equal(0, st);
        Assert.Equal((1, "S-1-5-21-1000-2000-3000-1105", "CONTOSO|S-1-5-21-1000-2000-3000"), r[0]);
        Assert.Equal((1, "S-1-5-21-11-22-33-1001", "WEB01|S-1-5-21-11-22-33"), r[1]);
        Assert.Equal((4, "S-1-5-32-545", "BUILTIN|S-1-5-32"), r[2]);
        Assert.Equal((5, "S-1-5-11", "NT AUTHORITY|S-1-5"), r[3]);
        Assert.Equal((5, "S-1-1-0", "|S-1-1"), r[4]);
        Assert.Equal(r[0], r[5]);
        Assert.Equal(r[1], r[6]);
        Assert.Equal(r[0], r[7]);
        Assert.Equal(r[0], r[8]);
        Assert.Equal(r[2], r[9]);
        Assert.Equal((2, "S-1-5-21-1000-2000-3000-1200", "CONTOSO|S-1-5-21-1000-2000-3000"), r[10]);
        Assert.Equal((4, "S-1-5-21-11-22-33-1002", "WEB01|S-1-5-21-11-22-33"), r[11]);
        Assert.Equal("S-1-5-18", r[12].Sid);
        Assert.Equal("S-1-5-32-568", r[13].Sid);
        Assert.Equal((3, "S-1-5-21-1000-2000-3000", "CONTOSO|S-1-5-21-1000-2000-3000"), r[14]);
        Assert.Equal("S-1-5-21-1000-2000-3000-513", r[15].Sid);
        Native.LsaClose(h);
    }

    [Fact]
    public void LookupNamesPartialAndNoneMappedStillAllocate()
    {
        using var env = new TestEnv();
        var allocs = TestEnv.Outstanding("lsaAllocations");
        var h = TestEnv.Open(0x800);
        var r = LookupNames(h, 0, out var st, "CONTOSO\\alice", "CONTOSO\\ghost");
        Assert.Equal(STATUS_SOME_NOT_MAPPED, st);
        Assert.Equal((8, (string?)null, (string?)null), r[1]);
        LookupNames(h, 0, out st, "ghost", "FABRIKAM\\x");
        Assert.Equal(STATUS_NONE_MAPPED, st);
        LookupNames(h, 0x80000000, out st, "alice"); // isolated names as local only
        Assert.Equal(STATUS_NONE_MAPPED, st);
        Assert.Equal(STATUS_INVALID_PARAMETER, Native.LsaLookupNames2(h, 1, 1, new UStrings("x").Items, out _, out _));
        Native.LsaClose(h);
        Assert.Equal(allocs, TestEnv.Outstanding("lsaAllocations"));
    }

    [Fact]
    public void LookupNamesDomainUnreachable()
    {
        using var env = new TestEnv(edit: r => r["domain"]!["reachable"] = false);
        var h = TestEnv.Open(0x800);
        var r = LookupNames(h, 0, out var st, "CONTOSO\\alice", "WEB01\\bob");
        Assert.Equal(STATUS_SOME_NOT_MAPPED, st);
        Assert.Null(r[0].Sid);
        Native.LsaClose(h);
    }

    [Fact]
    public void LookupNamesOnRemotePolicyUsesThatComputer()
    {
        using var env = new TestEnv();
        var h = TestEnv.Open(0x800, "APP01");
        var r = LookupNames(h, 0, out var st, "svc", "APP01\\svc", "bob", "CONTOSO\\alice");
        Assert.Equal(STATUS_SOME_NOT_MAPPED, st);
        Assert.Equal((1, "S-1-5-21-44-55-66-1010", "APP01|S-1-5-21-44-55-66"), r[0]);
        Assert.Equal(r[0], r[1]);
        Assert.Null(r[2].Sid);
        Assert.Equal("S-1-5-21-1000-2000-3000-1105", r[3].Sid);
        Native.LsaClose(h);
    }

    [Fact]
    public void LookupSids()
    {
        using var env = new TestEnv();
        var allocs = TestEnv.Outstanding("lsaAllocations");
        var h = TestEnv.Open(0x800);
        var input = new[] { "S-1-5-21-1000-2000-3000-1105", "S-1-5-32-544", "S-1-5-21-11-22-33-9999", "S-1-5-21-7-7-7-1000", "S-1-1-0", "S-1-5-21-11-22-33" };
        var mem = input.Select(s => { var b = Sid.Parse(s); var p = Marshal.AllocHGlobal(b.Length); Marshal.Copy(b, 0, p, b.Length); return p; }).ToArray();
        try
        {
            var st = Native.LsaLookupSids2(h, 0, (uint)mem.Length, mem, out var domains, out var names);
            Assert.Equal(STATUS_SOME_NOT_MAPPED, st);
            var domArray = Marshal.ReadIntPtr(domains, 8);
            (int, string, string?) Entry(int i)
            {
                var t = names + 32 * i;
                var idx = Marshal.ReadInt32(t, 24);
                return (Marshal.ReadInt32(t), Sid.ReadUs(t + 8), idx < 0 ? null : Sid.ReadUs(domArray + 24 * idx));
            }
            Assert.Equal((1, "alice", "CONTOSO"), Entry(0));
            Assert.Equal((4, "Administrators", "BUILTIN"), Entry(1));
            Assert.Equal((8, "9999", "WEB01"), Entry(2));                      // known domain, unknown RID
            Assert.Equal((8, "S-1-5-21-7-7-7-1000", (string?)null), Entry(3)); // unknown domain
            Assert.Equal((5, "Everyone", ""), Entry(4));
            Assert.Equal((3, "WEB01", "WEB01"), Entry(5));
            Assert.Equal(0, Native.LsaFreeMemory(domains));
            Assert.Equal(0, Native.LsaFreeMemory(names));
            st = Native.LsaLookupSids2(h, 0, 1, new[] { mem[3] }, out domains, out names);
            Assert.Equal(STATUS_NONE_MAPPED, st);
            Assert.Equal(0, Native.LsaFreeMemory(domains));
            Assert.Equal(0, Native.LsaFreeMemory(names));
        }
        finally
        {
            foreach (var p in mem)
            {
                Marshal.FreeHGlobal(p);
            }
        }
        Native.LsaClose(h);
        Assert.Equal(allocs, TestEnv.Outstanding("lsaAllocations"));
    }

    [Fact]
    public void FreeMemoryMisuse()
    {
        using var env = new TestEnv();
        Assert.Equal(0, Native.LsaFreeMemory(IntPtr.Zero));
        var foreign = Marshal.AllocHGlobal(16);
        Assert.Equal(STATUS_UNSUCCESSFUL, Native.LsaFreeMemory(foreign));
        Marshal.FreeHGlobal(foreign);
        var h = TestEnv.Open();
        using var u = new UStrings("SeInteractiveLogonRight");
        Assert.Equal(0, Native.LsaEnumerateAccountsWithUserRight(h, u.Items, out var buf, out _));
        Assert.Equal(0, Native.LsaFreeMemory(buf));
        Assert.Equal(STATUS_UNSUCCESSFUL, Native.LsaFreeMemory(buf));
        Native.LsaClose(h);
        Assert.Equal(1, TestEnv.Misuse("foreignFree"));
        Assert.Equal(1, TestEnv.Misuse("doubleFree"));
    }

    [Theory]
    [InlineData(0, 0u)]
    [InlineData(0x107, 1301u)]
    [InlineData(unchecked((int)0x8000001A), 259u)]
    [InlineData(unchecked((int)0xC0000022), 5u)]
    [InlineData(unchecked((int)0xC0000034), 2u)]
    [InlineData(unchecked((int)0xC0000060), 1313u)]
    [InlineData(unchecked((int)0xC0000073), 1332u)]
    [InlineData(unchecked((int)0xC000000D), 87u)]
    [InlineData(unchecked((int)0xC0020017), 1722u)]
    [InlineData(unchecked((int)0xC000015B), 1385u)]
    [InlineData(unchecked((int)0xC0000234), 1909u)]
    [InlineData(unchecked((int)0xC0001234), 317u)]
    public void NtStatusToWinError(int status, uint expected)
    {
        Assert.Equal(expected, Native.LsaNtStatusToWinError(status));
    }

    [Fact]
    public void FaultInjectionOnAdd()
    {
        using var env = new TestEnv(edit: r => TestEnv.Faults(r, new { function = "LsaAddAccountRights", status = 3221225506u, skip = 2, count = 1 }));
        var h = TestEnv.Open();
        Assert.Equal(0, TestEnv.Add(h, NewSid, "SeBatchLogonRight"));
        Assert.Equal(0, TestEnv.Add(h, NewSid, "SeBatchLogonRight"));
        Assert.Equal(STATUS_ACCESS_DENIED, TestEnv.Add(h, NewSid, "SeDebugPrivilege"));
        Assert.Equal(0, TestEnv.Add(h, NewSid, "SeDebugPrivilege"));
        Native.LsaClose(h);
        var f = env.State()["faults"]![0]!;
        Assert.Equal(0, (int)f["count"]!);
        Assert.Equal(0, (int)f["skip"]!);
    }

    [Fact]
    public void FaultFilterByComputerOnOpen()
    {
        using var env = new TestEnv(edit: r => TestEnv.Faults(r, new { function = "LsaOpenPolicy", status = 0xC0020017u, count = 1, computer = "APP01" }));
        var h = TestEnv.Open(0x801);
        Native.LsaClose(h);
        Assert.Equal(RPC_NT_SERVER_UNAVAILABLE, TestEnv.OpenStatus(0x801, "APP01", out _));
        h = TestEnv.Open(0x801, "APP01");
        Native.LsaClose(h);
    }

    [Fact]
    public void LsaFunctionsLeaveErrnoAlone()
    {
        using var env = new TestEnv();
        TestEnv.LogonError("alice", "CONTOSO", "bad", 2); // errno = 1326 in the runtime's copy
        Marshal.SetLastPInvokeError(1234);
        var h = TestEnv.Open();
        Native.LsaClose(h);
        Assert.Equal(1234, Marshal.GetLastPInvokeError()); // Lsa* imports do not set SetLastError
        Assert.True(TestEnv.Calls("LsaOpenPolicy") >= 1);
        Assert.Equal(1, TestEnv.Calls("LogonUserW"));
    }
}

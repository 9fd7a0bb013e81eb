using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Xunit;

namespace WinEmu.Tests;

public class AuthzTests
{
    private const string Alice = "S-1-5-21-1000-2000-3000-1105";

    private static IntPtr Rm()
    {
        Assert.Equal(1, Native.AuthzInitializeResourceManager(1, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, "test", out var rm));
        return rm;
    }

    private static (int Ok, int Error, IntPtr Ctx) Context(IntPtr rm, string sid, uint flags = 0)
    {
        var ok = Native.AuthzInitializeContextFromSid(flags, Sid.Parse(sid), rm, IntPtr.Zero, new LUID(), IntPtr.Zero, out var ctx);
        return (ok, Marshal.GetLastPInvokeError(), ctx);
    }

    private static List<string> Groups(IntPtr ctx)
    {
        Assert.Equal(0, Native.AuthzGetInformationFromContext(ctx, 2, 0, out var size, IntPtr.Zero));
        Assert.Equal(122, Marshal.GetLastPInvokeError());
        var buf = Marshal.AllocHGlobal((int)size);
        try
        {
            Assert.Equal(1, Native.AuthzGetInformationFromContext(ctx, 2, size, out var size2, buf));
            Assert.Equal(size, size2);
            var n = Marshal.ReadInt32(buf);
            var list = new List<string>();
            for (var i = 0; i < n; i++)
            {
                var sidPtr = Marshal.ReadIntPtr(buf, 8 + 16 * i);
                Assert.InRange(sidPtr.ToInt64(), buf.ToInt64(), buf.ToInt64() + size - 8); // self-contained
                Assert.Equal(7, Marshal.ReadInt32(buf, 8 + 16 * i + 8));
                list.Add(Sid.Format(sidPtr));
            }
            return list;
        }
        finally
        {
            Marshal.FreeHGlobal(buf);
        }
    }

    [Fact]
    public void ContextGroupsForDomainUser()
    {
        using var env = new TestEnv();
        var before = TestEnv.AllOutstanding();
        var rm = Rm();
        var (ok, _, ctx) = Context(rm, Alice);
        Assert.Equal(1, ok);
        var groups = Groups(ctx);
        var expected = new[]
        {
            "S-1-5-21-1000-2000-3000-513", "S-1-5-21-1000-2000-3000-1200", "S-1-5-21-1000-2000-3000-1201",
            "S-1-5-21-11-22-33-1002", "S-1-5-32-545", "S-1-1-0", "S-1-5-11",
        };
        Assert.Equal(expected.OrderBy(x => x, StringComparer.Ordinal), groups.OrderBy(x => x, StringComparer.Ordinal));

        Assert.Equal(0, Native.AuthzGetInformationFromContext(ctx, 1, 0, out var size, IntPtr.Zero));
        Assert.Equal(122, Marshal.GetLastPInvokeError());
        Assert.Equal(16u + 28u, size);
        var buf = Marshal.AllocHGlobal((int)size);
        Assert.Equal(1, Native.AuthzGetInformationFromContext(ctx, 1, size, out _, buf));
        Assert.Equal(Alice, Sid.Format(Marshal.ReadIntPtr(buf)));
        Marshal.FreeHGlobal(buf);
        Assert.Equal(0, Native.AuthzGetInformationFromContext(ctx, 4, 0, out _, IntPtr.Zero));
        Assert.Equal(87, Marshal.GetLastPInvokeError());

        Assert.Equal(1, Native.AuthzFreeContext(ctx));
        Assert.Equal(1, Native.AuthzFreeResourceManager(rm));
        Assert.Equal(before, TestEnv.AllOutstanding());
    }

    [Fact]
    public void ContextGroupsForLocalUserAndSkipFlag()
    {
        using var env = new TestEnv();
        var rm = Rm();
        var (ok, _, ctx) = Context(rm, "S-1-5-21-11-22-33-1001");
        Assert.Equal(1, ok);
        Assert.Equal(new[] { "S-1-1-0", "S-1-5-11", "S-1-5-21-11-22-33-1002", "S-1-5-32-545" }, Groups(ctx).OrderBy(x => x, StringComparer.Ordinal));
        Native.AuthzFreeContext(ctx);
        (ok, _, ctx) = Context(rm, "S-1-5-21-11-22-33-1001", 2); // AUTHZ_SKIP_TOKEN_GROUPS
        Assert.Equal(1, ok);
        Assert.Empty(Groups(ctx));
        Native.AuthzFreeContext(ctx);
        Native.AuthzFreeResourceManager(rm);
    }

    [Theory]
    [InlineData("S-1-5-21-1000-2000-3000-7777", 1332)] // unknown RID
    [InlineData("S-1-5-21-9-9-9-1000", 1332)]          // unknown domain
    [InlineData("S-1-5-21-1000-2000-3000-1200", 1332)] // group SID
    [InlineData("S-1-5-32-544", 1332)]                 // alias SID
    public void ContextFailures(string sid, int expected)
    {
        using var env = new TestEnv();
        var rm = Rm();
        var (ok, err, ctx) = Context(rm, sid);
        Assert.Equal(0, ok);
        Assert.Equal(expected, err);
        Assert.Equal(IntPtr.Zero, ctx);
        Native.AuthzFreeResourceManager(rm);
    }

    [Fact]
    public void ContextDomainUnreachable()
    {
        using var env = new TestEnv(edit: r => r["domain"]!["reachable"] = false);
        var rm = Rm();
        var (ok, err, _) = Context(rm, Alice);
        Assert.Equal(0, ok);
        Assert.Equal(1311, err);
        Native.AuthzFreeResourceManager(rm);
    }

    [Fact]
    public void ResourceManagerFlags()
    {
        using var env = new TestEnv();
        Assert.Equal(0, Native.AuthzInitializeResourceManager(0, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, null, out var rm));
        Assert.Equal(1314, Marshal.GetLastPInvokeError());
        Assert.Equal(IntPtr.Zero, rm);
        Assert.Equal(0, Native.AuthzInitializeResourceManager(0x10 | 1, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, null, out _));
        Assert.Equal(87, Marshal.GetLastPInvokeError());
    }

    [Fact]
    public void HandleMisuse()
    {
        using var env = new TestEnv();
        var rm = Rm();
        var (_, _, ctx) = Context(rm, Alice);
        Assert.Equal(1, Native.AuthzFreeContext(ctx));
        Assert.Equal(0, Native.AuthzFreeContext(ctx));
        Assert.Equal(6, Marshal.GetLastPInvokeError());
        Assert.Equal(0, Native.AuthzGetInformationFromContext(ctx, 1, 0, out _, IntPtr.Zero));
        Assert.Equal(6, Marshal.GetLastPInvokeError());
        Assert.Equal(0, Native.AuthzFreeContext(rm)); // wrong kind
        Assert.Equal(1, Native.AuthzFreeResourceManager(rm));
        Assert.Equal(0, Native.AuthzFreeResourceManager(rm));
        var (ok, err, _) = Context(rm, Alice);
        Assert.Equal(0, ok);
        Assert.Equal(6, err);
        Assert.Equal(5, TestEnv.Misuse("invalidHandle"));
    }

    [Fact]
    public void FaultOnContext()
    {
        using var env = new TestEnv(edit: r => TestEnv.Faults(r, new { function = "AuthzInitializeContextFromSid", status = 5, count = 1 }));
        var rm = Rm();
        var (ok, err, _) = Context(rm, Alice);
        Assert.Equal(0, ok);
        Assert.Equal(5, err);
        var (ok2, _, ctx) = Context(rm, Alice);
        Assert.Equal(1, ok2);
        Native.AuthzFreeContext(ctx);
        Native.AuthzFreeResourceManager(rm);
    }
}

public class NetApiTests
{
    private static (uint Status, List<string> Names, uint Total) Groups(string? server, string user, uint flags, uint pref = 0xFFFFFFFF, uint level = 0)
    {
        var st = Native.NetUserGetLocalGroups(server, user, level, flags, out var buf, pref, out var read, out var total);
        var names = new List<string>();
        for (var i = 0; i < read; i++)
        {
            names.Add(Marshal.PtrToStringUni(Marshal.ReadIntPtr(buf, 8 * i))!);
        }
        if (buf != IntPtr.Zero)
        {
            Assert.Equal(0u, Native.NetApiBufferFree(buf));
        }
        return (st, names.OrderBy(x => x, StringComparer.Ordinal).ToList(), total);
    }

    [Theory]
    [InlineData(null, "bob", 0u, "Users,WebUsers")]
    [InlineData("WEB01", "WEB01\\bob", 0u, "Users,WebUsers")]
    [InlineData("\\\\WEB01", "bob", 1u, "Users,WebUsers")]
    [InlineData(null, "CONTOSO\\alice", 0u, "")]
    [InlineData(null, "CONTOSO\\alice", 1u, "Users,WebUsers")]
    [InlineData(null, "alice", 1u, "Users,WebUsers")]
    [InlineData(null, "CONTOSO\\carol", 1u, "Users")]
    [InlineData("APP01", "svc", 0u, "Users")]
    public void LocalGroups(string? server, string user, uint flags, string expected)
    {
        using var env = new TestEnv();
        var (st, names, total) = Groups(server, user, flags);
        Assert.Equal(0u, st);
        Assert.Equal(expected, string.Join(",", names));
        Assert.Equal((uint)names.Count, total);
        Assert.Equal(0, TestEnv.Outstanding("netApiBuffers"));
    }

    [Theory]
    [InlineData("WEB02", "bob", 0u, 0u, 1722u)]
    [InlineData("NOHOST", "bob", 0u, 0u, 1722u)]
    [InlineData(null, "ghost", 0u, 0u, 2221u)]
    [InlineData(null, "CONTOSO\\WebEditors", 0u, 0u, 2221u)]
    [InlineData(null, "bob", 1u, 0u, 124u)]
    [InlineData(null, "bob", 0u, 2u, 87u)]
    public void LocalGroupsFailures(string? server, string user, uint level, uint flags, uint expected)
    {
        using var env = new TestEnv();
        Assert.Equal(expected, Groups(server, user, flags, level: level).Status);
    }

    [Fact]
    public void DomainUnreachable()
    {
        using var env = new TestEnv(edit: r => r["domain"]!["reachable"] = false);
        Assert.Equal(2453u, Groups(null, "CONTOSO\\alice", 1).Status);
    }

    [Fact]
    public void PreferredLengthTruncatesWithMoreData()
    {
        using var env = new TestEnv();
        var (st, names, total) = Groups(null, "bob", 0, pref: 30);
        Assert.Equal(234u, st);
        Assert.Single(names);
        Assert.Equal(2u, total);
        Assert.Equal(0, TestEnv.Outstanding("netApiBuffers"));
    }

    [Fact]
    public void BufferFreeMisuse()
    {
        using var env = new TestEnv();
        Assert.Equal(0u, Native.NetApiBufferFree(IntPtr.Zero));
        Assert.Equal(0u, Native.NetUserGetLocalGroups(null, "bob", 0, 0, out var buf, 0xFFFFFFFF, out _, out _));
        Assert.Equal(1, TestEnv.Outstanding("netApiBuffers"));
        Assert.NotEqual(0, Native.LsaFreeMemory(buf)); // not an LSA allocation
        Assert.Equal(0u, Native.NetApiBufferFree(buf));
        Assert.Equal(87u, Native.NetApiBufferFree(buf));
        var foreign = Marshal.AllocHGlobal(8);
        Assert.Equal(87u, Native.NetApiBufferFree(foreign));
        Marshal.FreeHGlobal(foreign);
        Assert.Equal(2, TestEnv.Misuse("foreignFree"));
        Assert.Equal(1, TestEnv.Misuse("doubleFree"));
        Assert.Equal(0, TestEnv.Outstanding("netApiBuffers"));
    }
}

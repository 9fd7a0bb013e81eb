using System.Runtime.InteropServices;
using Xunit;

namespace WinEmu.Tests;

/// <summary>
/// NetUserEnum [NUE] and NetLocalGroupEnum [NLGE] at level 0 (USER_INFO_0 / LOCALGROUP_INFO_0: one LPWSTR each), as
/// the README's NetApi section states them. Expected names are the default scenario's accounts in scenario order,
/// the implicit Administrator (README "Defaults") last.
/// </summary>
public class AccountEnumTests
{
    private const uint FilterNormalAccount = 2;

    private static List<string> Read(IntPtr buf, uint read)
    {
        var names = new List<string>();
        for (var i = 0; i < read; i++)
        {
            var p = Marshal.ReadIntPtr(buf, IntPtr.Size * i);
            Assert.True(p.ToInt64() >= buf.ToInt64() + IntPtr.Size * read, "the strings follow the array in the one allocation");
            names.Add(Marshal.PtrToStringUni(p)!);
        }
        return names;
    }

    private static List<string> Users(string? server, uint filter, out uint status, uint prefMax = 0xFFFFFFFF)
    {
        var list = new List<string>();
        uint resume = 0;
        while (true)
        {
            status = Native.NetUserEnum(server, 0, filter, out var buf, prefMax, out var read, out var total, ref resume);
            Assert.True(total >= read);
            list.AddRange(Read(buf, read));
            if (buf != IntPtr.Zero)
            {
                Assert.Equal(0u, Native.NetApiBufferFree(buf));
            }
            if (status != 234)
            {
                Assert.Equal(0u, resume);
                return list;
            }
            Assert.NotEqual(0u, resume);
        }
    }

    private static List<string> Groups(string? server, out uint status, uint prefMax = 0xFFFFFFFF)
    {
        var list = new List<string>();
        var resume = UIntPtr.Zero;
        while (true)
        {
            status = Native.NetLocalGroupEnum(server, 0, out var buf, prefMax, out var read, out var total, ref resume);
            Assert.True(total >= read);
            list.AddRange(Read(buf, read));
            if (buf != IntPtr.Zero)
            {
                Assert.Equal(0u, Native.NetApiBufferFree(buf));
            }
            if (status != 234)
            {
                Assert.Equal(UIntPtr.Zero, resume);
                return list;
            }
        }
    }

    [Fact]
    public void NetUserEnum_lists_the_computers_users_and_pages_with_the_resume_handle()
    {
        using var env = new TestEnv();
        Assert.Equal(new[] { "bob", "blank", "Administrator" }, Users(null, FilterNormalAccount, out var st));
        Assert.Equal(0u, st);
        Assert.Equal(new[] { "bob", "blank", "Administrator" }, Users(null, 0, out st)); // 0 = every kind of account
        Assert.Equal(0u, st);
        Assert.Empty(Users(null, 0x10, out st)); // FILTER_WORKSTATION_TRUST_ACCOUNT only: no scenario user is one
        Assert.Equal(0u, st);
        Assert.Equal(new[] { "bob", "blank", "Administrator" }, Users("\\\\web01", FilterNormalAccount, out st, 1)); // one entry per call
        Assert.Equal(0u, st);
        Assert.Equal(0, TestEnv.Outstanding("netApiBuffers"));
        Assert.Equal(6, TestEnv.Calls("NetUserEnum")); // 3 single calls, then 3 pages of one entry
    }

    [Fact]
    public void NetUserEnum_errors()
    {
        using var env = new TestEnv();
        uint resume = 0;
        Assert.Equal(124u, Native.NetUserEnum(null, 1, FilterNormalAccount, out var buf, 0xFFFFFFFF, out _, out _, ref resume));
        Assert.Equal(IntPtr.Zero, buf);
        Assert.Equal(87u, Native.NetUserEnum(null, 0, 0x4, out _, 0xFFFFFFFF, out _, out _, ref resume));
        Assert.Equal(1722u, Native.NetUserEnum("WEB02", 0, FilterNormalAccount, out _, 0xFFFFFFFF, out _, out _, ref resume));
        Assert.Equal(5u, Native.NetUserEnum("APP01", 0, FilterNormalAccount, out _, 0xFFFFFFFF, out _, out _, ref resume));
        Assert.Equal(0, TestEnv.Outstanding("netApiBuffers"));
    }

    [Fact]
    public void NetLocalGroupEnum_lists_the_computers_aliases_then_the_builtin_ones()
    {
        using var env = new TestEnv();
        // The computer's alias, then every BUILTIN alias in the README's well-known list order (all exist on Windows).
        var expected = new[]
        {
            "WebUsers", "Administrators", "Users", "Guests", "Power Users", "Account Operators", "Server Operators",
            "Print Operators", "Backup Operators", "Pre-Windows 2000 Compatible Access", "Remote Desktop Users",
            "Performance Log Users", "IIS_IUSRS",
        };
        Assert.Equal(expected, Groups(null, out var st));
        Assert.Equal(0u, st);
        Assert.Equal(expected, Groups("WEB01", out st, 1));
        Assert.Equal(0u, st);
        Assert.Equal(0, TestEnv.Outstanding("netApiBuffers"));
        Assert.Equal(1 + expected.Length, TestEnv.Calls("NetLocalGroupEnum")); // one, then one per entry
    }

    [Fact]
    public void NetLocalGroupEnum_errors()
    {
        using var env = new TestEnv();
        var resume = UIntPtr.Zero;
        Assert.Equal(124u, Native.NetLocalGroupEnum(null, 1, out var buf, 0xFFFFFFFF, out _, out _, ref resume));
        Assert.Equal(IntPtr.Zero, buf);
        Assert.Equal(1722u, Native.NetLocalGroupEnum("WEB02", 0, out _, 0xFFFFFFFF, out _, out _, ref resume));
        Assert.Equal(5u, Native.NetLocalGroupEnum("APP01", 0, out _, 0xFFFFFFFF, out _, out _, ref resume));
        Assert.Equal(0, TestEnv.Outstanding("netApiBuffers"));
    }
}

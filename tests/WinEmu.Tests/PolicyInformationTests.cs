using System.Runtime.InteropServices;
using Xunit;

namespace WinEmu.Tests;

/// <summary>LsaQueryInformationPolicy: classes 5 (account domain) and 3 (primary domain).</summary>
public class PolicyInformationTests
{
    private const int PrimaryDomain = 3;
    private const int AccountDomain = 5;

    private static (string Name, string? Sid) Read(IntPtr buffer)
    {
        // POLICY_ACCOUNT_DOMAIN_INFO and POLICY_PRIMARY_DOMAIN_INFO: LSA_UNICODE_STRING (16 bytes on x64), then a PSID.
        var sid = Marshal.ReadIntPtr(buffer, 16);
        return (Sid.ReadUs(buffer), sid == IntPtr.Zero ? null : Sid.Format(sid));
    }

    [Theory]
    [InlineData(null, AccountDomain, "WEB01", "S-1-5-21-11-22-33")]
    [InlineData(null, PrimaryDomain, "CONTOSO", "S-1-5-21-1000-2000-3000")]
    [InlineData("APP01", AccountDomain, "APP01", "S-1-5-21-44-55-66")]
    [InlineData("APP01", PrimaryDomain, "WORKGROUP", null)]
    public void Answers_the_account_and_the_primary_domain(string? system, int infoClass, string name, string? sid)
    {
        // APP01 is made a workgroup computer; WEB01 is joined to CONTOSO.
        using var env = new TestEnv(edit: r => r["computers"]![2]!["domainMember"] = false);
        var h = TestEnv.Open(0x801, system);
        try
        {
            Assert.Equal(0, Native.LsaQueryInformationPolicy(h, infoClass, out var buffer));
            try
            {
                Assert.Equal((name, sid), Read(buffer));
                Assert.Equal(1, TestEnv.Outstanding("lsaAllocations"));
            }
            finally
            {
                Assert.Equal(0, Native.LsaFreeMemory(buffer));
            }
        }
        finally
        {
            Native.LsaClose(h);
        }

        Assert.Equal(0, TestEnv.Outstanding("lsaAllocations"));
        Assert.Equal(1, TestEnv.Calls("LsaQueryInformationPolicy"));
    }

    [Fact]
    public void Other_classes_are_not_emulated()
    {
        using var env = new TestEnv();
        var h = TestEnv.Open(0x801);
        Assert.Equal(unchecked((int)0xC0000003), Native.LsaQueryInformationPolicy(h, 12, out var buffer));
        Assert.Equal(IntPtr.Zero, buffer);
        Assert.Equal(0, Native.LsaClose(h));
        Assert.Equal(0, TestEnv.Outstanding("lsaAllocations"));
    }

    [Fact]
    public void Needs_POLICY_VIEW_LOCAL_INFORMATION()
    {
        using var env = new TestEnv();
        var h = TestEnv.Open(0x800);
        Assert.Equal(unchecked((int)0xC0000022), Native.LsaQueryInformationPolicy(h, AccountDomain, out var buffer));
        Assert.Equal(IntPtr.Zero, buffer);
        Assert.Equal(1, TestEnv.Misuse("insufficientAccess"));
        Assert.Equal(0, Native.LsaClose(h));
    }

    [Fact]
    public void A_closed_handle_is_refused_and_counted()
    {
        using var env = new TestEnv();
        var h = TestEnv.Open(0x801);
        Assert.Equal(0, Native.LsaClose(h));
        Assert.Equal(unchecked((int)0xC0000008), Native.LsaQueryInformationPolicy(h, AccountDomain, out _));
        Assert.Equal(1, TestEnv.Misuse("invalidHandle"));
    }

    [Fact]
    public void Faults_apply()
    {
        using var env = new TestEnv(edit: r => TestEnv.Faults(r, new { function = "LsaQueryInformationPolicy", status = 0xC0000017, count = 1 }));
        var h = TestEnv.Open(0x801);
        Assert.Equal(unchecked((int)0xC0000017), Native.LsaQueryInformationPolicy(h, AccountDomain, out _));
        Assert.Equal(0, Native.LsaQueryInformationPolicy(h, AccountDomain, out var buffer));
        Assert.Equal(0, Native.LsaFreeMemory(buffer));
        Assert.Equal(0, Native.LsaClose(h));
    }
}

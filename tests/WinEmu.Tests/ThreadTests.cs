using Xunit;

namespace WinEmu.Tests;

public class ThreadTests
{
    [Fact]
    public void ParallelCallersShareOneConsistentState()
    {
        using var env = new TestEnv();
        var before = TestEnv.AllOutstanding();
        Parallel.For(0, 8, i =>
        {
            for (var k = 0; k < 10; k++)
            {
                Assert.Equal(0, TestEnv.LogonError("alice", "CONTOSO", "P@ss-1", 2));
                var h = TestEnv.Open();
                Assert.Equal(0, TestEnv.Add(h, "S-1-5-21-5-5-5-" + (i * 100 + k), "SeTcbPrivilege"));
                Assert.Equal(0, Native.LsaClose(h));
            }
        });
        var p = TestEnv.Open();
        Assert.Equal(80, TestEnv.Holders(p, "SeTcbPrivilege", out _).Count);
        Native.LsaClose(p);
        Assert.Equal(before, TestEnv.AllOutstanding());
        Assert.Equal(0, TestEnv.Misuse("invalidHandle"));
    }
}

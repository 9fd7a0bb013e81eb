using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace WinEmu.Tests;

/// <summary>A temp folder with a seeded state (one per test).</summary>
public sealed class TestEnv : IDisposable
{
    public const string DefaultScenario = """
    {
     "localComputer": "WEB01",
     "domain": {"name": "CONTOSO", "dnsName": "contoso.com", "sid": "S-1-5-21-1000-2000-3000", "reachable": true, "lockoutThreshold": 0,
                "accounts": [ {"name":"alice","type":"user","rid":1105,"password":"P@ss-1","upn":"alice@contoso.com"},
                              {"name":"carol","type":"user","rid":1106,"password":"Carol-Secret-77"},
                              {"name":"dave","type":"user","rid":1107,"password":"d","disabled":true},
                              {"name":"WebEditors","type":"group","rid":1200,"members":["CONTOSO\\alice"]},
                              {"name":"Nested","type":"group","rid":1201,"members":["CONTOSO\\WebEditors"]} ]},
     "computers": [
       {"name":"WEB01","reachable":true,"callerIsAdmin":true,"sid":"S-1-5-21-11-22-33","domainMember":true,"role":"memberServer",
        "accounts":[ {"name":"bob","type":"user","rid":1001,"password":"x"},
                     {"name":"blank","type":"user","rid":1003,"password":""},
                     {"name":"WebUsers","type":"alias","rid":1002,"members":["WEB01\\bob","CONTOSO\\Nested"]} ],
        "builtin": {"Users":["CONTOSO\\Domain Users","WEB01\\bob","WEB01\\blank"], "Administrators":["WEB01\\Administrator"]},
        "rights": {"SeInteractiveLogonRight":["BUILTIN\\Administrators","S-1-5-32-545"],
                   "SeNetworkLogonRight":["Everyone"],
                   "SeBatchLogonRight":["WEB01\\WebUsers"],
                   "SeDenyNetworkLogonRight":["CONTOSO\\carol"],
                   "SeServiceLogonRight":["NT AUTHORITY\\SERVICE"]}},
       {"name":"WEB02","reachable":false},
       {"name":"APP01","reachable":true,"callerIsAdmin":false,"sid":"S-1-5-21-44-55-66",
        "accounts":[ {"name":"svc","type":"user","rid":1010,"password":"s"} ]}
     ]
    }
    """;

    public string Dir { get; }
    public string StatePath => Path.Combine(Dir, "state.json");
    public string ScenarioPath => Path.Combine(Dir, "scenario.json");
    public string LogPath => Path.Combine(Dir, "calls.log");

    public TestEnv(string? scenario = null, Action<JsonObject>? edit = null)
    {
        Dir = Path.Combine(Path.GetTempPath(), "winemu-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
        var node = JsonNode.Parse(scenario ?? DefaultScenario)!.AsObject();
        edit?.Invoke(node);
        File.WriteAllText(ScenarioPath, node.ToJsonString());
        Emulator.Seed(ScenarioPath, StatePath);
        Emulator.SetLog(LogPath);
        Emulator.ResetStats();
    }

    public void Dispose()
    {
        Emulator.SetLog(null);
        try
        {
            Directory.Delete(Dir, true);
        }
        catch (IOException)
        {
        }
    }

    public static JsonObject Faults(JsonObject root, params object[] faults)
    {
        root["faults"] = JsonSerializer.SerializeToNode(faults);
        return root;
    }

    public JsonObject State() => JsonNode.Parse(File.ReadAllText(StatePath))!.AsObject();

    // ---- stats ----
    public static JsonDocument Stats() => JsonDocument.Parse(Emulator.StatsJson());

    public static long Misuse(string name)
    {
        using var d = Stats();
        return d.RootElement.GetProperty("misuse").TryGetProperty(name, out var v) ? v.GetInt64() : 0;
    }

    public static long Calls(string name)
    {
        using var d = Stats();
        return d.RootElement.GetProperty("calls").TryGetProperty(name, out var v) ? v.GetInt64() : 0;
    }

    public static long Outstanding(string name)
    {
        using var d = Stats();
        return d.RootElement.GetProperty("outstanding").GetProperty(name).GetInt64();
    }

    public static Dictionary<string, long> AllOutstanding()
    {
        using var d = Stats();
        return d.RootElement.GetProperty("outstanding").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
    }

    // ---- helpers around the API ----
    public static IntPtr Open(uint access = 0x811, string? system = null)
    {
        var st = OpenStatus(access, system, out var h);
        Assert.Equal(0, st);
        return h;
    }

    public static int OpenStatus(uint access, string? system, out IntPtr h)
    {
        using var u = new UStrings();
        var oa = u.Zeroed(48);
        var sys = system is null ? IntPtr.Zero : u.Pointer(u.Make(system));
        return Native.LsaOpenPolicy(sys, oa, access, out h);
    }

    public static (int Result, int Error, IntPtr Token) Logon(string user, string? domain, string? password, int type, int provider = 0)
    {
        var ok = Native.LogonUserW(user, domain, password, type, provider, out var token);
        var err = Marshal.GetLastPInvokeError();
        return (ok, err, token);
    }

    public static int LogonError(string user, string? domain, string? password, int type)
    {
        var (ok, err, token) = Logon(user, domain, password, type);
        if (ok != 0)
        {
            Assert.Equal(1, Native.CloseHandle(token));
            return 0;
        }
        Assert.Equal(IntPtr.Zero, token);
        return err;
    }

    public static List<string> EnumRights(IntPtr h, string sid, out int status)
    {
        status = Native.LsaEnumerateAccountRights(h, Sid.Parse(sid), out var buf, out var count);
        var list = new List<string>();
        if (status == 0)
        {
            for (var i = 0; i < count; i++)
            {
                list.Add(Sid.ReadUs(buf + 16 * i));
            }
            Assert.Equal(0, Native.LsaFreeMemory(buf));
        }
        else
        {
            Assert.Equal(IntPtr.Zero, buf);
        }
        return list;
    }

    public static int Add(IntPtr h, string sid, params string[] rights)
    {
        using var u = new UStrings(rights);
        return Native.LsaAddAccountRights(h, Sid.Parse(sid), u.Items, (uint)rights.Length);
    }

    public static int Remove(IntPtr h, string sid, params string[] rights)
    {
        using var u = new UStrings(rights);
        return Native.LsaRemoveAccountRights(h, Sid.Parse(sid), false, u.Items, (uint)rights.Length);
    }

    public static List<string> Holders(IntPtr h, string right, out int status)
    {
        using var u = new UStrings(right);
        status = Native.LsaEnumerateAccountsWithUserRight(h, u.Items, out var buf, out var count);
        var list = new List<string>();
        if (buf != IntPtr.Zero)
        {
            for (var i = 0; i < count; i++)
            {
                list.Add(Sid.Format(Marshal.ReadIntPtr(buf, 8 * i)));
            }
            Assert.Equal(0, Native.LsaFreeMemory(buf));
        }
        return list;
    }

    public static string? FindTool(string name)
    {
        var paths = (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return paths.Select(p => Path.Combine(p, name)).FirstOrDefault(File.Exists);
    }

    public static (int Exit, string Out) RunCli(params string[] args)
    {
        var cli = FindTool("winemu-cli") ?? throw new InvalidOperationException("winemu-cli not found on LD_LIBRARY_PATH");
        var psi = new ProcessStartInfo(cli) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, o.Trim());
    }

    public static Process StartCli(params string[] args)
    {
        var cli = FindTool("winemu-cli") ?? throw new InvalidOperationException("winemu-cli not found on LD_LIBRARY_PATH");
        var psi = new ProcessStartInfo(cli) { RedirectStandardOutput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        return Process.Start(psi)!;
    }
}

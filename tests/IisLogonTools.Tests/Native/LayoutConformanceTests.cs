using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using IisLogonTools.Native;
using Xunit;

namespace IisLogonTools.Tests.Native;

/// <summary>
/// The managed interop structs must have the Windows SDK's sizes and field offsets. The Windows headers, as
/// Debian's mingw-w64 cross compiler ships them, are the reference: this test writes the managed layout as
/// _Static_asserts and compiles them against those headers, so a layout mistake fails the build (x64).
/// </summary>
public class LayoutConformanceTests
{
    private const string Compiler = "x86_64-w64-mingw32-gcc";

    private static readonly Type[] Structs =
    {
        typeof(LSA_UNICODE_STRING), typeof(LSA_OBJECT_ATTRIBUTES), typeof(LSA_ENUMERATION_INFORMATION),
        typeof(LSA_TRANSLATED_SID2), typeof(LSA_TRANSLATED_NAME), typeof(LSA_TRUST_INFORMATION),
        typeof(LSA_REFERENCED_DOMAIN_LIST), typeof(POLICY_ACCOUNT_DOMAIN_INFO), typeof(POLICY_PRIMARY_DOMAIN_INFO), typeof(SID_AND_ATTRIBUTES),
        typeof(TOKEN_GROUPS), typeof(LUID), typeof(LOCALGROUP_MEMBERS_INFO_0), typeof(USER_INFO_0), typeof(LOCALGROUP_INFO_0),
        typeof(USER_INFO_4), typeof(DOMAIN_CONTROLLER_INFOW), typeof(USER_MODALS_INFO_3),
    };

    [SkippableFact]
    public void Managed_structs_match_the_Windows_SDK_headers()
    {
        Skip.If(OperatingSystem.IsWindows(), "The layout check compiles with mingw-w64 on Linux; Windows runs the real APIs instead.");
        Assert.True(Environment.Is64BitProcess, "The check compares x64 layouts.");

        var source = BuildAssertions();
        var dir = Directory.CreateTempSubdirectory("iislt-layout-");
        try
        {
            var file = Path.Combine(dir.FullName, "layout.c");
            File.WriteAllText(file, source);
            var (exit, output) = Run(Compiler, $"-std=c11 -fsyntax-only -Werror \"{file}\"");
            Assert.True(exit == 0, $"{Compiler} rejected the managed layouts:\n{output}\n--- generated ---\n{source}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public void A_wrong_layout_is_caught()
    {
        // The check itself must be able to fail: the same compile with a deliberately wrong size.
        Skip.If(OperatingSystem.IsWindows(), "Linux-only check, see above.");
        var dir = Directory.CreateTempSubdirectory("iislt-layout-");
        try
        {
            var file = Path.Combine(dir.FullName, "wrong.c");
            File.WriteAllText(file, Header + "_Static_assert(sizeof(LSA_UNICODE_STRING) == 12, \"wrong on purpose\");\n");
            var (exit, output) = Run(Compiler, $"-std=c11 -fsyntax-only \"{file}\"");
            Assert.NotEqual(0, exit);
            Assert.Contains("wrong on purpose", output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private const string Header = "#define WIN32_LEAN_AND_MEAN\n#include <windows.h>\n#include <ntsecapi.h>\n#include <authz.h>\n#include <lm.h>\n#include <dsgetdc.h>\n#include <stddef.h>\n";

    private static string BuildAssertions()
    {
        var sb = new StringBuilder(Header);
        foreach (var type in Structs)
        {
            var name = type.Name;
            sb.Append(FormattableString.Invariant($"_Static_assert(sizeof({name}) == {Marshal.SizeOf(type)}, \"sizeof({name}): managed {Marshal.SizeOf(type)}\");\n"));
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                var offset = Marshal.OffsetOf(type, field.Name).ToInt64();
                sb.Append(FormattableString.Invariant($"_Static_assert(offsetof({name}, {field.Name}) == {offset}, \"offsetof({name}, {field.Name}): managed {offset}\");\n"));
            }
        }

        return sb.ToString();
    }

    private static (int Exit, string Output) Run(string file, string arguments)
    {
        var psi = new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}

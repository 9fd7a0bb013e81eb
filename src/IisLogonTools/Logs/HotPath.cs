using System.Runtime.CompilerServices;

namespace IisLogonTools.Logs;

/// <summary>The method options of the log scan's per-line code.</summary>
internal static class HotPath
{
    /// <summary>
    /// <c>MethodImplOptions.AggressiveOptimization</c> (.NET Core 3.0+; not in netstandard2.0's enum, ignored by .NET
    /// Framework): the method is compiled fully optimised at its first call. Without it, a method starts as unoptimised
    /// tier-0 code and is recompiled only after the runtime's tiering delay, which in a PowerShell process that is still
    /// compiling its own start-up code lasted seconds and doubled the CPU time of a whole 1 GB scan. Every method a
    /// log line passes through carries it, not only the scan loop.
    /// </summary>
    internal const MethodImplOptions Options = (MethodImplOptions)512;
}

using Microsoft.Win32.SafeHandles;

namespace IisLogonTools.Native;

/// <summary>An LSA policy handle, closed with LsaClose.</summary>
internal sealed class SafeLsaPolicyHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeLsaPolicyHandle()
        : base(true)
    {
    }

    protected override bool ReleaseHandle() => Advapi32.LsaClose(handle) == 0;
}

/// <summary>A buffer LSA allocated, freed with LsaFreeMemory (also after STATUS_SOME_NOT_MAPPED / NONE_MAPPED).</summary>
internal sealed class SafeLsaMemoryHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeLsaMemoryHandle()
        : base(true)
    {
    }

    protected override bool ReleaseHandle() => Advapi32.LsaFreeMemory(handle) == 0;
}

/// <summary>A logon token from LogonUserW, closed with CloseHandle.</summary>
internal sealed class SafeTokenHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeTokenHandle()
        : base(true)
    {
    }

    protected override bool ReleaseHandle() => Kernel32.CloseHandle(handle);
}

/// <summary>An AuthZ resource manager.</summary>
internal sealed class SafeAuthzResourceManagerHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeAuthzResourceManagerHandle()
        : base(true)
    {
    }

    protected override bool ReleaseHandle() => Authz.AuthzFreeResourceManager(handle);
}

/// <summary>An AuthZ client context.</summary>
internal sealed class SafeAuthzContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeAuthzContextHandle()
        : base(true)
    {
    }

    protected override bool ReleaseHandle() => Authz.AuthzFreeContext(handle);
}

/// <summary>A buffer NetApi allocated, freed with NetApiBufferFree.</summary>
internal sealed class SafeNetApiBufferHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeNetApiBufferHandle()
        : base(true)
    {
    }

    protected override bool ReleaseHandle() => Netapi32.NetApiBufferFree(handle) == 0;
}

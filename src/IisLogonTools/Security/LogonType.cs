namespace IisLogonTools.Security;

/// <summary>
/// The logon types of <c>LogonUserW</c> (LOGON32_LOGON_*) that a web server can use.
/// The numeric values are the Win32 values and are passed to the API unchanged.
/// </summary>
public enum LogonType
{
    /// <summary>LOGON32_LOGON_INTERACTIVE (2): needs "Allow log on locally" (IIS 5 Basic authentication default).</summary>
    Interactive = 2,

    /// <summary>LOGON32_LOGON_NETWORK (3): needs "Access this computer from the network".</summary>
    Network = 3,

    /// <summary>LOGON32_LOGON_BATCH (4): needs "Log on as a batch job".</summary>
    Batch = 4,

    /// <summary>LOGON32_LOGON_SERVICE (5): needs "Log on as a service".</summary>
    Service = 5,

    /// <summary>LOGON32_LOGON_NETWORK_CLEARTEXT (8): IIS 6 and later Basic authentication default ("ClearText").</summary>
    NetworkCleartext = 8,
}

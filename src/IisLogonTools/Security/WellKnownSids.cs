namespace IisLogonTools.Security;

/// <summary>The well-known SIDs the rights evaluation needs (Microsoft "Well-known SIDs").</summary>
public static class WellKnownSids
{
    /// <summary>Everyone (S-1-1-0): in every logon token.</summary>
    public static readonly Sid Everyone = Sid.Parse("S-1-1-0");

    /// <summary>NT AUTHORITY\Authenticated Users (S-1-5-11): in every authenticated logon token.</summary>
    public static readonly Sid AuthenticatedUsers = Sid.Parse("S-1-5-11");

    /// <summary>NT AUTHORITY\This Organization (S-1-5-15): in tokens of domain accounts.</summary>
    public static readonly Sid ThisOrganization = Sid.Parse("S-1-5-15");

    /// <summary>NT AUTHORITY\NETWORK (S-1-5-2): network and network-cleartext logons.</summary>
    public static readonly Sid Network = Sid.Parse("S-1-5-2");

    /// <summary>NT AUTHORITY\BATCH (S-1-5-3): batch logons.</summary>
    public static readonly Sid Batch = Sid.Parse("S-1-5-3");

    /// <summary>NT AUTHORITY\INTERACTIVE (S-1-5-4): interactive logons.</summary>
    public static readonly Sid Interactive = Sid.Parse("S-1-5-4");

    /// <summary>NT AUTHORITY\SERVICE (S-1-5-6): service logons.</summary>
    public static readonly Sid Service = Sid.Parse("S-1-5-6");

    /// <summary>NT AUTHORITY\REMOTE INTERACTIVE LOGON (S-1-5-14): Remote Desktop logons.</summary>
    public static readonly Sid RemoteInteractive = Sid.Parse("S-1-5-14");
}

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

    /// <summary>LOCAL (S-1-2-0): logons at the computer itself.</summary>
    public static readonly Sid Local = Sid.Parse("S-1-2-0");

    /// <summary>NT AUTHORITY\SYSTEM (S-1-5-18), the LocalSystem account.</summary>
    public static readonly Sid LocalSystem = Sid.Parse("S-1-5-18");

    /// <summary>NT AUTHORITY\LOCAL SERVICE (S-1-5-19).</summary>
    public static readonly Sid LocalService = Sid.Parse("S-1-5-19");

    /// <summary>NT AUTHORITY\NETWORK SERVICE (S-1-5-20).</summary>
    public static readonly Sid NetworkService = Sid.Parse("S-1-5-20");

    /// <summary>NT AUTHORITY\Local account (S-1-5-113, WinLocalAccountSid): in every local account's token.</summary>
    public static readonly Sid LocalAccount = Sid.Parse("S-1-5-113");

    /// <summary>NT AUTHORITY\Local account and member of Administrators group (S-1-5-114, WinLocalAccountAndAdministratorSid).</summary>
    public static readonly Sid LocalAccountAndAdministrator = Sid.Parse("S-1-5-114");

    /// <summary>BUILTIN\Administrators (S-1-5-32-544).</summary>
    public static readonly Sid Administrators = Sid.Parse("S-1-5-32-544");

    /// <summary>BUILTIN\IIS_IUSRS (S-1-5-32-568).</summary>
    public static readonly Sid IisUsers = Sid.Parse("S-1-5-32-568");
}

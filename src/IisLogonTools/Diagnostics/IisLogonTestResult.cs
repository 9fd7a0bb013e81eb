using IisLogonTools.Rights;
using IisLogonTools.Security;

namespace IisLogonTools.Diagnostics;

/// <summary>Where the logon type of a test came from.</summary>
public enum LogonTypeSource
{
    /// <summary>The -LogonType parameter.</summary>
    Parameter,

    /// <summary>basicAuthentication logonMethod in applicationHost.config.</summary>
    IisConfiguration,

    /// <summary>No IIS configuration was found: IIS's own default, ClearText (network cleartext).</summary>
    IisDefault,
}

/// <summary>The outcome of one Test-IisLogon attempt, with the diagnosis and the fix.</summary>
public sealed class IisLogonTestResult
{
    /// <summary>The account as passed to LogonUser: DOMAIN\user, or the UPN.</summary>
    public string Account { get; set; } = string.Empty;

    /// <summary>The user name part passed to LogonUser.</summary>
    public string UserName { get; set; } = string.Empty;

    /// <summary>The domain passed to LogonUser, or null (UPN, or no domain given and no defaultLogonDomain).</summary>
    public string? Domain { get; set; }

    /// <summary>The LogonUser logon type used.</summary>
    public LogonType LogonType { get; set; }

    /// <summary>Where the logon type came from.</summary>
    public LogonTypeSource LogonTypeSource { get; set; }

    /// <summary>The configuration detail behind the logon type (file and location), or why none was used.</summary>
    public string? LogonTypeDetail { get; set; }

    /// <summary>Whether the logon succeeded (IIS would accept these credentials); null when no logon was tried (-Identity).</summary>
    public bool? Succeeded { get; set; }

    /// <summary>The Win32 error LogonUser reported (0 on success).</summary>
    public int Win32Error { get; set; }

    /// <summary>The symbolic name of the error, for example ERROR_LOGON_TYPE_NOT_GRANTED.</summary>
    public string ErrorName { get; set; } = string.Empty;

    /// <summary>The cause, for example BadCredentials or LogonTypeNotGranted.</summary>
    public LogonFailureReason Reason { get; set; }

    /// <summary>The HTTP status IIS returns for this failure (401.1), or null on success.</summary>
    public string? HttpStatus { get; set; }

    /// <summary>What happened, in plain words.</summary>
    public string Explanation { get; set; } = string.Empty;

    /// <summary>What to do next, with the exact command where there is one.</summary>
    public string Remediation { get; set; } = string.Empty;

    /// <summary>The logon right this logon type needs, for example SeNetworkLogonRight.</summary>
    public string RequiredRight { get; set; } = string.Empty;

    /// <summary>For a logon type not granted: the account's standing for that right (which deny or missing allow is the cause).</summary>
    public LogonRightStatus? RightsAnalysis { get; set; }

    /// <summary>Why the rights analysis is missing, when it is.</summary>
    public string? RightsAnalysisNote { get; set; }

    /// <summary>With -Identity: the account's stored state as read without a logon (NetUserGetInfo).</summary>
    public AccountStateData? AccountState { get; set; }

    /// <summary>With -Identity: every cause found that blocks the logon, the one Windows reports first at the top.</summary>
    public string[] BlockingCauses { get; set; } = System.Array.Empty<string>();

    /// <summary>With -Identity and a site's logs: the account's failed logons in them.</summary>
    public LogonEvidence? LogEvidence { get; set; }
}

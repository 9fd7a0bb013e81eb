using System;
using IisLogonTools.Diagnostics;

namespace IisLogonTools.Logs;

/// <summary>
/// The 401 lines of one account and <c>sc-win32-status</c> in IIS logs, with what the code means.
/// Made of strings, numbers, enums and dates only, so it survives remoting and jobs. Its
/// <see cref="Identity"/> and <see cref="LogonType"/> bind to Get-LogonRight, Grant-LogonRight and Revoke-LogonRight by
/// property name, so a pipeline checks or changes exactly the right the failed logons needed (<see cref="RequiredRight"/>).
/// Names are strings and arrays have "; "-joined companions, so ConvertTo-Json and Export-Csv keep the why.
/// </summary>
public sealed class IisLogonFailure
{
    /// <summary>The account as logged in <c>cs-username</c> (for example <c>CONTOSO\alice</c>), or <c>-</c> for anonymous requests.</summary>
    public string Identity { get; set; } = "-";

    /// <summary>Whether the lines had no user name: anonymous requests, normally the challenge before a logon.</summary>
    public bool IsAnonymous { get; set; }

    /// <summary>The <c>sc-win32-status</c> as logged: a Win32 error, or an SSPI status such as 2148074252 (0x8009030C).</summary>
    public long Win32Status { get; set; }

    /// <summary>The symbolic name of the code, such as <c>ERROR_LOGON_TYPE_NOT_GRANTED</c> or <c>SEC_E_LOGON_DENIED</c>.</summary>
    public string ErrorName { get; set; } = string.Empty;

    /// <summary>The cause in admin terms, as a <see cref="LogonFailureReason"/> name: the same mapping Test-IisLogon uses.</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>
    /// The logon type these logons used: for Basic authentication the site's logonMethod as a LogonUser type (NetworkCleartext
    /// by default), for Integrated authentication Network.
    /// </summary>
    public string LogonType { get; set; } = string.Empty;

    /// <summary>The logon right that logon type needs, for example SeNetworkLogonRight.</summary>
    public string RequiredRight { get; set; } = string.Empty;

    /// <summary>Whether the code is an actual logon failure (not the normal challenge).</summary>
    public bool IsFailure { get; set; }

    /// <summary>Basic (a Win32 logon error) or Integrated (an SSPI status of NTLM or Negotiate).</summary>
    public string Authentication { get; set; } = string.Empty;

    /// <summary>What happened, in plain words.</summary>
    public string Explanation { get; set; } = string.Empty;

    /// <summary>The next step, with the exact command where there is one.</summary>
    public string Remediation { get; set; } = string.Empty;

    /// <summary>The first step of <see cref="Remediation"/>, short enough for the default table.</summary>
    public string Fix { get; set; } = string.Empty;

    /// <summary>The HTTP status and substatus of the lines, such as <c>401.1</c>.</summary>
    public string HttpStatus { get; set; } = string.Empty;

    /// <summary>How many lines.</summary>
    public long Count { get; set; }

    /// <summary>The first line's time (UTC), or <see langword="null"/> when the log has no date and time fields.</summary>
    public DateTime? FirstSeen { get; set; }

    /// <summary>The last line's time (UTC), or <see langword="null"/>.</summary>
    public DateTime? LastSeen { get; set; }

    /// <summary>The most frequent client addresses (<c>c-ip</c>), most frequent first.</summary>
    public string[] ClientIPs { get; set; } = [];

    /// <summary>How many distinct client addresses the lines came from, counted up to the number the scan keeps per result (100).</summary>
    public int DistinctClientIPs { get; set; }

    /// <summary>Whether the lines came from more distinct client addresses than the scan keeps; <see cref="ClientIPs"/> then ranks the first 100 seen.</summary>
    public bool ClientIPsTruncated { get; set; }

    /// <summary>The most frequent URIs (<c>cs-uri-stem</c>), most frequent first.</summary>
    public string[] Uris { get; set; } = [];

    /// <summary><see cref="ClientIPs"/> joined with "; ", for Export-Csv.</summary>
    public string ClientIPsText => string.Join("; ", ClientIPs);

    /// <summary><see cref="Uris"/> joined with "; ", for Export-Csv.</summary>
    public string UrisText => string.Join("; ", Uris);

    /// <summary>
    /// The cs-username forms folded into <see cref="Identity"/> (for example <c>alice</c>, <c>alice@contoso.com</c> and
    /// <c>CONTOSO\alice</c> when they are one account), as logged.
    /// </summary>
    public string[] LoggedAs { get; set; } = [];

    /// <summary>How many distinct URIs the lines asked for, counted up to the number the scan keeps per result (100).</summary>
    public int DistinctUris { get; set; }

    /// <summary>Whether the lines asked for more distinct URIs than the scan keeps; <see cref="Uris"/> then ranks the first 100 seen.</summary>
    public bool UrisTruncated { get; set; }

    /// <summary>How many of the lines came from the server's own address (c-ip equal to s-ip, or loopback).</summary>
    public long FromServerItself { get; set; }

    /// <summary>How many log files held these lines.</summary>
    public int LogFiles { get; set; }

    /// <summary>The site whose logs were read, when -Site was used.</summary>
    public string? Site { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"{Identity} {ErrorName} x{Count}";
}

using IisLogonTools.Security;

namespace IisLogonTools.Diagnostics;

/// <summary>
/// What a LogonUser error means for an IIS logon and the next step to fix it. Immutable and made of
/// strings, numbers and enums only, so it survives remoting and jobs.
/// </summary>
public sealed class LogonDiagnosis
{
    internal LogonDiagnosis(
        int win32Error,
        string errorName,
        LogonFailureReason reason,
        string? httpStatus,
        string accountName,
        LogonType logonType,
        string explanation,
        string remediation)
    {
        Win32Error = win32Error;
        ErrorName = errorName;
        Reason = reason;
        HttpStatus = httpStatus;
        AccountName = accountName;
        LogonType = logonType;
        Explanation = explanation;
        Remediation = remediation;
    }

    /// <summary>The Win32 error LogonUser returned (0 for success); IIS logs it as <c>sc-win32-status</c>.</summary>
    public int Win32Error { get; }

    /// <summary>The symbolic name, such as <c>ERROR_LOGON_TYPE_NOT_GRANTED</c>.</summary>
    public string ErrorName { get; }

    /// <summary>The cause in admin terms.</summary>
    public LogonFailureReason Reason { get; }

    /// <summary>The HTTP status and substatus IIS answers with (<c>401.1</c> for every failed logon), or <see langword="null"/> on success.</summary>
    public string? HttpStatus { get; }

    /// <summary>The account as it was tried, for example <c>CONTOSO\alice</c>.</summary>
    public string AccountName { get; }

    /// <summary>The logon type that was tried.</summary>
    public LogonType LogonType { get; }

    /// <summary>What happened, in plain words.</summary>
    public string Explanation { get; }

    /// <summary>The next step, with the exact command where there is one.</summary>
    public string Remediation { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{ErrorName} ({Win32Error}): {Explanation}";
}

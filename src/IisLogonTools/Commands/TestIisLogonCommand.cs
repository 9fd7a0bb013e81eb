using System;
using System.Management.Automation;
using IisLogonTools.Diagnostics;
using IisLogonTools.Iis;
using IisLogonTools.Native;
using IisLogonTools.Rights;
using IisLogonTools.Security;

namespace IisLogonTools.Commands;

/// <summary>
/// <para type="synopsis">Logs on with the logon type IIS uses, and says why a logon fails (HTTP 401.1) and what fixes it.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "IisLogon", DefaultParameterSetName = IdentitySet)]
[OutputType(typeof(IisLogonTestResult), typeof(bool))]
public sealed partial class TestIisLogonCommand : PSCmdlet
{
    private const string CredentialSet = "Credential";
    private IisAuthenticationSettings? _settings;
    private LogonType _logonType;
    private LogonTypeSource _source;
    private string? _detail;

    /// <summary>
    /// <para type="description">The user name and password to test, exactly as a browser would send them with Basic authentication. A user name given here (by name or position) prompts for the password; piped text goes to -Identity instead and never prompts.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = CredentialSet)]
    [CredentialTransformation]
    [ValidateNotNull]
    public PSCredential Credential { get; set; } = PSCredential.Empty;

    /// <summary>
    /// <para type="description">The logon type to use instead of the one IIS is configured with.</para>
    /// </summary>
    [Parameter]
    [LogonTypeTransformation]
    public LogonType LogonType { get; set; }

    /// <summary>
    /// <para type="description">The applicationHost.config to read. Default: %windir%\System32\inetsrv\config\applicationHost.config.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConfigurationPath { get; set; }

    /// <summary>
    /// <para type="description">The IIS site whose Basic authentication settings apply. With -Identity, the site's logs are also read for the account's failed logons; the Site property of piped Get-IisLogonFailure results binds here.</para>
    /// </summary>
    [Parameter(ParameterSetName = CredentialSet)]
    [Parameter(ParameterSetName = IdentitySet, ValueFromPipelineByPropertyName = true)]
    [SiteNameValidation]
    public string? Site { get; set; }

    /// <summary>
    /// <para type="description">The path below the site (application or folder) whose settings apply, for example /app/reports.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>
    /// <para type="description">Return only $true or $false for each credential.</para>
    /// </summary>
    [Parameter(ParameterSetName = CredentialSet)]
    public SwitchParameter Quiet { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (Path is not null && Site is null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-Path is a path inside an IIS site (for example /app/reports); give the site with -Site too."),
                "PathNeedsSite",
                ErrorCategory.InvalidArgument,
                Path));
        }

        var path = ConfigurationPath is null ? ApplicationHostConfig.GetDefaultPath() : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ConfigurationPath);
        var haveConfig = path is not null && (ConfigurationPath is not null || Site is not null || System.IO.File.Exists(path));
        if (haveConfig)
        {
            try
            {
                _settings = ApplicationHostConfig.Load(path!).ResolveBasicAuthentication(Site, Path);
            }
            catch (Exception e) when (ErrorRecords.IsIisConfigurationError(e))
            {
                ThrowTerminatingError(ErrorRecords.IisConfiguration(e, path, Site));
            }
        }
        else if (Site is not null || Path is not null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new IisConfigurationFileNotFoundException($"-Site and -Path need IIS's applicationHost.config, and there is none on this computer. Give its location with -ConfigurationPath."),
                "IisConfigurationNotFound",
                ErrorCategory.ObjectNotFound,
                Site ?? Path));
        }

        if (MyInvocation.BoundParameters.ContainsKey(nameof(LogonType)))
        {
            _logonType = LogonType;
            _source = LogonTypeSource.Parameter;
            _detail = "-LogonType";
        }
        else if (_settings is not null)
        {
            _logonType = _settings.LogonType;
            _source = LogonTypeSource.IisConfiguration;
            _detail = $"basicAuthentication logonMethod {_settings.LogonMethod} ({_settings.Source}) in {_settings.ConfigurationFile}";
            if (!_settings.Enabled)
            {
                WriteWarning($"Basic authentication is not enabled for {(Site is null ? "the server" : $"site '{Site}'")} in {_settings.ConfigurationFile} ({_settings.EnabledSource}); IIS would not perform this logon for Basic requests there.");
            }
        }
        else
        {
            _logonType = IisLogonMethodExtensions.SchemaDefault.ToLogonType();
            _source = LogonTypeSource.IisDefault;
            _detail = path is null
                ? "No IIS configuration on this computer: using IIS's default logonMethod ClearText."
                : $"No applicationHost.config at {path}: using IIS's default logonMethod ClearText.";
            WriteVerbose(_detail);
        }
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == IdentitySet)
        {
            ProcessIdentity();
            return;
        }

        var typed = Credential.UserName ?? string.Empty;
        string userName;
        string? domain;
        try
        {
            (userName, domain) = IisUserName.Split(typed, _settings?.DefaultLogonDomain);
        }
        catch (InvalidIisUserNameException e)
        {
            WriteError(new ErrorRecord(e, "InvalidUserName", ErrorCategory.InvalidArgument, typed));
            return;
        }

        var account = domain is null ? userName : domain + "\\" + userName;
        WriteVerbose($"LogonUser for {account}, logon type {_logonType} ({LogonTypeName.ToLogon32Name(_logonType)}), from {_detail}. One attempt: a failed attempt counts toward the account lockout threshold.");
        int error;
        try
        {
            error = LogonUserCall.TryLogon(userName, domain, Credential.Password, _logonType);
        }
        catch (Exception e) when (ErrorRecords.IsMissingWindows(e))
        {
            ThrowTerminatingError(ErrorRecords.WindowsRequired(e));
            return;
        }

        var diagnosis = _source == LogonTypeSource.IisConfiguration && _settings is not null
            ? LogonDiagnostics.Diagnose(error, account, _settings)
            : LogonDiagnostics.Diagnose(error, account, _logonType);

        if (Quiet)
        {
            WriteObject(error == 0);
            return;
        }

        var rightType = LogonRights.ForLogonType(_logonType);
        var result = new IisLogonTestResult
        {
            Account = account,
            UserName = userName,
            Domain = domain,
            LogonType = _logonType,
            LogonTypeSource = _source,
            LogonTypeDetail = _detail,
            Succeeded = error == 0,
            Win32Error = error,
            ErrorName = diagnosis.ErrorName,
            Reason = diagnosis.Reason,
            HttpStatus = diagnosis.HttpStatus,
            Explanation = diagnosis.Explanation,
            Remediation = diagnosis.Remediation,
            RequiredRight = LogonRights.RightName(rightType, RightAssignmentKind.Allow),
        };

        if (diagnosis.Reason == LogonFailureReason.LogonTypeNotGranted)
        {
            AnalyseRights(result, account, rightType);
        }

        WriteObject(result);
    }

    private void AnalyseRights(IisLogonTestResult result, string account, LogonRightType rightType)
    {
        try
        {
            using var session = ComputerRightsSession.Open(null, write: false);
            var parsed = new AccountIdentity(account).Parse();
            var resolved = session.Resolve(parsed);
            if (resolved is null)
            {
                result.RightsAnalysisNote = $"{account} could not be translated to a SID on this computer.";
                return;
            }

            var status = session.Evaluate(resolved, rightType, session.ExpandGroups(resolved));
            result.RightsAnalysis = status;
            var quotedType = rightType.ToString();
            if (status.DeniedBy.Length > 0)
            {
                var first = status.DeniedBy[0];
                var name = first.Substring(0, first.LastIndexOf(" (", StringComparison.Ordinal) is var i and > 0 ? i : first.Length);
                result.Remediation = $"{status.DenyRight} is assigned to {string.Join(", ", status.DeniedBy)}, and deny wins over every grant. "
                    + $"Remove the deny: Revoke-LogonRight -Identity {PowerShellLiteral.SingleQuoted(name)} -LogonType {quotedType} -Deny "
                    + $"(or take {account} out of that group). " + result.Remediation;
            }
            else if (status.GrantedBy.Length == 0)
            {
                result.Remediation = $"Neither {account} nor any group it belongs to holds {status.Right}. " + result.Remediation;
            }
        }
        catch (WindowsApiException e)
        {
            result.RightsAnalysisNote = $"The rights analysis failed: {e.Message}";
        }
        catch (AccountIdentityException e)
        {
            result.RightsAnalysisNote = $"The rights analysis could not use the account name: {e.Message}";
        }
        catch (AmbiguousAccountException e)
        {
            result.RightsAnalysisNote = $"The rights analysis could not tell which account is meant: {e.Message}";
        }
    }
}

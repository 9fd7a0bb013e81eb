using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using IisLogonTools.Diagnostics;
using IisLogonTools.Iis;
using IisLogonTools.Logs;
using IisLogonTools.Native;
using IisLogonTools.Rights;
using IisLogonTools.Security;

namespace IisLogonTools.Commands;

/// <summary>Test-IisLogon -Identity: the diagnosis without a password and without any logon attempt.</summary>
public sealed partial class TestIisLogonCommand : IDisposable
{
    private const string IdentitySet = "Identity";
    private const int NerrUserNotFound = 2221;

    // One LSA session, one DC lookup per domain (failures included) and one log scan per site per invocation.
    private readonly Dictionary<string, (string? Dc, WindowsApiException? Error)> _domainControllers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<IisLogonFailure>?> _siteFailures = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (IisAuthenticationSettings? Settings, LogonType Type, LogonTypeSource Source, string? Detail)> _siteContexts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (bool Read, long? Seconds)> _lockoutPolicies = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _seenIdentities = new(StringComparer.OrdinalIgnoreCase);
    private ComputerRightsSession? _session;
    private ApplicationHostConfig? _identityConfig;
    private bool _identityConfigLoaded;

    /// <summary>
    /// <para type="description">The account to diagnose without its password: DOMAIN\user, COMPUTER\user, .\user, a UPN, or a bare name (which IIS completes with defaultLogonDomain). No logon is attempted and nothing prompts. The Identity property of piped Get-IisLogonFailure results binds here.</para>
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = IdentitySet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AccountIdentityCompleter))]
    public string Identity { get; set; } = string.Empty;

    /// <summary>
    /// <para type="description">The domain controller to read a domain account from, instead of the PDC emulator that DsGetDcNameW locates.</para>
    /// </summary>
    [Parameter(ParameterSetName = IdentitySet)]
    [ValidateNotNullOrEmpty]
    public string? Server { get; set; }

    /// <inheritdoc/>
    public void Dispose() => _session?.Dispose();

    private void ProcessIdentity()
    {
        var typed = Identity;
        var site = string.IsNullOrEmpty(Site) ? null : Site;
        if (!_seenIdentities.Add(typed + "\u0000" + site))
        {
            WriteVerbose($"'{typed}' was already diagnosed in this invocation (Get-IisLogonFailure returns one result per account and code); skipped.");
            return;
        }

        var context = ContextFor(site);
        string userName;
        string? domain;
        try
        {
            (userName, domain) = IisUserName.Split(typed, context.Settings?.DefaultLogonDomain);
        }
        catch (InvalidIisUserNameException e)
        {
            WriteError(new ErrorRecord(e, "InvalidUserName", ErrorCategory.InvalidArgument, typed));
            return;
        }

        AccountStateData state;
        try
        {
            _session ??= ComputerRightsSession.Open(null, write: false);
            state = ReadAccountState(typed, userName, domain);
        }
        catch (Exception e) when (ErrorRecords.IsMissingWindows(e))
        {
            ThrowTerminatingError(ErrorRecords.WindowsRequired(e));
            return;
        }
        catch (WindowsApiException e)
        {
            WriteError(AccountStateError(e, typed));
            return;
        }
        catch (AccountIdentityException e)
        {
            WriteError(new ErrorRecord(e, "InvalidUserName", ErrorCategory.InvalidArgument, typed));
            return;
        }

        if (state.LockedOut)
        {
            ReadLockoutPolicy(state);
        }

        var computer = _session.ComputerName;
        var blocks = AccountStateEvaluator.Evaluate(state, DateTime.UtcNow, computer).ToList();
        var rightType = LogonRights.ForLogonType(context.Type);
        var result = new IisLogonTestResult
        {
            Account = state.Account,
            UserName = state.Name,
            Domain = state.Account.Substring(0, Math.Max(0, state.Account.IndexOf('\\'))),
            LogonType = context.Type.ToString(),
            LogonTypeSource = context.Source.ToString(),
            LogonTypeDetail = context.Detail,
            Succeeded = null,
            ConfigurationFile = _configurationFile,
            RequiredRight = LogonRights.RightName(rightType, RightAssignmentKind.Allow),
            AccountState = state,
        };

        LogonRightStatus? rights = null;
        try
        {
            var resolved = _session.Resolve(new AccountIdentity(state.Account).Parse());
            if (resolved is null)
            {
                result.RightsAnalysisNote = $"{state.Account} could not be translated to a SID on {computer}.";
            }
            else
            {
                rights = _session.Evaluate(resolved, rightType, _session.ExpandGroups(resolved));
                result.RightsAnalysis = rights;
                if (rights.Effective is null)
                {
                    result.RightsAnalysisNote = rights.GroupExpansionNote ?? $"Whether {state.Account} holds {rights.Right} could not be told.";
                }
            }
        }
        catch (Exception e) when (e is WindowsApiException or AccountIdentityException or AmbiguousAccountException)
        {
            result.RightsAnalysisNote = $"The rights analysis failed: {e.Message}";
        }

        if (rights?.Effective == false)
        {
            blocks.Add(new AccountBlock(LogonFailureReason.LogonTypeNotGranted, 1385,
                $"{state.Account} does not hold {rights.Right}" + (rights.DeniedBy.Length > 0 ? $" ({rights.DenyRight} is assigned to {string.Join(", ", rights.DeniedBy)})." : ".")));
        }

        result.BlockingCauses = blocks.Select(b => b.ToString()).ToArray();
        result.LogEvidence = site is null ? null : EvidenceFor(site, typed, context.Settings);
        var typeText = $"{context.Type} ({LogonTypeName.ToLogon32Name(context.Type)})";
        if (blocks.Count == 0)
        {
            (result.Explanation, result.Remediation) = AccountStateDiagnosis.PasswordNotChecked(state, typeText, rights?.Effective, result.LogEvidence);
            result.Reason = nameof(LogonFailureReason.PasswordNotChecked);
            result.ErrorName = string.Empty;
            WriteObject(result);
            return;
        }

        var first = blocks[0];
        result.Reason = first.Reason.ToString();
        result.Win32Error = first.Win32Error;
        result.ErrorName = Win32ErrorText.Name(first.Win32Error);
        result.HttpStatus = LogonDiagnostics.LogonFailedHttpStatus;
        if (first.Reason == LogonFailureReason.LogonTypeNotGranted)
        {
            var diagnosis = context.Source == LogonTypeSource.IisConfiguration && context.Settings is not null
                ? LogonDiagnostics.Diagnose(1385, state.Account, context.Settings)
                : LogonDiagnostics.Diagnose(1385, state.Account, context.Type);
            result.Explanation = "No logon was tried. " + diagnosis.Explanation.Replace("The password of", "Whatever the password of").Replace(" is correct, but", " is,");
            result.Remediation = diagnosis.Remediation;
            AnalyseRights(result, state.Account, rightType);
        }
        else
        {
            (result.Explanation, result.Remediation) = AccountStateDiagnosis.Explain(first, state, computer);
        }

        if (blocks.Count > 1)
        {
            result.Explanation += $" Also blocking, once that is fixed: {string.Join(" ", blocks.Skip(1).Select(b => b.Detail))}";
        }

        if (result.LogEvidence is not null)
        {
            result.Explanation += $" The logs show {result.LogEvidence.Summary}.";
            if (first.Reason == LogonFailureReason.AccountLockedOut && result.LogEvidence.FirstLockedOut is { } lockedBy && state.LockoutDuration is { } duration)
            {
                result.Explanation += string.Format(
                    System.Globalization.CultureInfo.InvariantCulture,
                    " The first 1909 in the logs is at {0:yyyy-MM-dd HH:mm} UTC: a lockout from then ends by {1:yyyy-MM-dd HH:mm} UTC, unless the account was locked again since.",
                    lockedBy,
                    lockedBy + duration);
            }
        }

        WriteObject(result);
    }

    // Where the account lives, as LogonUser would look for it: an explicit domain, "." or this computer's name; a bare
    // name on this computer first, then in its domain; a UPN in the domain LSA finds for it.
    private AccountStateData ReadAccountState(string typed, string userName, string? domain)
    {
        var computer = _session!.ComputerName;
        if (domain is null && userName.IndexOf('@') > 0)
        {
            var resolved = _session.Resolve(new AccountIdentity(userName).Parse())
                ?? throw new WindowsApiException("LsaLookupNames2", NerrUserNotFound);
            var lookupDomain = resolved.Lookup.Domain ?? throw new WindowsApiException("LsaLookupNames2", NerrUserNotFound);
            var lookupName = resolved.Lookup.Name ?? userName;
            return string.Equals(lookupDomain, computer, StringComparison.OrdinalIgnoreCase)
                ? Local(lookupName)
                : Domain(lookupDomain, lookupName);
        }

        if (domain is null)
        {
            try
            {
                return Local(userName);
            }
            catch (WindowsApiException e) when (e.Win32Error == NerrUserNotFound)
            {
                var primary = _session.PrimaryDomainName();
                if (primary is null)
                {
                    throw;
                }

                WriteVerbose($"'{userName}' is not an account of {computer}; looking in its domain {primary}, as LogonUser does for a name without a domain.");
                return Domain(primary, userName);
            }
        }

        return domain == "." || string.Equals(domain, computer, StringComparison.OrdinalIgnoreCase)
            ? Local(userName)
            : Domain(domain, userName);

        AccountStateData Local(string name)
        {
            WriteVerbose($"NetUserGetInfo level 4 for '{name}' on {computer} (local account); no logon is attempted.");
            var s = NetUserReader.GetUser(null, name);
            s.Account = computer + "\\" + s.Name;
            s.ReadFrom = computer;
            return s;
        }

        AccountStateData Domain(string domainName, string name)
        {
            var dc = DomainController(domainName);
            WriteVerbose($"NetUserGetInfo level 4 for '{name}' on {dc} (domain account); no logon is attempted.");
            var s = NetUserReader.GetUser(dc, name);
            s.Account = domainName + "\\" + s.Name;
            s.IsDomainAccount = true;
            s.ReadFrom = dc;
            return s;
        }
    }

    private string DomainController(string domain)
    {
        if (Server is not null)
        {
            return Server;
        }

        if (!_domainControllers.TryGetValue(domain, out var entry))
        {
            try
            {
                WriteVerbose($"DsGetDcNameW for '{domain}' with DS_PDC_REQUIRED (the PDC emulator has the current lockout state).");
                entry = (NetUserReader.LocateDomainController(domain, NetUserReader.DsPdcRequired).DomainController, null);
            }
            catch (WindowsApiException e)
            {
                entry = (null, e);
            }

            _domainControllers[domain] = entry;
        }

        return entry.Error is null ? entry.Dc! : throw entry.Error;
    }

    // The lockout duration, once per server and invocation, and only for locked-out accounts. Not essential: a failure
    // leaves the duration unknown and is said in verbose output.
    private void ReadLockoutPolicy(AccountStateData state)
    {
        var server = state.IsDomainAccount ? state.ReadFrom : string.Empty;
        if (!_lockoutPolicies.TryGetValue(server, out var policy))
        {
            try
            {
                policy = (true, NetUserReader.GetLockoutPolicy(server.Length == 0 ? null : server).DurationSeconds);
            }
            catch (WindowsApiException e)
            {
                WriteVerbose($"The lockout duration could not be read on {(server.Length == 0 ? "this computer" : server)}: {e.Message}");
                policy = (false, null);
            }

            _lockoutPolicies[server] = policy;
        }

        state.LockoutPolicyRead = policy.Read;
        state.LockoutDuration = policy.Seconds is long seconds ? TimeSpan.FromSeconds(seconds) : null;
    }

    private ErrorRecord AccountStateError(WindowsApiException e, string typed)
    {
        var where = e.Function == "LsaLookupNames2" ? "by LSA on this computer" : "where it was looked up";
        switch (e.Win32Error)
        {
            case NerrUserNotFound:
                return new ErrorRecord(
                    new ItemNotFoundException($"No user account '{typed}' was found {where}: NetUserGetInfo reported NERR_UserNotFound (2221). A 401.1 for a name that does not exist is logged as 1326 too. Check the spelling and the domain (DOMAIN\\user, .\\user for a local account, or basicAuthentication defaultLogonDomain).", e),
                    "AccountNotFound",
                    ErrorCategory.ObjectNotFound,
                    typed);
            case ErrorRecords.ErrorAccessDenied:
                return new ErrorRecord(
                    new UnauthorizedAccessException($"Reading the account state of '{typed}' was denied ({e.Function}: ERROR_ACCESS_DENIED). Run from an elevated session, or with an account that may read user objects on the domain controller.", e),
                    "AccountStateAccessDenied",
                    ErrorCategory.PermissionDenied,
                    typed);
            case 1355:
            case 53:
            case 1311:
            case 2453:
            case ErrorRecords.RpcServerUnavailable:
                return new ErrorRecord(
                    new InvalidOperationException($"No domain controller answered for '{typed}' ({e.Message}). Check that this server finds one (nltest /dsgetdc:<domain> /pdc), or name one with -Server.", e),
                    "DomainControllerUnreachable",
                    ErrorCategory.ResourceUnavailable,
                    typed);
            default:
                return new ErrorRecord(
                    new InvalidOperationException($"The account state of '{typed}' could not be read: {e.Message}", e),
                    "AccountStateReadFailed",
                    ErrorCategory.ReadError,
                    typed);
        }
    }

    private (IisAuthenticationSettings? Settings, LogonType Type, LogonTypeSource Source, string? Detail) ContextFor(string? site)
    {
        if (site is null)
        {
            return (_settings, _logonType, _source, _detail);
        }

        if (_siteContexts.TryGetValue(site, out var cached))
        {
            return cached;
        }

        IisAuthenticationSettings? settings = null;
        var config = IdentityConfig();
        if (config is not null)
        {
            try
            {
                settings = config.ResolveBasicAuthentication(site, Path);
            }
            catch (Exception e) when (ErrorRecords.IsIisConfigurationError(e))
            {
                WriteWarning($"The Basic authentication settings of site '{site}' could not be resolved ({e.Message}); using IIS's default logonMethod ClearText.");
            }
        }

        (IisAuthenticationSettings?, LogonType, LogonTypeSource, string?) context =
            MyInvocation.BoundParameters.ContainsKey(nameof(LogonType)) ? (settings, ParsedLogonType(), LogonTypeSource.Parameter, "-LogonType")
            : settings is not null ? (settings, settings.LogonType, LogonTypeSource.IisConfiguration, $"basicAuthentication logonMethod {settings.LogonMethod} ({settings.Source}) in {settings.ConfigurationFile}")
            : (null, IisLogonMethodExtensions.SchemaDefault.ToLogonType(), LogonTypeSource.IisDefault, "No IIS configuration for the site: using IIS's default logonMethod ClearText.");
        _siteContexts[site] = context;
        return context;
    }

    private ApplicationHostConfig? IdentityConfig()
    {
        if (_identityConfigLoaded)
        {
            return _identityConfig;
        }

        // BeginProcessing already found the file IIS reads (shared configuration followed) or stopped with the
        // reason it cannot be read; no second, different lookup here.
        _identityConfigLoaded = true;
        _identityConfig = _locatedConfig;
        return _identityConfig;
    }

    // The site's 401.1 lines, read once per invocation with the reader Get-IisLogonFailure uses, then matched to
    // the account the way IIS splits names (so "alice" logged with defaultLogonDomain CONTOSO is CONTOSO\alice).
    private LogonEvidence? EvidenceFor(string site, string typed, IisAuthenticationSettings? settings)
    {
        if (!_siteFailures.TryGetValue(site, out var failures))
        {
            failures = ReadSiteFailures(site, settings);
            _siteFailures[site] = failures;
        }

        if (failures is null)
        {
            return null;
        }

        var wanted = SplitOrNull(typed, settings?.DefaultLogonDomain);
        var mine = failures.Where(f => !f.IsAnonymous && (string.Equals(f.Identity, typed, StringComparison.OrdinalIgnoreCase)
            || (wanted is not null && SplitOrNull(f.Identity, settings?.DefaultLogonDomain) is { } other
                && string.Equals(other.UserName, wanted.Value.UserName, StringComparison.OrdinalIgnoreCase)
                && string.Equals(other.Domain, wanted.Value.Domain, StringComparison.OrdinalIgnoreCase))));
        return LogonEvidence.FromFailures(mine, site) ?? new LogonEvidence { Site = site, Summary = $"no 401.1 lines for '{typed}' in the logs of site '{site}'" };
    }

    private static (string UserName, string? Domain)? SplitOrNull(string name, string? defaultDomain)
    {
        try
        {
            return IisUserName.Split(name, defaultDomain);
        }
        catch (InvalidIisUserNameException)
        {
            return null;
        }
    }

    private List<IisLogonFailure>? ReadSiteFailures(string site, IisAuthenticationSettings? settings)
    {
        var config = IdentityConfig();
        if (config is null)
        {
            WriteWarning($"The logs of site '{site}' cannot be found without applicationHost.config; give -ConfigurationPath. The diagnosis goes on without log evidence.");
            return null;
        }

        IisLogLocation location;
        try
        {
            location = config.ResolveLogDirectory(site);
        }
        catch (Exception e) when (ErrorRecords.IsIisConfigurationError(e) || e is IisSiteNotFoundException)
        {
            WriteWarning($"The logs of site '{site}' could not be located ({e.Message}); the diagnosis goes on without log evidence.");
            return null;
        }

        var aggregator = new LogonFailureAggregator();
        var scanner = new W3CLogScanner(401, new[] { 1 }, null, null);
        var index = 0;
        try
        {
            var files = Directory.Exists(location.Folder)
                ? new DirectoryInfo(location.Folder).EnumerateFiles().Where(f => W3CLogFile.IsLogFileName(f.Name)).OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ToList()
                : new List<FileInfo>();
            WriteVerbose($"Reading {files.Count} log file(s) of site '{location.SiteName}' in {location.Folder} for 401.1 lines.");
            foreach (var file in files)
            {
                using var stream = W3CLogFile.OpenRead(file.FullName);
                scanner.Scan(stream, ++index, aggregator);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            WriteWarning($"The logs of site '{site}' could not all be read ({e.Message}); the evidence may be incomplete.");
        }

        var type = settings?.LogonType ?? IisLogonMethodExtensions.SchemaDefault.ToLogonType();
        return LogonFailureReport.Build(aggregator.Groups, settings, type, "401.1", 5, includeAnonymous: false, location.SiteName).ToList();
    }
}

using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using IisLogonTools.Iis;
using IisLogonTools.Logs;

namespace IisLogonTools.Commands;

/// <summary>
/// <para type="synopsis">Finds failed IIS logons (HTTP 401.1) in W3C logs, grouped by account and Win32 status, with the cause and the fix.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "IisLogonFailure", DefaultParameterSetName = PathSet, HelpUri = HelpLinks.GetIisLogonFailure)]
[OutputType(typeof(IisLogonFailure), typeof(IisLogonSpray))]
public sealed class GetIisLogonFailureCommand : PSCmdlet, IDisposable
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string SiteSet = "Site";
    private const long ProgressThresholdBytes = 32L << 20;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    private readonly CancellationTokenSource _stop = new();
    private readonly List<LogSource> _sources = [];
    private readonly HashSet<string> _seenFiles = new(StringComparer.Ordinal);
    private ApplicationHostConfig? _config;
    private bool _configLoaded;
    private string? _configPath;

    /// <summary>
    /// <para type="description">Log files or folders to read; wildcards are allowed. A folder contributes its *.log and *.gz files. Plain and gzip-compressed files are both read.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>
    /// <para type="description">Log files or folders to read, taken exactly as written (no wildcards). Binds the PSPath of piped Get-ChildItem output.</para>
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>
    /// <para type="description">IIS sites whose logs to read. The log folder comes from applicationHost.config: the site's logFile directory, else siteDefaults, else %SystemDrive%\inetpub\logs\LogFiles, followed by W3SVC and the site id.</para>
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = SiteSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IisSiteCompleter))]
    public string[] Site { get; set; } = [];

    /// <summary>
    /// <para type="description">The applicationHost.config to read. Default: %windir%\System32\inetsrv\config\applicationHost.config. It gives the log folder of -Site and the Basic authentication logon type used in the explanations.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConfigurationPath { get; set; }

    /// <summary>
    /// <para type="description">Only lines logged at or after this time. IIS logs in UTC; a local time is converted.</para>
    /// </summary>
    [Parameter]
    public DateTime Since { get; set; }

    /// <summary>
    /// <para type="description">Only lines logged at or before this time. IIS logs in UTC; a local time is converted.</para>
    /// </summary>
    [Parameter]
    public DateTime Until { get; set; }

    /// <summary>
    /// <para type="description">The sc-substatus values of the 401 lines to select. Default 1 (401.1, logon failed).</para>
    /// </summary>
    [Parameter]
    [ValidateRange(0, 99999)]
    public int[] SubStatus { get; set; } = [1];

    /// <summary>
    /// <para type="description">Also return groups of anonymous lines (cs-username "-"), which are normally the authentication challenge that precedes a logon, not failures.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter IncludeAnonymous { get; set; }

    /// <summary>
    /// <para type="description">How many of the most frequent client addresses and URIs to list per result. Default 5.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, 100)]
    public int Top { get; set; } = 5;

    /// <summary>
    /// <para type="description">More distinct failing accounts than this (per site, or for all -Path logs together) are reported as a password spray: the 100 accounts with the most failures, then one IisLogonSpray summary with the accounts, lines, client addresses and error codes. Default 1000. Give a number larger than the account count to get every account.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int SprayThreshold { get; set; } = LogonFailureReport.DefaultSprayThreshold;

    /// <inheritdoc/>
    public void Dispose() => _stop.Dispose();

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Since)) && MyInvocation.BoundParameters.ContainsKey(nameof(Until))
            && ToUtc(Since) > ToUtc(Until))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"-Since ({ToUtc(Since):u}) is later than -Until ({ToUtc(Until):u}); no line can match."),
                "InvalidTimeWindow",
                ErrorCategory.InvalidArgument,
                Since));
        }

        if (ConfigurationPath is not null && PathValidation.Problem(ConfigurationPath) is string problem)
        {
            ThrowTerminatingError(ErrorRecords.InvalidPath(ConfigurationPath, problem, "ConfigurationPathInvalid"));
        }

        _configPath = ConfigurationPath is null
            ? ApplicationHostConfig.GetDefaultPath()
            : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ConfigurationPath);
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case SiteSet:
                foreach (var site in Site)
                {
                    AddSite(site);
                }

                break;
            case LiteralPathSet:
                foreach (var path in LiteralPath)
                {
                    if (PathValidation.Problem(path) is string problem)
                    {
                        WriteError(ErrorRecords.InvalidPath(path, problem, "LogPathInvalid"));
                        continue;
                    }

                    if (ProviderPath(path) is string literal)
                    {
                        AddPath(literal, path, Source(null));
                    }
                }

                break;
            default:
                foreach (var path in Path)
                {
                    AddWildcardPath(path);
                }

                break;
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var since = MyInvocation.BoundParameters.ContainsKey(nameof(Since)) ? ToUtc(Since) : (DateTime?)null;
        var until = MyInvocation.BoundParameters.ContainsKey(nameof(Until)) ? ToUtc(Until) : (DateTime?)null;
        var subStatuses = SubStatus.Distinct().OrderBy(s => s).ToArray();
        var httpStatus = subStatuses.Length == 1 ? "401." + subStatuses[0].ToString(CultureInfo.InvariantCulture) : "401";
        var files = _sources.SelectMany(s => s.Files.Select(f => (Source: s, File: f))).ToList();
        var progress = new ScanProgress(this, files.Count, files.Sum(f => f.File.Length));
        if (files.Count > 0)
        {
            // Files are read in parallel and handed back in order; each is merged into its source in that order,
            // so the results do not depend on the number of processors.
            var degree = W3CLogSetScan.DefaultDegree;
            WriteVerbose($"Reading {files.Count} log file(s), {Math.Min(degree, files.Count)} at a time.");
            using var scan = new W3CLogSetScan(files.Select(f => f.File.FullName).ToList(), () => new W3CLogScanner(401, subStatuses, since, until), degree, _stop.Token);
            for (var i = 0; i < files.Count; i++)
            {
                W3CFileScan? done;
                try
                {
                    while (!scan.TryTakeNext(ProgressInterval, out done))
                    {
                        progress.Update(scan.BytesRead, i, files[i].File);
                    }
                }
                catch (OperationCanceledException)
                {
                    throw new PipelineStoppedException();
                }

                progress.Update(scan.BytesRead, i + 1, files[i].File);
                if (done!.Error is not null)
                {
                    WriteError(done.Error switch
                    {
                        UnauthorizedAccessException e => ErrorRecords.LogFileAccessDenied(done.Path, e),
                        InvalidDataException e => ErrorRecords.LogFileCorrupt(done.Path, e),
                        _ => ErrorRecords.LogFileUnreadable(done.Path, (IOException)done.Error),
                    });
                    continue;
                }

                files[i].Source.Aggregator.Merge(done.Groups);
                Report(done.Path, done.Result!);
            }
        }

        progress.Complete();
        foreach (var source in _sources)
        {
            var anonymous = source.Aggregator.Groups.Where(g => g.Account is null).ToList();
            if (anonymous.Count > 0 && !IncludeAnonymous)
            {
                WriteVerbose($"{anonymous.Sum(g => g.Count)} anonymous {httpStatus} line(s) (cs-username '-') in {source.Describe()} are the authentication challenge, not failures; -IncludeAnonymous returns them.");
            }

            var settings = ResolveSettings(source.SiteName);
            var defaultType = IisLogonMethodExtensions.SchemaDefault.ToLogonType();
            var results = LogonFailureReport.Build(source.Aggregator, settings, defaultType, httpStatus, Top, IncludeAnonymous, source.SiteName, SprayThreshold, out var spray,
                groups => LogonFailureIdentityNormalizer.Fold(groups, settings?.DefaultLogonDomain, LookUpAccounts));
            if (spray is not null)
            {
                WriteWarning($"Password spray pattern in {source.Describe()}: {spray.Accounts} accounts failed {spray.Count} time(s) from {spray.DistinctClientIPs} client address(es). "
                    + $"The {spray.AccountsListed} accounts with the most failures follow, then an IisLogonSpray summary; -SprayThreshold {spray.Accounts} lists every account.");
            }

            WriteObject(results, enumerateCollection: true);
            if (spray is not null)
            {
                WriteObject(spray);
            }
        }
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>
    /// One batched LSA lookup (LsaLookupNames2, plus LsaLookupSids2 for UPNs) of the logged names on this computer, so the
    /// forms of one account fold into one result. Without Windows or without access, names are folded by text only.
    /// </summary>
    private IReadOnlyList<LoggedAccount> LookUpAccounts(IReadOnlyList<string> names)
    {
        var results = new LoggedAccount[names.Count];
        try
        {
            var parsed = new List<(int Index, Security.ParsedAccountIdentity Identity)>();
            for (var i = 0; i < names.Count; i++)
            {
                try
                {
                    parsed.Add((i, new Security.AccountIdentity(names[i]).Parse()));
                }
                catch (Security.AccountIdentityException)
                {
                    // A name Windows cannot hold is kept as logged.
                }
            }

            using var session = Rights.ComputerRightsSession.Open(null, write: false);
            var found = session.ResolveMany(parsed.ConvertAll(p => p.Identity));
            for (var k = 0; k < parsed.Count; k++)
            {
                if (found[k].Account is { } account && account.Lookup.Resolved)
                {
                    results[parsed[k].Index] = new LoggedAccount(account.DisplayName, account.Sid.ToString());
                }
            }
        }
        catch (Exception e) when (e is Native.WindowsApiException || ErrorRecords.IsMissingWindows(e))
        {
            WriteVerbose($"The logged account names could not be looked up on this computer ({e.Message}); forms of one account are folded by name only.");
        }

        return results;
    }

    private static DateTime ToUtc(DateTime value) =>
        value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();

    private void Report(string path, W3CScanResult result)
    {
        WriteVerbose($"{path}: {result.Lines} lines, {result.Headers} #Fields header(s), {result.SelectedLines} selected, "
            + $"{result.GarbledLines} garbled, {result.OutsideTimeWindow} outside the time window, {result.UndatedLines} without date and time.");
        switch (result.Problem)
        {
            case W3CFileProblem.NotW3CLog:
                WriteError(ErrorRecords.NotW3CLog(path));
                return;
            case W3CFileProblem.HeaderMissing:
                WriteError(ErrorRecords.W3CHeaderMissing(path, result.LinesWithoutHeader));
                return;
            case W3CFileProblem.NoStatusField:
                WriteError(ErrorRecords.W3CStatusFieldMissing(path));
                return;
        }

        if (result.GarbledLines > 0 || result.LinesWithoutHeader > 0)
        {
            var headerless = result.LinesWithoutHeader > 0 ? $", and {result.LinesWithoutHeader} line(s) before the first #Fields: directive were skipped" : string.Empty;
            WriteWarning($"{path}: {result.GarbledLines} of {result.Lines} line(s) were truncated or garbled and were skipped{headerless}.");
        }

        if (result.UndatedLines > 0)
        {
            WriteWarning($"{path}: {result.UndatedLines} selected line(s) have no date and time fields and were left out because of -Since/-Until.");
        }
    }

    private LogSource Source(string? site)
    {
        var existing = _sources.FirstOrDefault(s => string.Equals(s.SiteName, site, StringComparison.OrdinalIgnoreCase));
        if (existing is null)
        {
            existing = new LogSource(site);
            _sources.Add(existing);
        }

        return existing;
    }

    private void AddWildcardPath(string path)
    {
        if (PathValidation.Problem(path) is string problem)
        {
            WriteError(ErrorRecords.InvalidPath(path, problem, "LogPathInvalid"));
            return;
        }

        if (!WildcardPattern.ContainsWildcardCharacters(path))
        {
            if (ProviderPath(path) is string plain)
            {
                AddPath(plain, path, Source(null));
            }

            return;
        }

        Collection<string> resolved;
        try
        {
            resolved = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _);
        }
        catch (ItemNotFoundException)
        {
            resolved = [];
        }
        catch (System.Management.Automation.DriveNotFoundException)
        {
            resolved = [];
        }
        catch (Exception e) when (IsPathFormatError(e))
        {
            WriteError(ErrorRecords.LogPathNotFound(path, $"Windows cannot use it as a path: {e.Message}"));
            return;
        }

        if (resolved.Count == 0)
        {
            WriteError(ErrorRecords.LogPathNotFound(path, "no file or folder matches the wildcard"));
            return;
        }

        foreach (var item in resolved)
        {
            AddPath(item, path, Source(null));
        }
    }

    // .NET Framework throws for paths .NET accepts (too long for the legacy limit, odd forms); either way such a
    // path names no log, and the error is the same typed one on both runtimes.
    private static bool IsPathFormatError(Exception e) => e is ArgumentException or PathTooLongException or NotSupportedException;

    private string? ProviderPath(string path)
    {
        try
        {
            return SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        }
        catch (Exception e) when (IsPathFormatError(e))
        {
            WriteError(ErrorRecords.LogPathNotFound(path, $"Windows cannot use it as a path: {e.Message}"));
            return null;
        }
    }

    private void AddPath(string fullPath, string asGiven, LogSource source, string? detail = null)
    {
        if (Directory.Exists(fullPath))
        {
            List<FileInfo> logs;
            try
            {
                logs = new DirectoryInfo(fullPath).EnumerateFiles()
                    .Where(f => W3CLogFile.IsLogFileName(f.Name))
                    .OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
                    .ToList();
            }
            catch (UnauthorizedAccessException e)
            {
                WriteError(ErrorRecords.LogFileAccessDenied(fullPath, e));
                return;
            }
            catch (IOException e)
            {
                WriteError(ErrorRecords.LogFileUnreadable(fullPath, e));
                return;
            }

            if (logs.Count == 0)
            {
                WriteWarning($"The folder '{fullPath}' holds no *.log or *.gz files.");
            }

            foreach (var log in logs)
            {
                AddFile(log, source);
            }

            return;
        }

        if (File.Exists(fullPath))
        {
            AddFile(new FileInfo(fullPath), source);
            return;
        }

        WriteError(ErrorRecords.LogPathNotFound(asGiven == fullPath ? fullPath : asGiven, detail));
    }

    private void AddFile(FileInfo file, LogSource source)
    {
        if (_seenFiles.Add(file.FullName))
        {
            source.Files.Add(file);
        }
    }

    private void AddSite(string site)
    {
        var config = LoadConfig(site);
        if (config is null)
        {
            return;
        }

        IisLogLocation location;
        try
        {
            location = config.ResolveLogDirectory(site);
        }
        catch (IisSiteNotFoundException e)
        {
            WriteError(ErrorRecords.IisConfiguration(e, _configPath, site));
            return;
        }

        WriteVerbose($"Site '{location.SiteName}' (id {location.SiteId}) logs to {location.Folder} ({location.Source}: {location.ConfiguredDirectory}).");
        AddPath(location.Folder, location.Folder, Source(location.SiteName), $"the log folder of site '{location.SiteName}', from the {location.Source} '{location.ConfiguredDirectory}'");
    }

    private ApplicationHostConfig? LoadConfig(object target)
    {
        if (_configLoaded)
        {
            if (_config is null)
            {
                WriteError(new ErrorRecord(
                    new IisConfigurationFileNotFoundException($"Site '{target}' cannot be looked up: applicationHost.config could not be read (see the first error). Give its location with -ConfigurationPath, or read the logs with -Path."),
                    "IisConfigurationNotFound",
                    ErrorCategory.ObjectNotFound,
                    target));
            }

            return _config;
        }

        _configLoaded = true;
        try
        {
            var source = IisConfigurationSource.Locate(_configPath, explicitPath: ConfigurationPath is not null);
            WriteVerbose(source.Description);
            _config = source.Configuration;
        }
        catch (Exception e) when (ErrorRecords.IsIisConfigurationError(e))
        {
            WriteError(ErrorRecords.IisConfiguration(e, _configPath, null));
            return null;
        }

        if (_config is null)
        {
            WriteError(new ErrorRecord(
                new IisConfigurationFileNotFoundException("-Site needs IIS's applicationHost.config, and there is none on this computer. Give its location with -ConfigurationPath, or read the logs with -Path."),
                "IisConfigurationNotFound",
                ErrorCategory.ObjectNotFound,
                target));
        }

        return _config;
    }

    // The Basic authentication settings give the logon type and domain for the explanations. For -Path they
    // come from the server level when IIS's configuration exists; otherwise IIS's default (ClearText) applies.
    // A configuration that exists but cannot be read gets a warning that says so, never a silent default.
    private IisAuthenticationSettings? ResolveSettings(string? site)
    {
        if (!_configLoaded)
        {
            _configLoaded = true;
            try
            {
                var source = IisConfigurationSource.Locate(_configPath, explicitPath: ConfigurationPath is not null);
                WriteVerbose(source.Description);
                _config = source.Configuration;
            }
            catch (Exception e) when (ErrorRecords.IsIisConfigurationError(e) || e is IOException)
            {
                var advice = e is IisConfigurationAccessDeniedException denied ? " " + denied.RecommendedAction : string.Empty;
                WriteWarning($"IIS's configuration could not be read: {e.Message}{advice} Explanations assume IIS's default Basic logonMethod ClearText.");
            }
        }

        if (_config is null)
        {
            return null;
        }

        try
        {
            return _config.ResolveBasicAuthentication(site, null);
        }
        catch (Exception e) when (e is IisConfigurationException or IisSiteNotFoundException)
        {
            WriteWarning($"The Basic authentication settings could not be resolved ({e.Message}); explanations assume IIS's default logonMethod ClearText.");
            return null;
        }
    }

    private sealed class LogSource
    {
        public LogSource(string? siteName)
        {
            SiteName = siteName;
        }

        public string? SiteName { get; }

        public List<FileInfo> Files { get; } = [];

        public LogonFailureAggregator Aggregator { get; } = new();

        public string Describe() => SiteName is null ? "the given logs" : $"the logs of site '{SiteName}'";
    }

    // Write-Progress over files and bytes, for long scans in interactive sessions only.
    private sealed class ScanProgress
    {
        private readonly Cmdlet _cmdlet;
        private readonly int _fileCount;
        private readonly long _totalBytes;
        private readonly bool _enabled;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly ProgressRecord _record = new(1, "Get-IisLogonFailure", "Reading IIS logs");
        private TimeSpan _last = TimeSpan.Zero;
        private bool _shown;

        public ScanProgress(PSCmdlet cmdlet, int fileCount, long totalBytes)
        {
            _cmdlet = cmdlet;
            _fileCount = fileCount;
            _totalBytes = Math.Max(1, totalBytes);
            _enabled = totalBytes >= ProgressThresholdBytes && IsInteractive(cmdlet);
        }

        public void Update(long doneBytes, int filesDone, FileInfo current)
        {
            if (!_enabled || _clock.Elapsed - _last < ProgressInterval)
            {
                return;
            }

            _last = _clock.Elapsed;
            var done = Math.Min(doneBytes, _totalBytes);
            _record.StatusDescription = $"{filesDone} of {_fileCount} file(s) done; next: {current.Name}";
            _record.PercentComplete = (int)Math.Min(100, done * 100 / _totalBytes);
            var seconds = _clock.Elapsed.TotalSeconds;
            _record.CurrentOperation = string.Format(CultureInfo.InvariantCulture, "{0:N0} of {1:N0} MB, {2:N0} MB/s", done >> 20, _totalBytes >> 20, seconds > 0 ? (done >> 20) / seconds : 0);
            _record.SecondsRemaining = done > 0 ? (int)Math.Max(0, (seconds * (_totalBytes - done)) / done) : -1;
            _cmdlet.WriteProgress(_record);
            _shown = true;
        }

        public void Complete()
        {
            if (_shown)
            {
                _record.RecordType = ProgressRecordType.Completed;
                _cmdlet.WriteProgress(_record);
            }
        }

        private static bool IsInteractive(PSCmdlet cmdlet)
        {
            if (!Environment.UserInteractive || cmdlet.Host?.Name is null or "Default Host" or "ServerRemoteHost")
            {
                return false;
            }

            return !Environment.GetCommandLineArgs().Any(a => a.StartsWith("-noni", StringComparison.OrdinalIgnoreCase));
        }
    }
}

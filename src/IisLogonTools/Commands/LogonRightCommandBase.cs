using System;
using System.Collections.Generic;
using System.Management.Automation;
using IisLogonTools.Native;
using IisLogonTools.Rights;
using IisLogonTools.Security;

namespace IisLogonTools.Commands;

/// <summary>
/// What every logon-right cmdlet shares: -ComputerName, one policy session per computer for the whole invocation
/// (closed in Dispose, also when the pipeline is stopped), per-computer errors reported once, and the single
/// terminating "needs Windows" error when the Win32 DLLs are missing.
/// </summary>
public abstract class LogonRightCommandBase : PSCmdlet, IDisposable
{
    private readonly Dictionary<string, ComputerRightsSession?> _sessions = new(StringComparer.OrdinalIgnoreCase);
    private bool _disposed;

    /// <summary>
    /// <para type="description">The computers whose policy to use. Names and SIDs are translated there. Default: this computer.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("CN")]
    public string[] ComputerName { get; set; } = { "." };

    /// <summary>
    /// <para type="description">A Group Policy results report in XML (gpresult /scope computer /x FILE, or Get-GPResultantSetOfPolicy -ReportType Xml) that tells which GPO defines each right on the computer it describes. Without it, RSoP is read on each computer; where neither is available the policy source is Unknown.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PolicyReport { get; set; }

    /// <summary>Group Policy awareness for this invocation (set in BeginProcessing).</summary>
    private protected RightsPolicyContext GroupPolicy { get; private set; } = null!;

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        GroupPolicy = RightsPolicyContext.Create(this, PolicyReport, out var error);
        if (error is not null)
        {
            ThrowTerminatingError(error);
        }
    }

    /// <summary>Whether the policy is opened for changes.</summary>
    private protected abstract bool OpensForWrite { get; }

    /// <summary>The logon rights this invocation works on.</summary>
    private protected abstract IReadOnlyList<LogonRightType> SelectedLogonTypes { get; }

    /// <inheritdoc/>
    protected sealed override void ProcessRecord() => RunNeedingWindows(ProcessRecordCore);

    /// <inheritdoc/>
    protected sealed override void EndProcessing() => RunNeedingWindows(EndProcessingCore);

    /// <summary>Runs work that calls Windows; missing Win32 DLLs become the one terminating WindowsRequired error.</summary>
    private void RunNeedingWindows(Action work)
    {
        try
        {
            work();
        }
        catch (Exception e) when (ErrorRecords.IsMissingWindows(e))
        {
            ThrowTerminatingError(ErrorRecords.WindowsRequired(e));
        }
    }

    /// <summary>The per-record work.</summary>
    private protected abstract void ProcessRecordCore();

    /// <summary>Work left at the end of the pipeline (buffered input).</summary>
    private protected virtual void EndProcessingCore()
    {
    }

    /// <summary>Open sessions, one per computer; a computer that fails is reported once and skipped.</summary>
    private protected IEnumerable<ComputerRightsSession> Sessions()
    {
        foreach (var computer in ComputerName)
        {
            if (!IsValidComputerName(computer))
            {
                if (!_sessions.ContainsKey(computer))
                {
                    _sessions[computer] = null;
                    WriteError(ErrorRecords.InvalidComputerName(computer));
                }

                continue;
            }

            var remote = NormalizeComputerName(computer);
            var key = remote ?? string.Empty;
            if (!_sessions.TryGetValue(key, out var session))
            {
                try
                {
                    WriteVerbose($"Opening the LSA policy on {remote ?? "this computer"}.");
                    session = ComputerRightsSession.Open(remote, OpensForWrite);
                }
                catch (WindowsApiException e)
                {
                    WriteError(ErrorRecords.FromWindowsApi(e, computer, remote ?? "this computer"));
                    session = null;
                }

                _sessions[key] = session;
            }

            if (session is not null)
            {
                yield return session;
            }
        }
    }

    /// <summary>How many identities share one LsaLookupNames2/LsaLookupSids2 call.</summary>
    private protected const int LookupBatchSize = 256;

    /// <summary>
    /// Each identity parsed once and resolved on each computer, with one batched lookup per computer for every
    /// <see cref="LookupBatchSize"/> identities; results come back in input order (identity first, then computer).
    /// A bad identity, a name that does not exist on a computer, or a failed lookup is a per-item error and skipped.
    /// </summary>
    private protected IEnumerable<(AccountIdentity Identity, ComputerRightsSession Session, ResolvedAccount Account)> ResolvedIdentities(IReadOnlyList<AccountIdentity> identities)
    {
        for (var start = 0; start < identities.Count; start += LookupBatchSize)
        {
            var batch = new List<(AccountIdentity Identity, ParsedAccountIdentity Parsed)>();
            for (var i = start; i < Math.Min(start + LookupBatchSize, identities.Count); i++)
            {
                var parsed = ParseOrReport(identities[i]);
                if (parsed is not null)
                {
                    batch.Add((identities[i], parsed));
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            var resolved = new List<(ComputerRightsSession Session, IReadOnlyList<(ResolvedAccount? Account, AmbiguousAccountException? Ambiguity)> Results)>();
            foreach (var session in Sessions())
            {
                try
                {
                    resolved.Add((session, session.ResolveMany(batch.ConvertAll(b => b.Parsed))));
                }
                catch (WindowsApiException e)
                {
                    // The batch's lookup failed as a whole: every identity in it gets its own error.
                    foreach (var (identity, _) in batch)
                    {
                        WriteError(ErrorRecords.FromWindowsApi(e, identity.Input, session.ComputerName));
                    }
                }
            }

            for (var i = 0; i < batch.Count; i++)
            {
                var identity = batch[i].Identity;
                foreach (var (session, results) in resolved)
                {
                    var (account, ambiguity) = results[i];
                    if (ambiguity is not null)
                    {
                        WriteError(new ErrorRecord(ambiguity, "IdentityAmbiguous", ErrorCategory.InvalidArgument, identity.Input));
                    }
                    else if (account is null)
                    {
                        WriteError(ErrorRecords.IdentityNotFound(identity.Input, session.ComputerName));
                    }
                    else
                    {
                        yield return (identity, session, account);
                    }
                }
            }
        }
    }

    /// <summary>Parses an identity, reporting a bad one as a per-item error.</summary>
    private ParsedAccountIdentity? ParseOrReport(AccountIdentity? identity)
    {
        try
        {
            return (identity ?? new AccountIdentity(string.Empty)).Parse();
        }
        catch (AccountIdentityException e)
        {
            WriteError(ErrorRecords.InvalidIdentity(e));
            return null;
        }
    }

    /// <summary>Closes every policy and AuthZ handle.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var session in _sessions.Values)
        {
            session?.Dispose();
        }

        _sessions.Clear();
        GC.SuppressFinalize(this);
    }

    /// <summary>A NetBIOS or DNS name (optionally with leading backslashes), '.', or 'localhost'.</summary>
    internal static bool IsValidComputerName(string name)
    {
        var trimmed = name.Trim().TrimStart('\\');
        if (trimmed.Length is 0 or > 255)
        {
            return false;
        }

        foreach (var c in trimmed)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c is '\\' or '/' or '*' or '?' or ':' or '"' or '<' or '>' or '|' or ',' or '@')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Null for this computer; the bare name for a remote one.</summary>
    internal static string? NormalizeComputerName(string name)
    {
        var trimmed = name.Trim().TrimStart('\\');
        return trimmed.Length == 0 || trimmed == "." || string.Equals(trimmed, "localhost", StringComparison.OrdinalIgnoreCase)
            || string.Equals(trimmed, Environment.MachineName, StringComparison.OrdinalIgnoreCase)
            ? null
            : trimmed;
    }
}

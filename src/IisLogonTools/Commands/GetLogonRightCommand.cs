using System.Collections.Generic;
using System.Management.Automation;
using IisLogonTools.Native;
using IisLogonTools.Rights;
using IisLogonTools.Security;

namespace IisLogonTools.Commands;

/// <summary>The shared implementation of Get-LogonRight and Get-LogonLocallyRight.</summary>
public abstract class GetLogonRightCommandBase : LogonRightCommandBase
{
    /// <summary>
    /// <para type="description">Accounts to check: DOMAIN\name, .\name, name@dns.domain, a bare name, or a SID. Without it, every holder is listed.</para>
    /// </summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [Alias("SID", "Account")]
    public AccountIdentity[]? Identity { get; set; }

    private readonly List<AccountIdentity> _pending = new();

    private protected override bool OpensForWrite => false;

    private protected override void ProcessRecordCore()
    {
        if (Identity is null)
        {
            foreach (var session in Sessions())
            {
                foreach (var type in SelectedLogonTypes)
                {
                    try
                    {
                        foreach (var holder in session.ListHolders(type))
                        {
                            GroupPolicy.Describe(session, holder);
                            WriteObject(holder);
                        }
                    }
                    catch (WindowsApiException e)
                    {
                        WriteError(ErrorRecords.FromWindowsApi(e, session.ComputerName, session.ComputerName));
                    }
                }
            }

            return;
        }

        // Pipeline input is collected so that lookups are batched; memory stays bounded by the batch size.
        _pending.AddRange(Identity);
        if (_pending.Count >= LookupBatchSize)
        {
            Flush();
        }
    }

    private protected override void EndProcessingCore() => Flush();

    private void Flush()
    {
        var batch = _pending.ToArray();
        _pending.Clear();
        foreach (var (identity, session, account) in ResolvedIdentities(batch))
        {
            try
            {
                var expansion = session.ExpandGroups(account);
                var results = new List<LogonRightStatus>();
                foreach (var type in SelectedLogonTypes)
                {
                    var status = session.Evaluate(account, type, expansion);
                    GroupPolicy.Describe(session, status);
                    results.Add(status);
                }

                WriteObject(results, enumerateCollection: true);
            }
            catch (WindowsApiException e)
            {
                WriteError(ErrorRecords.FromWindowsApi(e, identity.Input, session.ComputerName));
            }
        }
    }
}

/// <summary>
/// <para type="synopsis">Shows who holds a Windows logon right, or whether given accounts can log on that way and why.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "LogonRight")]
[OutputType(typeof(LogonRightStatus), typeof(LogonRightHolder))]
public sealed class GetLogonRightCommand : GetLogonRightCommandBase
{
    /// <summary>
    /// <para type="description">The logon rights to read. Default: all five (Interactive, Network, Batch, Service, RemoteInteractive).</para>
    /// </summary>
    [Parameter]
    [LogonRightTypeTransformation]
    public LogonRightType[] LogonType { get; set; } = LogonRights.All;

    private protected override IReadOnlyList<LogonRightType> SelectedLogonTypes => LogonType;
}

/// <summary>
/// <para type="synopsis">Shows who holds "Allow log on locally" (SeInteractiveLogonRight), or whether given accounts have it and why.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "LogonLocallyRight")]
[OutputType(typeof(LogonRightStatus), typeof(LogonRightHolder))]
public sealed class GetLogonLocallyRightCommand : GetLogonRightCommandBase
{
    private static readonly LogonRightType[] Interactive = { LogonRightType.Interactive };

    private protected override IReadOnlyList<LogonRightType> SelectedLogonTypes => Interactive;
}

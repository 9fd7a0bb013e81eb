using System;
using System.Collections.Generic;
using System.Linq;
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
    [ArgumentCompleter(typeof(AccountIdentityCompleter))]
    [Alias("SID", "Account")]
    public AccountIdentity[]? Identity { get; set; }

    private readonly List<(AccountIdentity Identity, IReadOnlyList<LogonRightType> Types)> _pending = new();

    // (identity as given, right) pairs already answered in this invocation: the log and Test-IisLogon hand over one
    // object per account and error code, and the same question is answered once. Only the first MaxRemembered pairs are
    // remembered (later repeats are answered again), so memory stays flat however many identities stream through: about
    // 90 bytes a pair, under 1 MiB. A log's failures name at most a few thousand accounts (a spray lists its 100 busiest).
    private readonly HashSet<string> _answered = new(StringComparer.OrdinalIgnoreCase);
    private const int MaxRemembered = 8192;

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
        var types = SelectedLogonTypes.ToArray();
        foreach (var identity in Identity)
        {
            var fresh = Array.FindAll(types, t => IsNewQuestion(identity, t));
            if (fresh.Length > 0)
            {
                _pending.Add((identity, fresh));
            }
        }

        if (_pending.Count >= LookupBatchSize)
        {
            Flush();
        }
    }

    private protected override void EndProcessingCore() => Flush();

    private bool IsNewQuestion(AccountIdentity identity, LogonRightType type)
    {
        var key = (identity?.Input ?? string.Empty).Trim() + "\n" + type;
        if (_answered.Contains(key))
        {
            WriteVerbose($"{identity?.Input}: {type} was already answered in this command; skipped.");
            return false;
        }

        if (_answered.Count < MaxRemembered)
        {
            _answered.Add(key);
        }

        return true;
    }

    private void Flush()
    {
        var batch = _pending.ToArray();
        _pending.Clear();
        // AccountIdentity compares by reference: one entry per object, its rights merged.
        var typesOf = new Dictionary<AccountIdentity, List<LogonRightType>>();
        var order = new List<AccountIdentity>();
        foreach (var (identity, types) in batch)
        {
            if (!typesOf.TryGetValue(identity, out var list))
            {
                typesOf[identity] = list = new List<LogonRightType>();
                order.Add(identity);
            }

            list.AddRange(types.Where(t => !list.Contains(t)));
        }

        foreach (var (identity, session, account) in ResolvedIdentities(order))
        {
            try
            {
                var expansion = session.ExpandGroups(account);
                var results = new List<LogonRightStatus>();
                foreach (var type in typesOf[identity])
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
[Cmdlet(VerbsCommon.Get, "LogonRight", HelpUri = HelpLinks.GetLogonRight)]
[OutputType(typeof(LogonRightStatus), typeof(LogonRightHolder))]
public sealed class GetLogonRightCommand : GetLogonRightCommandBase
{
    /// <summary>
    /// <para type="description">The logon rights to read. Default: all five (Interactive, Network, Batch, Service, RemoteInteractive). Binds the LogonType of piped Test-IisLogon and Get-IisLogonFailure results.</para>
    /// </summary>
    /// <remarks>Strings, not the enum, so that completion offers every accepted name (see Test-IisLogon -LogonType).</remarks>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [LogonRightTypeTransformation]
    [ArgumentCompleter(typeof(LogonRightTypeCompleter))]
    public string[] LogonType { get; set; } = Array.ConvertAll(LogonRights.All, t => t.ToString());

    private protected override IReadOnlyList<LogonRightType> SelectedLogonTypes => LogonRightTypeTransformationAttribute.ParseAll(LogonType);
}

/// <summary>
/// <para type="synopsis">Shows who holds "Allow log on locally" (SeInteractiveLogonRight), or whether given accounts have it and why.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "LogonLocallyRight", HelpUri = HelpLinks.GetLogonLocallyRight)]
[OutputType(typeof(LogonRightStatus), typeof(LogonRightHolder))]
public sealed class GetLogonLocallyRightCommand : GetLogonRightCommandBase
{
    private static readonly LogonRightType[] Interactive = { LogonRightType.Interactive };

    private protected override IReadOnlyList<LogonRightType> SelectedLogonTypes => Interactive;
}

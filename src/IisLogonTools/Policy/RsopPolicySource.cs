using System;
using System.Collections.Generic;
using System.Linq;

namespace IisLogonTools.Policy;

/// <summary>One RSOP_GPO instance (root\rsop\computer): the GPO's container path, display name and GUID name.</summary>
public sealed class RsopGpoRecord
{
    /// <summary>RSOP_GPO.id: the Group Policy container path, for example "CN={GUID},CN=Policies,CN=System,DC=contoso,DC=com", or "LocalGPO".</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>RSOP_GPO.name: the display name.</summary>
    public string? Name { get; set; }

    /// <summary>RSOP_GPO.guidName: the GUID as text.</summary>
    public string? GuidName { get; set; }
}

/// <summary>One RSOP_UserPrivilegeRight instance: a GPO's account list for one right, with its precedence.</summary>
public sealed class RsopPrivilegeRecord
{
    /// <summary>RSOP_UserPrivilegeRight.UserRight, for example SeNetworkLogonRight.</summary>
    public string UserRight { get; set; } = string.Empty;

    /// <summary>RSOP_UserPrivilegeRight.AccountList: names or "*S-1-…" entries.</summary>
    public IReadOnlyList<string> AccountList { get; set; } = Array.Empty<string>();

    /// <summary>RSOP_PolicySetting.precedence: 1 is the winning setting.</summary>
    public int Precedence { get; set; }

    /// <summary>RSOP_PolicySetting.GPOID: the GPO's container path (matches RSOP_GPO.id).</summary>
    public string? GpoId { get; set; }

    /// <summary>RSOP_PolicySetting.SOMID: the scope of management (site, domain or OU) the GPO is linked to.</summary>
    public string? SomId { get; set; }
}

/// <summary>What one RSoP read of a computer returned.</summary>
public sealed class RsopAnswer
{
    /// <summary>Every RSOP_GPO instance.</summary>
    public IReadOnlyList<RsopGpoRecord> Gpos { get; set; } = Array.Empty<RsopGpoRecord>();

    /// <summary>The RSOP_UserPrivilegeRight instances for logon rights.</summary>
    public IReadOnlyList<RsopPrivilegeRecord> Rights { get; set; } = Array.Empty<RsopPrivilegeRecord>();
}

/// <summary>RSoP could not be read (CIM missing, access denied, namespace absent, computer unreachable).</summary>
public sealed class RsopUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RsopUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RsopUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public RsopUnavailableException(string message)
        : base(message)
    {
    }
}

/// <summary>Reads the RSoP logging data of a computer: one read returns both classes.</summary>
public interface IRsopQuery
{
    /// <summary>Reads RSOP_GPO and RSOP_UserPrivilegeRight of root\rsop\computer on a computer (null: this one).</summary>
    /// <exception cref="RsopUnavailableException">RSoP cannot be read there.</exception>
    RsopAnswer Query(string? computerName);
}

/// <summary>
/// Policy from the RSoP logging data (root\rsop\computer): RSOP_UserPrivilegeRight gives the account list and
/// precedence of each GPO that defines a right, RSOP_GPO the GPO's display name. No RSOP_GPO instance at all (every
/// computer logs at least the local GPO) means RSoP logging is off: Unknown, never "not managed".
/// </summary>
public sealed class RsopPolicySource : IRightsPolicySource
{
    private readonly IRsopQuery _query;

    /// <summary>Creates the source over a query.</summary>
    public RsopPolicySource(IRsopQuery query) => _query = query ?? throw new ArgumentNullException(nameof(query));

    /// <summary>How many RSoP reads were made (one per computer and invocation is the target).</summary>
    public int Reads { get; private set; }

    /// <inheritdoc/>
    public ComputerPolicy Read(string? computerName)
    {
        var origin = $"RSoP on {computerName ?? "this computer"}";
        RsopAnswer answer;
        try
        {
            Reads++;
            answer = _query.Query(computerName);
        }
        catch (RsopUnavailableException e)
        {
            return ComputerPolicy.Unknown(origin, $"RSoP could not be read on {computerName ?? "this computer"}: {e.Message} Give a report with -PolicyReport (gpresult /scope computer /x FILE).");
        }

        return FromAnswer(answer, origin);
    }

    /// <summary>Joins the two classes into per-right settings.</summary>
    public static ComputerPolicy FromAnswer(RsopAnswer answer, string origin)
    {
        if (answer is null)
        {
            throw new ArgumentNullException(nameof(answer));
        }

        if (answer.Gpos.Count == 0)
        {
            return ComputerPolicy.Unknown(origin, $"{origin} holds no RSOP_GPO instance, not even the local GPO: RSoP logging is turned off (policy 'Turn off Resultant Set of Policy logging') or policy has not been processed, so it cannot tell which rights Group Policy defines.");
        }

        var byId = new Dictionary<string, RsopGpoRecord>(StringComparer.OrdinalIgnoreCase);
        var byGuid = new Dictionary<string, RsopGpoRecord>(StringComparer.OrdinalIgnoreCase);
        foreach (var g in answer.Gpos)
        {
            byId[g.Id] = g;
            var guid = GroupPolicyReport.GuidText(g.GuidName) ?? GroupPolicyReport.GuidText(g.Id);
            if (guid is not null)
            {
                byGuid[guid] = g;
            }
        }

        var settings = new List<GroupPolicyRightSetting>();
        foreach (var r in answer.Rights)
        {
            var guid = GroupPolicyReport.GuidText(r.GpoId);
            RsopGpoRecord? gpo = null;
            if (r.GpoId is not null && !byId.TryGetValue(r.GpoId, out gpo) && guid is not null)
            {
                byGuid.TryGetValue(guid, out gpo);
            }

            if (GroupPolicyReport.IsLocalGpo(r.GpoId) || GroupPolicyReport.IsLocalGpo(gpo?.Id))
            {
                // Local security policy is the local assignment itself, not a GPO that a refresh brings back.
                continue;
            }

            var name = gpo?.Name is { Length: > 0 } n ? n : guid ?? r.GpoId ?? "(unnamed GPO)";
            var accounts = r.AccountList.Where(a => !string.IsNullOrWhiteSpace(a)).Select(PolicyAccount.FromTemplateEntry).ToList();
            var links = string.IsNullOrWhiteSpace(r.SomId) ? new List<string>() : new List<string> { r.SomId! };
            settings.Add(new GroupPolicyRightSetting(r.UserRight, accounts, name, guid, links, r.Precedence > 0 ? r.Precedence : 1));
        }

        return ComputerPolicy.Known(origin, settings);
    }
}

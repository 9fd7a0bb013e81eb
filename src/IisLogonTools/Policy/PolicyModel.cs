using System;
using System.Collections.Generic;
using System.Linq;
using IisLogonTools.Security;

namespace IisLogonTools.Policy;

/// <summary>Who decides a logon right's account list on a computer.</summary>
public enum PolicySource
{
    /// <summary>It could not be told (no report and no RSoP data, RSoP logging off, or the report is for another computer).</summary>
    Unknown,

    /// <summary>No Group Policy Object defines the right: the local assignment stands until someone changes it.</summary>
    Local,

    /// <summary>A Group Policy Object defines the right: its account list replaces the local one at every security policy refresh.</summary>
    GroupPolicy,
}

/// <summary>One account as a policy names it: a SID, a name, or both (reports carry either).</summary>
public sealed class PolicyAccount
{
    /// <summary>Creates an entry; at least one of the two must be given.</summary>
    public PolicyAccount(Sid? sid, string? name)
    {
        if (sid is null && string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A policy account needs a SID or a name.");
        }

        Sid = sid;
        Name = string.IsNullOrWhiteSpace(name) ? null : name!.Trim();
    }

    /// <summary>The SID, when the policy gives one.</summary>
    public Sid? Sid { get; }

    /// <summary>The name as the policy spells it (DOMAIN\name, a bare name), when it gives one.</summary>
    public string? Name { get; }

    /// <summary>
    /// Parses an entry of a security template or RSOP_UserPrivilegeRight.AccountList: "*S-1-5-32-544" and
    /// "S-1-5-32-544" are SIDs, anything else is an account name.
    /// </summary>
    public static PolicyAccount FromTemplateEntry(string entry)
    {
        var text = (entry ?? string.Empty).Trim();
        var sidText = text.StartsWith("*", StringComparison.Ordinal) ? text.Substring(1) : text;
        if (sidText.StartsWith("S-", StringComparison.OrdinalIgnoreCase) && Sid.TryParse(sidText.ToUpperInvariant(), out var sid, out _))
        {
            return new PolicyAccount(sid, null);
        }

        return new PolicyAccount(null, text);
    }

    /// <inheritdoc/>
    public override string ToString() => Sid is null ? Name! : Name is null ? Sid.ToString() : $"{Name} ({Sid})";
}

/// <summary>One Group Policy Object's setting for one user right, as RSoP logged it.</summary>
public sealed class GroupPolicyRightSetting
{
    /// <summary>Creates a setting.</summary>
    public GroupPolicyRightSetting(string right, IReadOnlyList<PolicyAccount> accounts, string gpoName, string? gpoGuid, IReadOnlyList<string> links, int precedence)
    {
        Right = right;
        Accounts = accounts;
        GpoName = gpoName;
        GpoGuid = gpoGuid;
        Links = links;
        Precedence = precedence;
    }

    /// <summary>The LSA right name, for example SeNetworkLogonRight.</summary>
    public string Right { get; }

    /// <summary>The accounts the GPO assigns the right to (the whole list: it replaces the local one).</summary>
    public IReadOnlyList<PolicyAccount> Accounts { get; }

    /// <summary>The GPO's display name.</summary>
    public string GpoName { get; }

    /// <summary>The GPO's GUID in braces, upper case, or null for the local GPO.</summary>
    public string? GpoGuid { get; }

    /// <summary>Where the GPO is linked (scopes of management: a site, the domain, an OU path, or "Local").</summary>
    public IReadOnlyList<string> Links { get; }

    /// <summary>1 for the winning setting; higher numbers lost to it.</summary>
    public int Precedence { get; }

    /// <summary>"'name' {guid}, linked to a, b" for messages.</summary>
    public string Describe()
    {
        var text = $"'{GpoName}'";
        if (GpoGuid is not null && !string.Equals(GpoName, GpoGuid, StringComparison.OrdinalIgnoreCase))
        {
            text += $" {GpoGuid}";
        }

        return Links.Count == 0 ? text : $"{text}, linked to {string.Join(", ", Links)}";
    }
}

/// <summary>Who decides one right on one computer: the winning GPO setting, local policy, or unknown with the reason.</summary>
public sealed class RightPolicy
{
    private RightPolicy(string right, PolicySource source, GroupPolicyRightSetting? winning, IReadOnlyList<GroupPolicyRightSetting> losing, string? reason, string origin)
    {
        Right = right;
        Source = source;
        Winning = winning;
        Losing = losing;
        Reason = reason;
        Origin = origin;
    }

    /// <summary>The LSA right name.</summary>
    public string Right { get; }

    /// <summary>Local, GroupPolicy or Unknown.</summary>
    public PolicySource Source { get; }

    /// <summary>The winning GPO setting (precedence 1), for GroupPolicy.</summary>
    public GroupPolicyRightSetting? Winning { get; }

    /// <summary>GPOs that also define the right but lose to the winner (precedence 2 and up).</summary>
    public IReadOnlyList<GroupPolicyRightSetting> Losing { get; }

    /// <summary>Why the source is unknown.</summary>
    public string? Reason { get; }

    /// <summary>Where the answer comes from, for example "gpresult report C:\r.xml" or "RSoP on WEB01".</summary>
    public string Origin { get; }

    internal static RightPolicy Unknown(string right, string reason, string origin) => new(right, PolicySource.Unknown, null, Array.Empty<GroupPolicyRightSetting>(), reason, origin);

    internal static RightPolicy FromSettings(string right, IEnumerable<GroupPolicyRightSetting> settings, string origin)
    {
        var ordered = settings.OrderBy(s => s.Precedence).ToList();
        return ordered.Count == 0
            ? new RightPolicy(right, PolicySource.Local, null, Array.Empty<GroupPolicyRightSetting>(), null, origin)
            : new RightPolicy(right, PolicySource.GroupPolicy, ordered[0], ordered.Skip(1).ToList(), null, origin);
    }
}

/// <summary>What a policy source knows about one computer: per right, who decides it.</summary>
public sealed class ComputerPolicy
{
    private readonly Dictionary<string, List<GroupPolicyRightSetting>> _settings;

    private ComputerPolicy(string origin, string? unknownReason, Dictionary<string, List<GroupPolicyRightSetting>> settings)
    {
        Origin = origin;
        UnknownReason = unknownReason;
        _settings = settings;
    }

    /// <summary>Where the data comes from.</summary>
    public string Origin { get; }

    /// <summary>Why nothing can be told for any right, or null when the data is usable.</summary>
    public string? UnknownReason { get; }

    /// <summary>Nothing known: every right reports Unknown with this reason.</summary>
    public static ComputerPolicy Unknown(string origin, string reason) => new(origin, reason, new Dictionary<string, List<GroupPolicyRightSetting>>());

    /// <summary>Usable data: rights with settings are GPO-defined, all others local.</summary>
    public static ComputerPolicy Known(string origin, IEnumerable<GroupPolicyRightSetting> settings)
    {
        var map = new Dictionary<string, List<GroupPolicyRightSetting>>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in settings)
        {
            if (!map.TryGetValue(s.Right, out var list))
            {
                map[s.Right] = list = new List<GroupPolicyRightSetting>();
            }

            list.Add(s);
        }

        return new ComputerPolicy(origin, null, map);
    }

    /// <summary>Who decides the right.</summary>
    public RightPolicy For(string right) =>
        UnknownReason is not null
            ? RightPolicy.Unknown(right, UnknownReason, Origin)
            : RightPolicy.FromSettings(right, _settings.TryGetValue(right, out var list) ? list : Enumerable.Empty<GroupPolicyRightSetting>(), Origin);
}

/// <summary>A place that can tell which GPO, if any, defines each user right of a computer.</summary>
public interface IRightsPolicySource
{
    /// <summary>Reads the policy of a computer (null: this computer). Never throws for missing data: returns Unknown with the reason.</summary>
    ComputerPolicy Read(string? computerName);
}

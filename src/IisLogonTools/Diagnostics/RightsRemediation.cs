using System;
using System.Collections.Generic;
using System.Linq;
using IisLogonTools.Rights;
using IisLogonTools.Security;

namespace IisLogonTools.Diagnostics;

/// <summary>A remediation built from a rights analysis: the full text and the one step to take first.</summary>
public sealed class RightsRemediationPlan
{
    internal RightsRemediationPlan(string text, string fix, bool advisesGrant, bool contradiction)
    {
        Text = text;
        Fix = fix;
        AdvisesGrant = advisesGrant;
        Contradiction = contradiction;
    }

    /// <summary>The remediation in full: what the analysis found and what fixes this case, nothing it ruled out.</summary>
    public string Text { get; }

    /// <summary>The first step, short enough for a table column (usually one command).</summary>
    public string Fix { get; }

    /// <summary>Whether the plan tells the admin to grant the allow right.</summary>
    public bool AdvisesGrant { get; }

    /// <summary>Whether LogonUser and the analysis disagree (refused but effective, or accepted but not effective).</summary>
    public bool Contradiction { get; }
}

/// <summary>
/// Builds the remediation for a logon right from the structured analysis (<see cref="LogonRightStatus"/>) rather than by
/// editing text. The rules, in order:
/// <list type="number">
/// <item>LogonUser refused the logon type but the analysis finds the right effective: say so, name what the analysis
/// cannot see (Group Policy not yet applied, a SID outside the model, a change that needs a new logon) and advise no grant.
/// The opposite (the logon succeeded, the analysis says not effective) is flagged the same way.</item>
/// <item>A deny on the account itself: remove that one assignment.</item>
/// <item>A deny through a group: take the account out of the group (narrow) rather than lifting the group's deny (broad).
/// A deny that security baselines set (Guests, Local account, Local account and member of Administrators, Anonymous
/// Logon, Everyone) is called out as such and kept.</item>
/// <item>A grant is advised only when nothing grants the right; when a group already grants it, removing the deny is enough.</item>
/// <item>The "check for a deny" step is only given when the analysis could not rule a deny out.</item>
/// </list>
/// </summary>
public static class RightsRemediation
{
    /// <summary>
    /// The SIDs whose deny assignments security baselines set (CIS and DISA STIG "Deny access to this computer from the
    /// network" and "Deny log on through Remote Desktop Services", win-semantics 5), or which stand for every account:
    /// lifting such a deny weakens the computer for everyone it covers.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> BaselineDenySids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["S-1-5-32-546"] = "BUILTIN\\Guests",
        ["S-1-5-113"] = "NT AUTHORITY\\Local account",
        ["S-1-5-114"] = "NT AUTHORITY\\Local account and member of Administrators group",
        ["S-1-5-7"] = "NT AUTHORITY\\ANONYMOUS LOGON",
        ["S-1-1-0"] = "Everyone",
    };

    /// <summary>Builds the remediation of a refused (1385/1380) or accepted logon from the rights analysis.</summary>
    /// <param name="account">The account as tried, for example <c>CONTOSO\alice</c>.</param>
    /// <param name="rightType">The logon right the logon type needs.</param>
    /// <param name="analysis">The account's standing for that right.</param>
    /// <param name="logonSucceeded">Whether LogonUser accepted the logon.</param>
    /// <param name="configurationNote">Where the logon type was configured, appended when the fix is a rights change; or <see langword="null"/>.</param>
    public static RightsRemediationPlan Build(string account, LogonRightType rightType, LogonRightStatus analysis, bool logonSucceeded, string? configurationNote)
    {
        if (analysis is null)
        {
            throw new ArgumentNullException(nameof(analysis));
        }

        var quoted = PowerShellLiteral.SingleQuoted(account);
        var type = rightType.ToString();
        var right = analysis.Right;
        var denyRight = analysis.DenyRight;
        var grantedBy = analysis.GrantedBy.Select(HolderName.NameOf).ToList();
        var grantCommand = rightType == LogonRightType.Interactive
            ? $"Grant-LogonLocallyRight -Identity {quoted}"
            : $"Grant-LogonRight -Identity {quoted} -LogonType {type}";
        var gpoNote = "If Group Policy manages this user right, make the change in the GPO, or the next policy refresh undoes a local change.";

        if (logonSucceeded)
        {
            if (analysis.Effective == false)
            {
                return new RightsRemediationPlan(
                    $"Windows accepted the logon, but the rights analysis finds {right} not effective for {account} ({Describe(analysis)}). "
                    + "Something the analysis cannot see is at work: Group Policy changed the rights since this logon's token was built, a SID the analysis does not model is in the token, or the assignment changed after the check. "
                    + "Nothing needs fixing for this logon; run gpupdate /force and test again before relying on it.",
                    "None; the analysis disagrees with Windows (see Remediation).",
                    advisesGrant: false,
                    contradiction: true);
            }

            return new RightsRemediationPlan("Nothing to fix: the logon succeeded and the rights analysis agrees.", "None", false, false);
        }

        if (analysis.Effective == true)
        {
            return new RightsRemediationPlan(
                $"Windows refused the logon type, but the rights analysis finds {right} effective for {account} ({Describe(analysis)}), so granting it again would change nothing. "
                + "Something the analysis cannot see is at work: Group Policy not yet applied on this computer (run gpupdate /force), "
                + "a SID outside the analysis' model holding a deny (for example one added to the token by an authentication package), "
                + "or a rights change made after the account's current logon session began (rights are read when a logon happens; sign out and test again). "
                + $"Read Security event 4625 for the logon: its Status and Sub Status confirm the refusal. Do not grant {right}: the analysis already finds it granted.",
                "No grant: analysis finds it effective; gpupdate /force, then test again",
                advisesGrant: false,
                contradiction: true);
        }

        if (analysis.Effective is null)
        {
            // The analysis could not decide (a group, or groups only partly known): give the full check, deny included.
            var why = analysis.GroupExpansionNote is null ? string.Empty : $" The analysis is incomplete: {analysis.GroupExpansionNote}";
            return new RightsRemediationPlan(
                $"Grant the right: {grantCommand}. A deny right wins over every grant: check Get-LogonRight -Identity {quoted} -LogonType {type} for {denyRight} on the account or its groups.{why} {gpoNote}"
                + Suffix(configurationNote),
                grantCommand,
                advisesGrant: true,
                contradiction: false);
        }

        var steps = new List<string>();
        string? fix = null;
        if (analysis.DeniedBy.Length > 0)
        {
            foreach (var entry in analysis.DeniedBy)
            {
                var name = HolderName.NameOf(entry);
                var sid = HolderName.SidOf(entry);
                string step;
                string command;
                if (string.Equals(sid, analysis.Sid, StringComparison.OrdinalIgnoreCase))
                {
                    command = $"Revoke-LogonRight -Identity {quoted} -LogonType {type} -Deny";
                    step = $"{account} itself holds {denyRight}, and deny wins over every grant. Remove that one assignment: {command}.";
                }
                else if (sid is not null && BaselineDenySids.ContainsKey(sid))
                {
                    (step, command) = BaselineDeny(account, quoted, name, sid, denyRight, type);
                }
                else
                {
                    command = RemoveMember(analysis, name, account);
                    step = $"{name} holds {denyRight} and {account} is a member, and deny wins over every grant. Take {account} out of that group: {command}. "
                        + $"Lift the deny for the whole group (Revoke-LogonRight -Identity {PowerShellLiteral.SingleQuoted(name)} -LogonType {type} -Deny) only if no member of {name} should be refused.";
                }

                steps.Add(step);
                fix ??= command;
            }

            steps.Add(grantedBy.Count > 0
                ? $"Once the deny no longer applies, {account} has {right} through {string.Join(", ", grantedBy)}; no grant is needed."
                : $"Nothing grants {right} to {account} either; after the deny, grant it to the account or to a group you choose that it belongs to: {grantCommand}.");
            steps.Add(gpoNote);
            return new RightsRemediationPlan(string.Join(" ", steps) + Suffix(configurationNote), fix!, grantedBy.Count == 0, false);
        }

        // No deny applies (the analysis is complete), so the fix is a grant.
        return new RightsRemediationPlan(
            $"Neither {account} nor any group it belongs to holds {right}, and no deny applies. Grant it to the account: {grantCommand}, "
            + $"or to a group you choose that {account} belongs to (Grant-LogonRight -Identity '<group>' -LogonType {type}). {gpoNote}"
            + Suffix(configurationNote),
            grantCommand,
            advisesGrant: true,
            contradiction: false);
    }

    private static (string Step, string Command) BaselineDeny(string account, string quoted, string name, string sid, string denyRight, string type)
    {
        var baseline = $"{name} holds {denyRight}, a deny that security baselines (CIS, DISA STIG) set on purpose; lifting it would weaken this computer for every account it covers.";
        switch (sid)
        {
            case "S-1-5-32-546":
                var remove = $"Remove-LocalGroupMember -Group 'Guests' -Member {quoted}";
                return ($"{baseline} The narrower fix is to take {account} out of Guests: {remove}.", remove);
            case "S-1-5-113":
                return ($"{baseline} Every local account is in it, so a local account cannot get this logon type here: use a domain account for this site instead.", "Use a domain account (Local account is denied by baseline)");
            case "S-1-5-114":
                var admins = $"Remove-LocalGroupMember -Group 'Administrators' -Member {quoted}";
                return ($"{baseline} It covers local accounts that are administrators: use a non-administrative account for the site, or take {account} out of Administrators: {admins}.", admins);
            case "S-1-5-7":
                return ($"{baseline} It applies to anonymous logons: the request carried no credentials, so configure the client or the site to send them.", "Send credentials (anonymous logon is denied by baseline)");
            default:
                return ($"{name} holds {denyRight}: no account can log on this way on this computer. That is a computer-wide decision; lift it only if that is intended: Revoke-LogonRight -Identity 'Everyone' -LogonType {type} -Deny.", "Everyone is denied: decide computer-wide (see Remediation)");
        }
    }

    private static string RemoveMember(LogonRightStatus analysis, string group, string account)
    {
        var backslash = group.IndexOf('\\');
        var prefix = backslash > 0 ? group.Substring(0, backslash) : string.Empty;
        var local = prefix.Length == 0
            || string.Equals(prefix, "BUILTIN", StringComparison.OrdinalIgnoreCase)
            || string.Equals(prefix, analysis.ComputerName, StringComparison.OrdinalIgnoreCase);
        var shortGroup = backslash > 0 ? group.Substring(backslash + 1) : group;
        if (local)
        {
            return $"Remove-LocalGroupMember -Group {PowerShellLiteral.SingleQuoted(shortGroup)} -Member {PowerShellLiteral.SingleQuoted(account)}";
        }

        var userBackslash = account.LastIndexOf('\\');
        var user = userBackslash >= 0 ? account.Substring(userBackslash + 1) : account;
        return $"Remove-ADGroupMember -Identity {PowerShellLiteral.SingleQuoted(shortGroup)} -Members {PowerShellLiteral.SingleQuoted(user)}";
    }

    private static string Describe(LogonRightStatus analysis)
    {
        var granted = analysis.GrantedBy.Length > 0 ? "granted by " + string.Join(", ", analysis.GrantedBy.Select(HolderName.NameOf)) : "granted by nothing";
        var denied = analysis.DeniedBy.Length > 0 ? "denied by " + string.Join(", ", analysis.DeniedBy.Select(HolderName.NameOf)) : "no deny";
        return $"{granted}; {denied}";
    }

    private static string Suffix(string? note) => note is null ? string.Empty : " " + note;
}

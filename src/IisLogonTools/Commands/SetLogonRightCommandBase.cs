using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using IisLogonTools.Native;
using IisLogonTools.Policy;
using IisLogonTools.Rights;
using IisLogonTools.Security;

namespace IisLogonTools.Commands;

/// <summary>
/// The shared implementation of Grant-* and Revoke-*: one right per identity per computer, idempotent
/// (nothing to change means no LSA write), ShouldProcess per item right before the change, -PassThru after-state.
/// </summary>
public abstract class SetLogonRightCommandBase : LogonRightCommandBase
{
    /// <summary>
    /// <para type="description">Accounts to change: DOMAIN\name, .\name, name@dns.domain, a bare name, or a SID.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AccountIdentityCompleter))]
    [Alias("SID", "Account")]
    public AccountIdentity[] Identity { get; set; } = System.Array.Empty<AccountIdentity>();

    /// <summary>
    /// <para type="description">Change the deny right (for example SeDenyInteractiveLogonRight) instead of the allow right.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter Deny { get; set; }

    /// <summary>
    /// <para type="description">Return the account's standing after the change, with Changed telling whether anything was written.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// <para type="description">Allow a change that can lock many people out: removing a logon right from, or adding a deny to, Administrators, Users, Everyone, Authenticated Users or the account running the command, or removing a right from its last holder. Without -Force such a change is refused with a RightChangeNeedsForce error and nothing is written.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    // The account running the command, resolved once per computer when a guarded change needs it.
    private readonly System.Collections.Generic.Dictionary<ComputerRightsSession, Sid?> _currentAccount = new();

    private protected override bool OpensForWrite => true;

    /// <summary>True for Grant, false for Revoke.</summary>
    private protected abstract bool Adds { get; }

    private protected override void ProcessRecordCore()
    {
        var kind = Deny ? RightAssignmentKind.Deny : RightAssignmentKind.Allow;
        foreach (var (identity, session, account) in ResolvedIdentities(Identity))
        {
            if (Adds && !account.Lookup.Resolved)
            {
                WriteError(ErrorRecords.IdentityNotResolved(identity.Input, session.ComputerName));
                continue;
            }

            foreach (var type in SelectedLogonTypes)
            {
                try
                {
                    Apply(session, account, type, kind);
                }
                catch (WindowsApiException e)
                {
                    WriteError(ErrorRecords.FromWindowsApi(e, identity.Input, session.ComputerName));
                }
            }
        }
    }

    private void Apply(ComputerRightsSession session, ResolvedAccount account, LogonRightType type, RightAssignmentKind kind)
    {
        var right = LogonRights.RightName(type, kind);
        var display = LogonRights.DisplayName(type, kind);
        var holds = session.Holders(right).Contains(account.Sid);
        var changed = false;
        var (policy, reverts) = WarnAboutGroupPolicy(session, account, right, display);
        if (holds == Adds)
        {
            WriteVerbose(Adds
                ? $"{account.Describe()} already holds {right} ('{display}') on {session.ComputerName}; nothing to change."
                : $"{account.Describe()} does not hold {right} ('{display}') directly on {session.ComputerName}; nothing to change.");
        }
        else
        {
            var action = Adds ? $"Grant {right} ('{display}')" : $"Revoke {right} ('{display}')";
            var target = $"{account.Describe()} on {session.ComputerName}";
            var guard = Force ? null : GuardReason(session, account, right, kind);
            if (guard is not null)
            {
                WriteError(ErrorRecords.RightChangeNeedsForce(
                    $"{action} {(Adds ? "to" : "from")} {target} was refused: {guard} Nothing was changed. Add -Force if that is what you intend.",
                    account.DisplayName));
                return;
            }

            WriteVerbose($"{action} {(Adds ? "to" : "from")} {target}.");
            if (!ShouldProcess(target, action + PolicyText.WhatIfSuffix(policy, reverts)))
            {
                return;
            }

            if (Adds)
            {
                session.Grant(account.Sid, right);
                changed = true;
            }
            else
            {
                changed = session.Revoke(account.Sid, right);
                if (!changed)
                {
                    WriteVerbose($"{account.Describe()} no longer held any right on {session.ComputerName} (removed meanwhile); nothing to change.");
                }
            }
        }

        // The after-state, also when nothing changed: a grant can still be blocked by a deny, and a revoke can leave
        // the right in place through a group; both deserve a warning.
        var status = session.Evaluate<LogonRightChange>(account, type, session.ExpandGroups(account));
        status.Changed = changed;
        GroupPolicy.Describe(session, status);
        status.RevertsAtNextPolicyRefresh = reverts;
        WarnAboutOutcome(status, account, type, kind);
        if (PassThru)
        {
            WriteObject(status);
        }
    }

    /// <summary>Warns, before any change, when a GPO defines the right and the next refresh would undo the change.</summary>
    private (RightPolicy Policy, bool? Reverts) WarnAboutGroupPolicy(ComputerRightsSession session, ResolvedAccount account, string right, string display)
    {
        var policy = GroupPolicy.For(session, right);
        var names = GroupPolicy.ResolvedNames(session, policy);
        var reverts = PolicyRefreshEvaluator.RevertsAtNextRefresh(policy, account.Sid, Adds, names);
        var unresolved = policy.Winning?.Accounts.Where(a => a.Sid is null && a.Name is not null && (!names.TryGetValue(a.Name, out var sid) || sid is null)).Select(a => a.Name!).ToList() ?? new List<string>();
        var warning = PolicyText.ChangeWarning(policy, reverts, account.DisplayName, session.ComputerName, Adds, display, unresolved);
        if (warning is not null)
        {
            WriteWarning(warning);
        }
        else if (policy.Source == PolicySource.Unknown)
        {
            WriteVerbose($"Whether Group Policy defines {right} on {session.ComputerName} is unknown: {policy.Reason}");
        }

        return (policy, reverts);
    }

    /// <summary>
    /// Why a change needs -Force, or null. Guarded: taking an allow right away, or adding a deny, for principals whose
    /// loss locks many people (or the admin) out, and taking the last holder's allow right.
    /// </summary>
    private string? GuardReason(ComputerRightsSession session, ResolvedAccount account, string right, RightAssignmentKind kind)
    {
        var removesAllow = !Adds && kind == RightAssignmentKind.Allow;
        var addsDeny = Adds && kind == RightAssignmentKind.Deny;
        if (!removesAllow && !addsDeny)
        {
            return null;
        }

        var effect = removesAllow ? $"every account that receives {right} only through it would lose it" : $"every account in it would be refused this logon, whatever grants it";
        if (BroadPrincipals.TryGetValue(account.Sid.ToString(), out var what))
        {
            return $"{account.DisplayName} is {what}; {effect}.";
        }

        if (account.Sid.Equals(CurrentAccount(session)))
        {
            return removesAllow
                ? $"{account.DisplayName} is the account running this command; it would lose {right} itself."
                : $"{account.DisplayName} is the account running this command; it would deny itself this logon.";
        }

        if (removesAllow)
        {
            var holders = session.Holders(right);
            // A SID that resolves to no account lets nobody log on, so removing it locks nobody out (stale-SID clean-up).
            if (account.Lookup.Resolved && holders.Count == 1 && holders.Contains(account.Sid))
            {
                return $"{account.DisplayName} is the last holder of {right} on {session.ComputerName}; afterwards no account could log on this way.";
            }
        }

        return null;
    }

    private static readonly System.Collections.Generic.Dictionary<string, string> BroadPrincipals = new(System.StringComparer.OrdinalIgnoreCase)
    {
        ["S-1-5-32-544"] = "the computer's administrators group",
        ["S-1-5-32-545"] = "the group of every local user and of Domain Users",
        ["S-1-1-0"] = "the group every account is in",
        ["S-1-5-11"] = "the group of every account that signs in",
    };

    /// <summary>The SID of the account running the command on this session's computer, or null when it cannot be told.</summary>
    private Sid? CurrentAccount(ComputerRightsSession session)
    {
        if (_currentAccount.TryGetValue(session, out var sid))
        {
            return sid;
        }

        sid = null;
        try
        {
            // On Windows both names come from the process token; elsewhere they name no Windows account and resolve to nothing.
            var name = System.Environment.UserDomainName + "\\" + System.Environment.UserName;
            sid = session.Resolve(new AccountIdentity(name).Parse())?.Sid;
        }
        catch (System.Exception e) when (e is WindowsApiException or AccountIdentityException or AmbiguousAccountException or System.InvalidOperationException or System.PlatformNotSupportedException)
        {
            WriteVerbose($"The account running this command could not be identified on {session.ComputerName} ({e.Message}); it is not guarded.");
        }

        _currentAccount[session] = sid;
        return sid;
    }

    private void WarnAboutOutcome(LogonRightStatus status, ResolvedAccount account, LogonRightType type, RightAssignmentKind kind)
    {
        var quoted = Diagnostics.PowerShellLiteral.SingleQuoted(account.DisplayName);
        if (kind == RightAssignmentKind.Allow && Adds && status.DeniedBy.Length > 0)
        {
            WriteWarning($"{account.DisplayName} holds {status.Right} on {status.ComputerName}, but a deny assignment still blocks it: {string.Join(", ", status.DeniedBy)} holds {status.DenyRight}. Deny wins; see Get-LogonRight -Identity {quoted} -LogonType {type}.");
        }
        else if (kind == RightAssignmentKind.Allow && !Adds && status.GrantedBy.Length > 0 && status.Effective != false)
        {
            WriteWarning($"{account.DisplayName} does not hold {status.Right} directly on {status.ComputerName}, but still receives it through: {string.Join(", ", status.GrantedBy)}. To stop these logons, remove it from those groups or use Grant-LogonRight -Identity {quoted} -LogonType {type} -Deny.");
        }
    }
}

/// <summary>
/// <para type="synopsis">Grants a Windows logon right (or, with -Deny, its deny counterpart) to accounts.</para>
/// </summary>
[Cmdlet(VerbsSecurity.Grant, "LogonRight", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.GrantLogonRight)]
[OutputType(typeof(LogonRightChange))]
public sealed class GrantLogonRightCommand : SetLogonRightCommandBase
{
    /// <summary>
    /// <para type="description">The logon right to grant: Interactive, Network (NetworkCleartext and ClearText need it too), Batch, Service or RemoteInteractive, or a LOGON32 number (2, 3, 4, 5, 8). Binds the LogonType of piped Test-IisLogon and Get-IisLogonFailure results.</para>
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [LogonRightTypeTransformation]
    [ArgumentCompleter(typeof(LogonRightTypeCompleter))]
    public string LogonType { get; set; } = string.Empty;

    private protected override System.Collections.Generic.IReadOnlyList<LogonRightType> SelectedLogonTypes => LogonRightTypeTransformationAttribute.ParseAll(new[] { LogonType });

    private protected override bool Adds => true;
}

/// <summary>
/// <para type="synopsis">Grants "Allow log on locally" (SeInteractiveLogonRight), the KB Q247593 fix, to accounts.</para>
/// </summary>
[Cmdlet(VerbsSecurity.Grant, "LogonLocallyRight", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.GrantLogonLocallyRight)]
[OutputType(typeof(LogonRightChange))]
public sealed class GrantLogonLocallyRightCommand : SetLogonRightCommandBase
{
    private protected override System.Collections.Generic.IReadOnlyList<LogonRightType> SelectedLogonTypes => new[] { LogonRightType.Interactive };

    private protected override bool Adds => true;
}

/// <summary>
/// <para type="synopsis">Revokes a Windows logon right (or, with -Deny, its deny counterpart) from accounts.</para>
/// </summary>
[Cmdlet(VerbsSecurity.Revoke, "LogonRight", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.RevokeLogonRight)]
[OutputType(typeof(LogonRightChange))]
public sealed class RevokeLogonRightCommand : SetLogonRightCommandBase
{
    /// <summary>
    /// <para type="description">The logon right to revoke: Interactive, Network (NetworkCleartext and ClearText need it too), Batch, Service or RemoteInteractive, or a LOGON32 number (2, 3, 4, 5, 8). Binds the LogonType of piped results.</para>
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [LogonRightTypeTransformation]
    [ArgumentCompleter(typeof(LogonRightTypeCompleter))]
    public string LogonType { get; set; } = string.Empty;

    private protected override System.Collections.Generic.IReadOnlyList<LogonRightType> SelectedLogonTypes => LogonRightTypeTransformationAttribute.ParseAll(new[] { LogonType });

    private protected override bool Adds => false;
}

/// <summary>
/// <para type="synopsis">Revokes "Allow log on locally" (SeInteractiveLogonRight) from accounts.</para>
/// </summary>
[Cmdlet(VerbsSecurity.Revoke, "LogonLocallyRight", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.RevokeLogonLocallyRight)]
[OutputType(typeof(LogonRightChange))]
public sealed class RevokeLogonLocallyRightCommand : SetLogonRightCommandBase
{
    private protected override System.Collections.Generic.IReadOnlyList<LogonRightType> SelectedLogonTypes => new[] { LogonRightType.Interactive };

    private protected override bool Adds => false;
}

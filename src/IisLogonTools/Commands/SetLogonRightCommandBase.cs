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
            WriteVerbose($"{action} to {target}.");
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
        var status = session.Evaluate(account, type, session.ExpandGroups(account));
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
[Cmdlet(VerbsSecurity.Grant, "LogonRight", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(LogonRightStatus))]
public sealed class GrantLogonRightCommand : SetLogonRightCommandBase
{
    /// <summary>
    /// <para type="description">The logon right to grant: Interactive, Network, Batch, Service or RemoteInteractive.</para>
    /// </summary>
    [Parameter(Mandatory = true)]
    [LogonRightTypeTransformation]
    public LogonRightType LogonType { get; set; }

    private protected override System.Collections.Generic.IReadOnlyList<LogonRightType> SelectedLogonTypes => new[] { LogonType };

    private protected override bool Adds => true;
}

/// <summary>
/// <para type="synopsis">Grants "Allow log on locally" (SeInteractiveLogonRight), the KB Q247593 fix, to accounts.</para>
/// </summary>
[Cmdlet(VerbsSecurity.Grant, "LogonLocallyRight", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(LogonRightStatus))]
public sealed class GrantLogonLocallyRightCommand : SetLogonRightCommandBase
{
    private protected override System.Collections.Generic.IReadOnlyList<LogonRightType> SelectedLogonTypes => new[] { LogonRightType.Interactive };

    private protected override bool Adds => true;
}

/// <summary>
/// <para type="synopsis">Revokes a Windows logon right (or, with -Deny, its deny counterpart) from accounts.</para>
/// </summary>
[Cmdlet(VerbsSecurity.Revoke, "LogonRight", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(LogonRightStatus))]
public sealed class RevokeLogonRightCommand : SetLogonRightCommandBase
{
    /// <summary>
    /// <para type="description">The logon right to revoke: Interactive, Network, Batch, Service or RemoteInteractive.</para>
    /// </summary>
    [Parameter(Mandatory = true)]
    [LogonRightTypeTransformation]
    public LogonRightType LogonType { get; set; }

    private protected override System.Collections.Generic.IReadOnlyList<LogonRightType> SelectedLogonTypes => new[] { LogonType };

    private protected override bool Adds => false;
}

/// <summary>
/// <para type="synopsis">Revokes "Allow log on locally" (SeInteractiveLogonRight) from accounts.</para>
/// </summary>
[Cmdlet(VerbsSecurity.Revoke, "LogonLocallyRight", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(LogonRightStatus))]
public sealed class RevokeLogonLocallyRightCommand : SetLogonRightCommandBase
{
    private protected override System.Collections.Generic.IReadOnlyList<LogonRightType> SelectedLogonTypes => new[] { LogonRightType.Interactive };

    private protected override bool Adds => false;
}

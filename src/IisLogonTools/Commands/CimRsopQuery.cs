using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using IisLogonTools.Policy;

namespace IisLogonTools.Commands;

/// <summary>
/// Reads root\rsop\computer through Get-CimInstance in the caller's session (PowerShellStandard.Library has no
/// Microsoft.Management.Infrastructure, and the cmdlet works the same in Windows PowerShell 5.1 and PowerShell 7,
/// locally and over WinRM). One read per computer: one CIM session, RSOP_GPO and the logon rights of
/// RSOP_UserPrivilegeRight.
/// </summary>
internal sealed class CimRsopQuery : IRsopQuery
{
    private const string Script = @"
param([string] $ComputerName, [string] $Filter)
$cim = @{ Namespace = 'root\rsop\computer'; ErrorAction = 'Stop' }
$session = $null
try {
    if ($ComputerName) {
        $session = New-CimSession -ComputerName $ComputerName -ErrorAction Stop
        $cim.CimSession = $session
    }
    $gpos = @(Get-CimInstance @cim -ClassName RSOP_GPO)
    $rights = @(Get-CimInstance @cim -ClassName RSOP_UserPrivilegeRight -Filter $Filter)
    [pscustomobject]@{ Gpos = $gpos; Rights = $rights }
} finally {
    if ($session) { Remove-CimSession -CimSession $session -ErrorAction SilentlyContinue }
}
";

    private readonly PSCmdlet _cmdlet;

    internal CimRsopQuery(PSCmdlet cmdlet) => _cmdlet = cmdlet;

    /// <summary>The WQL filter: the ten logon rights (allow and deny).</summary>
    internal static string LogonRightsFilter { get; } = string.Join(
        " OR ",
        Security.LogonRights.All.SelectMany(t => new[] { Security.LogonRights.RightName(t, Security.RightAssignmentKind.Allow), Security.LogonRights.RightName(t, Security.RightAssignmentKind.Deny) })
            .Select(r => $"UserRight='{r}'"));

    // A restricted session (a JEA endpoint) may expose no Function provider at all; then no such function exists there.
    private bool SessionHasFunction(string name)
    {
        try
        {
            return _cmdlet.SessionState.InvokeProvider.Item.Exists("function:" + name);
        }
        catch (Exception e) when (e is ProviderNotFoundException or DriveNotFoundException or ProviderInvocationException)
        {
            return false;
        }
    }

    public RsopAnswer Query(string? computerName)
    {
        // PowerShell outside Windows has no CimCmdlets; only a Get-CimInstance function defined in the session (a
        // proxy, or recorded answers in tests) can answer there. Checking for it first avoids a command search
        // through every module path on each invocation.
        if (!System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows)
            && !SessionHasFunction("Get-CimInstance"))
        {
            throw new RsopUnavailableException("CIM is not available in this PowerShell session (RSoP and Get-CimInstance exist only on Windows).");
        }

        System.Collections.ObjectModel.Collection<PSObject> output;
        try
        {
            output = _cmdlet.InvokeCommand.InvokeScript(Script, true, System.Management.Automation.Runspaces.PipelineResultTypes.None, null, computerName ?? string.Empty, LogonRightsFilter);
        }
        catch (CommandNotFoundException e)
        {
            throw new RsopUnavailableException($"CIM is not available in this PowerShell session ({e.CommandName} was not found; RSoP exists only on Windows).", e);
        }
        catch (RuntimeException e)
        {
            var inner = e.InnerException is { } i && !string.IsNullOrEmpty(i.Message) ? i.Message : e.Message;
            throw new RsopUnavailableException(inner.Trim(), e);
        }

        var result = output.FirstOrDefault(o => o is not null && o.Properties["Gpos"] is not null)
            ?? throw new RsopUnavailableException("The RSoP read returned nothing.");
        return new RsopAnswer
        {
            Gpos = Items(result.Properties["Gpos"].Value).Select(g => new RsopGpoRecord
            {
                Id = Text(g, "id") ?? string.Empty,
                Name = Text(g, "name"),
                GuidName = Text(g, "guidName"),
            }).ToList(),
            Rights = Items(result.Properties["Rights"]?.Value).Select(r => new RsopPrivilegeRecord
            {
                UserRight = Text(r, "UserRight") ?? string.Empty,
                AccountList = Items(Value(r, "AccountList")).Select(a => a.BaseObject?.ToString() ?? string.Empty).ToList(),
                Precedence = Value(r, "precedence") is { } p && int.TryParse(Convert.ToString(p is PSObject pp ? pp.BaseObject : p, System.Globalization.CultureInfo.InvariantCulture), out var n) ? n : 0,
                GpoId = Text(r, "GPOID"),
                SomId = Text(r, "SOMID"),
            }).Where(r => r.UserRight.Length > 0).ToList(),
        };
    }

    private static IEnumerable<PSObject> Items(object? value)
    {
        value = value is PSObject ps ? ps.BaseObject : value;
        if (value is null)
        {
            yield break;
        }

        if (value is IEnumerable list and not string)
        {
            foreach (var item in list)
            {
                if (item is not null)
                {
                    yield return PSObject.AsPSObject(item);
                }
            }
        }
        else
        {
            yield return PSObject.AsPSObject(value);
        }
    }

    private static object? Value(PSObject o, string name)
    {
        // CimInstance properties surface as PowerShell properties through the CIM type adapter; hashtables from
        // recorded answers (tests) carry them as keys.
        if (o.BaseObject is IDictionary d)
        {
            foreach (DictionaryEntry e in d)
            {
                if (string.Equals(e.Key?.ToString(), name, StringComparison.OrdinalIgnoreCase))
                {
                    return e.Value;
                }
            }

            return null;
        }

        return o.Properties[name]?.Value;
    }

    private static string? Text(PSObject o, string name)
    {
        var v = Value(o, name);
        v = v is PSObject ps ? ps.BaseObject : v;
        var s = v?.ToString();
        return string.IsNullOrWhiteSpace(s) ? null : s;
    }
}

using System;
using System.Management.Automation;
using IisLogonTools.Iis;
using IisLogonTools.Security;

namespace IisLogonTools.Commands;

/// <summary>
/// Lets -LogonType of the rights cmdlets take what Test-IisLogon reports: a LogonType value or name (NetworkCleartext,
/// IIS's ClearText, LogonBatch, …) becomes the right that logon type needs (NetworkCleartext -> Network).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class LogonRightTypeTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc/>
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        return value switch
        {
            LogonType logonType => LogonRights.ForLogonType(logonType),
            object[] items => Array.ConvertAll(items, item => Transform(engineIntrinsics, item)),
            string text when !Enum.TryParse<LogonRightType>(text, true, out _) && LogonTypeName.TryParse(text, out var parsed) => LogonRights.ForLogonType(parsed),
            _ => inputData,
        };
    }
}

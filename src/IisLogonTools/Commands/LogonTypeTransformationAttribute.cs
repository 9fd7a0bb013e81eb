using System;
using System.Management.Automation;
using IisLogonTools.Iis;
using IisLogonTools.Security;

namespace IisLogonTools.Commands;

/// <summary>Accepts our LogonType names and IIS's (ClearText, LogonBatch, …) and the LOGON32 names and numbers.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class LogonTypeTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc/>
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        if (value is LogonType)
        {
            return value;
        }

        var text = value is int number ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : value?.ToString();
        if (LogonTypeName.TryParse(text, out var type))
        {
            return type;
        }

        throw new ArgumentTransformationMetadataException(
            $"'{text}' is not a logon type. Use Interactive, Network, Batch, Service or NetworkCleartext (IIS names ClearText, LogonBatch and LogonService are accepted too).");
    }
}

using System;
using System.Globalization;
using System.Management.Automation;
using IisLogonTools.Iis;
using IisLogonTools.Security;

namespace IisLogonTools.Commands;

/// <summary>
/// Reads Test-IisLogon -LogonType with the module's one logon-type vocabulary: names (ours, IIS's ClearText, LogonBatch,
/// …, the LOGON32 constants) and the LOGON32 numbers 2, 3, 4, 5 and 8. Anything else is refused with the reason.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class LogonTypeTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc/>
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        if (value is LogonType type && Enum.IsDefined(typeof(LogonType), type))
        {
            return value;
        }

        var text = value is IFormattable formattable && value is not Enum
            ? formattable.ToString(null, CultureInfo.InvariantCulture)
            : value?.ToString();
        if (LogonTypeName.TryParse(text, out var parsed))
        {
            return parsed;
        }

        throw new ArgumentTransformationMetadataException(LogonTypeName.Refusal(text, forRights: false));
    }
}

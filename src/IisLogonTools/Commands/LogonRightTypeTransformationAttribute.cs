using System;
using System.Globalization;
using System.Management.Automation;
using IisLogonTools.Iis;
using IisLogonTools.Security;

namespace IisLogonTools.Commands;

/// <summary>
/// Reads -LogonType of the rights cmdlets with the module's one logon-type vocabulary (<see cref="LogonTypeName.TryParseRight"/>):
/// names (NetworkCleartext and IIS's ClearText become the network right they need) and LOGON32 numbers, so
/// <c>-LogonType 3</c> is the network right here as in Test-IisLogon and event 4625. Any other number or name is refused;
/// a number is never taken as a position in the enum. The parameters it decorates are strings (the right's name), because
/// PowerShell completes an enum-typed parameter with the enum's names only and ignores its argument completer.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class LogonRightTypeTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc/>
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) => Convert(inputData);

    /// <summary>The rights named by values this attribute has already checked (the parameters are strings; see Get-LogonRight).</summary>
    internal static LogonRightType[] ParseAll(string[] values) =>
        Array.ConvertAll(values ?? Array.Empty<string>(), v => (LogonRightType)Convert(v));

    private static object Convert(object? inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        switch (value)
        {
            case LogonRightType right when Enum.IsDefined(typeof(LogonRightType), right):
                return right;
            case LogonType logonType when Enum.IsDefined(typeof(LogonType), logonType):
                return LogonRights.ForLogonType(logonType);
            case LogonRightType[] rights:
                return Array.ConvertAll(rights, r => (LogonRightType)Convert(r));
            case Array items:
                var result = new LogonRightType[items.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    result[i] = (LogonRightType)Convert(items.GetValue(i));
                }

                return result;
            case System.Collections.IList list:
                var converted = new LogonRightType[list.Count];
                for (var i = 0; i < list.Count; i++)
                {
                    converted[i] = (LogonRightType)Convert(list[i]);
                }

                return converted;
        }

        var text = value is IFormattable formattable && value is not Enum
            ? formattable.ToString(null, CultureInfo.InvariantCulture)
            : value?.ToString();
        if (LogonTypeName.TryParseRight(text, out var parsed, out var error))
        {
            return parsed;
        }

        throw new ArgumentTransformationMetadataException(error);
    }
}

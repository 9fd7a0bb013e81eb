using System;
using System.Management.Automation;

namespace IisLogonTools.Commands;

/// <summary>
/// PowerShell's [Credential()] for a user name given as text (it prompts for the password, as users expect), but
/// passing every other value through unchanged: [Credential()] itself throws on a piped object, which stops
/// PowerShell from binding that object's Credential property by name.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class CredentialTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc/>
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        // Only a user name prompts; null and empty stay as they are, so validation rejects them without a prompt.
        return value is string { Length: > 0 }
            ? new CredentialAttribute().Transform(engineIntrinsics, value)
            : inputData;
    }
}

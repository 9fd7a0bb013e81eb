using System;
using System.Management.Automation;

namespace IisLogonTools.Commands;

/// <summary>
/// -Site must not be blank, but may be null or empty: a Get-IisLogonFailure result read with -Path has no site, and
/// its Site property binds by name (PowerShell hands a null string over as ""), so that means "no site" rather than
/// a binding error that would drop the piped object.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SiteNameValidationAttribute : ValidateArgumentsAttribute
{
    /// <inheritdoc/>
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = arguments is PSObject pso ? pso.BaseObject : arguments;
        if (value is string { Length: > 0 } s && s.Trim().Length == 0)
        {
            throw new ValidationMetadataException("The site name is blank. Give the IIS site name, for example 'Default Web Site'.");
        }
    }
}

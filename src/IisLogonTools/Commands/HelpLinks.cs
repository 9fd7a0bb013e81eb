namespace IisLogonTools.Commands;

/// <summary>
/// The online help of each cmdlet: its page in the project's repository (en-US/*.md), which Get-Help -Online opens.
/// The pages' "online version" front matter holds the same addresses.
/// </summary>
internal static class HelpLinks
{
    private const string Base = "https://github.com/IisLogonTools/IisLogonTools/blob/main/en-US/";

    internal const string TestIisLogon = Base + "Test-IisLogon.md";
    internal const string GetIisLogonFailure = Base + "Get-IisLogonFailure.md";
    internal const string GetLogonRight = Base + "Get-LogonRight.md";
    internal const string GetLogonLocallyRight = Base + "Get-LogonLocallyRight.md";
    internal const string GrantLogonRight = Base + "Grant-LogonRight.md";
    internal const string GrantLogonLocallyRight = Base + "Grant-LogonLocallyRight.md";
    internal const string RevokeLogonRight = Base + "Revoke-LogonRight.md";
    internal const string RevokeLogonLocallyRight = Base + "Revoke-LogonLocallyRight.md";
}

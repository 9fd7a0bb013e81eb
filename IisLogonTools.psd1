@{
    # The one version source: build.ps1 passes it to the assembly and the package.
    ModuleVersion        = '0.1.0'
    GUID                 = '893f80c3-c1ac-4774-924c-161635893850'
    RootModule           = 'bin/IisLogonTools.dll'
    Author               = 'IisLogonTools contributors'
    CompanyName          = 'IisLogonTools contributors'
    Copyright            = '(c) 2026 IisLogonTools contributors. MIT License.'
    Description          = 'Diagnoses and fixes IIS "401.1 Unauthorized: Logon failed" (KB Q247593): tests a logon the way IIS performs it, explains why it fails, and reads, grants and revokes Windows logon rights with group expansion and deny-wins evaluation.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    # Desktop: .NET Framework 4.7.2 brings netstandard2.0 support without extra facades.
    DotNetFrameworkVersion = '4.7.2'
    CmdletsToExport      = @(
        'Get-LogonRight', 'Grant-LogonRight', 'Revoke-LogonRight',
        'Get-LogonLocallyRight', 'Grant-LogonLocallyRight', 'Revoke-LogonLocallyRight',
        'Test-IisLogon', 'Get-IisLogonFailure'
    )
    FormatsToProcess     = @('IisLogonTools.Format.ps1xml')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('IIS', 'Security', 'Logon', 'UserRights', 'LSA', '401', 'Troubleshooting', 'Windows', 'PSEdition_Desktop', 'PSEdition_Core')
            LicenseUri   = 'https://github.com/IisLogonTools/IisLogonTools/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/IisLogonTools/IisLogonTools'
            ReleaseNotes = 'See https://github.com/IisLogonTools/IisLogonTools/blob/main/CHANGELOG.md'
        }
    }
}

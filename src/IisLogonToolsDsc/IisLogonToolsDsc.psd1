@{
    # ModuleVersion is not written here: build.ps1 takes it from IisLogonTools.psd1 (the one version source) and
    # pins RequiredModules to that exact IisLogonTools version in the built manifest.
    RootModule           = 'IisLogonToolsDsc.psm1'
    GUID                 = 'b31632ac-dd29-4c74-92c2-368b91d774f0'
    Author               = 'IisLogonTools contributors'
    CompanyName          = 'IisLogonTools contributors'
    Copyright            = '(c) 2026 IisLogonTools contributors. MIT License.'
    Description          = 'DSC resource LogonRight for IisLogonTools: holds one Windows logon right (or its deny counterpart) of one account as wanted, for Invoke-DscResource, the Windows PowerShell 5.1 LCM, Azure Machine Configuration and Ansible win_dsc.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    RequiredModules      = @('IisLogonTools')
    # A separate module with no cmdlet exports: Get-DscResource does not find class resources in nested modules or
    # in manifests that export cmdlets.
    DscResourcesToExport = @('LogonRight')
    CmdletsToExport      = @()
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('DSC', 'DscResources', 'IIS', 'Security', 'Logon', 'UserRights', 'PSEdition_Desktop', 'PSEdition_Core')
            LicenseUri   = 'https://github.com/IisLogonTools/IisLogonTools/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/IisLogonTools/IisLogonTools'
            ReleaseNotes = 'See https://github.com/IisLogonTools/IisLogonTools/blob/main/CHANGELOG.md'
        }
    }
}

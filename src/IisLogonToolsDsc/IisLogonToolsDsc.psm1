# The LogonRight DSC resource: one direct assignment of one Windows logon right (or its deny counterpart) to one
# account, held as wanted. It calls the IisLogonTools cmdlets, so it has their lookups, idempotence and guards.
# Windows PowerShell 5.1 syntax only: the 5.1 LCM loads this file.
Set-StrictMode -Version Latest

enum Ensure {
    Present
    Absent
}

# The five logon rights, by the names the IisLogonTools cmdlets take for -LogonType. There is deliberately no
# "AllRights": a resource never removes every right of an account.
enum LogonRightName {
    Interactive
    Network
    Batch
    Service
    RemoteInteractive
}

[DscResource()]
class LogonRight {
    # The account: DOMAIN\name, .\name, name@dns.domain, a bare name, or a SID.
    [DscProperty(Key)]
    [string] $Identity

    # Which logon right.
    [DscProperty(Key)]
    [LogonRightName] $LogonType

    # Present: the account itself holds the assignment. Absent: it does not (groups are not changed).
    [DscProperty()]
    [Ensure] $Ensure = [Ensure]::Present

    # False: the allow right (SeNetworkLogonRight, ...). True: its deny counterpart (SeDenyNetworkLogonRight, ...).
    [DscProperty()]
    [bool] $Deny = $false

    # Allows revoking an allow right from, or adding a deny right to, Everyone, Authenticated Users,
    # BUILTIN\Administrators or BUILTIN\Users; without it such a configuration is refused.
    [DscProperty()]
    [bool] $Force = $false

    # Whether a logon of this type is allowed for the account (deny wins, groups expanded); null when it cannot be
    # told (a group, or groups that could not be read).
    [DscProperty(NotConfigurable)]
    [Nullable[bool]] $Effective

    # The account's SID on this computer.
    [DscProperty(NotConfigurable)]
    [string] $Sid

    # The LSA name of the assignment this instance is about, for example SeDenyNetworkLogonRight.
    [DscProperty(NotConfigurable)]
    [string] $Right

    # Assignments that grant or deny the right to the account, as "NAME (SID)", directly or through groups.
    [DscProperty(NotConfigurable)]
    [string[]] $GrantedBy

    [DscProperty(NotConfigurable)]
    [string[]] $DeniedBy

    [LogonRight] Get() {
        $status = $this.ReadStatus()
        $current = [LogonRight]::new()
        $current.Identity = $this.Identity
        $current.LogonType = $this.LogonType
        $current.Deny = $this.Deny
        $current.Force = $this.Force
        if ($this.HoldsDirectly($status)) { $current.Ensure = [Ensure]::Present } else { $current.Ensure = [Ensure]::Absent }
        $current.Effective = $status.Effective
        $current.Sid = $status.Sid
        if ($this.Deny) { $current.Right = $status.DenyRight } else { $current.Right = $status.Right }
        $current.GrantedBy = @($status.GrantedBy)
        $current.DeniedBy = @($status.DeniedBy)
        return $current
    }

    [bool] Test() {
        $status = $this.ReadStatus()
        $this.AssertAllowed($status)
        $inState = $this.HoldsDirectly($status) -eq ($this.Ensure -eq [Ensure]::Present)
        Write-Verbose ("LogonRight {0}: {1} {2} {3} directly; wanted {4}: {5}." -f $this.Describe($status),
            $status.Identity, $(if ($this.HoldsDirectly($status)) { 'holds' } else { 'does not hold' }),
            $this.RightName($status), $this.Ensure, $(if ($inState) { 'in desired state' } else { 'not in desired state' }))
        return $inState
    }

    [void] Set() {
        $status = $this.ReadStatus()
        $this.AssertAllowed($status)
        $wanted = $this.Ensure -eq [Ensure]::Present
        if ($this.HoldsDirectly($status) -eq $wanted) {
            # Nothing differs: no LSA write at all.
            Write-Verbose ("LogonRight {0}: already as wanted; nothing to change." -f $this.Describe($status))
            return
        }

        $parameters = @{
            Identity    = $status.Sid
            LogonType   = [string]$this.LogonType
            Deny        = $this.Deny
            Confirm     = $false
            ErrorAction = 'Stop'
        }
        if ($wanted) {
            $command = Get-Command 'IisLogonTools\Grant-LogonRight'
        } else {
            $command = Get-Command 'IisLogonTools\Revoke-LogonRight'
        }
        # The cmdlets may carry their own -Force guard for broad principals; this resource has already applied
        # the same rule, so pass the decision on when the cmdlet asks for it.
        if ($this.Force -and $command.Parameters.ContainsKey('Force')) { $parameters['Force'] = $true }
        Write-Verbose ("LogonRight {0}: {1}." -f $this.Describe($status), $command.Name)
        $null = & $command @parameters
    }

    # The account's standing for this right, read through Get-LogonRight; a lookup failure is a terminating error.
    hidden [object] ReadStatus() {
        if ([string]::IsNullOrWhiteSpace($this.Identity)) {
            throw [LogonRight]::NewError('LogonRightIdentityMissing', [System.Management.Automation.ErrorCategory]::InvalidArgument, $this.Identity,
                'LogonRight needs an Identity: DOMAIN\name, .\name, name@dns.domain, a bare name, or a SID.')
        }

        $status = @(IisLogonTools\Get-LogonRight -Identity $this.Identity -LogonType ([string]$this.LogonType) -ErrorAction Stop)
        if ($status.Count -ne 1) {
            throw [LogonRight]::NewError('LogonRightIdentityNotFound', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $this.Identity,
                ("LogonRight: '{0}' was not found on this computer. Check the name, or use its SID." -f $this.Identity))
        }
        return $status[0]
    }

    hidden [bool] HoldsDirectly([object] $status) {
        if ($this.Deny) { return [bool]$status.DirectDeny }
        return [bool]$status.DirectAllow
    }

    hidden [string] RightName([object] $status) {
        if ($this.Deny) { return [string]$status.DenyRight }
        return [string]$status.Right
    }

    hidden [string] Describe([object] $status) {
        return ("{0} / {1}" -f $status.Identity, $this.RightName($status))
    }

    # Revoking an allow right from, or denying a right to, a principal that covers (nearly) every account would lock
    # out the computer's users or administrators: refused unless Force is set. Decided by SID, so every spelling of
    # these names (Everyone, S-1-1-0, BUILTIN\Users, a localized name) is caught.
    hidden [void] AssertAllowed([object] $status) {
        $removesAccess = ($this.Ensure -eq [Ensure]::Absent -and -not $this.Deny) -or ($this.Ensure -eq [Ensure]::Present -and $this.Deny)
        if (-not $removesAccess -or $this.Force) { return }
        $broad = [LogonRight]::BroadPrincipalName([string]$status.Sid)
        if ($broad) {
            $what = 'Revoking'
            if ($this.Deny) { $what = 'Denying' }
            throw [LogonRight]::NewError('LogonRightBroadPrincipal', [System.Management.Automation.ErrorCategory]::PermissionDenied, $this.Identity,
                ("LogonRight refuses this configuration: {0} {1} for {2} ({3}) would affect every account in it and can lock users or administrators out of this computer. Target a specific account or group, or set Force = `$true if this is really meant." -f $what, $this.RightName($status), $broad, $status.Sid))
        }
    }

    # Everyone, Authenticated Users, BUILTIN\Administrators and BUILTIN\Users (well-known SIDs, MS-DTYP 2.4.2.4).
    hidden static [string] BroadPrincipalName([string] $sid) {
        switch ($sid) {
            'S-1-1-0' { return 'Everyone' }
            'S-1-5-11' { return 'Authenticated Users' }
            'S-1-5-32-544' { return 'BUILTIN\Administrators' }
            'S-1-5-32-545' { return 'BUILTIN\Users' }
        }
        return $null
    }

    hidden static [System.Management.Automation.ErrorRecord] NewError([string] $errorId, [System.Management.Automation.ErrorCategory] $category, [object] $target, [string] $message) {
        $exception = [System.ArgumentException]::new($message)
        if ($category -eq [System.Management.Automation.ErrorCategory]::PermissionDenied) {
            $exception = [System.InvalidOperationException]::new($message)
        }
        return [System.Management.Automation.ErrorRecord]::new($exception, $errorId, $category, $target)
    }
}

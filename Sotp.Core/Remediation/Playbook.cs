using Sotp.Core.Alerts;

namespace Sotp.Core.Remediation;

/// <summary>What starts a playbook.</summary>
public enum PlaybookTrigger
{
    /// <summary>An "interface shut" alert (an interface that was enabled became ifAdminStatus down).</summary>
    InterfaceAdminDown,
}

/// <summary>What a playbook does.</summary>
public enum PlaybookAction
{
    /// <summary>SNMP SET of ifAdminStatus to up(1), with the device's SNMP credentials.</summary>
    SnmpAdminUp,

    /// <summary>Over SSH with the pinned host key: the platform's "interface X" then "no shutdown" (FRR, IOS, EOS, NX-OS; Junos and VRP their own words).</summary>
    CliNoShutdown,
}

public enum PlaybookMode
{
    /// <summary>Decides and records what it would do; does nothing to the device.</summary>
    DryRun,

    Enforce,
}

/// <summary>
/// "When X happens, do Y", with the guardrails an operations lead asks for: a scope (devices, sites, tags, an interface
/// glob), never an uplink unless allowed, a hold-off per port, a post-check, a circuit breaker, an optional approval,
/// and dry-run. Nothing acts until someone makes a playbook, and a new one only records (dry-run) unless told to enforce.
/// </summary>
public sealed class Playbook
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public PlaybookTrigger Trigger { get; set; }

    public PlaybookAction Action { get; set; }

    public AlertScope Scope { get; set; } = new();

    public PlaybookMode Mode { get; set; } = PlaybookMode.DryRun;

    public bool Enabled { get; set; } = true;

    /// <summary>At most one action per port in this many minutes.</summary>
    public int HoldOffMinutes { get; set; } = 30;

    /// <summary>After acting, the port must come up (within 30 s) and stay up this long, or the attempt failed.</summary>
    public int PostCheckSeconds { get; set; } = 30;

    /// <summary>Failures in a row that stop the playbook (the circuit breaker) until an Admin resets it.</summary>
    public int MaxConsecutiveFailures { get; set; } = 3;

    /// <summary>An Engineer approves each action before it is taken.</summary>
    public bool RequireApproval { get; set; }

    public const string DefaultUplinkPattern = "*uplink*,*core*,*wan*";

    /// <summary>Interfaces whose description (ifAlias) matches this glob are uplinks, left alone unless <see cref="AllowUplinks"/>.</summary>
    public string UplinkPattern { get; set; } = DefaultUplinkPattern;

    public bool AllowUplinks { get; set; }

    /// <summary>Also leave alone ports whose shutdown came with a configuration change the device reported.</summary>
    public bool LeaveConfigChanges { get; set; }

    public int ConsecutiveFailures { get; set; }

    /// <summary>When the circuit breaker opened; null while closed.</summary>
    public DateTimeOffset? TrippedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The switch that stops all remediation at once (Admins), kept in one row.</summary>
public sealed class RemediationControl
{
    public int Id { get; set; } = 1;

    public bool Stopped { get; set; }

    public string? ChangedBy { get; set; }

    public DateTimeOffset? ChangedAt { get; set; }

    public string? Reason { get; set; }
}

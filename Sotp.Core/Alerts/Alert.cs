using Sotp.Core.Events;

namespace Sotp.Core.Alerts;

public enum AlertState
{
    Open,
    Acknowledged,
    Resolved,
}

/// <summary>
/// One alert: a rule's condition true for one device (and interface), from when it opened to when it resolved. One
/// alert per rule, device and interface is open at a time (<see cref="Key"/>); a condition that comes back while
/// it is open counts up <see cref="Count"/>, and one that keeps coming and going is marked <see cref="Flapping"/>
/// and held open instead of opening a new alert each time. Values are immutable: a change is a new value.
/// </summary>
public sealed record Alert
{
    public long Id { get; init; }

    public int RuleId { get; init; }

    public int DeviceId { get; init; }

    /// <summary>The interface's name, or empty for the device itself.</summary>
    public string Target { get; init; } = "";

    /// <summary>The interface's ifIndex when the alert is about one.</summary>
    public int? IfIndex { get; init; }

    /// <summary>rule:device:target, the identity de-duplication uses.</summary>
    public required string Key { get; init; }

    public AlertCondition Condition { get; init; }

    public AlertState State { get; init; }

    public EventSeverity Severity { get; init; }

    public required string Title { get; init; }

    public string? Detail { get; init; }

    public DateTimeOffset OpenedAt { get; init; }

    public DateTimeOffset LastSeenAt { get; init; }

    /// <summary>How often the condition came true while this alert was open (1 at first).</summary>
    public int Count { get; init; } = 1;

    public bool Flapping { get; init; }

    /// <summary>Opened inside a maintenance window: kept and shown, but no notification and no remediation.</summary>
    public bool InMaintenance { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public string? AcknowledgedBy { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public bool IsActive => State != AlertState.Resolved;

    public static string KeyOf(int ruleId, int deviceId, string target) => $"{ruleId}:{deviceId}:{target}";
}

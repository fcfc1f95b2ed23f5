using Sotp.Core.Events;

namespace Sotp.Core.Alerts;

/// <summary>What a rule watches.</summary>
public enum AlertCondition
{
    /// <summary>The device answers no pings (its reachability state is Down).</summary>
    DeviceDown,

    /// <summary>An interface that was up lost its link while admin up.</summary>
    InterfaceDown,

    /// <summary>An interface that was enabled was shut (ifAdminStatus down).</summary>
    InterfaceAdminDown,

    /// <summary>CPU above the threshold (percent).</summary>
    CpuAbove,

    /// <summary>Memory above the threshold (percent).</summary>
    MemoryAbove,

    /// <summary>A syslog message, trap or state change with the rule's code (message type or catalogue entry).</summary>
    Event,
}

/// <summary>
/// An alert rule: a condition over what SOTP observes, for which devices, how severe, held for how long before it
/// opens, and where to send word of it. Rules are data (<c>/alerts/rules</c>, <c>/api/v1/alert-rules</c>).
/// </summary>
public sealed class AlertRule
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public AlertCondition Condition { get; set; }

    public EventSeverity Severity { get; set; } = EventSeverity.Warning;

    public AlertScope Scope { get; set; } = new();

    /// <summary>Percent, for CPU and memory.</summary>
    public double? Threshold { get; set; }

    /// <summary>How long the condition must hold before the alert opens (0: at once).</summary>
    public int ForSeconds { get; set; }

    /// <summary>For <see cref="AlertCondition.Event"/>: the message type (<c>LINK-3-UPDOWN</c>), or a catalogue entry id.</summary>
    public string? EventCode { get; set; }

    /// <summary>For <see cref="AlertCondition.Event"/>: the alert resolves after this long without another such event.</summary>
    public int ResolveAfterMinutes { get; set; } = 15;

    public bool Enabled { get; set; } = true;

    /// <summary>Where to POST the alert as JSON; null: no webhook.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The key the webhook body is signed with (HMAC-SHA256), sealed (<see cref="Secrets.CredentialVault"/>).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>E-mail recipients, separated by commas; null: no e-mail.</summary>
    public string? EmailTo { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool WatchesInterfaces => Condition is AlertCondition.InterfaceDown or AlertCondition.InterfaceAdminDown;
}

using System.Text.Json.Serialization;
using Sotp.Core.Audit;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;

namespace Sotp.Core.Cluster;

/// <summary>
/// What one SOTP process tells the others so every console shows the same live state, whichever collector
/// made the observation. The process that observed saves it; the others only show it.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "k")]
[JsonDerivedType(typeof(ProbeObserved), "probe")]
[JsonDerivedType(typeof(VitalsObserved), "vitals")]
[JsonDerivedType(typeof(VitalsFailed), "vitals-failed")]
[JsonDerivedType(typeof(DeviceForgotten), "forget")]
[JsonDerivedType(typeof(VitalsForgotten), "vitals-forget")]
[JsonDerivedType(typeof(DevicesChanged), "devices")]
[JsonDerivedType(typeof(DeviceSaved), "device-saved")]
[JsonDerivedType(typeof(DeviceArchived), "device-archived")]
[JsonDerivedType(typeof(AuditAppended), "audit")]
[JsonDerivedType(typeof(SshSettingsChanged), "ssh-settings")]
[JsonDerivedType(typeof(PollRequested), "poll-now")]
[JsonDerivedType(typeof(EventRecorded), "event")]
[JsonDerivedType(typeof(AlertChanged), "alert")]
[JsonDerivedType(typeof(AlertSettingsChanged), "alert-settings")]
[JsonDerivedType(typeof(RemediationChanged), "remediation")]
[JsonDerivedType(typeof(PlaybooksChanged), "playbooks")]
[JsonDerivedType(typeof(ReportChanged), "report")]
[JsonDerivedType(typeof(ConfigBackupChanged), "config-backup")]
[JsonDerivedType(typeof(ComplianceChanged), "compliance")]
public abstract record ClusterMessage
{
    /// <summary>
    /// The W3C trace context (traceparent) of the sampled work that posted the message, so the processes applying
    /// it continue that trace; null when nothing was traced.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("tp")]
    public string? TraceParent { get; init; }
}

/// <summary>One ping: RTT in milliseconds, or null when lost.</summary>
public sealed record ProbeObserved(int DeviceId, double? RttMs, DateTimeOffset At) : ClusterMessage;

/// <summary>One SNMP poll, counters raw so each process works out the same rates.</summary>
public sealed record VitalsObserved(int DeviceId, VitalsReading Reading) : ClusterMessage;

public sealed record VitalsFailed(int DeviceId, string Error, DateTimeOffset At) : ClusterMessage;

/// <summary>A device left service (archived or no longer monitored).</summary>
public sealed record DeviceForgotten(int DeviceId) : ClusterMessage;

/// <summary>A device is no longer polled over SNMP (it may still be pinged).</summary>
public sealed record VitalsForgotten(int DeviceId) : ClusterMessage;

/// <summary>Devices or their SNMP settings changed: collectors reload at once instead of at their next minute.</summary>
public sealed record DevicesChanged : ClusterMessage;

/// <summary>A device was added or edited: live views show it as saved.</summary>
public sealed record DeviceSaved(DeviceSummary Device) : ClusterMessage;

/// <summary>A device was archived: live views let it go.</summary>
public sealed record DeviceArchived(int DeviceId) : ClusterMessage;

/// <summary>An audit entry was committed: the other processes' audit streams carry it too.</summary>
public sealed record AuditAppended(AuditEntry Entry) : ClusterMessage;

/// <summary>A device's SSH settings changed (saved, key pinned, changed key refused): open console panels read them again.</summary>
public sealed record SshSettingsChanged(int DeviceId, DateTimeOffset At) : ClusterMessage;

/// <summary>A person asked for Poll now on a console that does not collect: the collector that owns the device runs it.</summary>
public sealed record PollRequested(int DeviceId, string RequestedBy) : ClusterMessage;

/// <summary>An event (syslog, trap, state change) was recorded: the other processes' timelines show it too.</summary>
public sealed record EventRecorded(Events.DeviceEvent Event) : ClusterMessage;

/// <summary>An alert opened, changed, was acknowledged or resolved: every alert list shows it.</summary>
public sealed record AlertChanged(Alerts.Alert Alert) : ClusterMessage;

/// <summary>Alert rules or maintenance windows changed: the engines read them again.</summary>
public sealed record AlertSettingsChanged : ClusterMessage;

/// <summary>A remediation attempt was decided, acted on, verified or approved: every remediation timeline shows it.</summary>
public sealed record RemediationChanged(Remediation.RemediationAttempt Attempt) : ClusterMessage;

/// <summary>Playbooks or the stop switch changed: the engines read them again.</summary>
public sealed record PlaybooksChanged : ClusterMessage;

/// <summary>A report was asked for, began, was finished or failed: every report list shows it.</summary>
public sealed record ReportChanged(Reports.ReportView Report) : ClusterMessage;

/// <summary>A device's backup was queued (<paramref name="Pending"/>), recorded, or abandoned (neither): every history shows it.</summary>
public sealed record ConfigBackupChanged(int DeviceId, Configs.ConfigBackupPending? Pending, Configs.ConfigBackupRecord? Recorded) : ClusterMessage;

/// <summary>A device was checked against the golden-configuration rules: every compliance view shows it.</summary>
public sealed record ComplianceChanged(Compliance.DeviceCompliance Compliance) : ClusterMessage;

namespace Sotp.Core.Status;

/// <summary>
/// One stretch of time a SOTP collector process ran, so reports can tell time nobody watched (SOTP stopped, or not yet
/// installed) from time a device was up: <see cref="LastSeenAt"/> moves forward every <see cref="Heartbeat"/>, and a
/// process that stops cleanly writes it once more on the way out.
/// </summary>
public sealed class MonitoringRun
{
    /// <summary>How often a running collector moves <see cref="LastSeenAt"/> forward.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromMinutes(1);

    public long Id { get; set; }

    /// <summary>The process (<c>NodeIdentity</c>) that ran.</summary>
    public required string Node { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }
}

namespace Sotp.Core.Status;

/// <summary>Reachability of a device as SOTP last judged it.</summary>
public enum DeviceState
{
    Unknown,
    Up,
    Down,
}

/// <summary>One change of a device's reachability, kept for availability reports.</summary>
public sealed class StatusEvent
{
    public long Id { get; set; }

    public int DeviceId { get; set; }

    public DeviceState State { get; set; }

    public DeviceState PreviousState { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Round-trip time of the probe that settled the change (null when it was lost).</summary>
    public double? RttMs { get; set; }
}

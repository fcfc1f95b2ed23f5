namespace Sotp.Core.Status;

/// <summary>The live reachability of one device, as pages and the API show it.</summary>
public sealed record DeviceStatus(
    int DeviceId,
    DeviceState State,
    double? RttMs,
    double LossPercent,
    DateTimeOffset? Since,
    DateTimeOffset? LastProbeAt)
{
    public static DeviceStatus UnknownFor(int deviceId) => new(deviceId, DeviceState.Unknown, null, 0, null, null);
}

/// <summary>
/// One probe in a device's live history: RTT in milliseconds (null when lost) and the loss over the
/// <c>LossWindow</c> most recent probes, as the state machine measured it then.
/// </summary>
public readonly record struct PingPoint(DateTimeOffset At, double? RttMs, double LossPercent);

/// <summary>An Up/Down decision of the state machine: an event of the status-change stream.</summary>
public sealed record DeviceStateChanged(int DeviceId, DeviceState From, DeviceState To, DateTimeOffset At);

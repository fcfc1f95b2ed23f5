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

/// <summary>One probe in a device's live history: RTT in milliseconds, or lost.</summary>
public readonly record struct PingPoint(DateTimeOffset At, double? RttMs);

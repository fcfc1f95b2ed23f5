using Sotp.Core.Metrics;
using Sotp.Core.Status;

namespace Sotp.Core.Dashboard;

/// <summary>
/// What the dashboard shows, worked out once for every open dashboard: counts over every monitored device and
/// the few rows each list shows, so a page's snapshot stays small at 20,000 devices (docs/live.md).
/// </summary>
public sealed record NetworkOverviewState(
    int Up,
    int Down,
    int Unknown,
    IReadOnlyList<DownDevice> DownNow,
    IReadOnlyList<RecentChange> RecentChanges,
    IReadOnlyList<BusyInterface> BusiestInterfaces,
    IReadOnlyList<PressuredDevice> UnderPressure)
{
    public int Monitored => Up + Down + Unknown;

    public int CountOf(DeviceState state) => state switch
    {
        DeviceState.Up => Up,
        DeviceState.Down => Down,
        _ => Unknown,
    };
}

/// <summary>A device down now, with the time it went down.</summary>
public sealed record DownDevice(int DeviceId, string Name, string Address, DateTimeOffset? Since);

/// <summary>An Up/Down decision, named.</summary>
public sealed record RecentChange(int DeviceId, string Name, DeviceState From, DeviceState To, DateTimeOffset At);

/// <summary>One of the most utilised interfaces across the network.</summary>
public sealed record BusyInterface(int DeviceId, string DeviceName, InterfaceVitals Interface);

/// <summary>A device whose CPU or memory is at or above <see cref="NetworkOverview.PressurePercent"/>.</summary>
public sealed record PressuredDevice(int DeviceId, string Name, double? CpuPercent, double? MemoryPercent);

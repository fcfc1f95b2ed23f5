using Sotp.Core.Devices;
using Sotp.Core.Metrics;
using Sotp.Core.Status;

namespace Sotp.Console.Components.Pages.Dashboard;

/// <summary>What the dashboard shows, kept up to date from the live feed; plain, so tests need no UI.</summary>
public sealed class DashboardViewModel
{
    public const int MaxChanges = 15;

    private readonly Dictionary<int, (string Name, string Address)> _devices = [];
    private readonly Dictionary<int, DeviceStatus> _status = [];
    private readonly List<StatusChangeView> _changes = [];
    private readonly Dictionary<int, DeviceVitals> _vitals = [];

    /// <summary>CPU or memory at or above this share of capacity puts a device on the "under pressure" list.</summary>
    public const double PressurePercent = 80;

    public int DeviceCount => _devices.Count;

    /// <summary>Devices down now, longest down first.</summary>
    public IReadOnlyList<DeviceStatus> Down { get; private set; } = [];

    public IReadOnlyList<StatusChangeView> Changes => _changes;

    public void Load(IEnumerable<Device> monitored, IEnumerable<DeviceStatus> statuses, IEnumerable<StatusChangeView> recentChanges)
    {
        foreach (var device in monitored)
        {
            _devices[device.Id] = (device.Name, device.Address);
        }

        foreach (var status in statuses.Where(s => _devices.ContainsKey(s.DeviceId)))
        {
            _status[status.DeviceId] = status;
        }

        _changes.AddRange(recentChanges.Take(MaxChanges));
        RefreshDown();
    }

    /// <summary>Applies a batch of live updates; a new "since" is a state change to list.</summary>
    public void Apply(IEnumerable<DeviceStatus> batch)
    {
        foreach (var status in batch)
        {
            if (!_devices.TryGetValue(status.DeviceId, out var device))
            {
                continue;
            }

            var known = _status.GetValueOrDefault(status.DeviceId);
            _status[status.DeviceId] = status;
            if (status.Since is { } since && known?.Since != since && status.State != (known?.State ?? DeviceState.Unknown))
            {
                _changes.Insert(0, new StatusChangeView(0, status.DeviceId, device.Name, status.State, known?.State ?? DeviceState.Unknown, since));
                if (_changes.Count > MaxChanges)
                {
                    _changes.RemoveAt(_changes.Count - 1);
                }
            }
        }

        RefreshDown();
    }

    /// <summary>The latest vitals of a batch of polls (failed polls keep the last values).</summary>
    public void ApplyVitals(IEnumerable<DeviceVitals> batch)
    {
        foreach (var vitals in batch.Where(v => _devices.ContainsKey(v.DeviceId)))
        {
            _vitals[vitals.DeviceId] = vitals;
        }
    }

    /// <summary>The most utilised interfaces across all devices, busiest first.</summary>
    public IReadOnlyList<(int DeviceId, InterfaceVitals Interface)> BusiestInterfaces(int count) =>
        _vitals.Values.SelectMany(v => v.Interfaces.Where(i => i.UtilizationPercent is not null).Select(i => (v.DeviceId, i)))
            .OrderByDescending(x => x.i.UtilizationPercent).Take(count).ToArray();

    /// <summary>Devices whose CPU or memory is at or above <see cref="PressurePercent"/>, worst first.</summary>
    public IReadOnlyList<DeviceVitals> UnderPressure(int count) =>
        _vitals.Values.Where(v => v.CpuPercent >= PressurePercent || v.MemoryPercent >= PressurePercent)
            .OrderByDescending(v => Math.Max(v.CpuPercent ?? 0, v.MemoryPercent ?? 0)).Take(count).ToArray();

    public int Count(DeviceState state) => state == DeviceState.Unknown
        ? _devices.Count - _status.Values.Count(s => s.State != DeviceState.Unknown)
        : _status.Values.Count(s => s.State == state);

    public string NameOf(int deviceId) => _devices.TryGetValue(deviceId, out var d) ? d.Name : $"#{deviceId}";

    public string AddressOf(int deviceId) => _devices.TryGetValue(deviceId, out var d) ? d.Address : "";

    private void RefreshDown() =>
        Down = _status.Values.Where(s => s.State == DeviceState.Down).OrderBy(s => s.Since).ToArray();
}

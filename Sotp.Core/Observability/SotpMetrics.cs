using System.Diagnostics.Metrics;
using Sotp.Core.Cluster;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;
using Sotp.Core.Persistence;
using Sotp.Core.Status;

namespace Sotp.Core.Observability;

/// <summary>
/// SOTP's figures for Prometheus (docs/observability.md lists every name): the network as SOTP sees it, read from
/// the live trackers at each scrape, and the platform's own (writer queues, database, cluster bus). Devices are
/// labelled by name, id, site and kind; interfaces add their name, so series grow with the inventory and
/// nothing else (no address, no free text, no user).
/// </summary>
public sealed class SotpMetrics
{
    public const string MeterName = "Sotp";

    private readonly DeviceCatalog _catalog;
    private readonly ReachabilityTracker _reachability;
    private readonly VitalsTracker _vitals;

    public SotpMetrics(IMeterFactory meters, DeviceCatalog catalog, ReachabilityTracker reachability, VitalsTracker vitals,
        IEnumerable<IPendingWrites> writers, DatabaseAvailability database, ClusterBus bus, ClusterOutbox outbox)
    {
        (_catalog, _reachability, _vitals) = (catalog, reachability, vitals);
        var meter = meters.Create(MeterName);

        meter.CreateObservableGauge("sotp.device.state", States,
            description: "1 for the state the device is in (up, down or unknown), 0 for the other two: sum it to count devices by state.");
        meter.CreateObservableGauge("sotp.device.state.since.timestamp", () => Devices(d => _reachability.StatusOf(d.Id).Since?.ToUnixTimeMilliseconds() / 1000.0), "s",
            "When the device entered its current state (Unix time).");
        meter.CreateObservableGauge("sotp.device.up", () => Devices(d => _reachability.StatusOf(d.Id) switch
        {
            { State: DeviceState.Up } => 1,
            { State: DeviceState.Down } => 0,
            _ => (double?)null,
        }), description: "1 when the device answers pings, 0 when it is judged down; absent while unknown.");
        meter.CreateObservableGauge("sotp.device.rtt", () => Devices(d => _reachability.StatusOf(d.Id).RttMs / 1000), "s",
            "Round-trip time of the last answered ping.");
        meter.CreateObservableGauge("sotp.device.loss.ratio", () => Devices(d => _reachability.StatusOf(d.Id) is { LastProbeAt: not null } s ? s.LossPercent / 100 : null),
            description: "Share of the recent pings that were lost (0 to 1).");
        meter.CreateObservableGauge("sotp.device.cpu.utilization.ratio", () => Devices(d => _vitals.Latest(d.Id)?.CpuPercent / 100),
            description: "CPU load from the last SNMP poll (0 to 1).");
        meter.CreateObservableGauge("sotp.device.memory.utilization.ratio", () => Devices(d => _vitals.Latest(d.Id)?.MemoryPercent / 100),
            description: "Memory in use from the last SNMP poll (0 to 1).");
        meter.CreateObservableCounter("sotp.interface.received", () => Interfaces(i => i.ReceivedBytes), "By",
            "Bytes received, counted by SOTP since it began watching the interface (never wraps).");
        meter.CreateObservableCounter("sotp.interface.sent", () => Interfaces(i => i.SentBytes), "By",
            "Bytes sent, counted by SOTP since it began watching the interface (never wraps).");
        meter.CreateObservableGauge("sotp.interface.speed.bits.per.second", () => Interfaces(i => i.SpeedBps),
            description: "Interface speed as the device reports it, in bits per second.");
        meter.CreateObservableGauge("sotp.interface.up", () => Interfaces(i => i.OperStatus == 1 ? 1 : 0), description: "1 when the interface is oper up.");
        meter.CreateObservableGauge("sotp.interface.admin.up", () => Interfaces(i => i.AdminStatus == 1 ? 1 : 0), description: "1 when the interface is admin up.");

        var all = writers.ToArray();
        meter.CreateObservableGauge("sotp.writer.queued", () => all.Select(w => new Measurement<int>(w.Waiting, Kind(w))), "{record}",
            "Records waiting to be saved, per kind.");
        meter.CreateObservableGauge("sotp.writer.capacity", () => all.Select(w => new Measurement<int>(w.Capacity, Kind(w))), "{record}",
            "How many records may wait at most, per kind.");
        meter.CreateObservableCounter("sotp.writer.dropped", () => all.Select(w => new Measurement<long>(w.Dropped, Kind(w))), "{record}",
            "Records dropped because the queue was full, per kind.");
        meter.CreateObservableGauge("sotp.database.up", () => database.Feed.TryGet(DatabaseAvailability.Key, out var state) && !state.Available ? 0 : 1,
            description: "0 while the database does not answer or takes no writes.");
        meter.CreateObservableCounter("sotp.bus.sent", () => bus.Sent, "{message}", "Live messages stored for the other SOTP processes.");
        meter.CreateObservableCounter("sotp.bus.applied", () => bus.Applied, "{message}", "Live messages from other SOTP processes applied here.");
        meter.CreateObservableCounter("sotp.bus.dropped", () => outbox.Dropped + bus.Unreadable, "{message}",
            "Live messages lost: dropped from the full outbox, or unreadable.");
    }

    private static KeyValuePair<string, object?> Kind(IPendingWrites writer) => new("kind", writer.Kind.Many);

    private IEnumerable<Measurement<int>> States()
    {
        foreach (var device in _catalog.Monitored())
        {
            var labels = Labels(device);
            var state = _reachability.StatusOf(device.Id).State;
            foreach (var each in StateNames)
            {
                yield return new Measurement<int>(each.State == state ? 1 : 0, [.. labels, new("state", each.Name)]);
            }
        }
    }

    private static readonly (DeviceState State, string Name)[] StateNames = [(DeviceState.Up, "up"), (DeviceState.Down, "down"), (DeviceState.Unknown, "unknown")];

    private IEnumerable<Measurement<double>> Devices(Func<DeviceSummary, double?> value)
    {
        foreach (var device in _catalog.Monitored())
        {
            if (value(device) is { } v)
            {
                yield return new Measurement<double>(v, Labels(device));
            }
        }
    }

    private IEnumerable<Measurement<double>> Interfaces(Func<InterfaceVitals, double> value)
    {
        foreach (var device in _catalog.Monitored())
        {
            if (_vitals.Latest(device.Id) is not { } vitals)
            {
                continue;
            }

            var labels = Labels(device);
            foreach (var i in vitals.Interfaces)
            {
                yield return new Measurement<double>(value(i), [.. labels, new("interface", i.Name)]);
            }
        }
    }

    private static KeyValuePair<string, object?>[] Labels(DeviceSummary device) =>
    [
        new("device", device.Name),
        new("device_id", device.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("site", device.Site ?? ""),
        new("kind", DeviceRules.KindName(device.Kind)),
    ];
}

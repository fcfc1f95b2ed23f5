using Sotp.Tests.Support;
using Sotp.Core.Metrics;

namespace Sotp.Tests.Core.Metrics;

public class VitalsTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private static VitalsReading Reading(int second, uint uptimeSeconds, ulong inOctets, double cpu = 20, int admin = 1, int oper = 1) => new(
        T0.AddSeconds(second), uptimeSeconds * 100, "r1", null, cpu, "test", 50, "test",
        [new InterfaceReading(2, "Gi0/1", null, 1e9, admin, oper, inOctets, 0, true, 0, 0, 0, 0, 0)]);

    [Fact]
    public void Rates_come_from_consecutive_polls()
    {
        var tracker = new VitalsTracker(TimeProvider.System);

        var first = tracker.Observe(1, Reading(0, 1000, 0));
        var second = tracker.Observe(1, Reading(30, 1030, 37_500_000));

        Assert.Null(first.Interfaces[0].InBps);
        Assert.Equal(10_000_000, second.Interfaces[0].InBps);
        Assert.Equal(1.0, second.Interfaces[0].UtilizationPercent);
        Assert.Equal(1030, second.UptimeSeconds);
    }

    [Fact]
    public void After_a_reboot_the_rate_is_unknown_not_a_spike()
    {
        var tracker = new VitalsTracker(TimeProvider.System);
        tracker.Observe(1, Reading(0, 5000, 4_000_000_000));

        var after = tracker.Observe(1, Reading(30, 20, 1_000));

        Assert.Null(after.Interfaces[0].InBps);
        Assert.Equal([null, null], tracker.Series(1, MetricSeries.InterfaceIn(2)).Select(p => p.Value));
    }

    [Fact]
    public void Series_keep_only_the_live_window()
    {
        var tracker = new VitalsTracker(TimeProvider.System, liveWindow: TimeSpan.FromMinutes(5));
        for (var i = 0; i < 40; i++)
        {
            tracker.Observe(1, Reading(i * 30, (uint)(1000 + (i * 30)), (ulong)i * 1_000_000, cpu: i));
        }

        var cpu = tracker.Series(1, MetricSeries.Cpu);
        Assert.Equal(11, cpu.Count); // 5 minutes of 30 s polls, both ends included
        Assert.Equal(39, cpu[^1].Value);
    }

    [Fact]
    public void A_failed_poll_keeps_the_last_values_and_says_why()
    {
        var tracker = new VitalsTracker(TimeProvider.System);
        tracker.Observe(1, Reading(0, 1000, 0, cpu: 42));

        tracker.ObserveFailure(1, "No SNMP answer", T0.AddMinutes(1));

        var latest = tracker.Latest(1)!;
        Assert.Equal((42.0, "No SNMP answer"), (latest.CpuPercent!.Value, latest.Error));
    }

    [Fact]
    public void Interface_changes_seen_by_this_process_reach_the_timeline_once()
    {
        var events = EventLogs.Create();
        var tracker = new VitalsTracker(TimeProvider.System, events: events);
        tracker.Observe(1, Reading(0, 1000, 0));
        tracker.Observe(1, Reading(30, 1030, 0, oper: 2));
        tracker.Observe(1, Reading(60, 1060, 0, admin: 2, oper: 2));
        tracker.Observe(1, Reading(90, 1090, 0));
        tracker.ObserveFromPeer(new Sotp.Core.Cluster.VitalsObserved(1, Reading(120, 1120, 0, oper: 2)));

        var recorded = events.Stream.Subscribe().Snapshot;
        Assert.Equal(["interface.down", "interface.admin-down", "interface.up"], recorded.Select(e => e.Code));
        var down = recorded[0];
        Assert.Equal((1, Sotp.Core.Events.EventSource.State, Sotp.Core.Events.EventSeverity.Warning), (down.DeviceId!.Value, down.Source, down.Severity));
        Assert.Equal("Interface Gi0/1 down", EventLogs.Catalogue.Explain(down).Title);
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Sotp.Core.Cluster;
using Sotp.Core.Events;
using Sotp.Core.Status;
using Sotp.Tests.Support;

namespace Sotp.Tests.Core.Events;

/// <summary>Reachability changes in the timeline: a device going down and coming back, recorded once, by the process that pinged.</summary>
public sealed class StateEventsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Down_and_back_up_are_recorded_but_not_the_first_verdict_nor_a_peers_probes()
    {
        var events = EventLogs.Create();
        var tracker = new ReachabilityTracker(new StaticOptionsMonitor<ReachabilityOptions>(new ReachabilityOptions { DownAfterLost = 1 }),
            TimeProvider.System, NullLogger<ReachabilityTracker>.Instance, events: events);

        tracker.Observe(7, 1.5, T0);
        tracker.Observe(7, null, T0.AddSeconds(10));
        tracker.Observe(7, 2.25, T0.AddSeconds(20));
        tracker.ObserveFromPeer(new ProbeObserved(8, 1, T0));
        tracker.ObserveFromPeer(new ProbeObserved(8, null, T0.AddSeconds(10)));

        var recorded = events.Stream.Subscribe().Snapshot;
        Assert.Equal(["device.down", "device.up"], recorded.Select(e => e.Code));
        Assert.All(recorded, e => Assert.Equal((7, EventSource.State), (e.DeviceId!.Value, e.Source)));
        Assert.Equal((EventSeverity.Critical, T0.AddSeconds(10)), (recorded[0].Severity, recorded[0].At));
        Assert.Equal("Device up again (2.25 ms)", EventLogs.Catalogue.Explain(recorded[1]).Title);
    }
}

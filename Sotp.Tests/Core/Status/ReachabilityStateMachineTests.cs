using Microsoft.Extensions.Time.Testing;
using Sotp.Core.Status;

namespace Sotp.Tests.Core.Status;

public class ReachabilityStateMachineTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private readonly ReachabilityStateMachine _machine = new(downAfterLost: 3, upAfterAnswered: 2, lossWindow: 10);

    private StateChange? Probe(double? rtt)
    {
        _time.Advance(TimeSpan.FromSeconds(10));
        return _machine.Observe(rtt, _time.GetUtcNow());
    }

    [Fact]
    public void A_new_device_is_unknown()
    {
        Assert.Equal(DeviceState.Unknown, _machine.State);
        Assert.Null(_machine.Since);
    }

    [Fact]
    public void Device_goes_up_after_the_configured_answered_probes()
    {
        Assert.Null(Probe(1.5));
        var change = Probe(1.2);

        Assert.Equal(new StateChange(DeviceState.Unknown, DeviceState.Up, _time.GetUtcNow()), change);
        Assert.Equal(_time.GetUtcNow(), _machine.Since);
        Assert.Equal(1.2, _machine.LastRttMs);
    }

    [Fact]
    public void Device_goes_down_after_three_lost_probes()
    {
        Probe(1);
        Probe(1);
        Assert.Null(Probe(null));
        Assert.Null(Probe(null));
        var change = Probe(null);

        Assert.Equal(DeviceState.Down, change?.To);
        Assert.Equal(DeviceState.Up, change?.From);
        Assert.Equal(_time.GetUtcNow(), _machine.Since);
    }

    [Fact]
    public void A_single_lost_probe_never_flaps_a_device()
    {
        Probe(1);
        Probe(1);

        Assert.Null(Probe(null));
        Assert.Null(Probe(null));
        Assert.Null(Probe(1));
        Assert.Null(Probe(null));

        Assert.Equal(DeviceState.Up, _machine.State);
    }

    [Fact]
    public void A_down_device_needs_the_full_answered_run_to_come_back()
    {
        Probe(null);
        Probe(null);
        Probe(null);
        var downSince = _machine.Since;

        Assert.Null(Probe(2));
        Assert.Null(Probe(null));
        Assert.Equal(downSince, _machine.Since);
        Assert.Null(Probe(2));
        Assert.Equal(DeviceState.Up, Probe(2)?.To);
    }

    [Fact]
    public void Loss_is_measured_over_the_recent_window()
    {
        for (var i = 0; i < 10; i++)
        {
            Probe(1);
        }

        Probe(null);
        Probe(null);

        Assert.Equal(20, _machine.LossPercent);
    }

    [Fact]
    public void A_restored_state_keeps_its_since()
    {
        var since = _time.GetUtcNow().AddHours(-3);
        _machine.Restore(DeviceState.Down, since);

        Probe(null);
        Probe(null);
        Assert.Null(Probe(null));

        Assert.Equal(since, _machine.Since);
    }
}

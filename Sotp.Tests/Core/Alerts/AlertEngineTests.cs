using Microsoft.Extensions.Time.Testing;
using Sotp.Core.Alerts;
using Sotp.Core.Devices;
using Sotp.Core.Events;
using Sotp.Core.Metrics;
using Sotp.Core.Status;

namespace Sotp.Tests.Core.Alerts;

/// <summary>The alert engine's decisions: for-durations, one alert per key, interfaces that were healthy first, flapping, events, rules removed.</summary>
public sealed class AlertEngineTests
{
    private static readonly DeviceSummary Router = new(7, "edge-rtr1", "127.0.0.7", DeviceKind.Router, "frr", "Lab", ["core"], true, null, false);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));
    private readonly AlertEngine _engine;
    private bool _maintenance;

    public AlertEngineTests() => _engine = new AlertEngine(_time, new AlertOptions { FlapThreshold = 3, FlapWindowMinutes = 10, FlapQuietMinutes = 5 });

    private static AlertRule Rule(int id, AlertCondition condition, int forSeconds = 0, double? threshold = null, string? code = null, AlertScope? scope = null) =>
        new() { Id = id, Name = $"rule {id}", Condition = condition, ForSeconds = forSeconds, Threshold = threshold, EventCode = code, Scope = scope ?? new() };

    private bool InMaintenance(DeviceSummary _) => _maintenance;

    private List<Alert> Status(DeviceState state) =>
        _engine.ObserveStatus(Router, new DeviceStatus(Router.Id, state, null, state == DeviceState.Down ? 100 : 0, _time.GetUtcNow(), _time.GetUtcNow()), InMaintenance);

    private List<Alert> Interfaces(params (string Name, int Admin, int Oper)[] interfaces) => _engine.ObserveVitals(Router,
        new DeviceVitals(Router.Id, _time.GetUtcNow(), 10, 20, 100,
            [.. interfaces.Select((i, n) => new InterfaceVitals(n + 1, i.Name, null, 1e9, i.Admin, i.Oper, 0, 0, 0, 0, 0, 0))]), InMaintenance);

    private List<Alert> Tick() => _engine.Tick(id => id == Router.Id ? Router : null, InMaintenance);

    [Fact]
    public void A_device_down_alert_opens_after_its_duration_and_resolves_when_the_device_answers()
    {
        _engine.SetRules([Rule(1, AlertCondition.DeviceDown, forSeconds: 60)]);
        Assert.Empty(Status(DeviceState.Down));
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(Tick());
        _time.Advance(TimeSpan.FromSeconds(1));
        var opened = Assert.Single(Tick());
        Assert.Equal((AlertState.Open, "edge-rtr1 is down", "1:7:"), (opened.State, opened.Title, opened.Key));
        Assert.Equal(_time.GetUtcNow().AddSeconds(-60), opened.OpenedAt); // from when it was first seen down
        Assert.Empty(Status(DeviceState.Down)); // still down: nothing new, no second alert
        var resolved = Assert.Single(Status(DeviceState.Up));
        Assert.Equal((AlertState.Resolved, _time.GetUtcNow()), (resolved.State, resolved.ResolvedAt));
        Assert.Empty(_engine.Active);
    }

    [Fact]
    public void A_short_blip_inside_the_duration_raises_nothing()
    {
        _engine.SetRules([Rule(1, AlertCondition.DeviceDown, forSeconds: 60)]);
        Status(DeviceState.Down);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Empty(Status(DeviceState.Up));
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Empty(Tick());
    }

    [Fact]
    public void An_interface_alerts_only_after_it_was_seen_healthy_and_only_in_scope()
    {
        _engine.SetRules([Rule(1, AlertCondition.InterfaceAdminDown, scope: new AlertScope { InterfacePattern = "eth*" })]);
        Assert.Empty(Interfaces(("eth1", 2, 2), ("lo", 1, 1))); // shut since we know it: not news
        Assert.Empty(Interfaces(("eth1", 1, 1), ("lo", 2, 2))); // lo is out of scope
        var shut = Assert.Single(Interfaces(("eth1", 2, 2), ("lo", 2, 2)));
        Assert.Equal(("eth1", 1, AlertCondition.InterfaceAdminDown, "eth1 on edge-rtr1 was shut"), (shut.Target, shut.IfIndex, shut.Condition, shut.Title));
        Assert.Equal(AlertState.Resolved, Assert.Single(Interfaces(("eth1", 1, 1), ("lo", 2, 2))).State);
    }

    [Fact]
    public void A_condition_that_keeps_coming_back_is_held_open_as_flapping_and_resolves_once_quiet()
    {
        _engine.SetRules([Rule(1, AlertCondition.InterfaceDown)]);
        Interfaces(("eth1", 1, 1));
        var decisions = new List<Alert>();
        for (var i = 0; i < 20; i++)
        {
            decisions.AddRange(Interfaces(("eth1", 1, 2)));
            _time.Advance(TimeSpan.FromSeconds(1));
            decisions.AddRange(Interfaces(("eth1", 1, 1)));
            _time.Advance(TimeSpan.FromSeconds(2));
        }

        // Two alerts opened and resolved, the third opens flapping and stays: one alert for the other 17 flaps.
        Assert.Equal(3, decisions.Count(a => a is { State: AlertState.Open, Count: 1 }));
        Assert.Equal(2, decisions.Count(a => a.State == AlertState.Resolved));
        var held = Assert.Single(_engine.Active);
        Assert.True(held.Flapping);
        Assert.Equal(18, held.Count);
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Empty(Tick());
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(AlertState.Resolved, Assert.Single(Tick()).State);
    }

    [Fact]
    public void Cpu_above_the_threshold_alerts_and_an_event_rule_counts_repeats_then_resolves_when_quiet()
    {
        _engine.SetRules([Rule(1, AlertCondition.CpuAbove, threshold: 5), Rule(2, AlertCondition.Event, code: "LINK-3-UPDOWN")]);
        var cpu = Assert.Single(Interfaces());
        Assert.Equal("CPU on edge-rtr1 above 5 %", cpu.Title);

        var link = new DeviceEvent { DeviceId = Router.Id, At = _time.GetUtcNow(), Code = "LINK-3-UPDOWN", Text = "x" };
        var explained = new EventExplanation("Link down on Gi0/1", "The link was lost.", null, null);
        var first = Assert.Single(_engine.ObserveEvent(Router, link, explained, InMaintenance));
        Assert.Equal("Link down on Gi0/1 on edge-rtr1", first.Title);
        Assert.Equal(2, Assert.Single(_engine.ObserveEvent(Router, link, explained, InMaintenance)).Count);
        var other = new DeviceEvent { DeviceId = Router.Id, At = _time.GetUtcNow(), Code = "OTHER-5-THING", Text = "x" };
        Assert.Empty(_engine.ObserveEvent(Router, other, explained, InMaintenance));
        _time.Advance(TimeSpan.FromMinutes(15));
        Assert.Contains(Tick(), a => a.RuleId == 2 && a.State == AlertState.Resolved);
    }

    [Fact]
    public void Alerts_in_maintenance_are_marked_and_a_removed_rule_resolves_its_alerts()
    {
        _maintenance = true;
        _engine.SetRules([Rule(1, AlertCondition.DeviceDown), Rule(2, AlertCondition.DeviceDown, scope: new AlertScope { Sites = ["Elsewhere"] })]);
        var opened = Assert.Single(Status(DeviceState.Down)); // rule 2 does not cover the device's site
        Assert.True(opened.InMaintenance);
        var resolved = Assert.Single(_engine.SetRules([]));
        Assert.Equal(AlertState.Resolved, resolved.State);
        Assert.Contains("rule was removed", resolved.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Alerts_open_at_the_last_stop_continue_and_an_acknowledgement_is_kept()
    {
        _engine.SetRules([Rule(1, AlertCondition.DeviceDown)]);
        var before = new Alert { Id = 42, RuleId = 1, DeviceId = Router.Id, Key = "1:7:", Title = "edge-rtr1 is down", OpenedAt = _time.GetUtcNow().AddHours(-1) };
        _engine.Restore([before]);
        Assert.Empty(Status(DeviceState.Down)); // the same alert, not a new one
        _engine.Acknowledged(before with { State = AlertState.Acknowledged, AcknowledgedBy = "alice", AcknowledgedAt = _time.GetUtcNow() });
        var resolved = Assert.Single(Status(DeviceState.Up));
        Assert.Equal((42L, "alice", AlertState.Resolved), (resolved.Id, resolved.AcknowledgedBy, resolved.State));
    }
}

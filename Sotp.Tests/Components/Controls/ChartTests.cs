using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Console.Components.Controls;
using Sotp.Console.Components.Layout;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;
using Sotp.Core.Security;
using Sotp.Core.Status;
using Sotp.Tests.Support;

namespace Sotp.Tests.Components.Controls;

/// <summary>The live charts read the trackers' own points and follow the person's theme.</summary>
public class ChartTests : SotpComponentContext
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private readonly ReachabilityTracker _tracker;
    private readonly VitalsTracker _vitals;
    private readonly int _deviceId;

    public ChartTests()
    {
        (_tracker, var catalog, _vitals, _) = AddOverview();
        Services.AddSingleton(new MetricHistory(Contexts, Options.Create(new MetricOptions())));
        SignInLive(SotpPermissions.DevicesRead);
        _deviceId = catalog.CreateAsync(new DeviceInput { Name = "rtr", Address = "127.0.83.1", Kind = "router" }, TestActor, Ct)
            .GetAwaiter().GetResult().Device!.Id;
    }

    private IRenderedComponent<CascadingValue<ConsoleTheme>> RenderInTheme<TChart>(ConsoleTheme theme, Action<ComponentParameterCollectionBuilder<TChart>> parameters)
        where TChart : IComponent =>
        Render<CascadingValue<ConsoleTheme>>(p => p.Add(c => c.Value, theme).AddChildContent(parameters));

    [Fact]
    public void The_ping_chart_draws_the_trackers_probes_with_the_loss_its_state_machine_measured()
    {
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
        _tracker.Observe(_deviceId, 1.2, t0);
        _tracker.Observe(_deviceId, null, t0.AddSeconds(10));
        var chart = RenderInTheme<PingChart>(ConsoleTheme.Dark, p => p.Add(c => c.DeviceId, _deviceId));

        _tracker.Observe(_deviceId, null, t0.AddSeconds(20));
        _tracker.Observe(_deviceId, 0.9, t0.AddSeconds(30));

        chart.WaitForAssertion(() =>
        {
            var div = chart.Find("[data-testid=ping-chart]");
            Assert.Equal("4", div.GetAttribute("data-points"));
            Assert.Equal("50", div.GetAttribute("data-last-loss"));
            Assert.Equal(_tracker.HistoryOf(_deviceId)[^1].LossPercent.ToString(System.Globalization.CultureInfo.InvariantCulture), div.GetAttribute("data-last-loss"));
        });
    }

    [Fact]
    public void The_ping_chart_shows_only_the_trackers_live_window()
    {
        var now = DateTimeOffset.UtcNow;
        _tracker.Observe(_deviceId, 1, now - _tracker.LiveWindow - TimeSpan.FromMinutes(5));
        _tracker.Observe(_deviceId, 1, now - TimeSpan.FromMinutes(1));

        var chart = RenderInTheme<PingChart>(ConsoleTheme.Dark, p => p.Add(c => c.DeviceId, _deviceId));

        Assert.Equal("1", chart.Find("[data-testid=ping-chart]").GetAttribute("data-points"));
    }

    [Fact]
    public void A_burst_of_probes_arrives_whole_with_nothing_drawn_twice()
    {
        var chart = RenderInTheme<PingChart>(ConsoleTheme.Dark, p => p.Add(c => c.DeviceId, _deviceId));
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30);

        for (var i = 0; i < 1500; i++)
        {
            _tracker.Observe(_deviceId, i % 7 == 0 ? null : 1, t0.AddSeconds(i));
        }

        chart.WaitForAssertion(() => Assert.Equal("1500", chart.Find("[data-testid=ping-chart]").GetAttribute("data-points")));
    }

    [Fact]
    public void Light_mode_gives_light_charts_and_a_switch_repaints_them()
    {
        var chart = RenderInTheme<PingChart>(ConsoleTheme.Light, p => p.Add(c => c.DeviceId, _deviceId));
        Assert.Equal("light", chart.Find("[data-testid=ping-chart]").GetAttribute("data-theme"));

        chart.Render(p => p.Add(c => c.Value, ConsoleTheme.Dark).AddChildContent<PingChart>(c => c.Add(x => x.DeviceId, _deviceId)));

        Assert.Equal("dark", chart.Find("[data-testid=ping-chart]").GetAttribute("data-theme"));
    }

    [Fact]
    public void The_vitals_chart_draws_the_trackers_series_as_polls_land()
    {
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-2);
        _vitals.Observe(_deviceId, Reading(t0, 0));
        var chart = RenderInTheme<VitalsChart>(ConsoleTheme.Light, p => p
            .Add(c => c.DeviceId, _deviceId)
            .Add(c => c.Series, [(MetricSeries.InterfaceIn(1), "in"), (MetricSeries.InterfaceOut(1), "out")])
            .Add(c => c.Unit, "bits"));
        Assert.Equal("2", chart.Find("[data-testid=vitals-chart]").GetAttribute("data-points"));

        _vitals.Observe(_deviceId, Reading(t0.AddSeconds(30), 3_750_000));

        chart.WaitForAssertion(() =>
        {
            var div = chart.Find("[data-testid=vitals-chart]");
            Assert.Equal("4", div.GetAttribute("data-points"));
            Assert.Equal("light", div.GetAttribute("data-theme"));
        });
        Assert.Equal(1_000_000, _vitals.Series(_deviceId, MetricSeries.InterfaceIn(1))[^1].Value);
    }

    private static VitalsReading Reading(DateTimeOffset at, ulong octets) => new(at, (uint)(at.ToUnixTimeSeconds() % 1_000_000) * 100, "rtr", null,
        10, "test", 20, "test", [new InterfaceReading(1, "eth0", null, 1e9, 1, 1, octets, octets, true, 0, 0, 0, 0, 0)]);
}

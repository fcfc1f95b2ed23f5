using Sotp.Console.Components.Pages.Dashboard;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;
using Sotp.Core.Status;

namespace Sotp.Tests.Components.Dashboard;

public class DashboardViewModelTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static Device Device(int id) => new() { Id = id, Name = $"dev{id}", Address = $"127.0.60.{id}" };

    [Fact]
    public void Counts_cover_every_monitored_device()
    {
        var view = new DashboardViewModel();

        view.Load([Device(1), Device(2), Device(3)], [new DeviceStatus(1, DeviceState.Up, 1, 0, Now, Now), new DeviceStatus(2, DeviceState.Down, null, 100, Now, Now)], []);

        Assert.Equal((1, 1, 1), (view.Count(DeviceState.Up), view.Count(DeviceState.Down), view.Count(DeviceState.Unknown)));
        Assert.Equal("dev2", view.NameOf(Assert.Single(view.Down).DeviceId));
    }

    [Fact]
    public void A_live_state_change_is_listed_first_and_the_down_list_follows()
    {
        var view = new DashboardViewModel();
        view.Load([Device(1)], [new DeviceStatus(1, DeviceState.Up, 1, 0, Now, Now)], []);

        view.Apply([new DeviceStatus(1, DeviceState.Down, null, 30, Now.AddMinutes(1), Now.AddMinutes(1))]);

        var change = Assert.Single(view.Changes);
        Assert.Equal((DeviceState.Up, DeviceState.Down, "dev1"), (change.PreviousState, change.State, change.DeviceName));
        Assert.Single(view.Down);
    }

    [Fact]
    public void Repeated_statuses_are_not_new_changes()
    {
        var view = new DashboardViewModel();
        view.Load([Device(1)], [], []);
        var up = new DeviceStatus(1, DeviceState.Up, 1, 0, Now, Now);

        view.Apply([up, up with { RttMs = 2, LastProbeAt = Now.AddSeconds(10) }]);

        Assert.Single(view.Changes);
    }

    [Fact]
    public void Statuses_of_devices_not_shown_are_ignored()
    {
        var view = new DashboardViewModel();
        view.Load([Device(1)], [], []);

        view.Apply([new DeviceStatus(9, DeviceState.Down, null, 100, Now, Now)]);

        Assert.Empty(view.Down);
        Assert.Equal(1, view.Count(DeviceState.Unknown));
    }

    private static DeviceVitals Vitals(int id, double cpu, double memory, params double[] utilisations) => new(id, Now, cpu, memory, 100,
        utilisations.Select((u, i) => new InterfaceVitals(i + 1, $"Gi0/{i}", null, 1e9, 1, 1, u * 1e7, 0, 0, 0, 0, 0)).ToArray());

    [Fact]
    public void The_busiest_interfaces_come_first_across_devices()
    {
        var view = new DashboardViewModel();
        view.Load([Device(1), Device(2)], [], []);

        view.ApplyVitals([Vitals(1, 10, 10, 5, 70), Vitals(2, 10, 10, 40)]);

        Assert.Equal([(1, 70.0), (2, 40.0), (1, 5.0)], view.BusiestInterfaces(3).Select(x => (x.DeviceId, x.Interface.UtilizationPercent!.Value)));
    }

    [Fact]
    public void Devices_under_pressure_are_those_at_the_threshold_or_above()
    {
        var view = new DashboardViewModel();
        view.Load([Device(1), Device(2), Device(3)], [], []);

        view.ApplyVitals([Vitals(1, 95, 20), Vitals(2, 30, 80), Vitals(3, 79.9, 79.9)]);

        Assert.Equal([1, 2], view.UnderPressure(5).Select(v => v.DeviceId));
    }
}

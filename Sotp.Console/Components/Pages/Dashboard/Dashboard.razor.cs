using System.Net.Sockets;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Sotp.Collectors.Icmp;
using Sotp.Console.Components.Controls;
using Sotp.Core.Cluster;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;
using Sotp.Core.Status;

namespace Sotp.Console.Components.Pages.Dashboard;

/// <summary>The live overview: counts by state, devices down now, and recent state changes.</summary>
public partial class Dashboard : IAsyncDisposable
{
    private static readonly (DeviceState State, Color Colour, string Icon)[] Tiles =
    [
        (DeviceState.Up, Color.Success, Icons.Material.Filled.CheckCircle),
        (DeviceState.Down, Color.Error, Icons.Material.Filled.Error),
        (DeviceState.Unknown, Color.Default, Icons.Material.Filled.HelpOutline),
    ];

    private readonly DashboardViewModel _view = new();
    private bool _loading = true;
    private string? _icmpProblem;
    private LiveLoop<DeviceStatus>? _live;
    private LiveLoop<DeviceVitals>? _liveVitals;

    [Inject]
    public required DeviceCatalog Catalog { get; init; }

    [Inject]
    public required ReachabilityTracker Reachability { get; init; }

    [Inject]
    public required StatusHistory History { get; init; }

    [Inject]
    public required IcmpPinger Pinger { get; init; }

    [Inject]
    public required NodeIdentity Node { get; init; }

    [Inject]
    public required VitalsTracker Vitals { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    protected override async Task OnInitializedAsync()
    {
        // Only a process that collects pings; a console-only one cannot speak for the collectors.
        if (Node.Collects && Pinger.KindFor(AddressFamily.InterNetwork) == IcmpSocketKind.None)
        {
            _icmpProblem = Pinger.Explain();
        }

        // Subscribe before reading, so no change falls between the snapshot and the stream.
        var subscription = RendererInfo.IsInteractive ? Reachability.Feed.Subscribe() : null;
        var vitalsSubscription = RendererInfo.IsInteractive ? Vitals.Feed.Subscribe() : null;
        var devices = await Catalog.MonitoredAsync(CancellationToken.None);
        var changes = await History.RecentChangesAsync(DashboardViewModel.MaxChanges, CancellationToken.None);
        _view.Load(devices, subscription?.Snapshot ?? Reachability.Feed.Current, changes);
        _view.ApplyVitals(vitalsSubscription?.Snapshot ?? Vitals.Feed.Current);
        _loading = false;
        if (subscription is null || vitalsSubscription is null)
        {
            return;
        }

        _liveVitals = new LiveLoop<DeviceVitals>(vitalsSubscription, async batch =>
        {
            _view.ApplyVitals(batch);
            await InvokeAsync(StateHasChanged);
        }, DispatchExceptionAsync);

        _live = new LiveLoop<DeviceStatus>(subscription, async batch =>
        {
            _view.Apply(batch);
            await InvokeAsync(StateHasChanged);
        }, DispatchExceptionAsync);
    }

    public async ValueTask DisposeAsync()
    {
        if (_live is not null)
        {
            await _live.DisposeAsync();
        }

        if (_liveVitals is not null)
        {
            await _liveVitals.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

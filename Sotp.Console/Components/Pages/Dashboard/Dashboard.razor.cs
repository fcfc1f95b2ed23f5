using System.Net.Sockets;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Sotp.Collectors.Icmp;
using Sotp.Console.Components.Controls;
using Sotp.Core.Cluster;
using Sotp.Core.Dashboard;
using Sotp.Core.Status;

namespace Sotp.Console.Components.Pages.Dashboard;

/// <summary>
/// The live overview: counts by state, devices down now, recent state changes, busiest interfaces and devices
/// under pressure, all from the one overview every dashboard shares (<see cref="NetworkOverview"/>).
/// </summary>
public partial class Dashboard
{
    private static readonly (DeviceState State, Color Colour, string Icon)[] Tiles =
    [
        (DeviceState.Up, Color.Success, Icons.Material.Filled.CheckCircle),
        (DeviceState.Down, Color.Error, Icons.Material.Filled.Error),
        (DeviceState.Unknown, Color.Default, Icons.Material.Filled.HelpOutline),
    ];

    // Errors and worse, from every source: what someone should look at now.
    private static readonly Sotp.Core.Events.EventQuery CriticalEvents = new(Severity: Sotp.Core.Events.EventSeverity.Error, Limit: 8);

    private NetworkOverviewState? _view;
    private string? _icmpProblem;

    [Inject]
    public required NetworkOverview Overview { get; init; }

    [Inject]
    public required IcmpPinger Pinger { get; init; }

    [Inject]
    public required NodeIdentity Node { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    protected override async Task OnInitializedAsync()
    {
        // Only a process that collects pings; a console-only one cannot speak for the collectors.
        if (Node.Collects && Pinger.KindFor(AddressFamily.InterNetwork) == IcmpSocketKind.None)
        {
            _icmpProblem = Pinger.Explain();
        }

        // Until the overview's first value is there (the first second after a start), the page shows it is loading.
        await FollowAsync(() => Overview.Feed.Subscribe(NetworkOverview.Key),
            snapshot => _view = snapshot.Count > 0 ? snapshot[0] : null,
            batch => _view = batch[^1].IsRemoval ? null : batch[^1].Item);
    }
}

using Microsoft.AspNetCore.Components;
using MudBlazor;
using Sotp.Console.Components.Controls;
using Sotp.Console.Identity;
using System.Globalization;
using Sotp.Core.Devices;
using Sotp.Core.Security;
using Sotp.Core.Status;

namespace Sotp.Console.Components.Pages.Devices;

/// <summary>
/// One device: its properties, live status and the last hour of RTT and loss. An edit made elsewhere shows at
/// once; an archive turns the page into "deleted".
/// </summary>
public partial class DeviceDetails
{
    // The device page lists its newest events; the events page has the filters.
    private static readonly Sotp.Core.Events.EventQuery DeviceEventFilter = new(Limit: 50);

    private Device? _device;
    private DeviceStatus _status = DeviceStatus.UnknownFor(0);
    private bool _loading = true;
    private List<BreadcrumbItem> _crumbs = [];
    private IAsyncDisposable[] _following = [];
    private int _followingId;
    private PollAsked? _poll;

    [Parameter]
    public int Id { get; set; }

    [Inject]
    public required DeviceCatalog Catalog { get; init; }

    [Inject]
    public required ReachabilityTracker Reachability { get; init; }

    [Inject]
    public required PollNow PollNow { get; init; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        if (_followingId == Id && !_loading)
        {
            return;
        }

        _loading = true;
        foreach (var following in _following)
        {
            await following.DisposeAsync();
        }

        _followingId = Id;
        _status = DeviceStatus.UnknownFor(Id);
        _following =
        [
            await FollowAsync(() => Reachability.Feed.Subscribe(Id),
                snapshot => _status = snapshot.Count > 0 ? snapshot[0] : DeviceStatus.UnknownFor(Id),
                batch => _status = batch[^1].IsRemoval ? DeviceStatus.UnknownFor(Id) : batch[^1].Item),
            await FollowAsync(() => Catalog.Feed.Subscribe(Id), async (_, ct) => await LoadDeviceAsync(ct), async batch =>
            {
                if (batch[^1].IsRemoval)
                {
                    _device = null;
                }
                else
                {
                    await LoadDeviceAsync(Stopping);
                }
            }),
        ];
        _loading = false;
    }

    // One trace from this click through the poll job, the ping, the SNMP requests and the saved readings.
    private async Task PollNowAsync()
    {
        using var span = Access.StartAction("Device", "poll now");
        var traceId = span.TraceId.ToHexString();
        if (await Access.RequireAsync(SotpPermissions.DevicesWrite, "device.poll", "device", Id.ToString(CultureInfo.InvariantCulture)) is { } actor)
        {
            PollNow.Request(Id, actor.Name);
            _poll = new PollAsked(Time.GetUtcNow(), traceId, null);
        }
        else
        {
            _poll = new PollAsked(Time.GetUtcNow(), traceId, "You may no longer poll devices.");
        }
    }

    private sealed record PollAsked(DateTimeOffset At, string TraceId, string? Error);

    private async Task LoadDeviceAsync(CancellationToken cancellationToken)
    {
        _device = await Catalog.GetAsync(Id, cancellationToken);
        _crumbs = [new("Devices", "devices"), new(_device?.Name ?? "?", null, disabled: true)];
    }
}

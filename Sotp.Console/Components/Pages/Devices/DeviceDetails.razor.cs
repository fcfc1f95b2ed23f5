using Microsoft.AspNetCore.Components;
using MudBlazor;
using Sotp.Console.Components.Controls;
using Sotp.Core.Devices;
using Sotp.Core.Status;

namespace Sotp.Console.Components.Pages.Devices;

/// <summary>One device: its properties, live status and the last hour of RTT and loss.</summary>
public partial class DeviceDetails : IAsyncDisposable
{
    private Device? _device;
    private DeviceStatus _status = DeviceStatus.UnknownFor(0);
    private bool _loading = true;
    private LiveLoop<DeviceStatus>? _live;
    private List<BreadcrumbItem> _crumbs = [];

    [Parameter]
    public int Id { get; set; }

    [Inject]
    public required DeviceCatalog Catalog { get; init; }

    [Inject]
    public required ReachabilityTracker Reachability { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        if (_live is not null)
        {
            await _live.DisposeAsync();
            _live = null;
        }

        _device = await Catalog.GetAsync(Id, CancellationToken.None);
        _status = Reachability.StatusOf(Id);
        _crumbs = [new("Devices", "devices"), new(_device?.Name ?? "?", null, disabled: true)];
        _loading = false;
        if (_device is null || !RendererInfo.IsInteractive)
        {
            return;
        }

        _live = new LiveLoop<DeviceStatus>(Reachability.Feed.Subscribe(s => s.DeviceId == Id), async batch =>
        {
            _status = batch[^1];
            await InvokeAsync(StateHasChanged);
        }, DispatchExceptionAsync);
    }

    public async ValueTask DisposeAsync()
    {
        if (_live is not null)
        {
            await _live.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

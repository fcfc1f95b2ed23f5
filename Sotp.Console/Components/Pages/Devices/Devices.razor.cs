using System.Collections.Immutable;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using Sotp.Console.Identity;
using Sotp.Console.Components.Controls;
using Sotp.Core;
using Sotp.Core.Devices;
using Sotp.Core.Security;
using Sotp.Core.Status;

namespace Sotp.Console.Components.Pages.Devices;

/// <summary>
/// The inventory: a server-paged grid with live status chips, filters, add/edit/delete, CSV in and out. It
/// follows the status of the rows it shows (not of every device) and re-reads its page when the inventory
/// changes, here or elsewhere.
/// </summary>
public partial class Devices
{
    private const long MaxImportBytes = 10 * 1024 * 1024;

    private readonly Dictionary<int, DeviceStatus> _status = [];
    private volatile ImmutableHashSet<int> _shown = [];
    private MudDataGrid<Device>? _grid;
    private IReadOnlyList<string> _sites = [];
    private IReadOnlyList<string> _tags = [];
    private ImportReport? _importReport;
    private bool _loading;

    /// <summary>A status to filter by when the page opens (<c>?status=down</c>, as the dashboard links).</summary>
    [SupplyParameterFromQuery(Name = "status")]
    public string? InitialStatus { get; set; }

    [Inject]
    public required DeviceCatalog Catalog { get; init; }

    [Inject]
    public required DeviceCsv Csv { get; init; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required ReachabilityTracker Reachability { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    public DeviceListViewModel View { get; } = new();

    protected override async Task OnInitializedAsync()
    {
        if (EnumText.TryParse<DeviceState>(InitialStatus, out var state))
        {
            View.State = state;
        }

        // The rows' statuses are read when a page of rows is (LoadAsync), after the filter already admits them.
        await FollowAsync(() => Reachability.Feed.Subscribe(s => _shown.Contains(s.DeviceId)), _ => { }, batch =>
        {
            foreach (var change in batch)
            {
                _status[change.Key] = change.IsRemoval ? DeviceStatus.UnknownFor(change.Key) : change.Item;
            }
        });
        await FollowAsync(() => Catalog.Feed.Subscribe(),
            async (_, ct) => (_sites, _tags) = await Catalog.FacetsAsync(ct),
            async _ => await RefreshFacetsAndGridAsync());
    }

    private DeviceStatus StatusOf(int id) => _status.TryGetValue(id, out var status) ? status : DeviceStatus.UnknownFor(id);

    private async Task<GridData<Device>> LoadAsync(GridState<Device> state, CancellationToken cancellationToken)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var page = await Catalog.ListAsync(View.ToQuery(state.Page, state.PageSize, sort?.SortBy, sort?.Descending ?? false), cancellationToken);
        _shown = [.. page.Items.Select(d => d.Id)];
        _status.Clear();
        foreach (var device in page.Items)
        {
            _status[device.Id] = Reachability.StatusOf(device.Id);
        }

        return new GridData<Device> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private Task SearchChangedAsync(string? search) => FilterAsync(() => View.Search = search);

    private async Task FilterAsync(Action change)
    {
        change();
        await ReloadAsync();
    }

    private async Task ClearFiltersAsync()
    {
        View.ClearFilters();
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private async Task AddAsync() => await OpenDialogAsync(null);

    private async Task EditAsync(Device device) => await OpenDialogAsync(device);

    private async Task OpenDialogAsync(Device? device)
    {
        var parameters = new DialogParameters<DeviceDialog> { { d => d.Device, device } };
        var dialog = await Dialogs.ShowAsync<DeviceDialog>(device is null ? "Add device" : $"Edit {device.Name}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: Device saved })
        {
            // The grid re-reads when the inventory feed brings the change.
            Snackbar.Add($"{saved.Name} saved.", Severity.Success);
        }
    }

    private async Task DeleteAsync(Device device)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete device",
            $"Delete {device.Name} ({device.Address})? It stops being monitored; its history stays in the reports.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        using var span = Access.StartAction("Devices", "delete");
        if (await Access.RequireAsync(SotpPermissions.DevicesWrite, "device.archive", "device", device.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not { } actor)
        {
            Snackbar.AddFailure("You may no longer delete devices.");
            return;
        }

        if (await Catalog.ArchiveAsync(device.Id, actor, CancellationToken.None))
        {
            Snackbar.Add($"{device.Name} deleted.", Severity.Success);
        }
        else
        {
            Snackbar.Add($"{device.Name} was already deleted.", Severity.Info);
        }
    }

    private async Task ImportAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        using var span = Access.StartAction("Devices", "import");

        if (file.Size > MaxImportBytes)
        {
            Snackbar.AddFailure("Import at most 10 MB of CSV at a time.");
            return;
        }

        if (await Access.RequireAsync(SotpPermissions.DevicesWrite, "device.import", "device") is not { } actor)
        {
            Snackbar.AddFailure("You may no longer import devices.");
            return;
        }

        _loading = true;
        try
        {
            using var reader = new StreamReader(file.OpenReadStream(MaxImportBytes));
            _importReport = await Csv.ImportAsync(await reader.ReadToEndAsync(), actor, CancellationToken.None);
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task RefreshFacetsAndGridAsync()
    {
        (_sites, _tags) = await Catalog.FacetsAsync(Stopping);
        await ReloadAsync();
    }
}

using System.Data.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore.Storage;
using MudBlazor;
using Sotp.Console.Components.Controls;
using Sotp.Console.Components.Pages.Devices;
using Sotp.Core.Devices;
using Sotp.Core.Events;

namespace Sotp.Console.Components.Pages.Events;

/// <summary>
/// The global event timeline: every device's syslog, traps and state changes, newest first and live, filtered by
/// severity, source, vendor, device, site, words and days; beside it the senders that are no device yet (live too),
/// each one click from being added, with what they sent before.
/// </summary>
public sealed partial class Events
{
    private const int UnmatchedShown = 20;

    private static readonly string[] Vendors = ["cisco", "arista", "junos", "huawei", "frr", "linux", "snmp", "sotp"];

    private EventQuery _filter = new();
    private DeviceChoice? _device;
    private string? _site;
    private DateRange? _range;
    private IReadOnlyList<UnmatchedSender>? _unmatched;

    [Inject]
    public required EventSearch Search { get; init; }

    [Inject]
    public required EventLog Log { get; init; }

    [Inject]
    public required DeviceCatalog Catalog { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    private bool HasFilters => _filter != new EventQuery();

    private IEnumerable<string> Sites => Catalog.Feed.Current.Select(d => d.Site).OfType<string>().Distinct().Order();

    // A message from a stranger changes the list: read again, once per batch of them.
    protected override Task OnInitializedAsync() => FollowAsync(() => Log.Stream.Subscribe(e => e.DeviceId is null),
        (_, ct) => LoadUnmatchedAsync(ct), _ => LoadUnmatchedAsync(Stopping));

    private async Task LoadUnmatchedAsync(CancellationToken cancellationToken)
    {
        try
        {
            _unmatched = await Search.UnmatchedSendersAsync(UnmatchedShown, cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or RetryLimitExceededException or TimeoutException)
        {
            // The timeline says the database is away; the list comes back with it.
            _unmatched ??= [];
        }
    }

    private void Change(EventQuery filter) => _filter = filter;

    private Task<IEnumerable<DeviceChoice>> SearchDevices(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(Catalog.Feed.Current.Where(d => string.IsNullOrWhiteSpace(text) || d.Name.Contains(text, StringComparison.OrdinalIgnoreCase))
            .OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase).Take(20).Select(d => new DeviceChoice(d.Id, d.Name)));

    private void DeviceChanged(DeviceChoice? device)
    {
        _device = device;
        Change(_filter with { DeviceId = device?.Id });
    }

    // A site is the devices there now: the filter holds their ids.
    private void SiteChanged(string? site)
    {
        _site = site;
        Change(_filter with { DeviceIds = site is null ? null : Catalog.Feed.Current.Where(d => d.Site == site).Select(d => d.Id).ToHashSet() });
    }

    private void RangeChanged(DateRange? range)
    {
        _range = range;
        var (from, to) = DayRange.Bounds(range);
        Change(_filter with { From = from, To = to });
    }

    private void ClearFilters()
    {
        (_device, _site, _range) = (null, null, null);
        Change(new EventQuery());
    }

    private async Task AddAsync(UnmatchedSender sender)
    {
        var dialog = await DeviceDialog.ShowAddAsync(Dialogs, sender.HostName ?? sender.Address, sender.Address);
        if (await dialog.Result is { Canceled: false, Data: Device device })
        {
            // What it sent before it was a device is the new device's history.
            var adopted = await Search.AttributeSenderAsync(sender.Address, device.Id, Stopping);
            Snackbar.Add($"{device.Name} added, with the {adopted} earlier message{(adopted == 1 ? "" : "s")} from {sender.Address}.", Severity.Success);
            await LoadUnmatchedAsync(Stopping);
        }
    }
}

/// <summary>A device as the filter offers it.</summary>
public sealed record DeviceChoice(int Id, string Name);

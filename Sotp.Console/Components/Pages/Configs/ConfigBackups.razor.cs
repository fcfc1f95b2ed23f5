using System.Data.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore.Storage;
using MudBlazor;
using Sotp.Collectors.Configs;
using Sotp.Console.Identity;
using Sotp.Core.Configs;
using Sotp.Core.Devices;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Pages.Configs;

/// <summary>
/// A device's backups, newest first, live: a backup queued anywhere in the cluster shows as under way, each attempt
/// as it is recorded; "Back up now" for those who may change devices. On the history page, versions are picked to
/// compare (From, To).
/// </summary>
public sealed partial class ConfigBackups
{
    private List<ConfigBackupRecord>? _rows;
    private ConfigBackupPending? _pending;
    private string? _problem;

    [Parameter, EditorRequired]
    public int DeviceId { get; set; }

    [Parameter]
    public int Limit { get; set; } = 5;

    /// <summary>Radio buttons to pick the two versions compared.</summary>
    [Parameter]
    public bool Selectable { get; set; }

    [Parameter]
    public string? From { get; set; }

    [Parameter]
    public string? To { get; set; }

    /// <summary>A version picked: (from, to).</summary>
    [Parameter]
    public EventCallback<(string? From, string? To)> Picked { get; set; }

    /// <summary>The newest rows after the first load and each change (the page picks its default versions from them).</summary>
    [Parameter]
    public EventCallback<IReadOnlyList<ConfigBackupRecord>> Loaded { get; set; }

    [Inject]
    public required ConfigHistory History { get; init; }

    [Inject]
    public required ConfigBoard Board { get; init; }

    [Inject]
    public required ConfigBackupQueue Queue { get; init; }

    [Inject]
    public required DeviceCatalog Catalog { get; init; }

    [Inject]
    public required UserAccess Access { get; init; }

    protected override async Task OnInitializedAsync()
    {
        var deviceId = DeviceId;
        await FollowAsync(() => Board.Pending.Subscribe(deviceId), pending => _pending = pending.Count > 0 ? pending[0] : null,
            changes => _pending = changes.Count > 0 && changes[^1] is { IsRemoval: false } last ? last.Item : null);
        await FollowAsync(() => Board.Recorded.Subscribe(r => r.DeviceId == deviceId),
            async (_, ct) =>
            {
                try
                {
                    _rows = [.. await History.ListAsync(deviceId, Limit, ct)];
                }
                catch (Exception ex) when (ex is DbException or RetryLimitExceededException or TimeoutException)
                {
                    _rows = [];
                    _problem = "The database cannot be reached: backups recorded from now on show here; the history comes back with the database.";
                }

                await Loaded.InvokeAsync(_rows);
            },
            async batch =>
            {
                foreach (var record in batch.Where(r => _rows?.Any(x => x.Id == r.Id) == false))
                {
                    _rows!.Insert(0, record);
                }

                _rows = _rows?.Take(Limit).ToList();
                await Loaded.InvokeAsync(_rows!);
            });
    }

    private Task PickAsync(string commit, bool isFrom) => Picked.InvokeAsync(isFrom ? (commit, To) : (From, commit));

    private async Task BackUpNowAsync()
    {
        using var span = Access.StartAction("Configuration", "back up now");
        if (await Access.RequireAsync(SotpPermissions.DevicesWrite, "config.backup", "device", DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            is not { } actor)
        {
            _problem = "You may no longer change devices.";
            return;
        }

        var device = await Catalog.GetAsync(DeviceId, Stopping);
        await Queue.RequestAsync(DeviceId, device?.Name ?? $"device {DeviceId}", actor, Stopping);
    }
}

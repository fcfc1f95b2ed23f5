using Microsoft.AspNetCore.Components;
using MudBlazor;
using Sotp.Console.Identity;
using Sotp.Core.Alerts;
using Sotp.Core.Devices;
using Sotp.Core.Live;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Controls;

/// <summary>
/// The active alerts (all, or one device's), most severe and newest first, live from the alert board; an Engineer
/// acknowledges one with a click (audited), and every open list shows it at once.
/// </summary>
public sealed partial class AlertList
{
    private readonly Dictionary<string, Alert> _state = [];
    private List<Alert>? _alerts;
    private bool _canAcknowledge;

    [Parameter]
    public int? DeviceId { get; set; }

    [Parameter]
    public string EmptyText { get; set; } = "No active alert.";

    [Inject]
    public required AlertBoard Board { get; init; }

    [Inject]
    public required AlertStore Store { get; init; }

    [Inject]
    public required DeviceCatalog Catalog { get; init; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _canAcknowledge = await Access.HoldsAsync(SotpPermissions.AlertsManage);
        var deviceId = DeviceId;
        await FollowAsync(() => Board.Feed.Subscribe(a => deviceId is null || a.DeviceId == deviceId),
            snapshot => Apply(snapshot.AsUpserts(a => a.Key)),
            Apply);
    }

    private void Apply(IEnumerable<KeyedChange<string, Alert>> changes)
    {
        changes.ApplyTo(_state);
        _alerts = [.. _state.Values.OrderBy(a => a.Severity).ThenByDescending(a => a.OpenedAt)];
    }

    private string NameOf(int deviceId) => Catalog.Feed.TryGet(deviceId, out var device) ? device.Name : $"device {deviceId}";

    private async Task AcknowledgeAsync(Alert alert)
    {
        if (await Access.RequireAsync(SotpPermissions.AlertsManage, "alert.ack", "alert", alert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not { } actor)
        {
            Snackbar.AddFailure("You may no longer acknowledge alerts.");
            return;
        }

        var acknowledged = await Store.AcknowledgeAsync(alert.Id, actor, Stopping);
        if (acknowledged is not { State: AlertState.Acknowledged })
        {
            Snackbar.Add("That alert is resolved already.", Severity.Info);
        }
    }
}

using System.Data.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore.Storage;
using MudBlazor;
using Sotp.Console.Components.Controls;
using Sotp.Console.Identity;
using Sotp.Core.Alerts;
using Sotp.Core.Devices;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Pages.Alerts;

/// <summary>
/// The alerts page: the active alerts live (acknowledge from here), the recent ones, the rules and the maintenance
/// windows. The history is read again when an alert resolves.
/// </summary>
public sealed partial class Alerts
{
    private List<Alert>? _history;
    private List<AlertRule>? _rules;
    private List<MaintenanceWindow>? _windows;
    private bool _canManage;

    [Inject]
    public required AlertStore Store { get; init; }

    [Inject]
    public required AlertBoard Board { get; init; }

    [Inject]
    public required DeviceCatalog Catalog { get; init; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _canManage = await Access.HoldsAsync(SotpPermissions.AlertsManage);
        await FollowAsync(() => Board.Feed.Subscribe(),
        async (_, ct) =>
        {
            await LoadAsync(ct);
            _rules = await Store.RulesAsync(ct);
            _windows = await Store.WindowsAsync(ct);
        },
        changes => changes.Any(c => c.IsRemoval) ? LoadAsync(Stopping) : Task.CompletedTask);
    }

    private async Task PlanAsync()
    {
        var dialog = await MaintenanceDialog.ShowAsync(Dialogs);
        if (await dialog.Result is { Canceled: false, Data: MaintenanceWindow planned })
        {
            Snackbar.Add($"Maintenance \"{planned.Name}\" planned.", Severity.Success);
            _windows = await Store.WindowsAsync(Stopping);
        }
    }

    private async Task RemoveAsync(MaintenanceWindow window)
    {
        if (await Access.RequireAsync(SotpPermissions.AlertsManage, "maintenance.delete", "maintenance") is not { } actor)
        {
            Snackbar.AddFailure("You may no longer change maintenance windows.");
            return;
        }

        await Store.DeleteWindowAsync(window.Id, actor, Stopping);
        _windows = await Store.WindowsAsync(Stopping);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            _history = await Store.ListAsync(new AlertQuery(Limit: 50), cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or RetryLimitExceededException or TimeoutException)
        {
            _history ??= []; // the active list above keeps working from memory
        }
    }

    private string? NameOf(int id) => Catalog.Feed.TryGet(id, out var device) ? device.Name : null;

    private static string Lasted(Alert a)
    {
        var span = (a.ResolvedAt ?? DateTimeOffset.UtcNow) - a.OpenedAt;
        var text = span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s" : $"{span.Seconds} s";
        return a.ResolvedAt is null ? $"{text} so far" : text;
    }

    private string Describe(AlertRule r)
    {
        var what = r.Condition switch
        {
            AlertCondition.DeviceDown => "device down",
            AlertCondition.InterfaceDown => "interface down",
            AlertCondition.InterfaceAdminDown => "interface shut",
            AlertCondition.CpuAbove => $"CPU above {r.Threshold:0.#} %",
            AlertCondition.MemoryAbove => $"memory above {r.Threshold:0.#} %",
            _ => $"event {r.EventCode}",
        };
        var hold = r.ForSeconds > 0 ? $" for {r.ForSeconds} s" : "";
        var notify = string.Join(", ", new[] { r.WebhookUrl is null ? null : "webhook", r.EmailTo is null ? null : "e-mail" }.OfType<string>());
        return $"{what}{hold}; {r.Scope.Describe(NameOf)}{(notify.Length > 0 ? $"; {notify}" : "")}";
    }
}

using Microsoft.AspNetCore.Components;
using MudBlazor;
using Sotp.Console.Components.Controls;
using Sotp.Console.Identity;
using Sotp.Core.Alerts;
using Sotp.Core.Devices;
using Sotp.Core.Security;

namespace Sotp.Console.Components.Pages.Alerts;

/// <summary>Plans a maintenance window: once, daily or weekly, at a local time in a time zone, for devices, sites or tags.</summary>
public sealed partial class MaintenanceDialog
{
    private string? _name;
    private string? _devices;
    private string? _sites;
    private string? _tags;
    private DateTime? _date = DateTime.Today;
    private TimeSpan? _time = new(DateTime.Now.Hour + 1 < 24 ? DateTime.Now.Hour + 1 : 23, 0, 0);
    private int _minutes = 60;
    private MaintenanceRecurrence _recurrence = MaintenanceRecurrence.Once;
    private string? _zone = "UTC";
    private IReadOnlyCollection<DayOfWeek> _days = [];
    private string? _reason;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private ShownFailure? _formError;
    private bool _saving;

    [CascadingParameter]
    public required IMudDialogInstance Dialog { get; set; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required AlertStore Store { get; init; }

    [Inject]
    public required DeviceCatalog Catalog { get; init; }

    public static Task<IDialogReference> ShowAsync(IDialogService dialogs) => dialogs.ShowAsync<MaintenanceDialog>("Plan maintenance",
        new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });

    private static Task<IEnumerable<string>> SearchZones(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Prepend("UTC").Distinct()
            .Where(z => string.IsNullOrEmpty(text) || z.Contains(text, StringComparison.OrdinalIgnoreCase)).Take(30));

    private async Task SaveAsync()
    {
        _saving = true;
        _formError = null;
        try
        {
            var (scope, problem) = ScopeText.Read(Catalog, _devices, _sites, _tags);
            if (scope is null)
            {
                _formError = Failures.Of(problem!);
                return;
            }

            // The start is a wall-clock time in the chosen zone.
            var zone = TimeZoneInfo.TryFindSystemTimeZoneById(_zone ?? "UTC", out var found) ? found : TimeZoneInfo.Utc;
            DateTimeOffset? starts = _date is { } day && _time is { } at ? new DateTimeOffset(day.Date + at, zone.GetUtcOffset(day.Date + at)) : null;
            var input = new MaintenanceWindowInput
            {
                Name = _name, StartsAt = starts, EndsAt = starts?.AddMinutes(_minutes), Recurrence = AlertRules.Name(_recurrence), TimeZone = _zone,
                Days = [.. _days.Select(d => d.ToString())], Reason = _reason, Scope = scope,
            };
            using var span = Access.StartAction("Alerts", "plan maintenance");
            if (await Access.RequireAsync(SotpPermissions.AlertsManage, "maintenance.create", "maintenance") is not { } actor)
            {
                _formError = Failures.Of("You may no longer plan maintenance.");
                return;
            }

            var (window, errors) = await Store.AddWindowAsync(input, actor, CancellationToken.None);
            _errors = errors;
            if (window is not null)
            {
                Dialog.Close(DialogResult.Ok(window));
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private void Cancel() => Dialog.Cancel();
}

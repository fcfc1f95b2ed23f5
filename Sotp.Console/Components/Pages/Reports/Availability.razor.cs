using System.Data.Common;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using MudBlazor;
using Sotp.Console.Components.Controls;
using Sotp.Console.Identity;
using Sotp.Core.Devices;
using Sotp.Core.Events;
using Sotp.Core.Reports;
using Sotp.Core.Security;
using Sotp.Core.Status;

namespace Sotp.Console.Components.Pages.Reports;

/// <summary>
/// The availability page: a month's figures for the network, its sites and devices (each device's outages with what
/// its timeline said), the CSV and the PDF. The month under way follows the devices' state changes; the list of
/// PDF reports follows their making, whichever process makes them.
/// </summary>
public sealed partial class Availability
{
    private readonly HashSet<int> _open = [];
    private readonly Dictionary<long, ReportView> _reports = [];
    private List<(string Key, string Label)> _months = [];
    private IReadOnlyList<string> _siteNames = [];
    private string _month = "";
    private string? _zone;
    private IReadOnlyCollection<string> _sites = [];
    private IReadOnlyCollection<string> _kinds = [];
    private AvailabilityReport? _report;
    private string? _problem;
    private bool _computing;
    private bool _requesting;
    private bool _canExport;
    private bool _listed;

    /// <summary>A link to a month: <c>?month=2026-10&amp;timeZone=Europe/Paris&amp;site=Lyon</c>.</summary>
    [SupplyParameterFromQuery]
    public string? Month { get; set; }

    [SupplyParameterFromQuery]
    public string? TimeZone { get; set; }

    [SupplyParameterFromQuery(Name = "site")]
    public string[]? Sites { get; set; }

    [Inject]
    public required ReportService Reports { get; init; }

    [Inject]
    public required ReportBoard Board { get; init; }

    [Inject]
    public required ReachabilityTracker Reachability { get; init; }

    [Inject]
    public required DeviceCatalog Catalog { get; init; }

    [Inject]
    public required IOptionsMonitor<ReportOptions> Options { get; init; }

    [Inject]
    public required UserAccess Access { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _canExport = await Access.HoldsAsync(SotpPermissions.ReportsExport);
        var zone = Reports.DefaultZone;
        _zone = zone.Id;
        var now = TimeZoneInfo.ConvertTime(Time.GetUtcNow(), zone);
        var first = new DateTime(now.Year, now.Month, 1);
        _months = [.. Enumerable.Range(0, 25).Select(i => first.AddMonths(-i))
            .Select((m, i) => (m.ToString("yyyy-MM", CultureInfo.InvariantCulture), m.ToString("MMMM yyyy", CultureInfo.InvariantCulture) + (i == 0 ? " (to date)" : "")))];
        _month = _months[0].Key;
        if (Month is { } asked && ReportPeriod.Resolve(asked, null, zone, Time.GetUtcNow()).Period is { } period)
        {
            _month = period.Key;
            if (_months.All(m => m.Key != period.Key))
            {
                _months.Add((period.Key, period.Title));
            }
        }

        (_zone, _sites) = (TimeZone ?? _zone, Sites ?? []);
        _siteNames = [.. Catalog.Feed.Current.Select(d => d.Site).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];

        await FollowAsync(() => Board.Feed.Subscribe(), async (snapshot, ct) =>
        {
            await ListAsync(ct);
            foreach (var report in snapshot)
            {
                _reports[report.Id] = report;
            }
        }, changes =>
        {
            foreach (var change in changes)
            {
                _reports[change.Key] = change.Item;
            }

            return Task.CompletedTask;
        });
        await ShowAsync();
        // The month under way moves with every state change; a change while a computation runs is in the next one.
        await FollowAsync(() => Reachability.Changes.Subscribe(), (_, _) => Task.CompletedTask,
            _ => _report is { Period.MonthToDate: true } && !_computing ? ShowAsync() : Task.CompletedTask);
    }

    private async Task ShowAsync()
    {
        _computing = true;
        try
        {
            var (report, problem) = await Reports.ComputeAsync(Request(), Stopping);
            (_report, _problem) = (report, problem?.Message);
            _open.RemoveWhere(id => report?.Devices.All(d => d.Id != id) != false);
        }
        catch (Exception ex) when (ex is DbException or RetryLimitExceededException or TimeoutException)
        {
            _problem = "The figures cannot be read while the database does not answer; try again in a moment.";
        }
        finally
        {
            _computing = false;
        }
    }

    private async Task MakePdfAsync()
    {
        using var span = Access.StartAction("Availability", "make PDF");
        if (await Access.RequireAsync(SotpPermissions.ReportsExport, "report.request", "report") is not { } actor)
        {
            Snackbar.AddFailure("You may no longer make reports.");
            return;
        }

        _requesting = true;
        try
        {
            var (queued, errors) = await Reports.RequestAsync(Request(), actor, Stopping);
            if (queued is null)
            {
                Snackbar.AddFailure(string.Join(" ", errors.Values.SelectMany(e => e)));
                return;
            }

            _reports[queued.Id] = queued;
            Snackbar.Add($"The PDF for {queued.Month} is being made; it appears in the list below when it is ready.", Severity.Info);
        }
        finally
        {
            _requesting = false;
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var report in await Reports.ListAsync(50, cancellationToken))
            {
                _reports[report.Id] = report;
            }

            _listed = true;
        }
        catch (Exception ex) when (ex is DbException or RetryLimitExceededException or TimeoutException)
        {
            _listed = true; // reports being made still show, from the live board
        }
    }

    private ReportRequest Request() => new()
    {
        Month = _month, TimeZone = _zone,
        Scope = new ReportScope { Sites = [.. _sites], Kinds = [.. _kinds] },
    };

    private string CsvHref => "api/v1/reports/availability.csv" + QueryString.Create(
        new[] { new KeyValuePair<string, string?>("month", _month), new("timeZone", _zone) }
            .Concat(_sites.Select(s => new KeyValuePair<string, string?>("site", s)))
            .Concat(_kinds.Select(k => new KeyValuePair<string, string?>("kind", k))));

    private void Toggle(DeviceAvailability device)
    {
        if (!_open.Remove(device.Id))
        {
            _open.Add(device.Id);
        }
    }

    private static Task<IEnumerable<string>> SearchZones(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id)
            .Where(id => string.IsNullOrWhiteSpace(text) || id.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)).Order().Take(50));

    // What the timeline said from a little before the outage to its end.
    private static EventQuery Around(Outage o) => new(From: o.Start - TimeSpan.FromMinutes(5), To: o.End + TimeSpan.FromMinutes(1), Limit: 20);

    private static readonly Func<DeviceAvailability, object> BySite = d => d.Site ?? "";

    private static int Offset(AvailabilityReport report) => ((int)new DateOnly(report.Period.Year, report.Period.Month, 1).DayOfWeek + 6) % 7;

    private static Color ColorOf(double? percent, double slo) => AvailabilityFigures.BandOf(percent, slo) switch
    {
        AvailabilityBand.Met => Color.Success,
        AvailabilityBand.Near => Color.Warning,
        AvailabilityBand.Missed => Color.Error,
        _ => Color.Default,
    };

    private static string DayColour(double? percent, double slo) => AvailabilityFigures.BandOf(percent, slo) switch
    {
        AvailabilityBand.Met => "var(--mud-palette-success)",
        AvailabilityBand.Near => "var(--mud-palette-warning)",
        AvailabilityBand.Missed => "var(--mud-palette-error)",
        _ => "var(--mud-palette-action-disabled)",
    };

    private static Color StatusColour(ReportStatus status) => status switch
    {
        ReportStatus.Done => Color.Success,
        ReportStatus.Failed => Color.Error,
        _ => Color.Info,
    };
}

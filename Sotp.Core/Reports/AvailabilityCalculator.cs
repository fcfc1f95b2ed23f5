using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sotp.Core.Alerts;
using Sotp.Core.Devices;
using Sotp.Core.Events;
using Sotp.Core.Persistence;
using Sotp.Core.Status;

namespace Sotp.Core.Reports;

/// <summary>
/// The one place availability is computed (README, "How availability is computed"), for the page, the API, the CSV and
/// the PDF. It reads the saved state changes device by device in one ordered stream (memory grows with the number of
/// devices and outages, never with the number of probes or changes), SOTP's own running time, and maintenance windows.
/// </summary>
public sealed class AvailabilityCalculator(
    IDbContextFactory<SotpDbContext> contexts,
    IOptionsMonitor<ReportOptions> options,
    EventCatalogue catalogue,
    TimeProvider time)
{
    /// <summary>How far before an outage's start the timeline is searched for its cause.</summary>
    private static readonly TimeSpan CauseLead = TimeSpan.FromMinutes(2);

    private readonly record struct Change(int DeviceId, DeviceState State, DateTimeOffset At);

    /// <summary>The month's figures for the devices in scope, or why there are none.</summary>
    public async Task<(AvailabilityReport? Report, ReportProblem? Problem)> ComputeAsync(ReportPeriod period, ReportScope scope, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var (start, end) = (period.Start, period.End);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken); // one connection for every read below, the cause look-ups included
        var (devices, problem) = await DevicesAsync(db, period, scope, cancellationToken);
        if (devices is null)
        {
            return (null, problem);
        }

        var (running, runsFrom) = await RunningAsync(db, period, cancellationToken);
        var windows = await db.MaintenanceWindows.AsNoTracking().ToListAsync(cancellationToken);
        var ids = devices.Select(d => d.Id).ToList();
        var before = db.StatusEvents.AsNoTracking().Where(e => e.At < start);
        var during = db.StatusEvents.AsNoTracking().Where(e => e.At >= start && e.At < end);
        if (!scope.IsEverything)
        {
            (before, during) = (before.Where(e => ids.Contains(e.DeviceId)), during.Where(e => ids.Contains(e.DeviceId)));
        }

        var initial = await before.GroupBy(e => e.DeviceId)
            .Select(g => g.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).First())
            .ToDictionaryAsync(e => e.DeviceId, e => e.State, cancellationToken);
        var days = new DayTotals(period);
        var measured = new List<DeviceAvailability>(devices.Count);
        await using (var stream = during.OrderBy(e => e.DeviceId).ThenBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new Change(e.DeviceId, e.State, e.At)).AsAsyncEnumerable().GetAsyncEnumerator(cancellationToken))
        {
            var more = await stream.MoveNextAsync();
            var changes = new List<Change>();
            foreach (var device in devices)
            {
                while (more && stream.Current.DeviceId < device.Id)
                {
                    more = await stream.MoveNextAsync();
                }

                changes.Clear();
                while (more && stream.Current.DeviceId == device.Id)
                {
                    changes.Add(stream.Current);
                    more = await stream.MoveNextAsync();
                }

                var summary = DeviceSummary.Of(device);
                var maintenance = TimeRanges.Of(windows.Where(w => w.Scope.Covers(summary))
                    .SelectMany(w => w.Occurrences(start, end)).Select(o => new TimeRange(o.Start, o.End))).Intersect(period.Range);
                measured.Add(Measure(device, initial.GetValueOrDefault(device.Id, DeviceState.Unknown), changes, running, maintenance, period,
                    device.SloPercent ?? settings.SloOf(device.Site), days));
            }
        }

        var listedFrom = TimeSpan.FromMinutes(settings.ListOutagesFromMinutes);
        measured = await WithCausesAsync(db, measured, listedFrom, period.Zone, cancellationToken);
        return (new AvailabilityReport(period, scope,
            AvailabilityFigures.Sum(measured.Select(d => d.Figures), settings.SloPercent),
            Groups(measured, d => [d.Site ?? "(no site)"], settings.SloOf),
            Groups(measured, d => [DeviceRules.KindName(d.Kind)], _ => settings.SloPercent),
            Groups(measured, d => d.Tags, _ => settings.SloPercent),
            measured, days.Result(), time.GetUtcNow(), runsFrom, listedFrom, Planned(windows, devices, period)), null);
    }

    /// <summary>Why the month and scope cannot give a report (before any data, no device in scope), or null: cheap, no figures computed.</summary>
    public async Task<ReportProblem?> CheckAsync(ReportPeriod period, ReportScope scope, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await DevicesAsync(db, period, scope, cancellationToken)).Problem;
    }

    // The devices that existed during the month and are in scope, by id.
    private static async Task<(List<Device>? Devices, ReportProblem? Problem)> DevicesAsync(SotpDbContext db, ReportPeriod period, ReportScope scope,
        CancellationToken cancellationToken)
    {
        var (start, end) = (period.Start, period.End);
        var firstDevice = await db.Devices.OrderBy(d => d.CreatedAt).Select(d => (DateTimeOffset?)d.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (firstDevice is null || firstDevice >= end)
        {
            return (null, new("month", $"There is no data for {period.Title}: "
                + (firstDevice is { } first ? $"the first device was added on {TimeZoneInfo.ConvertTime(first, period.Zone):yyyy-MM-dd}." : "no device has been added yet.")));
        }

        var devices = (await db.Devices.AsNoTracking().Where(d => d.CreatedAt < end && (d.ArchivedAt == null || d.ArchivedAt > start))
            .OrderBy(d => d.Id).ToListAsync(cancellationToken)).Where(d => scope.Covers(d.Id, d.Kind, d.Site, d.Tags)).ToList();
        return devices.Count == 0 ? (null, new("scope", $"No device matches {scope.Describe()} in {period.Title}.")) : (devices, null);
    }

    // When SOTP ran: the recorded runs (one still beating runs until now), and, before the first run on record (an
    // install older than the record), the whole time, since nothing says otherwise.
    private async Task<(TimeRanges Running, DateTimeOffset? RecordedFrom)> RunningAsync(SotpDbContext db, ReportPeriod period, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var first = await db.MonitoringRuns.OrderBy(r => r.StartedAt).Select(r => (DateTimeOffset?)r.StartedAt).FirstOrDefaultAsync(cancellationToken);
        var runs = await db.MonitoringRuns.AsNoTracking().Where(r => r.StartedAt < period.End && r.LastSeenAt > period.Start)
            .Select(r => new { r.StartedAt, r.LastSeenAt }).ToListAsync(cancellationToken);
        var ranges = runs.Select(r => new TimeRange(r.StartedAt, now - r.LastSeenAt <= 2 * MonitoringRun.Heartbeat ? now : r.LastSeenAt)).ToList();
        ranges.Add(new TimeRange(period.Start, first ?? period.End));
        return (TimeRanges.Of(ranges).Intersect(period.Range), first);
    }

    private static DeviceAvailability Measure(Device device, DeviceState initial, List<Change> changes, TimeRanges running, TimeRanges maintenance,
        ReportPeriod period, double slo, DayTotals days)
    {
        var exists = new TimeRange(TimeRange.Max(device.CreatedAt, period.Start), TimeRange.Min(device.ArchivedAt ?? period.End, period.End));
        var watched = running.Intersect(exists);
        var (up, down, inMaintenance, longest) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        var outages = new List<Outage>();
        foreach (var (state, whole) in Segments(initial, changes, period))
        {
            var range = whole.Clip(exists);
            if (range.IsEmpty || state == DeviceState.Unknown)
            {
                continue; // not yet added, archived, or not judged (never polled, monitoring off): unmonitored
            }

            var seen = watched.Intersect(range);
            var planned = seen.Intersect(maintenance).Length;
            var counted = seen.Except(maintenance);
            inMaintenance += planned;
            days.Add(counted, state == DeviceState.Up);
            if (state == DeviceState.Up)
            {
                up += counted.Length;
                continue;
            }

            down += counted.Length;
            longest = counted.Length > longest ? counted.Length : longest;
            outages.Add(new Outage(device.Id, device.Name, range.Start, range.End, whole.Start == period.Start && initial == DeviceState.Down,
                range.End == period.End, counted.Length, planned, range.Length - seen.Length));
        }

        var figures = new AvailabilityFigures(up, down, inMaintenance, period.Range.Length - up - down - inMaintenance,
            outages.Count(o => o.Counted > TimeSpan.Zero), longest, slo);
        return new DeviceAvailability(device.Id, device.Name, device.Kind, device.Site, device.Tags, device.CreatedAt, device.ArchivedAt, figures, outages);
    }

    // The device's states over the month: the one it was in at the start, then each change (a repeated state is no change).
    private static IEnumerable<(DeviceState State, TimeRange Range)> Segments(DeviceState initial, List<Change> changes, ReportPeriod period)
    {
        var (state, from) = (initial, period.Start);
        foreach (var change in changes.Where(c => c.At < period.End))
        {
            if (change.State == state)
            {
                continue;
            }

            if (change.At > from)
            {
                yield return (state, new TimeRange(from, change.At));
            }

            (state, from) = (change.State, change.At);
        }

        if (from < period.End)
        {
            yield return (state, new TimeRange(from, period.End));
        }
    }

    // The outages long enough to be listed get what the timeline said as they began: the most severe syslog line or trap
    // from shortly before the start to shortly after, in the catalogue's words.
    private async Task<List<DeviceAvailability>> WithCausesAsync(SotpDbContext db, List<DeviceAvailability> devices, TimeSpan listedFrom,
        TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var result = new List<DeviceAvailability>(devices.Count);
        foreach (var device in devices)
        {
            if (!device.Outages.Any(o => o.Counted >= listedFrom))
            {
                result.Add(device);
                continue;
            }

            var outages = new List<Outage>(device.Outages.Count);
            foreach (var outage in device.Outages)
            {
                outages.Add(outage.Counted >= listedFrom && !outage.FromBefore ? outage with { Cause = await CauseAsync(db, outage, zone, cancellationToken) } : outage);
            }

            result.Add(device with { Outages = outages });
        }

        return result;
    }

    private async Task<string?> CauseAsync(SotpDbContext db, Outage outage, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var (from, to) = (outage.Start - CauseLead, outage.Start + CauseLead);
        var said = await db.DeviceEvents.AsNoTracking()
            .Where(e => e.DeviceId == outage.DeviceId && e.At >= from && e.At <= to && e.Source != EventSource.State)
            .OrderBy(e => e.Severity).ThenBy(e => e.At).FirstOrDefaultAsync(cancellationToken);
        return said is null ? null
            : $"{catalogue.Explain(said).Title} ({said.Code ?? said.Source.ToString().ToLowerInvariant()} at {TimeZoneInfo.ConvertTime(said.At, zone):HH:mm:ss})";
    }

    // The windows that had occurrences in the month over devices in scope, for the reader to see what was excluded.
    private static List<PlannedMaintenance> Planned(List<MaintenanceWindow> windows, List<Device> devices, ReportPeriod period)
    {
        var names = devices.ToDictionary(d => d.Id, d => d.Name);
        var summaries = devices.Select(DeviceSummary.Of).ToList();
        return [.. windows.Where(w => summaries.Any(w.Scope.Covers))
            .Select(w => (Window: w, Count: w.Occurrences(period.Start, period.End).Count()))
            .Where(x => x.Count > 0)
            .Select(x => new PlannedMaintenance(x.Window.Name, x.Window.When(), x.Window.Scope.Describe(id => names.GetValueOrDefault(id)), x.Count, x.Window.Reason))];
    }

    private static List<GroupAvailability> Groups(List<DeviceAvailability> devices, Func<DeviceAvailability, IEnumerable<string>> keys, Func<string, double> slo) =>
        [.. devices.SelectMany(d => keys(d).Select(k => (Key: k, Device: d)))
            .GroupBy(x => x.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => new GroupAvailability(g.Key, g.Count(), AvailabilityFigures.Sum(g.Select(x => x.Device.Figures), slo(g.Key))))
            .OrderBy(g => g.Figures.AvailabilityPercent ?? 101).ThenBy(g => g.Name, StringComparer.OrdinalIgnoreCase)];

    /// <summary>Up and down device-time per local day of the month, for the calendar.</summary>
    private sealed class DayTotals(ReportPeriod period)
    {
        private readonly List<(DateOnly Day, TimeRange Range)> _days = [.. period.Days()];
        private readonly TimeSpan[] _up = new TimeSpan[31];
        private readonly TimeSpan[] _down = new TimeSpan[31];

        public void Add(TimeRanges counted, bool up)
        {
            var into = up ? _up : _down;
            for (var i = 0; i < _days.Count; i++)
            {
                into[i] += counted.Overlap(_days[i].Range);
            }
        }

        public List<DayAvailability> Result() => [.. _days.Select((d, i) => new DayAvailability(d.Day, _up[i], _down[i]))];
    }
}

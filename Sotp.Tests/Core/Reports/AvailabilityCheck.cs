using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sotp.Core.Alerts;
using Sotp.Core.Devices;
using Sotp.Core.Events;
using Sotp.Core.Persistence;
using Sotp.Core.Reports;
using Sotp.Core.Status;
using Sotp.Tests.Support;

namespace Sotp.Tests.Core.Reports;

/// <summary>
/// October 2026 read in Europe/Paris (745 hours: summer time ends on the 25th), with every edge case the report must
/// get right: an outage across each edge of the month, a device added and archived mid-month, maintenance over part of
/// an outage and a daily window across the clock change, SOTP stopped for an hour, monitoring switched off for two
/// days, a device never polled. Every figure is checked against a second computation written here: a walk over the
/// month minute by minute (every change falls on a minute) from the raw rows, with the maintenance occurrences
/// written out by hand in UTC.
/// </summary>
public static class AvailabilityCheck
{
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    public static readonly DateTimeOffset Now = At("2026-11-20T00:00:30Z");

    private static readonly (DateTimeOffset Start, DateTimeOffset End)[] Runs =
        [(At("2026-08-01T00:00Z"), At("2026-10-12T10:00Z")), (At("2026-10-12T11:00Z"), At("2026-11-20T00:00Z"))];

    public static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);

    public sealed record Fixture(int EdgeA, int CoreB, int SensorC, int FirewallD, int ArchivedE, int LaterF);

    /// <summary>Writes the month's rows; returns the devices' ids.</summary>
    public static async Task<Fixture> SeedAsync(IDbContextFactory<SotpDbContext> contexts, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        Device Add(string name, DeviceKind kind, string site, string created, string? archived = null, params string[] tags) => db.Devices.Add(new Device
        {
            // Display-only addresses, never contacted: the history is written here, nobody probes these devices.
            Name = name, Address = "192.0.2.1", Kind = kind, Site = site, Tags = [.. tags], Monitored = false, CreatedAt = At(created), UpdatedAt = At(created),
            ArchivedAt = archived is null ? null : At(archived),
        }).Entity;
        var a = Add("edge-a", DeviceKind.Router, "Paris", "2026-08-01T00:00Z");
        var b = Add("core-b", DeviceKind.Switch, "Paris", "2026-10-10T08:00Z", "2026-10-20T08:00Z", "core");
        var c = Add("sensor-c", DeviceKind.Sensor, "Lyon", "2026-09-01T00:00Z");
        var d = Add("fw-d", DeviceKind.Firewall, "Lyon", "2026-09-01T00:00Z", null, "core");
        var e = Add("old-e", DeviceKind.Router, "Lyon", "2026-08-01T00:00Z", "2026-09-15T00:00Z");
        var f = Add("new-f", DeviceKind.Router, "Lyon", "2026-11-05T00:00Z");
        d.SloPercent = 99.0;
        await db.SaveChangesAsync(ct);

        foreach (var (device, changes) in Changes(a.Id, b.Id, d.Id, e.Id))
        {
            var previous = DeviceState.Unknown;
            foreach (var (state, at) in changes)
            {
                db.StatusEvents.Add(new StatusEvent { DeviceId = device, State = state, PreviousState = previous, At = At(at) });
                previous = state;
            }
        }

        db.StatusEvents.Add(new StatusEvent { DeviceId = f.Id, State = DeviceState.Up, At = At("2026-11-05T00:01Z") });
        foreach (var (start, end) in Runs)
        {
            db.MonitoringRuns.Add(new MonitoringRun { Node = "lab", StartedAt = start, LastSeenAt = end });
        }

        db.MaintenanceWindows.Add(new MaintenanceWindow
        {
            Name = "core-b optics", Scope = new AlertScope { DeviceIds = [b.Id] }, StartsAt = At("2026-10-15T02:00Z"), EndsAt = At("2026-10-15T04:00Z"),
            CreatedBy = "lab",
        });
        db.MaintenanceWindows.Add(new MaintenanceWindow
        {
            Name = "nightly backup", Scope = new AlertScope { Sites = ["Lyon"] }, StartsAt = At("2026-09-01T00:30Z"), EndsAt = At("2026-09-01T01:30Z"),
            Recurrence = MaintenanceRecurrence.Daily, TimeZone = "Europe/Paris", CreatedBy = "lab",
        });
        var catalogue = EventCatalogue.Load();
        const string text = "%LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down";
        var entry = catalogue.Match("cisco", "LINK-3-UPDOWN", null, "Interface GigabitEthernet0/1, changed state to down")!.Value;
        db.DeviceEvents.Add(new DeviceEvent
        {
            At = At("2026-10-14T23:59Z"), DeviceId = b.Id, Source = EventSource.Syslog, Severity = EventSeverity.Error, Sender = "192.0.2.1",
            Code = "LINK-3-UPDOWN", Vendor = "cisco", CatalogueId = entry.Entry.Id, Fields = entry.Fields, Text = text,
        });
        await db.SaveChangesAsync(ct);
        return new Fixture(a.Id, b.Id, c.Id, d.Id, e.Id, f.Id);
    }

    private static IEnumerable<(int Device, (DeviceState State, string At)[] Changes)> Changes(int a, int b, int d, int e) =>
    [
        (a, [(DeviceState.Up, "2026-08-01T00:01Z"), (DeviceState.Down, "2026-09-30T21:00Z"), (DeviceState.Up, "2026-10-01T01:00Z"),
            (DeviceState.Down, "2026-10-12T09:30Z"), (DeviceState.Up, "2026-10-12T11:30Z"), (DeviceState.Down, "2026-10-31T22:30Z"),
            (DeviceState.Up, "2026-11-01T02:00Z")]),
        (b, [(DeviceState.Up, "2026-10-10T08:01Z"), (DeviceState.Down, "2026-10-15T00:00Z"), (DeviceState.Up, "2026-10-15T03:00Z")]),
        (d, [(DeviceState.Up, "2026-09-01T00:01Z"), (DeviceState.Down, "2026-10-05T10:00Z"), (DeviceState.Up, "2026-10-05T10:03Z"),
            (DeviceState.Unknown, "2026-10-20T12:00Z"), (DeviceState.Up, "2026-10-22T12:00Z"), (DeviceState.Down, "2026-10-25T00:45Z"),
            (DeviceState.Up, "2026-10-25T01:15Z")]),
        (e, [(DeviceState.Up, "2026-08-01T00:01Z")]),
    ];

    /// <summary>The maintenance each device had in October, in UTC, written out by hand.</summary>
    private static List<(DateTimeOffset Start, DateTimeOffset End)> MaintenanceOf(Fixture f, int device)
    {
        if (device == f.CoreB)
        {
            return [(At("2026-10-15T02:00Z"), At("2026-10-15T04:00Z"))];
        }

        if (device != f.FirewallD && device != f.SensorC)
        {
            return [];
        }

        // 02:30 in Paris: 00:30 UTC in summer time (to the 25th, where 02:30 comes twice and the first counts), 01:30 after.
        var list = new List<(DateTimeOffset, DateTimeOffset)>();
        for (var day = 1; day <= 31; day++)
        {
            var start = new DateTimeOffset(2026, 10, day, day <= 25 ? 0 : 1, 30, 0, TimeSpan.Zero);
            list.Add((start, start.AddHours(1)));
        }

        return list;
    }

    public sealed record Expected(TimeSpan Up, TimeSpan Down, TimeSpan Maintenance, TimeSpan Unmonitored, int Outages, TimeSpan Longest,
        Dictionary<DateOnly, (TimeSpan Up, TimeSpan Down)> Days);

    /// <summary>The second computation: minute by minute, from the rows as written.</summary>
    public static async Task<Expected> ExpectedAsync(IDbContextFactory<SotpDbContext> contexts, Fixture f, int device, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Devices.SingleAsync(x => x.Id == device, ct);
        var changes = (await db.StatusEvents.Where(x => x.DeviceId == device).ToListAsync(ct)).OrderBy(x => x.At).ToList();
        var maintenance = MaintenanceOf(f, device);
        var (start, end) = (At("2026-09-30T22:00Z"), At("2026-10-31T23:00Z"));
        TimeSpan up = default, down = default, planned = default, unmonitored = default, longest = default, current = default;
        var outages = 0;
        var wasDown = false;
        var days = new Dictionary<DateOnly, (TimeSpan Up, TimeSpan Down)>();
        var minute = TimeSpan.FromMinutes(1);
        for (var t = start; t < end; t += minute)
        {
            var exists = row.CreatedAt <= t && (row.ArchivedAt is null || t < row.ArchivedAt);
            var running = Runs.Any(r => r.Start <= t && t < r.End);
            var state = changes.LastOrDefault(x => x.At <= t)?.State ?? DeviceState.Unknown;
            var isDown = exists && state == DeviceState.Down;
            if (isDown && !wasDown)
            {
                current = TimeSpan.Zero;
            }

            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, Paris).DateTime);
            var today = days.GetValueOrDefault(day);
            if (!exists || !running || state == DeviceState.Unknown)
            {
                unmonitored += minute;
            }
            else if (maintenance.Any(m => m.Start <= t && t < m.End))
            {
                planned += minute;
            }
            else if (state == DeviceState.Up)
            {
                up += minute;
                today.Up += minute;
            }
            else
            {
                down += minute;
                today.Down += minute;
                if (current == TimeSpan.Zero)
                {
                    outages++;
                }

                current += minute;
                longest = current > longest ? current : longest;
            }

            days[day] = today;
            wasDown = isDown;
        }

        return new Expected(up, down, planned, unmonitored, outages, longest, days);
    }

    /// <summary>Seeds the month, computes it, and compares every device's, site's and day's figures with the walk.</summary>
    public static async Task<(Fixture Fixture, AvailabilityReport Report)> RunAsync(IDbContextFactory<SotpDbContext> contexts, CancellationToken ct)
    {
        var fixture = await SeedAsync(contexts, ct);
        var (report, problem) = await Calculator(contexts).ComputeAsync(October(), new ReportScope(), ct);
        Assert.Null(problem);
        Assert.Equal(TimeSpan.FromHours(745), report!.Period.Range.Length);
        Assert.Equal([fixture.EdgeA, fixture.CoreB, fixture.SensorC, fixture.FirewallD], report.Devices.Select(d => d.Id));

        var expected = new Dictionary<int, Expected>();
        foreach (var device in report.Devices)
        {
            var want = expected[device.Id] = await ExpectedAsync(contexts, fixture, device.Id, ct);
            var got = device.Figures;
            Assert.Equal((device.Name, want.Up, want.Down, want.Maintenance, want.Unmonitored, want.Outages, want.Longest),
                (device.Name, got.Up, got.Down, got.Maintenance, got.Unmonitored, got.Outages, got.LongestOutage));
            Assert.Equal(TimeSpan.FromHours(745), got.Up + got.Down + got.Maintenance + got.Unmonitored);
        }

        var all = expected.Values.ToList();
        Assert.Equal((Sum(all, x => x.Up), Sum(all, x => x.Down), Sum(all, x => x.Maintenance), Sum(all, x => x.Unmonitored), all.Sum(x => x.Outages)),
            (report.Network.Up, report.Network.Down, report.Network.Maintenance, report.Network.Unmonitored, report.Network.Outages));
        var network = 100.0 * Sum(all, x => x.Up).Ticks / (Sum(all, x => x.Up) + Sum(all, x => x.Down)).Ticks;
        Assert.Equal(network, report.Network.AvailabilityPercent!.Value, 9);

        var lyon = report.Sites.Single(s => s.Name == "Lyon");
        var inLyon = new[] { expected[fixture.SensorC], expected[fixture.FirewallD] };
        Assert.Equal((2, Sum(inLyon, x => x.Up), Sum(inLyon, x => x.Down)), (lyon.Devices, lyon.Figures.Up, lyon.Figures.Down));

        foreach (var day in report.Days)
        {
            var want = (Sum(all, x => x.Days.GetValueOrDefault(day.Day).Up), Sum(all, x => x.Days.GetValueOrDefault(day.Day).Down));
            Assert.Equal((day.Day, want.Item1, want.Item2), (day.Day, day.Up, day.Down));
        }

        Assert.Equal(31, report.Days.Count);
        Assert.Equal(TimeSpan.FromHours(25), report.Period.Days().Single(d => d.Day.Day == 25).Range.Length);
        return (fixture, report);
    }

    private static TimeSpan Sum<T>(IEnumerable<T> items, Func<T, TimeSpan> value) => items.Aggregate(TimeSpan.Zero, (sum, x) => sum + value(x));

    public static AvailabilityCalculator Calculator(IDbContextFactory<SotpDbContext> contexts, ReportOptions? options = null) =>
        new(contexts, new StaticOptionsMonitor<ReportOptions>(options ?? new ReportOptions()), EventCatalogue.Load(), new FakeTimeProvider(Now));

    public static ReportPeriod October() => ReportPeriod.Resolve("2026-10", "Europe/Paris", TimeZoneInfo.Utc, Now).Period!;
}

// A month of 10-second probes for DEVICES devices with realistic outages (a few a month each, lognormal lengths, one
// device in twenty flapping), stored the way SOTP stores them (state changes), in SQLite or PostgreSQL. Times SOTP's
// availability calculator and its PDF, samples the managed heap while it runs, and computes the same up and down time
// with one SQL query in the database itself (window functions: the floor any report on this table can reach). Prints
// both, the ratio, and both network figures, which must agree: this month has no maintenance and SOTP ran throughout.
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sotp.Core.Events;
using Sotp.Core.Persistence;
using Sotp.Core.Reports;
using Sotp.Core.Status;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Report sqlite|postgresql CONNECTION_STRING [DEVICES]");
    return 2;
}

var postgres = args[0] == "postgresql";
var connection = args[1];
var devices = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
var contexts = new SotpDbContextFactory(postgres ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite, connection, 600);
await using (var db = contexts.CreateDbContext())
{
    await db.Database.MigrateAsync();
}

var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
var now = new DateTimeOffset(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);
var period = ReportPeriod.Resolve("2026-10", "Europe/Paris", zone, now).Period!;
var created = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);

// The fleet, and its state changes from a month of probes every 10 s: outages start on a probe and end on one.
var fill = Stopwatch.StartNew();
await using (var db = contexts.CreateDbContext())
{
    for (var i = 1; i <= devices; i++)
    {
        db.Devices.Add(new Sotp.Core.Devices.Device
        {
            Name = $"bench-{i:00000}", Address = "192.0.2.1", Monitored = false, Site = $"site-{i % 20:00}", Kind = (Sotp.Core.Devices.DeviceKind)(i % 4),
            CreatedAt = created, UpdatedAt = created,
        });
    }

    await db.SaveChangesAsync();
    db.MonitoringRuns.Add(new MonitoringRun { Node = "bench", StartedAt = created, LastSeenAt = now });
    await db.SaveChangesAsync();
}

var random = new Random(17);
var changes = new List<(int Device, DeviceState State, DateTimeOffset At)>();
var probe = TimeSpan.FromSeconds(10);
var from = created;
var to = period.End.AddDays(2);
for (var device = 1; device <= devices; device++)
{
    changes.Add((device, DeviceState.Up, created));
    var flapping = device % 20 == 0;
    var perDay = flapping ? 8.0 : 0.1; // a flapping port: 8 short outages a day; the rest: about 3 a month
    var at = from;
    while (true)
    {
        at += TimeSpan.FromDays(-Math.Log(1 - random.NextDouble()) / perDay);
        at = new DateTimeOffset(at.Ticks - at.Ticks % probe.Ticks, TimeSpan.Zero);
        if (at >= to)
        {
            break;
        }

        // Lengths: lognormal around 4 minutes (flapping: 40 s), some for hours; at least one probe.
        var minutes = Math.Exp(Math.Log(flapping ? 0.7 : 4) + 1.4 * Normal(random));
        var end = at + TimeSpan.FromTicks(Math.Max(probe.Ticks, (long)(minutes * TimeSpan.TicksPerMinute) / probe.Ticks * probe.Ticks));
        changes.Add((device, DeviceState.Down, at));
        changes.Add((device, DeviceState.Up, end));
        at = end;
    }
}

await SaveAsync(contexts, changes);
Console.WriteLine($"{(postgres ? "PostgreSQL" : "SQLite")}: {devices:N0} devices, {devices * (long)(period.Range.Length / probe):N0} probes in the month, "
    + $"{changes.Count:N0} state changes stored ({changes.Count(c => c.State == DeviceState.Down):N0} outages), filled in {fill.Elapsed.TotalSeconds:0.0} s");

var calculator = new AvailabilityCalculator(contexts, new Fixed(new ReportOptions { ListOutagesFromMinutes = int.Parse(Environment.GetEnvironmentVariable("LISTED") ?? "5", CultureInfo.InvariantCulture) }), EventCatalogue.Load(), new FixedClock(now));
await calculator.ComputeAsync(period, new ReportScope(), CancellationToken.None); // warm: the model, the query plans

long peak = 0;
var sampling = true;
var sampler = Task.Run(async () =>
{
    while (Volatile.Read(ref sampling))
    {
        peak = Math.Max(peak, GC.GetTotalMemory(false));
        await Task.Delay(5);
    }
});
GC.Collect();
var before = GC.GetTotalMemory(true);
var compute = Stopwatch.StartNew();
var (report, problem) = await calculator.ComputeAsync(period, new ReportScope(), CancellationToken.None);
var computed = compute.Elapsed;
var render = Stopwatch.StartNew();
var pdf = AvailabilityPdf.Render(report ?? throw new InvalidOperationException(problem?.Message), new ReportBranding("Bench", null, now));
var rendered = render.Elapsed;
Volatile.Write(ref sampling, false);
await sampler;

var sql = Stopwatch.StartNew();
var (up, down) = postgres ? await PostgresAsync(connection, period) : await SqliteAsync(connection, period);
var floor = sql.Elapsed;
var sotpPercent = report.Network.AvailabilityPercent!.Value;
var sqlPercent = 100.0 * up / (up + down);

Console.WriteLine($"{"",-28} {"SOTP",10} {"SQL",10} {"ratio",7}");
Console.WriteLine($"{"figures (s)",-28} {computed.TotalSeconds,10:0.000} {floor.TotalSeconds,10:0.000} {computed / floor,7:0.00}");
Console.WriteLine($"{"PDF render (s)",-28} {rendered.TotalSeconds,10:0.000}");
Console.WriteLine($"{"whole report (s)",-28} {(computed + rendered).TotalSeconds,10:0.000}   goal < 30");
Console.WriteLine($"{"network availability (%)",-28} {sotpPercent,10:0.00000} {sqlPercent,10:0.00000} {(Math.Abs(sotpPercent - sqlPercent) < 1e-9 ? "agree" : "DIFFER"),7}");
Console.WriteLine($"managed heap: {before / 1048576.0:0.0} MB before, peak {peak / 1048576.0:0.0} MB while computing and rendering; "
    + $"PDF {pdf.Length / 1024:N0} KB, {report.Outages.Count():N0} outages, {report.Outages.Count(o => o.Counted >= report.ListedFrom):N0} listed");
return Math.Abs(sotpPercent - sqlPercent) < 1e-9 ? 0 : 1;

static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

// Up and down seconds of every device over the month: each change lasts until the next, clipped to the month.
static async Task<(double Up, double Down)> SqliteAsync(string connection, ReportPeriod period)
{
    await using var db = new SqliteConnection(connection);
    await db.OpenAsync();
    await using var command = db.CreateCommand();
    command.CommandText = """
        WITH ev AS (SELECT State, At, lead(At) OVER (PARTITION BY DeviceId ORDER BY At, Id) AS NextAt FROM StatusEvents WHERE At < $end),
             cut AS (SELECT State, max(At, $start) AS s, min(coalesce(NextAt, $end), $end) AS e FROM ev)
        SELECT coalesce(sum(CASE WHEN State = 'Up' THEN e - s END), 0), coalesce(sum(CASE WHEN State = 'Down' THEN e - s END), 0) FROM cut WHERE e > s
        """;
    command.Parameters.AddWithValue("$start", period.Start.UtcTicks);
    command.Parameters.AddWithValue("$end", period.End.UtcTicks);
    await using var reader = await command.ExecuteReaderAsync();
    await reader.ReadAsync();
    return (reader.GetInt64(0) / (double)TimeSpan.TicksPerSecond, reader.GetInt64(1) / (double)TimeSpan.TicksPerSecond);
}

static async Task<(double Up, double Down)> PostgresAsync(string connection, ReportPeriod period)
{
    await using var db = new NpgsqlConnection(connection);
    await db.OpenAsync();
    await using var command = new NpgsqlCommand("""
        WITH ev AS (SELECT "State", "At", lead("At") OVER (PARTITION BY "DeviceId" ORDER BY "At", "Id") AS next_at FROM "StatusEvents" WHERE "At" < @end),
             cut AS (SELECT "State", greatest("At", @start) AS s, least(coalesce(next_at, @end), @end) AS e FROM ev)
        SELECT coalesce(sum(extract(epoch FROM e - s)) FILTER (WHERE "State" = 'Up'), 0)::float8,
               coalesce(sum(extract(epoch FROM e - s)) FILTER (WHERE "State" = 'Down'), 0)::float8 FROM cut WHERE e > s
        """, db);
    command.Parameters.AddWithValue("start", period.Start.UtcDateTime);
    command.Parameters.AddWithValue("end", period.End.UtcDateTime);
    await using var reader = await command.ExecuteReaderAsync();
    await reader.ReadAsync();
    return (reader.GetDouble(0), reader.GetDouble(1));
}

static async Task SaveAsync(SotpDbContextFactory contexts, List<(int Device, DeviceState State, DateTimeOffset At)> changes)
{
    foreach (var chunk in changes.Chunk(20_000))
    {
        await using var db = contexts.CreateDbContext();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.StatusEvents.AddRange(chunk.Select(c => new StatusEvent { DeviceId = c.Device, State = c.State, At = c.At }));
        await db.SaveChangesAsync();
    }
}

sealed class Fixed(ReportOptions value) : Microsoft.Extensions.Options.IOptionsMonitor<ReportOptions>
{
    public ReportOptions CurrentValue => value;

    public ReportOptions Get(string? name) => value;

    public IDisposable? OnChange(Action<ReportOptions, string?> listener) => null;
}

sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

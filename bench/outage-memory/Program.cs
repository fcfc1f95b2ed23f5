// One minute of database outage for a fleet of DEVICES: what SOTP's write queues hold on the managed heap, then
// what PostgreSQL stores for the same records once the writers have saved them. Prints both and the ratio.
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;
using Sotp.Core.Persistence;
using Sotp.Core.Status;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: OutageMemory CONNECTION_STRING DEVICES");
    return 2;
}

var devices = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
const int PollsPerMinute = 2, Interfaces = 8;
var series = new[] { MetricSeries.Cpu, MetricSeries.Memory }
    .Concat(Enumerable.Range(1, Interfaces).SelectMany(i => new[] { MetricSeries.InterfaceIn(i), MetricSeries.InterfaceOut(i) })).ToArray();

// Device ids 1..DEVICES: the fleet is written to the database only once the queues are measured, so nothing
// the database client keeps (buffers, caches) is counted.
const int FirstId = 1;
var contexts = new SotpDbContextFactory(DatabaseProvider.PostgreSql, args[0], 300);

var options = Options.Create(new DatabaseOptions { MaxQueuedSamples = 100_000_000, MaxQueuedStateChanges = 10_000_000 });
var tracker = new ReachabilityTracker(new StaticOptions(new ReachabilityOptions { DownAfterLost = 1 }), TimeProvider.System,
    NullLogger<ReachabilityTracker>.Instance, database: options);
var metrics = new MetricWriter(contexts, TimeProvider.System, NullLogger<MetricWriter>.Instance, options);
var changes = new StatusEventWriter(tracker, contexts, TimeProvider.System, NullLogger<StatusEventWriter>.Instance);
var start = DateTimeOffset.UtcNow;

static long Heap()
{
    // Everything unreachable collected and the heap compacted (the large object heap too), twice, so what is
    // counted is what is held.
    for (var i = 0; i < 2; i++)
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    return GC.GetTotalMemory(forceFullCollection: false);
}

// Each device answered before the outage: its live state is part of the baseline, not of the outage.
for (var d = 0; d < devices; d++)
{
    tracker.Observe(FirstId + d, 1.0, start);
}

Heap();
var baseline = Heap();
var before = (Samples: metrics.Waiting, Changes: changes.Waiting);

// The minute the database is away: the writers are not running, so everything waits in their queues.
for (var d = 0; d < devices; d++)
{
    // One state change each (Up -> Down), queued as the tracker queues it.
    tracker.PendingChanges.Add(new StatusEvent
    {
        DeviceId = FirstId + d, PreviousState = DeviceState.Up, State = DeviceState.Down, At = start.AddSeconds(45),
    });
}

var afterChanges = Heap();

for (var poll = 0; poll < PollsPerMinute; poll++)
{
    var at = start.AddSeconds(30 * poll + 1);
    for (var d = 0; d < devices; d++)
    {
        foreach (var name in series)
        {
            metrics.Write(FirstId + d, name, at, d + poll);
        }
    }
}

var afterSamples = Heap();
var samples = metrics.Waiting - before.Samples;
var stateChanges = changes.Waiting - before.Changes;

// The database is back: the fleet is there, the tables' size is taken, the writers save what waited.
async Task<long> TableBytesAsync()
{
    await using var db = contexts.CreateDbContext();
    await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
    return await db.Database.SqlQueryRaw<long>(
        """SELECT (pg_total_relation_size('"MetricSamples"') + pg_total_relation_size('"StatusEvents"') + pg_total_relation_size('"MetricRollups"'))::bigint AS "Value" """)
        .SingleAsync();
}

await using (var db = contexts.CreateDbContext())
{
    await db.Database.MigrateAsync();
    db.Devices.AddRange(Enumerable.Range(FirstId, devices).Select(i => new Device { Id = i, Name = $"bench-{i}", Address = $"192.0.2.{i % 250 + 1}" }));
    await db.SaveChangesAsync();
}

var tablesBefore = await TableBytesAsync();
var clock = System.Diagnostics.Stopwatch.StartNew();
await metrics.StartAsync(CancellationToken.None);
await changes.StartAsync(CancellationToken.None);
while (metrics.Waiting > 0 || changes.Waiting > 0)
{
    await Task.Delay(20);
}

clock.Stop();
await metrics.StopAsync(CancellationToken.None);
await changes.StopAsync(CancellationToken.None);
var stored = await TableBytesAsync() - tablesBefore;

GC.KeepAlive(tracker); // its devices' live state was in the baseline: it must stay there
var changeBytes = afterChanges - baseline;
var sampleBytes = afterSamples - afterChanges;
var held = sampleBytes + changeBytes;
Console.WriteLine($"devices {devices:N0}: one minute of outage queues {samples:N0} samples and {stateChanges:N0} state changes");
Console.WriteLine($"  SOTP heap held        {held / 1048576.0,8:0.0} MiB  ({sampleBytes / (double)samples:0.0} B/sample, {changeBytes / (double)stateChanges:0.0} B/state change)");
Console.WriteLine($"  PostgreSQL tables     {stored / 1048576.0,8:0.0} MiB  (saved in {clock.Elapsed.TotalSeconds:0.0} s once it was back)");
Console.WriteLine($"  ratio heap/tables     {held / (double)stored,8:0.00}");
Console.WriteLine($"  default queue holds   {new DatabaseOptions().MaxQueuedSamples / (double)Math.Max(1, samples):0.0} minutes of samples, " +
    $"{new DatabaseOptions().MaxQueuedStateChanges / (double)Math.Max(1, stateChanges):0.0} minutes of state changes at this rate");
return 0;

internal sealed class StaticOptions(ReachabilityOptions value) : IOptionsMonitor<ReachabilityOptions>
{
    public ReachabilityOptions CurrentValue => value;

    public ReachabilityOptions Get(string? name) => value;

    public IDisposable? OnChange(Action<ReachabilityOptions, string?> listener) => null;
}

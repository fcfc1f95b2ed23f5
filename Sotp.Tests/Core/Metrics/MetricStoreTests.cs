using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sotp.Collectors.Scheduling;
using Sotp.Core.Audit;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;
using Sotp.Core.Persistence;
using Sotp.Tests.Support;

namespace Sotp.Tests.Core.Metrics;

public sealed class MetricStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _folder = new();
    private SotpDbContextFactory _contexts = null!;
    private MetricWriter _writer = null!;
    private MetricHistory _history = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _contexts = new SotpDbContextFactory(DatabaseProvider.Sqlite, $"Data Source={_folder.File("m.db")};Pooling=false", 30);
        await using (var db = _contexts.CreateDbContext())
        {
            await db.Database.MigrateAsync(Ct);
            db.Devices.Add(new Device { Name = "m", Address = "127.0.80.1" });
            await db.SaveChangesAsync(Ct);
        }

        _writer = new MetricWriter(_contexts, TimeProvider.System, NullLogger<MetricWriter>.Instance);
        _history = new MetricHistory(_contexts, Options.Create(new MetricOptions()));
        await _writer.StartAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.StopAsync(Ct);
        _writer.Dispose();
        _folder.Dispose();
    }

    private async Task<int> CountAsync<T>(Func<SotpDbContext, IQueryable<T>> set)
    {
        await using var db = _contexts.CreateDbContext();
        return await set(db).CountAsync(Ct);
    }

    [Fact]
    public async Task Samples_are_kept_and_finished_buckets_are_rolled_up()
    {
        // Every 30 s for 12 minutes: two whole 5-minute buckets, a third still open.
        for (var i = 0; i < 24; i++)
        {
            _writer.Write(1, MetricSeries.Cpu, T0.AddSeconds(i * 30), i);
        }

        await Eventually.WaitAsync(() => CountAsync(db => db.MetricSamples), n => n == 24);
        var rollups = await Eventually.WaitAsync(async () =>
        {
            await using var db = _contexts.CreateDbContext();
            return await db.MetricRollups.Where(r => r.ResolutionSeconds == 300).OrderBy(r => r.BucketStart).ToListAsync(Ct);
        }, r => r.Count == 2);

        Assert.Equal((T0, 0.0, 9.0, 4.5, 10), (rollups[0].BucketStart, rollups[0].Min, rollups[0].Max, rollups[0].Avg, rollups[0].Count));
        Assert.Equal((T0.AddMinutes(5), 10.0, 19.0), (rollups[1].BucketStart, rollups[1].Min, rollups[1].Max));
    }

    [Fact]
    public async Task A_short_range_reads_raw_samples_and_a_long_one_reads_rollups()
    {
        for (var i = 0; i < 24; i++)
        {
            _writer.Write(1, MetricSeries.Memory, T0.AddSeconds(i * 30), 50);
        }

        await Eventually.WaitAsync(() => CountAsync(db => db.MetricRollups), n => n >= 2);

        var (raw, rawResolution) = await _history.QueryAsync(1, MetricSeries.Memory, T0, T0.AddHours(1), Ct);
        var (week, weekResolution) = await _history.QueryAsync(1, MetricSeries.Memory, T0.AddDays(-6), T0.AddDays(1), Ct);

        Assert.Equal((24, 0), (raw.Count, rawResolution));
        Assert.Equal((2, 300), (week.Count, weekResolution));
        Assert.All(week, p => Assert.Equal(50, p.Value));
    }

    [Fact]
    public async Task Retention_removes_what_is_past_its_time()
    {
        _writer.Write(1, MetricSeries.Cpu, T0, 1);
        _writer.Write(1, MetricSeries.Cpu, T0.AddMinutes(6), 2);
        await Eventually.WaitAsync(() => CountAsync(db => db.MetricRollups), n => n == 1);

        // The hourly job, three days later: it removes the raw samples and says so in the audit trail.
        using var audit = new AuditTrail(_contexts, TimeProvider.System, NullLogger<AuditTrail>.Instance);
        var job = new MetricRetentionJob(_history, audit, new FakeTimeProvider(T0.AddDays(3)), NullLogger<MetricRetentionJob>.Instance);
        await job.Execute(null!, Ct);

        Assert.Equal(0, await CountAsync(db => db.MetricSamples)); // both raw samples
        Assert.Equal(1, await CountAsync(db => db.MetricRollups)); // the 5-minute rollup is kept for 30 days
        await using var db = _contexts.CreateDbContext();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == "metrics.prune", Ct);
        Assert.Equal(("system", "job: metric retention"), (entry.Actor, entry.Source));
        Assert.Contains("\"removedRows\":2", entry.After, StringComparison.Ordinal);
    }
}

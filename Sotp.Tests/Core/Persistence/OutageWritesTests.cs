using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;
using Sotp.Core.Persistence;
using Sotp.Core.Status;
using Sotp.Tests.Support;

namespace Sotp.Tests.Core.Persistence;

/// <summary>
/// What the background writers hold while the database is away: a bounded queue that drops its oldest and says
/// so, writes in order with the times things happened, and no batch written twice when a commit lands as the
/// connection drops (a real SQLite database; the drop is an interceptor failing the call after the commit).
/// </summary>
public sealed class OutageWritesTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _folder = new();
    private readonly LogCapture _logs = new();
    private readonly LoggerFactory _loggers;

    public OutageWritesTests()
    {
        _loggers = new LoggerFactory([_logs]);
        using var db = Contexts().CreateDbContext();
        db.Database.Migrate();
        db.Devices.Add(new Device { Name = "q", Address = "127.0.81.1" });
        db.SaveChanges();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _loggers.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private SotpDbContextFactory Contexts() => new(DatabaseProvider.Sqlite, $"Data Source={_folder.File("q.db")}", 30);

    [Fact]
    public void A_full_queue_drops_its_oldest_counts_every_drop_and_logs_the_start_of_each_run()
    {
        var queue = new WriteQueue<int>(new RecordKind("number", "numbers"), 3, "Sotp:Test:Max", _loggers.CreateLogger("q"));
        foreach (var n in Enumerable.Range(1, 5))
        {
            queue.Add(n);
        }

        Assert.Equal(2, queue.Dropped);
        Assert.Equal(3, queue.Count);
        Assert.Single(_logs.Lines, l => l.Contains("[5003]", StringComparison.Ordinal) && l.Contains("Sotp:Test:Max", StringComparison.Ordinal));
        var kept = new List<int>();
        while (queue.Reader.TryRead(out var n))
        {
            kept.Add(n);
        }

        Assert.Equal([3, 4, 5], kept);

        // Caught up, then full again: a new run of drops, logged again.
        foreach (var n in Enumerable.Range(6, 5))
        {
            queue.Add(n);
        }

        Assert.Equal(4, queue.Dropped);
        Assert.Equal(2, _logs.Lines.Count(l => l.Contains("[5003]", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Samples_beyond_the_queue_lose_the_oldest_and_the_rest_are_saved_in_order_with_their_times()
    {
        var writer = new MetricWriter(Contexts(), TimeProvider.System, NullLogger<MetricWriter>.Instance,
            Options.Create(new DatabaseOptions { MaxQueuedSamples = 1000 }));
        for (var i = 0; i < 1500; i++)
        {
            writer.Write(1, MetricSeries.Cpu, T0.AddSeconds(i), i);
        }

        Assert.Equal(500, writer.Dropped);
        Assert.Equal(1000, writer.Waiting);

        await writer.StartAsync(Ct);
        await Eventually.WaitAsync(() => Task.FromResult(writer.Waiting), waiting => waiting == 0);
        await writer.StopAsync(Ct);

        await using var db = Contexts().CreateDbContext();
        var saved = await db.MetricSamples.OrderBy(s => s.Id).Select(s => new { s.At, s.Value }).ToListAsync(Ct);
        Assert.Equal(Enumerable.Range(500, 1000).Select(i => new { At = T0.AddSeconds(i), Value = (double)i }), saved);
    }

    [Fact]
    public async Task A_batch_whose_commit_landed_as_the_connection_dropped_is_not_written_again()
    {
        var drop = new DropAfterFirstCommit();
        var tracker = new ReachabilityTracker(new StaticOptionsMonitor<ReachabilityOptions>(new ReachabilityOptions { DownAfterLost = 1 }),
            TimeProvider.System, NullLogger<ReachabilityTracker>.Instance);
        var writer = new StatusEventWriter(tracker, new InterceptedContexts(_folder.File("q.db"), drop), TimeProvider.System,
            _loggers.CreateLogger<StatusEventWriter>()) { RetryDelay = TimeSpan.FromMilliseconds(20) };
        tracker.Observe(1, 1.0, T0);
        tracker.Observe(1, null, T0.AddSeconds(10));

        await writer.StartAsync(Ct);
        await Eventually.WaitAsync(() => Task.FromResult(writer.Waiting), waiting => waiting == 0);
        await writer.StopAsync(Ct);

        Assert.True(drop.Dropped);
        await using var db = Contexts().CreateDbContext();
        var saved = await db.StatusEvents.OrderBy(e => e.Id).Select(e => new { e.State, e.At }).ToListAsync(Ct);
        Assert.Equal([new { State = DeviceState.Up, At = T0 }, new { State = DeviceState.Down, At = T0.AddSeconds(10) }], saved);
        Assert.Equal(1, await db.SavedBatches.CountAsync(Ct));
        Assert.Contains(_logs.Lines, l => l.Contains("[5006]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_writer_stuck_on_one_batch_makes_the_database_unavailable_though_it_answers_reads()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var stuck = new StuckWriter { SavingSince = time.GetUtcNow() };
        var availability = new DatabaseAvailability(Contexts(), time, NullLogger<DatabaseAvailability>.Instance, [stuck]);
        Assert.Null(await availability.ProbeAsync(Ct));

        time.Advance(DatabaseAvailability.WritesStuckAfter);

        Assert.Equal("The database answers but takes no writes (locked by another process, or out of space?).", await availability.ProbeAsync(Ct));
    }

    private sealed class StuckWriter : IPendingWrites
    {
        public RecordKind Kind => RecordKind.StateChanges;

        public int Waiting => 1;

        public int Capacity => 10;

        public long Dropped => 0;

        public DateTimeOffset? SavingSince { get; init; }
    }

    /// <summary>Fails the first SaveChanges after its commit, as a connection that drops before the answer arrives.</summary>
    private sealed class DropAfterFirstCommit : DbTransactionInterceptor
    {
        public bool Dropped { get; private set; }

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
        {
            if (!Dropped)
            {
                Dropped = true;
                throw new Microsoft.Data.Sqlite.SqliteException("the connection dropped as the commit landed", 10);
            }

            return Task.CompletedTask;
        }
    }

    private sealed class InterceptedContexts(string file, IInterceptor interceptor) : IDbContextFactory<SotpDbContext>
    {
        private readonly DbContextOptions<SqliteSotpDbContext> _options = new DbContextOptionsBuilder<SqliteSotpDbContext>()
            .UseSqlite($"Data Source={file}").AddInterceptors(interceptor).Options;

        public SotpDbContext CreateDbContext() => new SqliteSotpDbContext(_options);
    }
}

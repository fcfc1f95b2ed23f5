using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Sotp.Core.Persistence;

namespace Sotp.Core.Metrics;

/// <summary>Where polled values go to be kept.</summary>
public interface IMetricSink
{
    void Write(int deviceId, string series, DateTimeOffset at, double value);
}

/// <summary>
/// The metric store's writer: raw samples in batches and the 5-minute and hourly rollups summarised on the way
/// through (a bucket is written once the first sample of the next one arrives). Samples wait in a compact form
/// (<see cref="QueuedSample"/>, 32 bytes) in a bounded queue (<see cref="DatabaseOptions.MaxQueuedSamples"/>) that
/// drops its oldest when full; batching, retries and receipts are <see cref="BatchWriter{T}"/>'s.
/// </summary>
public sealed class MetricWriter(IDbContextFactory<SotpDbContext> contexts, TimeProvider time, ILogger<MetricWriter> logger,
    IOptions<DatabaseOptions>? database = null)
    : BatchWriter<QueuedSample>(
        new WriteQueue<QueuedSample>(RecordKind.MetricSamples, (database?.Value ?? new DatabaseOptions()).MaxQueuedSamples, "Sotp:Database:MaxQueuedSamples", logger),
        contexts, time, logger, batchSize: 5000), IMetricSink
{
    private static readonly int[] Resolutions = [300, 3600];

    private readonly Dictionary<(int, string, int), Bucket> _open = [];
    private readonly List<MetricRollup> _finished = [];

    public void Write(int deviceId, string series, DateTimeOffset at, double value) =>
        Queue.Add(new QueuedSample(deviceId, string.Intern(series), at.UtcTicks, value));

    // Adds the sample to its open buckets; a bucket that a later sample has left behind is finished.
    protected override void OnTaken(QueuedSample sample)
    {
        foreach (var resolution in Resolutions)
        {
            var start = new DateTimeOffset(sample.AtTicks - (sample.AtTicks % (resolution * TimeSpan.TicksPerSecond)), TimeSpan.Zero);
            var key = (sample.DeviceId, sample.Series, resolution);
            if (_open.TryGetValue(key, out var bucket) && bucket.Start != start)
            {
                _finished.Add(bucket.ToRollup(sample.DeviceId, sample.Series, resolution));
                bucket = null;
            }

            bucket ??= _open[key] = new Bucket(start);
            bucket.Add(sample.Value);
        }
    }

    // On PostgreSQL the samples go in by binary COPY (an order of magnitude faster than INSERTs: a long outage's
    // backlog is saved in seconds), in the same transaction as the rollups and the receipt.
    protected override async Task SaveBatchAsync(SotpDbContext db, IReadOnlyList<QueuedSample> batch, CancellationToken cancellationToken)
    {
        foreach (var rollup in _finished)
        {
            rollup.Id = 0; // a failed attempt may have left a key behind
        }

        db.MetricRollups.AddRange(_finished);
        if (!db.Database.IsNpgsql())
        {
            db.MetricSamples.AddRange(batch.Select(s => s.ToRecord()));
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using (var import = await connection.BeginBinaryImportAsync(
                """COPY "MetricSamples" ("DeviceId", "Series", "At", "Value") FROM STDIN (FORMAT BINARY)""", ct))
            {
                foreach (var sample in batch)
                {
                    await import.StartRowAsync(ct);
                    await import.WriteAsync(sample.DeviceId, NpgsqlDbType.Integer, ct);
                    await import.WriteAsync(sample.Series, NpgsqlDbType.Varchar, ct);
                    await import.WriteAsync(new DateTime(sample.AtTicks, DateTimeKind.Utc), NpgsqlDbType.TimestampTz, ct);
                    await import.WriteAsync(sample.Value, NpgsqlDbType.Double, ct);
                }

                await import.CompleteAsync(ct);
            }

            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
        db.ChangeTracker.AcceptAllChanges();
    }

    protected override void OnSaved() => _finished.Clear();

    private sealed class Bucket(DateTimeOffset start)
    {
        private double _min = double.MaxValue;
        private double _max = double.MinValue;
        private double _sum;
        private int _count;

        public DateTimeOffset Start { get; } = start;

        public void Add(double value)
        {
            (_min, _max, _sum, _count) = (Math.Min(_min, value), Math.Max(_max, value), _sum + value, _count + 1);
        }

        public MetricRollup ToRollup(int deviceId, string series, int resolution) => new()
        {
            DeviceId = deviceId, Series = series, ResolutionSeconds = resolution, BucketStart = Start,
            Min = _min, Max = _max, Avg = _sum / _count, Count = _count,
        };
    }
}

/// <summary>A sample waiting to be saved: 32 bytes in the queue, the series name shared (interned).</summary>
public readonly record struct QueuedSample(int DeviceId, string Series, long AtTicks, double Value)
{
    public MetricSample ToRecord() => new() { DeviceId = DeviceId, Series = Series, At = new DateTimeOffset(AtTicks, TimeSpan.Zero), Value = Value };
}

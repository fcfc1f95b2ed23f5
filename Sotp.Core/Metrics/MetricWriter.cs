using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sotp.Core.Persistence;

namespace Sotp.Core.Metrics;

/// <summary>Where polled values go to be kept.</summary>
public interface IMetricSink
{
    void Write(int deviceId, string series, DateTimeOffset at, double value);
}

/// <summary>
/// The metric store's writer: raw samples in batches, one transaction each, and the 5-minute and hourly rollups
/// summarised on the way through (a bucket is written once the first sample of the next one arrives). While
/// the database is away the batch is kept and retried; the queue in front is bounded and counts what it drops.
/// </summary>
public sealed partial class MetricWriter(IDbContextFactory<SotpDbContext> contexts, TimeProvider time, ILogger<MetricWriter> logger)
    : BackgroundService, IMetricSink
{
    private const int BatchSize = 5000;
    private static readonly int[] Resolutions = [300, 3600];

    private readonly Channel<MetricSample> _queue = Channel.CreateBounded<MetricSample>(
        new BoundedChannelOptions(200_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Dictionary<(int, string, int), Bucket> _open = [];
    private long _dropped;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Samples pushed out of the full queue while the database was away too long.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Write(int deviceId, string series, DateTimeOffset at, double value)
    {
        if (!_queue.Writer.TryWrite(new MetricSample { DeviceId = deviceId, Series = series, At = at, Value = value }))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Reader;
        var samples = new List<MetricSample>(BatchSize);
        var rollups = new List<MetricRollup>();
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                while (samples.Count < BatchSize && reader.TryRead(out var sample))
                {
                    samples.Add(sample);
                    Summarise(sample, rollups);
                }

                while (!await TrySaveAsync(samples, rollups, stoppingToken))
                {
                    await Task.Delay(RetryDelay, time, stoppingToken);
                }

                samples.Clear();
                rollups.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await TrySaveAsync(samples, rollups, CancellationToken.None);
        }
    }

    // Adds the sample to its open buckets; a bucket that a later sample has left behind is finished.
    private void Summarise(MetricSample sample, List<MetricRollup> finished)
    {
        foreach (var resolution in Resolutions)
        {
            var start = new DateTimeOffset(sample.At.UtcTicks - (sample.At.UtcTicks % (resolution * TimeSpan.TicksPerSecond)), TimeSpan.Zero);
            var key = (sample.DeviceId, sample.Series, resolution);
            if (_open.TryGetValue(key, out var bucket) && bucket.Start != start)
            {
                finished.Add(bucket.ToRollup(sample.DeviceId, sample.Series, resolution));
                bucket = null;
            }

            bucket ??= _open[key] = new Bucket(start);
            bucket.Add(sample.Value);
        }
    }

    private async Task<bool> TrySaveAsync(List<MetricSample> samples, List<MetricRollup> rollups, CancellationToken cancellationToken)
    {
        if (samples.Count == 0 && rollups.Count == 0)
        {
            return true;
        }

        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            foreach (var sample in samples)
            {
                sample.Id = 0;
            }

            foreach (var rollup in rollups)
            {
                rollup.Id = 0;
            }

            db.MetricSamples.AddRange(samples);
            db.MetricRollups.AddRange(rollups);
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSaveFailed(logger, samples.Count, rollups.Count, ex);
            return false;
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Could not save {Samples} samples and {Rollups} rollups; retrying")]
    private static partial void LogSaveFailed(ILogger logger, int samples, int rollups, Exception exception);

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

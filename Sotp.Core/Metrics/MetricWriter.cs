using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Sotp.Core.Persistence;

namespace Sotp.Core.Metrics;

/// <summary>Where polled values go to be kept.</summary>
public interface IMetricSink
{
    void Write(int deviceId, string series, DateTimeOffset at, double value);
}

/// <summary>
/// The metric store's writer: raw samples in batches and the 5-minute and hourly rollups summarised on the way
/// through (a bucket is written once the first sample of the next one arrives). The queue in front is bounded
/// and counts what it drops; batching and retries are <see cref="BatchWriter{T}"/>'s.
/// </summary>
public sealed class MetricWriter(IDbContextFactory<SotpDbContext> contexts, TimeProvider time, ILogger<MetricWriter> logger)
    : BatchWriter<MetricSample>(contexts, time, logger, batchSize: 5000), IMetricSink
{
    private static readonly int[] Resolutions = [300, 3600];

    private readonly Channel<MetricSample> _queue = Channel.CreateBounded<MetricSample>(
        new BoundedChannelOptions(200_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Dictionary<(int, string, int), Bucket> _open = [];
    private readonly List<MetricRollup> _finished = [];
    private long _dropped;

    /// <summary>Samples pushed out of the full queue while the database was away too long.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    protected override ChannelReader<MetricSample> Source => _queue.Reader;

    public void Write(int deviceId, string series, DateTimeOffset at, double value)
    {
        if (!_queue.Writer.TryWrite(new MetricSample { DeviceId = deviceId, Series = series, At = at, Value = value }))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    // Adds the sample to its open buckets; a bucket that a later sample has left behind is finished.
    protected override void OnTaken(MetricSample sample)
    {
        foreach (var resolution in Resolutions)
        {
            var start = new DateTimeOffset(sample.At.UtcTicks - (sample.At.UtcTicks % (resolution * TimeSpan.TicksPerSecond)), TimeSpan.Zero);
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

    protected override void Stage(SotpDbContext db, IReadOnlyList<MetricSample> batch)
    {
        // A failed attempt may have left keys behind.
        foreach (var sample in batch)
        {
            sample.Id = 0;
        }

        foreach (var rollup in _finished)
        {
            rollup.Id = 0;
        }

        db.MetricSamples.AddRange(batch);
        db.MetricRollups.AddRange(_finished);
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

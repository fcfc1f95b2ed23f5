namespace Sotp.Core.Metrics;

/// <summary>One raw sample of a series, as polled (kept for <see cref="MetricOptions.RawRetentionHours"/>).</summary>
public sealed class MetricSample
{
    public long Id { get; set; }

    public int DeviceId { get; set; }

    public required string Series { get; set; }

    public DateTimeOffset At { get; set; }

    public double Value { get; set; }
}

/// <summary>A series summarised over a bucket of <see cref="ResolutionSeconds"/> (300 or 3600).</summary>
public sealed class MetricRollup
{
    public long Id { get; set; }

    public int DeviceId { get; set; }

    public required string Series { get; set; }

    public int ResolutionSeconds { get; set; }

    public DateTimeOffset BucketStart { get; set; }

    public double Min { get; set; }

    public double Max { get; set; }

    public double Avg { get; set; }

    public int Count { get; set; }
}

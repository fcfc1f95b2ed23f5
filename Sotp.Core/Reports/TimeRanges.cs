namespace Sotp.Core.Reports;

/// <summary>A span of time, start included, end excluded.</summary>
public readonly record struct TimeRange(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End > Start ? End - Start : TimeSpan.Zero;

    public bool IsEmpty => End <= Start;

    public TimeRange Clip(TimeRange within) => new(Max(Start, within.Start), Min(End, within.End));

    internal static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    internal static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

/// <summary>
/// A set of time as sorted, disjoint, non-touching ranges: what the availability calculator adds, removes and measures
/// (time SOTP ran, a device existed, maintenance covered it).
/// </summary>
public sealed class TimeRanges
{
    private readonly List<TimeRange> _ranges;

    private TimeRanges(List<TimeRange> ranges) => _ranges = ranges;

    public static TimeRanges Empty { get; } = new([]);

    public IReadOnlyList<TimeRange> Ranges => _ranges;

    public TimeSpan Length => _ranges.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Length);

    /// <summary>The union of any ranges, in any order, overlapping or not.</summary>
    public static TimeRanges Of(IEnumerable<TimeRange> ranges)
    {
        var merged = new List<TimeRange>();
        foreach (var range in ranges.Where(r => !r.IsEmpty).OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                merged[^1] = merged[^1] with { End = TimeRange.Max(merged[^1].End, range.End) };
            }
            else
            {
                merged.Add(range);
            }
        }

        return new TimeRanges(merged);
    }

    public static TimeRanges Of(TimeRange range) => Of([range]);

    public TimeRanges Intersect(TimeRange range) =>
        new([.. _ranges.Select(r => r.Clip(range)).Where(r => !r.IsEmpty)]);

    public TimeRanges Intersect(TimeRanges other) =>
        Of(other._ranges.SelectMany(o => _ranges.Select(r => r.Clip(o))));

    public TimeRanges Except(TimeRanges other)
    {
        var result = new List<TimeRange>();
        foreach (var range in _ranges)
        {
            var start = range.Start;
            foreach (var cut in other._ranges.Where(c => c.End > range.Start && c.Start < range.End))
            {
                if (cut.Start > start)
                {
                    result.Add(new TimeRange(start, cut.Start));
                }

                start = TimeRange.Max(start, cut.End);
            }

            if (start < range.End)
            {
                result.Add(new TimeRange(start, range.End));
            }
        }

        return new TimeRanges(result);
    }

    /// <summary>How much of <paramref name="range"/> this set covers.</summary>
    public TimeSpan Overlap(TimeRange range) => _ranges.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Clip(range).Length);
}

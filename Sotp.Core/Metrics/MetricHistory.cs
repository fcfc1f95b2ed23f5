using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sotp.Core.Persistence;

namespace Sotp.Core.Metrics;

/// <summary>
/// Reads series back from the metric store at the resolution the range calls for: raw samples while they are
/// kept, then 5-minute averages, then hourly ones. Also prunes each resolution past its retention.
/// </summary>
public sealed class MetricHistory(IDbContextFactory<SotpDbContext> contexts, IOptions<MetricOptions> options)
{
    /// <summary>The points of one series between two instants, and the bucket size used (0 for raw).</summary>
    public async Task<(IReadOnlyList<MetricPoint> Points, int ResolutionSeconds)> QueryAsync(
        int deviceId, string series, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var span = to - from;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (span <= TimeSpan.FromHours(options.Value.RawRetentionHours))
        {
            var raw = await db.MetricSamples.AsNoTracking()
                .Where(s => s.DeviceId == deviceId && s.Series == series && s.At >= from && s.At <= to)
                .OrderBy(s => s.At).Select(s => new { s.At, s.Value }).ToListAsync(cancellationToken);
            return (raw.Select(s => new MetricPoint(s.At, s.Value)).ToList(), 0);
        }

        var resolution = span <= TimeSpan.FromDays(options.Value.FiveMinuteRetentionDays) ? 300 : 3600;
        var rollups = await db.MetricRollups.AsNoTracking()
            .Where(r => r.DeviceId == deviceId && r.Series == series && r.ResolutionSeconds == resolution && r.BucketStart >= from && r.BucketStart <= to)
            .OrderBy(r => r.BucketStart).Select(r => new { r.BucketStart, r.Avg }).ToListAsync(cancellationToken);
        return (rollups.Select(r => new MetricPoint(r.BucketStart, r.Avg)).ToList(), resolution);
    }

    /// <summary>Deletes what each resolution keeps no longer; returns how many rows went.</summary>
    public async Task<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var rawBefore = now.AddHours(-o.RawRetentionHours);
        var fiveBefore = now.AddDays(-o.FiveMinuteRetentionDays);
        var hourBefore = now.AddDays(-o.HourlyRetentionDays);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.MetricSamples.Where(s => s.At < rawBefore).ExecuteDeleteAsync(cancellationToken)
            + await db.MetricRollups.Where(r => r.ResolutionSeconds == 300 && r.BucketStart < fiveBefore).ExecuteDeleteAsync(cancellationToken)
            + await db.MetricRollups.Where(r => r.ResolutionSeconds == 3600 && r.BucketStart < hourBefore).ExecuteDeleteAsync(cancellationToken);
    }
}

using Microsoft.Extensions.Logging;
using Quartz;
using Sotp.Core.Audit;
using Sotp.Core.Metrics;

namespace Sotp.Collectors.Scheduling;

/// <summary>Hourly: removes raw samples and rollups older than their retention (<see cref="MetricOptions"/>).</summary>
[DisallowConcurrentExecution]
public sealed partial class MetricRetentionJob(MetricHistory history, AuditTrail audit, TimeProvider time, ILogger<MetricRetentionJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var removed = await history.PruneAsync(now, cancellationToken);
        LogPruned(logger, removed);
        if (removed > 0)
        {
            // An automatic action that removes data: on the record, like any other.
            await audit.WriteAsync(new AuditRecord(AuditActor.System("metric retention"), "metrics.prune", "metrics",
                After: new { removedRows = removed, at = now }), cancellationToken);
        }
    }

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Metric retention removed {Rows} rows")]
    private static partial void LogPruned(ILogger logger, int rows);
}

using Microsoft.Extensions.Logging;
using Quartz;
using Sotp.Core.Metrics;

namespace Sotp.Collectors.Scheduling;

/// <summary>Hourly: removes raw samples and rollups older than their retention (<see cref="MetricOptions"/>).</summary>
[DisallowConcurrentExecution]
public sealed partial class MetricRetentionJob(MetricHistory history, TimeProvider time, ILogger<MetricRetentionJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var removed = await history.PruneAsync(time.GetUtcNow(), cancellationToken);
        LogPruned(logger, removed);
    }

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Metric retention removed {Rows} rows")]
    private static partial void LogPruned(ILogger logger, int rows);
}

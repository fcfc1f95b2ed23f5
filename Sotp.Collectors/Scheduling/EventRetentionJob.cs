using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Sotp.Core.Audit;
using Sotp.Core.Events;

namespace Sotp.Collectors.Scheduling;

/// <summary>Hourly: removes events older than <see cref="EventOptions.RetentionDays"/>.</summary>
[DisallowConcurrentExecution]
public sealed partial class EventRetentionJob(EventSearch events, IOptions<EventOptions> options, AuditTrail audit, TimeProvider time,
    ILogger<EventRetentionJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow().AddDays(-options.Value.RetentionDays);
        var removed = await events.PruneAsync(before, cancellationToken);
        LogPruned(logger, removed, before);
        if (removed > 0)
        {
            // An automatic action that removes data: on the record, like any other.
            await audit.WriteAsync(new AuditRecord(AuditActor.System("event retention"), "events.prune", "events",
                After: new { removedRows = removed, before }), cancellationToken);
        }
    }

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Event retention removed {Rows} events older than {Before}")]
    private static partial void LogPruned(ILogger logger, int rows, DateTimeOffset before);
}

using Microsoft.Extensions.Logging;
using Quartz;

namespace Sotp.Collectors.Snmp.Polling;

/// <summary>The Quartz job that drives <see cref="VitalsScheduler"/> every two seconds, never two runs at a time.</summary>
[DisallowConcurrentExecution]
public sealed partial class VitalsPollJob(VitalsScheduler scheduler, ILogger<VitalsPollJob> logger) : IJob
{
    public static readonly JobKey Key = new("vitals-poll", "snmp");

    public static TimeSpan Interval { get; } = TimeSpan.FromSeconds(2);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await scheduler.SweepAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSweepFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Vitals poll sweep failed; retrying on the next run")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}

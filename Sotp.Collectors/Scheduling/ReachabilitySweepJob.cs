using Microsoft.Extensions.Logging;
using Quartz;

namespace Sotp.Collectors.Scheduling;

/// <summary>
/// The Quartz job that drives <see cref="ProbeScheduler"/> once a second, never two runs at a time. It fires
/// the due probes and returns; the probes complete on their own, so a silent device delays nothing.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class ReachabilitySweepJob(ProbeScheduler scheduler, ILogger<ReachabilitySweepJob> logger) : IJob
{
    public static readonly JobKey Key = new("reachability-sweep", "reachability");

    public static TimeSpan Interval { get; } = TimeSpan.FromSeconds(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await scheduler.SweepAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database may be restarting: the next run tries again.
            LogSweepFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Reachability sweep failed; retrying on the next run")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}

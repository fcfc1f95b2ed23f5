using Microsoft.Extensions.Logging;
using Quartz;

namespace Sotp.Collectors.Scheduling;

/// <summary>A scheduler that, on each run, starts whatever is due and returns without waiting for it.</summary>
public interface ISweep
{
    Task SweepAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The Quartz job that drives a sweep (pings, SNMP polls), never two runs at a time. The sweep fires the due
/// work and returns; that work completes on its own, so a silent device delays nothing. A failed run (the
/// database restarting, say) is logged and the next run tries again.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class SweepJob<TSweep>(TSweep sweep, ILogger<SweepJob<TSweep>> logger) : IJob
    where TSweep : ISweep
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await sweep.SweepAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSweepFailed(logger, typeof(TSweep).Name, ex);
        }
    }

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "{Sweep} failed; retrying on the next run")]
    private static partial void LogSweepFailed(ILogger logger, string sweep, Exception exception);
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sotp.Collectors.Scheduling;

/// <summary>
/// Drives <see cref="ProbeScheduler"/> once a second. A plain hosted service rather than a Quartz job: a
/// one-second tick through a clustered job store would lock the database every second for no gain, and the
/// probes it fires are not awaited anyway.
/// </summary>
public sealed partial class ReachabilitySweeper(ProbeScheduler scheduler, TimeProvider time, ILogger<ReachabilitySweeper> logger)
    : BackgroundService
{
    public static TimeSpan Tick { get; } = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        do
        {
            try
            {
                await scheduler.SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may be restarting: the next tick tries again, the loop never dies.
                LogSweepFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Reachability sweep failed; retrying on the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}

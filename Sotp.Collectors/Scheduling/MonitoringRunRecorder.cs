using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sotp.Core.Cluster;
using Sotp.Core.Persistence;
using Sotp.Core.Status;

namespace Sotp.Collectors.Scheduling;

/// <summary>
/// Records when this collector runs (<see cref="MonitoringRun"/>), for the availability report's "SOTP not running":
/// one row from the start, its last-seen time moved forward every minute and once more at a clean stop. While the
/// database is away the run goes on in memory; the next write that succeeds covers the gap, since SOTP kept watching.
/// </summary>
public sealed partial class MonitoringRunRecorder(
    IDbContextFactory<SotpDbContext> contexts,
    NodeIdentity node,
    TimeProvider time,
    ILogger<MonitoringRunRecorder> logger) : BackgroundService
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private long _id;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(MonitoringRun.Heartbeat, time);
        do
        {
            await BeatAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false) is true && !stoppingToken.IsCancellationRequested);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await BeatAsync(cancellationToken); // the clean end of the run
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var now = time.GetUtcNow();
            if (_id == 0)
            {
                var run = db.MonitoringRuns.Add(new MonitoringRun { Node = node.Id, StartedAt = _startedAt, LastSeenAt = now }).Entity;
                await db.SaveChangesAsync(cancellationToken);
                _id = run.Id;
            }
            else
            {
                await db.MonitoringRuns.Where(r => r.Id == _id).ExecuteUpdateAsync(u => u.SetProperty(r => r.LastSeenAt, now), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or RetryLimitExceededException or TimeoutException or InvalidOperationException)
        {
            LogCannotRecord(logger, ex.Message); // the next beat tries again; the run's start stays this process's start
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 7010, Level = LogLevel.Warning, Message = "The monitoring run could not be recorded yet: {Reason}")]
    private static partial void LogCannotRecord(ILogger logger, string reason);
}

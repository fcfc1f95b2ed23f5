using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sotp.Core.Persistence;

namespace Sotp.Core.Status;

/// <summary>
/// Saves reachability state changes in batches (one transaction each). While the database is away it keeps
/// the batch and retries, so a database restart loses nothing; the queue in front of it is bounded.
/// </summary>
public sealed partial class StatusEventWriter(
    ReachabilityTracker tracker,
    IDbContextFactory<SotpDbContext> contexts,
    TimeProvider time,
    ILogger<StatusEventWriter> logger) : BackgroundService
{
    private const int BatchSize = 500;

    /// <summary>Wait between attempts while the database is away.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = tracker.PendingChanges;
        var batch = new List<StatusEvent>(BatchSize);
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < BatchSize && reader.TryRead(out var change))
                {
                    batch.Add(change);
                }

                await SaveUntilDoneAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: save what is already read, once, without waiting for a database that is away.
            if (batch.Count > 0 || reader.TryPeek(out _))
            {
                while (reader.TryRead(out var change))
                {
                    batch.Add(change);
                }

                await TrySaveAsync(batch, CancellationToken.None);
            }
        }
    }

    private async Task SaveUntilDoneAsync(List<StatusEvent> batch, CancellationToken stoppingToken)
    {
        while (!await TrySaveAsync(batch, stoppingToken))
        {
            await Task.Delay(RetryDelay, time, stoppingToken);
        }
    }

    private async Task<bool> TrySaveAsync(List<StatusEvent> batch, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            foreach (var change in batch)
            {
                change.Id = 0;
            }

            db.StatusEvents.AddRange(batch);
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSaveFailed(logger, batch.Count, ex);
            return false;
        }
    }

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Could not save {Count} status change(s); retrying")]
    private static partial void LogSaveFailed(ILogger logger, int count, Exception exception);
}

using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sotp.Core.Persistence;

/// <summary>
/// Saves what a bounded queue holds in batches, one transaction each. While the database is away it keeps
/// the batch and retries with back-off (<see cref="BackgroundRetry"/>), so a database restart loses nothing;
/// at shutdown it saves what is still queued, once.
/// </summary>
public abstract partial class BatchWriter<T>(IDbContextFactory<SotpDbContext> contexts, TimeProvider time, ILogger logger, int batchSize)
    : BackgroundService
{
    /// <summary>The first wait after a failed save; later waits double, up to <see cref="LongestRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan LongestRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    protected abstract ChannelReader<T> Source { get; }

    /// <summary>Sees each item as it is taken from the queue (e.g. to summarise it).</summary>
    protected virtual void OnTaken(T item)
    {
    }

    /// <summary>Adds the batch (and anything derived from it) to a fresh context; called again on a retry.</summary>
    protected abstract void Stage(SotpDbContext db, IReadOnlyList<T> batch);

    /// <summary>After a successful save: forget what was derived for this batch.</summary>
    protected virtual void OnSaved()
    {
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<T>(batchSize);
        var retry = BackgroundRetry.Forever(time, RetryDelay, LongestRetryDelay, ex => LogSaveFailed(logger, batch.Count, typeof(T).Name, ex));
        try
        {
            while (await Source.WaitToReadAsync(stoppingToken))
            {
                Take(batch, batchSize);
                await retry.ExecuteAsync(async ct => await SaveAsync(batch, ct), stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: save what is already read and queued, once, without waiting for a database that is away.
            Take(batch, int.MaxValue);
            try
            {
                await SaveAsync(batch, CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogSaveFailed(logger, batch.Count, typeof(T).Name, ex);
            }
        }
    }

    private void Take(List<T> batch, int limit)
    {
        while (batch.Count < limit && Source.TryRead(out var item))
        {
            batch.Add(item);
            OnTaken(item);
        }
    }

    private async Task SaveAsync(List<T> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        Stage(db, batch);
        await db.SaveChangesAsync(cancellationToken);
        OnSaved();
    }

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Could not save {Count} {Kind} record(s); retrying")]
    private static partial void LogSaveFailed(ILogger logger, int count, string kind, Exception exception);
}

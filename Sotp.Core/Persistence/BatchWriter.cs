using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sotp.Core.Persistence;

/// <summary>
/// Saves what a bounded queue holds in batches, one transaction each. While the database is away it keeps
/// the batch and retries, so a database restart loses nothing; at shutdown it saves what is still queued, once.
/// </summary>
public abstract partial class BatchWriter<T>(IDbContextFactory<SotpDbContext> contexts, TimeProvider time, ILogger logger, int batchSize)
    : BackgroundService
{
    /// <summary>Wait between attempts while the database is away.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

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
        try
        {
            while (await Source.WaitToReadAsync(stoppingToken))
            {
                Take(batch, batchSize);
                while (!await TrySaveAsync(batch, stoppingToken))
                {
                    await Task.Delay(RetryDelay, time, stoppingToken);
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: save what is already read and queued, once, without waiting for a database that is away.
            Take(batch, int.MaxValue);
            await TrySaveAsync(batch, CancellationToken.None);
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

    private async Task<bool> TrySaveAsync(List<T> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return true;
        }

        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            Stage(db, batch);
            await db.SaveChangesAsync(cancellationToken);
            OnSaved();
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSaveFailed(logger, batch.Count, typeof(T).Name, ex);
            return false;
        }
    }

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Could not save {Count} {Kind} record(s); retrying")]
    private static partial void LogSaveFailed(ILogger logger, int count, string kind, Exception exception);
}

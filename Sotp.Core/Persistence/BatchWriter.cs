using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sotp.Core.Observability;

namespace Sotp.Core.Persistence;

/// <summary>What a background writer holds that the database does not have yet.</summary>
public interface IPendingWrites
{
    /// <summary>What the records are, in words.</summary>
    RecordKind Kind { get; }

    /// <summary>Records queued or being saved.</summary>
    int Waiting { get; }

    /// <summary>How many records may wait at most.</summary>
    int Capacity { get; }

    /// <summary>Records dropped because the queue was full, since the process started.</summary>
    long Dropped { get; }

    /// <summary>Since when the batch being saved has waited for the database; null when nothing is being saved.</summary>
    DateTimeOffset? SavingSince { get; }
}

/// <summary>
/// Saves what a <see cref="WriteQueue{T}"/> holds in batches, one transaction each, in the order the records were
/// queued. While the database is away it keeps the batch and retries with back-off (<see cref="BackgroundRetry"/>)
/// while the queue carries what happens meanwhile, so a database restart loses nothing. Each batch is saved with a
/// receipt (<see cref="SavedBatch"/>) in the same transaction, so a batch whose commit landed as the connection
/// dropped is not written twice. At shutdown it saves what is still queued, once. Each save is a span ("save
/// metric samples"): a child of the first traced record in the batch, linked to the others, so a traced poll's
/// trace ends with the database writes of what it read.
/// </summary>
public abstract partial class BatchWriter<T>(WriteQueue<T> queue, IDbContextFactory<SotpDbContext> contexts, TimeProvider time, ILogger logger,
    int batchSize) : BackgroundService, IPendingWrites
{
    private static readonly TimeSpan KeepReceipts = TimeSpan.FromDays(1);

    private int _saving;
    private long _savingSinceTicks;
    private DateTimeOffset _prunedAt;
    private DateTimeOffset? _failingSince;
    private long _droppedBefore;
    private int _savedSince;
    private readonly List<ActivityContext> _traced = [];

    /// <summary>The first wait after a failed save; later waits double, up to <see cref="LongestRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan LongestRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    public RecordKind Kind => queue.Kind;

    public int Waiting => queue.Count + Volatile.Read(ref _saving);

    public int Capacity => queue.Capacity;

    public long Dropped => queue.Dropped;

    public DateTimeOffset? SavingSince => Interlocked.Read(ref _savingSinceTicks) is > 0 and var ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    protected WriteQueue<T> Queue => queue;

    /// <summary>Sees each record as it is taken from the queue (e.g. to summarise it).</summary>
    protected virtual void OnTaken(T record)
    {
    }

    /// <summary>
    /// Saves the batch (and anything derived from it) through a fresh context in one transaction, together with what
    /// the context already tracks (the batch's receipt); called again on a retry.
    /// </summary>
    protected abstract Task SaveBatchAsync(SotpDbContext db, IReadOnlyList<T> batch, CancellationToken cancellationToken);

    /// <summary>After a successful save: forget what was derived for this batch.</summary>
    protected virtual void OnSaved()
    {
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<T>(batchSize);
        var retry = BackgroundRetry.Forever(time, RetryDelay, LongestRetryDelay, ex => OnSaveFailed(batch.Count, ex));
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                Take(batch, batchSize);
                var receipt = Guid.NewGuid();
                var attempt = 0;
                await retry.ExecuteAsync(async ct => await SaveAsync(batch, receipt, attempt++ > 0, ct), stoppingToken);
                OnBatchSaved(batch.Count);
                Done(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: save what is already read and queued, once, without waiting for a database that is away.
            Take(batch, int.MaxValue);
            try
            {
                await SaveAsync(batch, Guid.NewGuid(), retrying: false, CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogShutdownSaveFailed(logger, Kind.Count(batch.Count), ex);
            }
        }
    }

    private void Take(List<T> batch, int limit)
    {
        while (batch.Count < limit && queue.TryTake(out var record, out var traced))
        {
            batch.Add(record);
            if (traced != default)
            {
                _traced.Add(traced);
            }

            OnTaken(record);
        }

        Interlocked.Exchange(ref _savingSinceTicks, time.GetUtcNow().UtcTicks);
        Volatile.Write(ref _saving, batch.Count);
    }

    private void Done(List<T> batch)
    {
        batch.Clear();
        _traced.Clear();
        Volatile.Write(ref _saving, 0);
        Interlocked.Exchange(ref _savingSinceTicks, 0);
    }

    private async Task SaveAsync(List<T> batch, Guid receipt, bool retrying, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        using var span = SotpTelemetry.Source.StartActivity($"save {Kind.Many}", ActivityKind.Internal,
            _traced.Count > 0 ? _traced[0] : default, links: _traced.Skip(1).Select(c => new ActivityLink(c)));
        span?.SetTag("sotp.batch.count", batch.Count);
        try
        {
            await SaveOnceAsync(batch, receipt, retrying, cancellationToken);
        }
        catch (Exception ex)
        {
            span.Fail(ex.Message);
            throw;
        }
    }

    private async Task SaveOnceAsync(List<T> batch, Guid receipt, bool retrying, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The last attempt may have committed as the connection dropped: its receipt says so.
        if (retrying && await db.SavedBatches.AnyAsync(b => b.Id == receipt, cancellationToken))
        {
            LogAlreadySaved(logger, Kind.Count(batch.Count));
            OnSaved();
            return;
        }

        var now = time.GetUtcNow();
        if (now - _prunedAt > TimeSpan.FromHours(1))
        {
            var before = now - KeepReceipts;
            await db.SavedBatches.Where(b => b.SavedAt < before).ExecuteDeleteAsync(cancellationToken);
            _prunedAt = now;
        }

        db.SavedBatches.Add(new SavedBatch { Id = receipt, Kind = Kind.Many, Count = batch.Count, SavedAt = now });
        await SaveBatchAsync(db, batch, cancellationToken);
        OnSaved();
    }

    // A run of failed saves is logged when it starts and once what waited is saved, not on every retry.
    private void OnSaveFailed(int count, Exception exception)
    {
        if (_failingSince is null)
        {
            (_failingSince, _droppedBefore, _savedSince) = (time.GetUtcNow(), queue.Dropped, 0);
            LogSaveFailed(logger, Kind.Count(count), exception);
        }
        else
        {
            LogStillFailing(logger, Kind.Count(count), exception.Message);
        }
    }

    private void OnBatchSaved(int count)
    {
        if (_failingSince is not { } since)
        {
            return;
        }

        _savedSince += count;
        if (queue.Count < batchSize)
        {
            LogCaughtUp(logger, Kind.Count(_savedSince), time.GetUtcNow() - since, queue.Dropped - _droppedBefore);
            _failingSince = null;
        }
    }

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Could not save {Records}; they wait in memory and saving is retried")]
    private static partial void LogSaveFailed(ILogger logger, string records, Exception exception);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Debug, Message = "Still could not save {Records}: {Reason}")]
    private static partial void LogStillFailing(ILogger logger, string records, string reason);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information,
        Message = "Saved {Records} that waited for the database ({Duration}); {Dropped} were dropped meanwhile")]
    private static partial void LogCaughtUp(ILogger logger, string records, TimeSpan duration, long dropped);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "{Records} were already saved: the last commit landed as the connection dropped")]
    private static partial void LogAlreadySaved(ILogger logger, string records);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Error, Message = "Could not save {Records} at shutdown; they are lost")]
    private static partial void LogShutdownSaveFailed(ILogger logger, string records, Exception exception);
}

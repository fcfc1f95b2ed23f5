using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sotp.Core.Live;

namespace Sotp.Core.Persistence;

/// <summary>
/// Whether the database answers, since when, and (when it does not) why, in plain words, with what waits in memory
/// to be saved meanwhile.
/// </summary>
public sealed record DatabaseState(bool Available, DateTimeOffset Since, string? Problem)
{
    /// <summary>Per kind of record: how many wait, how many fit, how many were dropped since the outage began.</summary>
    public IReadOnlyList<WaitingWrites> Waiting { get; init; } = [];
}

/// <summary>Records of one kind waiting in memory for the database.</summary>
public sealed record WaitingWrites(RecordKind Kind, int Count, int Capacity, long Dropped);

/// <summary>
/// Watches whether the database answers (every <see cref="CheckEvery"/>, each check given at most
/// <see cref="AnswerWithin"/>) and takes writes (no background writer stuck on one batch longer than
/// <see cref="WritesStuckAfter"/>, as when another process holds a lock), and publishes the state on
/// <see cref="Feed"/> under <see cref="Key"/>, so pages can say so while it lasts, with what waits to be saved.
/// Readiness uses the same probe (<see cref="ProbeAsync"/>).
/// </summary>
public sealed partial class DatabaseAvailability(IDbContextFactory<SotpDbContext> contexts, TimeProvider time,
    ILogger<DatabaseAvailability> logger, IEnumerable<IPendingWrites>? writers = null) : BackgroundService
{
    public const string Key = "database";

    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(1.5);

    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);

    /// <summary>A save that has waited this long means the database takes no writes, even if it answers reads.</summary>
    public static readonly TimeSpan WritesStuckAfter = TimeSpan.FromSeconds(15);

    private readonly IPendingWrites[] _writers = writers?.ToArray() ?? [];
    private long[] _droppedBefore = [];

    public LiveFeed<string, DatabaseState> Feed { get; } = new(time);

    /// <summary>Null when the database answered within <see cref="AnswerWithin"/>; else what went wrong, in words.</summary>
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken) => (await CheckAsync(cancellationToken)).Problem;

    // The words are for pages and probes, which are public: the cause (which may name hosts) is for the log.
    private async Task<(string? Problem, Exception? Cause)> CheckAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(AnswerWithin);
        try
        {
            // A real read, off the caller's thread: SQLite waits for another process's lock synchronously, and the
            // answer is due within AnswerWithin all the same.
            var read = Task.Run(() => ReadOneRowAsync(deadline.Token), deadline.Token);
            _ = read.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            await read.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return ($"The database does not answer within {AnswerWithin.TotalSeconds:0.#} s.", ex);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex) when (IsLocked(ex))
        {
            return ("The database file is locked by another process.", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ("The database does not answer.", ex);
        }

        var stuck = _writers.Select(w => w.SavingSince).Where(s => s is not null).Min();
        return time.GetUtcNow() - stuck >= WritesStuckAfter
            ? ("The database answers but takes no writes (locked by another process, or out of space?).", null)
            : (null, null);
    }

    // Reads a row, and on SQLite also takes the write lock for a moment (and lets it go), waiting for another
    // process's lock no longer than the answer is due: a file locked by a backup or a shell is an outage too. On the
    // connection itself, past EF's retry strategy: a server that refuses says so in milliseconds, not after retries.
    private async Task ReadOneRowAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var read = connection.CreateCommand();
        read.CommandTimeout = (int)AnswerWithin.TotalSeconds;
        read.CommandText = """SELECT 1 FROM "SavedBatches" LIMIT 1""";
        await read.ExecuteScalarAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await using var write = connection.CreateCommand();
            write.CommandTimeout = read.CommandTimeout;
            write.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
            await write.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery, time);
        try
        {
            do
            {
                var (problem, cause) = await CheckAsync(stoppingToken);
                var known = Feed.TryGet(Key, out var state) ? state : null;
                if (known is null || known.Available != (problem is null))
                {
                    // Logged once per change, not every few seconds while an outage lasts.
                    if (problem is not null)
                    {
                        LogUnreachable(logger, problem, cause);
                        _droppedBefore = [.. _writers.Select(w => w.Dropped)];
                    }
                    else if (known is not null)
                    {
                        LogBack(logger, time.GetUtcNow() - known.Since);
                    }

                    Feed.Publish(Key, new DatabaseState(problem is null, time.GetUtcNow(), problem) { Waiting = Waiting() });
                }
                else if (problem is not null && Waiting() is var waiting && !known.Waiting.SequenceEqual(waiting))
                {
                    Feed.Publish(Key, known with { Problem = problem, Waiting = waiting }); // what waits, as it grows
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private WaitingWrites[] Waiting() =>
        [.. _writers.Select((w, i) => new WaitingWrites(w.Kind, w.Waiting, w.Capacity, w.Dropped - (i < _droppedBefore.Length ? _droppedBefore[i] : 0)))];

    // SQLITE_BUSY, SQLITE_LOCKED: another connection holds the lock longer than we would wait.
    private static bool IsLocked(Microsoft.Data.Sqlite.SqliteException exception) => exception.SqliteErrorCode is 5 or 6;

    /// <summary>Whether a failure is the database being away (refused, reset, timed out, busy, retries spent), not a bug.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case RetryLimitExceededException:
                case TimeoutException:
                case System.Net.Sockets.SocketException:
                case Npgsql.NpgsqlException { IsTransient: true }:
                case Microsoft.Data.Sqlite.SqliteException sqlite when IsLocked(sqlite):
                    return true;
            }
        }

        return false;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "The database is unavailable; live status continues and changes wait in memory: {Problem}")]
    private static partial void LogUnreachable(ILogger logger, string problem, Exception? exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "The database answers again after {Outage}")]
    private static partial void LogBack(ILogger logger, TimeSpan outage);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sotp.Core.Live;

namespace Sotp.Core.Persistence;

/// <summary>Whether the database answers, since when, and (when it does not) why, in plain words.</summary>
public sealed record DatabaseState(bool Available, DateTimeOffset Since, string? Problem);

/// <summary>
/// Watches whether the database answers (every <see cref="CheckEvery"/>, each check given at most
/// <see cref="AnswerWithin"/>) and publishes the state on <see cref="Feed"/> under <see cref="Key"/>, so pages can
/// say so while it lasts. Readiness uses the same probe (<see cref="ProbeAsync"/>).
/// </summary>
public sealed partial class DatabaseAvailability(IDbContextFactory<SotpDbContext> contexts, TimeProvider time,
    ILogger<DatabaseAvailability> logger) : BackgroundService
{
    public const string Key = "database";

    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(1.5);

    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);

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
            await using var db = await contexts.CreateDbContextAsync(deadline.Token);
            return (await db.Database.CanConnectAsync(deadline.Token) ? null : "The database does not answer.", null);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return ($"The database does not answer within {AnswerWithin.TotalSeconds:0.#} s.", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ("The database does not answer.", ex);
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
                        LogUnreachable(logger, cause);
                    }
                    else if (known is not null)
                    {
                        LogBack(logger, time.GetUtcNow() - known.Since);
                    }

                    Feed.Publish(Key, new DatabaseState(problem is null, time.GetUtcNow(), problem));
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

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
                case Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }: // busy, locked
                    return true;
            }
        }

        return false;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "The database is unreachable; live status continues")]
    private static partial void LogUnreachable(ILogger logger, Exception? exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "The database answers again after {Outage}")]
    private static partial void LogBack(ILogger logger, TimeSpan outage);
}

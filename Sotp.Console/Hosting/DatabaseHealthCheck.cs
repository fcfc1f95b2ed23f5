using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sotp.Core.Persistence;

namespace Sotp.Console.Hosting;

/// <summary>
/// Ready only while the database answers a query, and said within <see cref="AnswerWithin"/> either way: a probe
/// that waits longer than the orchestrator's own timeout says nothing.
/// </summary>
public sealed partial class DatabaseHealthCheck(IDbContextFactory<SotpDbContext> contexts, ILogger<DatabaseHealthCheck> logger)
    : IHealthCheck
{
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(1.5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(AnswerWithin);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(deadline.Token);
            return await db.Database.CanConnectAsync(deadline.Token)
                ? HealthCheckResult.Healthy("The database answers.")
                : HealthCheckResult.Unhealthy("The database does not answer.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The database does not answer within {AnswerWithin.TotalSeconds:0.#} s.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The detail goes to the log only: probe output is public and could carry host names.
            LogDatabaseUnreachable(logger, ex);
            return HealthCheckResult.Unhealthy("The database does not answer.");
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Readiness: the database is unreachable")]
    private static partial void LogDatabaseUnreachable(ILogger logger, Exception exception);
}

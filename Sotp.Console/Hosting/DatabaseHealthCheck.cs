using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sotp.Core.Persistence;

namespace Sotp.Console.Hosting;

/// <summary>Ready only while the database answers a query.</summary>
public sealed partial class DatabaseHealthCheck(IDbContextFactory<SotpDbContext> contexts, ILogger<DatabaseHealthCheck> logger)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("The database answers.")
                : HealthCheckResult.Unhealthy("The database does not answer.");
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

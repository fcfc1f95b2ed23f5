using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sotp.Core.Persistence;

namespace Sotp.Console.Hosting;

/// <summary>
/// Ready only while the database answers, and said within <see cref="DatabaseAvailability.AnswerWithin"/> either
/// way: a probe that waits longer than the orchestrator's own timeout says nothing.
/// </summary>
public sealed class DatabaseHealthCheck(DatabaseAvailability database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        await database.ProbeAsync(cancellationToken) is { } problem
            ? HealthCheckResult.Unhealthy(problem)
            : HealthCheckResult.Healthy("The database answers.");
}

using Microsoft.EntityFrameworkCore;
using Sotp.Core.Persistence;
using Sotp.Tests.Core.Reports;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>The availability calculator on a real PostgreSQL server: the same month, the same figures (<see cref="AvailabilityCheck"/>).</summary>
[LabTest]
public sealed class AvailabilityPostgresTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Every_figure_of_a_month_full_of_edge_cases_matches_a_minute_by_minute_walk()
    {
        postgres.RequireRunning();
        var contexts = new SotpDbContextFactory(DatabaseProvider.PostgreSql, postgres.ConnectionString("sotp_availability"), 30);
        await using (var db = contexts.CreateDbContext())
        {
            await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        }

        var (_, report) = await AvailabilityCheck.RunAsync(contexts, TestContext.Current.CancellationToken);
        Assert.Contains(report.Devices.SelectMany(d => d.Outages), o => o.Cause?.StartsWith("Link down on", StringComparison.Ordinal) == true);
    }
}

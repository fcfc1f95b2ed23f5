using Microsoft.EntityFrameworkCore;
using Sotp.Core.Persistence;
using Sotp.Tests.Core.Compliance;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>The compliance service on a real PostgreSQL server: the same checks as on SQLite (<see cref="ComplianceServiceTests"/>).</summary>
[LabTest]
public sealed class CompliancePostgresTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Each_device_is_checked_on_its_latest_version_and_a_second_check_replaces_its_verdicts()
    {
        postgres.RequireRunning();
        var contexts = new SotpDbContextFactory(DatabaseProvider.PostgreSql, postgres.ConnectionString("sotp_compliance"), 30);
        await using (var db = contexts.CreateDbContext())
        {
            await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        }

        await ComplianceScenario.RunAsync(contexts, TestContext.Current.CancellationToken);
    }
}

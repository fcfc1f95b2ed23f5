using Microsoft.EntityFrameworkCore;
using Sotp.Core.Persistence;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>The event store on a real PostgreSQL server, written by binary COPY (<see cref="EventStoreCheck"/>).</summary>
[LabTest]
public sealed class EventStorePostgresTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Thousands_of_events_round_trip_filter_page_and_prune()
    {
        postgres.RequireRunning();
        var contexts = new SotpDbContextFactory(DatabaseProvider.PostgreSql, postgres.ConnectionString("sotp_events"), 30);
        await using (var db = contexts.CreateDbContext())
        {
            await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        }

        await EventStoreCheck.RunAsync(contexts, TestContext.Current.CancellationToken);
    }
}

using Microsoft.EntityFrameworkCore;
using Sotp.Core.Persistence;

namespace Sotp.Tests.Core.Persistence;

public class MigrationSetTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=unused.db")]
    [InlineData(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Database=unused")]
    public void Each_migration_set_matches_the_model(DatabaseProvider provider, string connectionString)
    {
        using var db = new SotpDbContextFactory(provider, connectionString, 30).CreateDbContext();

        // Fails when someone changed the model without running eng/add-migration.sh.
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations are behind the model.");
        Assert.NotEmpty(db.Database.GetMigrations());
    }
}

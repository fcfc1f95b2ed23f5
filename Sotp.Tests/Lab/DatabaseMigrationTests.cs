using Microsoft.EntityFrameworkCore;
using Sotp.Core.Persistence;
using Sotp.Core.Security;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>Both migration sets applied to real engines: PostgreSQL started by the test, and SQLite.</summary>
[LabTest]
public sealed class DatabaseMigrationTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostgreSql_migrations_apply_to_a_real_server_and_round_trip_a_user()
    {
        postgres.RequireRunning();
        var factory = new SotpDbContextFactory(DatabaseProvider.PostgreSql, postgres.ConnectionString("sotp_migrations"), 30);

        await MigrateAndRoundTripAsync(factory);
    }

    [Fact]
    public async Task Sqlite_migrations_apply_to_a_fresh_file_and_round_trip_a_user()
    {
        using var folder = new TempDirectory();
        var factory = new SotpDbContextFactory(DatabaseProvider.Sqlite, $"Data Source={folder.File("sotp.db")};Pooling=false", 30);

        await MigrateAndRoundTripAsync(factory);
    }

    private static async Task MigrateAndRoundTripAsync(SotpDbContextFactory factory)
    {
        // A local offset and sub-second precision (PostgreSQL keeps microseconds) survive the trip.
        var created = new DateTimeOffset(2026, 11, 27, 8, 30, 15, TimeSpan.FromHours(2)).AddTicks(1230);
        var lockoutEnd = created.AddMinutes(15);
        await using (var db = factory.CreateDbContext())
        {
            await db.Database.MigrateAsync(Ct);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
            db.Users.Add(new SotpUser("noc-operator")
            {
                NormalizedUserName = "NOC-OPERATOR",
                CreatedAt = created,
                LockoutEnd = lockoutEnd,
                PrefersDarkMode = false,
            });
            db.SetupTokens.Add(new SetupToken { TokenHash = new string('a', 64), CreatedAt = created, ExpiresAt = lockoutEnd });
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = factory.CreateDbContext())
        {
            var user = await db.Users.SingleAsync(u => u.NormalizedUserName == "NOC-OPERATOR", Ct);
            Assert.Equal(created, user.CreatedAt);
            Assert.Equal(lockoutEnd, user.LockoutEnd);
            Assert.False(user.PrefersDarkMode);

            // Time comparisons run in the database on both engines.
            Assert.Equal(1, await db.SetupTokens.CountAsync(t => t.ExpiresAt > created, Ct));
        }
    }
}

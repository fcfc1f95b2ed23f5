using Microsoft.EntityFrameworkCore;

namespace Sotp.Core.Persistence;

/// <summary>
/// Creates the provider's flavour of <see cref="SotpDbContext"/>; the rest of SOTP only ever sees the base type.
/// </summary>
public sealed class SotpDbContextFactory : IDbContextFactory<SotpDbContext>
{
    private readonly Func<SotpDbContext> _create;

    /// <param name="commandTimeoutSeconds">How long a PostgreSQL command may run.</param>
    /// <param name="sqliteLockWaitSeconds">How long a SQLite command waits for another process's lock (SQLite's command
    /// timeout is only that wait).</param>
    public SotpDbContextFactory(DatabaseProvider provider, string connectionString, int commandTimeoutSeconds,
        int sqliteLockWaitSeconds = DatabaseOptions.DefaultSqliteLockWaitSeconds)
    {
        Provider = provider;
        _create = provider switch
        {
            DatabaseProvider.Sqlite => Build<SqliteSotpDbContext>(
                b => b.UseSqlite(connectionString, o => o.CommandTimeout(sqliteLockWaitSeconds)),
                options => new SqliteSotpDbContext(options)),
            DatabaseProvider.PostgreSql => Build<PostgreSqlSotpDbContext>(
                // A short retry budget: a failover blip is ridden out, an outage is reported in seconds, not after a
                // minute. Background writers wait out longer outages themselves (BackgroundRetry).
                b => b.UseNpgsql(connectionString, o => o.CommandTimeout(commandTimeoutSeconds)
                    .EnableRetryOnFailure(maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(1), errorCodesToAdd: null)),
                options => new PostgreSqlSotpDbContext(options)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
        };
    }

    public DatabaseProvider Provider { get; }

    public SotpDbContext CreateDbContext() => _create();

    private static Func<SotpDbContext> Build<TContext>(
        Action<DbContextOptionsBuilder<TContext>> configure, Func<DbContextOptions<TContext>, TContext> create)
        where TContext : SotpDbContext
    {
        var builder = new DbContextOptionsBuilder<TContext>();
        configure(builder);
        var options = builder.Options;
        return () => create(options);
    }
}

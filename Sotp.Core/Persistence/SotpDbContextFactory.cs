using Microsoft.EntityFrameworkCore;

namespace Sotp.Core.Persistence;

/// <summary>
/// Creates the provider's flavour of <see cref="SotpDbContext"/>; the rest of SOTP only ever sees the base type.
/// </summary>
public sealed class SotpDbContextFactory : IDbContextFactory<SotpDbContext>
{
    private readonly Func<SotpDbContext> _create;

    public SotpDbContextFactory(DatabaseProvider provider, string connectionString, int commandTimeoutSeconds)
    {
        Provider = provider;
        _create = provider switch
        {
            DatabaseProvider.Sqlite => Build<SqliteSotpDbContext>(
                b => b.UseSqlite(connectionString, o => o.CommandTimeout(commandTimeoutSeconds)),
                options => new SqliteSotpDbContext(options)),
            DatabaseProvider.PostgreSql => Build<PostgreSqlSotpDbContext>(
                b => b.UseNpgsql(connectionString, o => o.CommandTimeout(commandTimeoutSeconds).EnableRetryOnFailure()),
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

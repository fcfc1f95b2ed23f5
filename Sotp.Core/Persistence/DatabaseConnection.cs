using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Sotp.Core.Persistence;

/// <summary>Works out the connection string SOTP uses, from configuration and the chosen provider.</summary>
public static class DatabaseConnection
{
    public const string SqliteFileName = "sotp.db";

    /// <summary>
    /// The configured <c>ConnectionStrings:Sotp</c>, or for SQLite the default file under the data directory.
    /// Returns null when PostgreSQL is chosen without a connection string (validation reports that).
    /// </summary>
    public static string? Resolve(IConfiguration configuration, DatabaseOptions options, IHostEnvironment environment)
    {
        var configured = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (options.Provider != DatabaseProvider.Sqlite)
        {
            return null;
        }

        return new SqliteConnectionStringBuilder
        {
            DataSource = DefaultSqlitePath(options, environment),
            Cache = SqliteCacheMode.Shared,
            Pooling = true,
        }.ToString();
    }

    /// <summary>The connection string the contexts use, for work done beside EF (LISTEN/NOTIFY, Quartz's tables).</summary>
    public static async Task<string> ConnectionStringAsync(this IDbContextFactory<SotpDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return db.Database.GetConnectionString()!;
    }

    /// <summary>The default SQLite file: <c>{content root}/{DataDirectory}/sotp.db</c>.</summary>
    public static string DefaultSqlitePath(DatabaseOptions options, IHostEnvironment environment) =>
        Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.DataDirectory, SqliteFileName));

    /// <summary>Creates the folder of a SQLite database file, which SQLite will not do by itself.</summary>
    public static void EnsureSqliteDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(dataSource) && dataSource != ":memory:" && !string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Sotp.Core.Persistence;

namespace Sotp.Tests.Support;

/// <summary>
/// A migrated SQLite database in a temp folder, with a raw connection for what EF must not do: act behind
/// the app's back (drop a trigger, edit a row) as an attacker with file access would.
/// </summary>
public sealed class SqliteTestDatabase : IDisposable
{
    private readonly TempDirectory _folder = new();

    private SqliteTestDatabase() => Contexts = new SotpDbContextFactory(DatabaseProvider.Sqlite, ConnectionString, 30);

    public SotpDbContextFactory Contexts { get; }

    private string ConnectionString => $"Data Source={_folder.File("sotp.db")};Pooling=false";

    public static async Task<SqliteTestDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var database = new SqliteTestDatabase();
        await using var db = database.Contexts.CreateDbContext();
        await db.Database.MigrateAsync(cancellationToken);
        return database;
    }

    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public void Dispose() => _folder.Dispose();
}

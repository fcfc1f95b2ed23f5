using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Sotp.Core.Persistence;

// Used only by `dotnet ef migrations add` (eng/add-migration.sh); the connection strings never reach a server.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteSotpDbContext>
{
    public SqliteSotpDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSotpDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlSotpDbContext>
{
    public PostgreSqlSotpDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlSotpDbContext>().UseNpgsql("Host=127.0.0.1;Database=sotp_design").Options);
}

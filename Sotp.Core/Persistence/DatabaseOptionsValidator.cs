using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Sotp.Core.Persistence;

/// <summary>Checks that the database options and the connection string fit together.</summary>
public sealed class DatabaseOptionsValidator(IConfiguration configuration) : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (options.Provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(connectionString))
        {
            return ValidateOptionsResult.Fail(
                "Sotp:Database:Provider is PostgreSql but ConnectionStrings:Sotp is not set. Provide it as the " +
                "environment variable ConnectionStrings__Sotp or as a mounted secret file named ConnectionStrings__Sotp.");
        }

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            try
            {
                _ = options.Provider == DatabaseProvider.PostgreSql
                    ? new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Host
                    : new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
            }
            catch (ArgumentException ex)
            {
                // The message names the bad keyword, never the value, so no password reaches the log.
                return ValidateOptionsResult.Fail(
                    $"ConnectionStrings:Sotp is not a valid {options.Provider} connection string: {ex.Message}");
            }
        }

        return ValidateOptionsResult.Success;
    }
}

using System.ComponentModel.DataAnnotations;

namespace Sotp.Core.Persistence;

/// <summary>Which database engine SOTP stores its data in.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>Options of the <c>Sotp:Database</c> section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Sotp:Database";

    /// <summary>The name of the connection string (<c>ConnectionStrings:Sotp</c>).</summary>
    public const string ConnectionStringName = "Sotp";

    [Required]
    [EnumDataType(typeof(DatabaseProvider))]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Folder of the SQLite database file when no connection string is given, relative to the content root.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "data";

    /// <summary>How long one PostgreSQL command may take.</summary>
    [Range(1, 600)]
    public int CommandTimeoutSeconds { get; set; } = 30;

    public const int DefaultSqliteLockWaitSeconds = 5;

    /// <summary>
    /// How long a SQLite command waits for a lock another process holds (SQLite's busy wait); then a request answers
    /// 503 and background writers retry later.
    /// </summary>
    [Range(1, 600)]
    public int SqliteLockWaitSeconds { get; set; } = DefaultSqliteLockWaitSeconds;

    /// <summary>
    /// Metric samples kept in memory while the database is away (about 32 bytes each); once full, the oldest are
    /// dropped first. The default holds an hour of 1,000 devices polled every 30 s with 16 series each.
    /// </summary>
    [Range(1000, 100_000_000)]
    public int MaxQueuedSamples { get; set; } = 2_000_000;

    /// <summary>
    /// Reachability state changes kept in memory while the database is away; they are the last thing dropped (a
    /// device changes state rarely, a sample is taken every poll), and once full the oldest go first.
    /// </summary>
    [Range(1000, 10_000_000)]
    public int MaxQueuedStateChanges { get; set; } = 100_000;
}

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

    [Range(1, 600)]
    public int CommandTimeoutSeconds { get; set; } = 30;
}

namespace Sotp.Core.Audit;

/// <summary>
/// The full-text index of the audit trail, one per database: SQLite keeps an FTS5 trigram table filled by an
/// insert trigger; PostgreSQL a pg_trgm GIN index over the text columns. Both find any substring of three
/// characters or more without reading every row. The migrations create them from the SQL here.
/// </summary>
public static class AuditTextIndex
{
    public const int MinimumLength = 3;

    private const string Columns = "\"Actor\", \"Action\", \"TargetName\", \"TargetId\", \"Result\", \"Source\", \"ClientIp\", \"Before\", \"After\"";

    public const string SqliteCreate = $"""
        CREATE VIRTUAL TABLE "AuditEntriesText" USING fts5({Columns}, content='AuditEntries', content_rowid='Id', tokenize='trigram');
        CREATE TRIGGER "AuditEntries_text" AFTER INSERT ON "AuditEntries" BEGIN
            INSERT INTO "AuditEntriesText"(rowid, {Columns})
            VALUES (new."Id", new."Actor", new."Action", new."TargetName", new."TargetId", new."Result", new."Source", new."ClientIp", new."Before", new."After");
        END;
        INSERT INTO "AuditEntriesText"("AuditEntriesText") VALUES ('rebuild');
        """;

    public const string SqliteDrop = """DROP TRIGGER IF EXISTS "AuditEntries_text"; DROP TABLE IF EXISTS "AuditEntriesText";""";

    /// <summary>The indexed expression; a query must use exactly this text for PostgreSQL to use the index.</summary>
    public const string PostgreSqlExpression =
        """lower(coalesce("Actor", '') || ' ' || coalesce("Action", '') || ' ' || coalesce("TargetName", '') || ' ' || coalesce("TargetId", '') || ' ' || coalesce("Result", '') || ' ' || coalesce("Source", '') || ' ' || coalesce("ClientIp", '') || ' ' || coalesce("Before", '') || ' ' || coalesce("After", ''))""";

    public const string PostgreSqlCreate = $"""
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE INDEX "IX_AuditEntries_Text" ON "AuditEntries" USING gin (({PostgreSqlExpression}) gin_trgm_ops);
        """;

    public const string PostgreSqlDrop = """DROP INDEX IF EXISTS "IX_AuditEntries_Text";""";

    /// <summary>An FTS5 phrase: the text in double quotes, its own quotes doubled, so nothing in it is query syntax.</summary>
    public static string SqlitePhrase(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A LIKE pattern that matches the text literally anywhere (its %, _ and \ escaped).</summary>
    public static string LikeAnywhere(string text) =>
        "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Sotp.Core.Persistence;

namespace Sotp.Core.Events;

/// <summary>
/// Saves recorded events in batches: on PostgreSQL by binary COPY (a syslog storm is written at the rate it
/// arrives), on SQLite in one transaction per batch. A database restart loses none (see <see cref="BatchWriter{T}"/>).
/// </summary>
public sealed class EventWriter(EventLog events, IDbContextFactory<SotpDbContext> contexts, TimeProvider time, ILogger<EventWriter> logger)
    : BatchWriter<DeviceEvent>(events.Pending, contexts, time, logger, batchSize: 2000)
{
    protected override async Task SaveBatchAsync(SotpDbContext db, IReadOnlyList<DeviceEvent> batch, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            foreach (var item in batch)
            {
                item.Id = 0; // a failed attempt may have left a key behind
            }

            db.DeviceEvents.AddRange(batch);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return;
        }

        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using (var import = await connection.BeginBinaryImportAsync(
                """
                COPY "DeviceEvents" ("At", "DeviceId", "Source", "Severity", "Sender", "HostName", "Code", "Vendor", "CatalogueId",
                "Text", "Fields", "DeviceTime", "Raw") FROM STDIN (FORMAT BINARY)
                """, ct))
            {
                foreach (var item in batch)
                {
                    await import.StartRowAsync(ct);
                    await import.WriteAsync(item.At.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                    await WriteOrNullAsync(import, item.DeviceId, NpgsqlDbType.Integer, ct);
                    await import.WriteAsync(item.Source.ToString(), NpgsqlDbType.Varchar, ct);
                    await import.WriteAsync((int)item.Severity, NpgsqlDbType.Integer, ct);
                    await import.WriteAsync(item.Sender, NpgsqlDbType.Varchar, ct);
                    await WriteOrNullAsync(import, item.HostName, NpgsqlDbType.Varchar, ct);
                    await WriteOrNullAsync(import, item.Code, NpgsqlDbType.Varchar, ct);
                    await WriteOrNullAsync(import, item.Vendor, NpgsqlDbType.Varchar, ct);
                    await WriteOrNullAsync(import, item.CatalogueId, NpgsqlDbType.Varchar, ct);
                    await import.WriteAsync(item.Text, NpgsqlDbType.Text, ct);
                    await import.WriteAsync(EventFields.ToJson(item.Fields), NpgsqlDbType.Text, ct);
                    await WriteOrNullAsync(import, item.DeviceTime?.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                    await import.WriteAsync(item.Raw, NpgsqlDbType.Bytea, ct);
                }

                await import.CompleteAsync(ct);
            }

            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
        db.ChangeTracker.AcceptAllChanges();
    }

    private static Task WriteOrNullAsync<T>(NpgsqlBinaryImporter import, T? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? import.WriteNullAsync(ct) : import.WriteAsync(value, type, ct);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Sotp.Core.Audit;
using Sotp.Core.Persistence;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>The audit trail on a real PostgreSQL server, written by two console replicas at once.</summary>
[LabTest]
public sealed class AuditTrailPostgresTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_replicas_appending_at_once_keep_one_chain_that_the_database_will_not_let_anyone_edit()
    {
        postgres.RequireRunning();
        var connectionString = postgres.ConnectionString("sotp_audit");
        var contexts = new SotpDbContextFactory(DatabaseProvider.PostgreSql, connectionString, 30);
        await using (var db = contexts.CreateDbContext())
        {
            await db.Database.MigrateAsync(Ct);
        }

        // Two AuditTrail instances stand for two replicas: their in-process locks know nothing of each other.
        using var replicaA = new AuditTrail(contexts, TimeProvider.System, NullLogger<AuditTrail>.Instance);
        using var replicaB = new AuditTrail(contexts, TimeProvider.System, NullLogger<AuditTrail>.Instance);
        var actor = new AuditActor("pg-tester", ["Admin"], "test");
        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => (i % 2 == 0 ? replicaA : replicaB)
            .WriteAsync(new AuditRecord(actor, "device.update", "device", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Ct)));

        Assert.Equal(new AuditVerification(true, 60, null), await replicaA.VerifyAsync(Ct));
        var search = new AuditSearch(contexts);
        Assert.Equal(1, (await search.QueryAsync(new AuditQuery { Text = "PG-TESTER", TargetId = "42" }, Ct)).TotalCount);
        Assert.Equal(60, (await search.QueryAsync(new AuditQuery { Text = "device.upd" }, Ct)).TotalCount);
        Assert.Equal(0, (await search.QueryAsync(new AuditQuery { Text = "50%" }, Ct)).TotalCount);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var update = new NpgsqlCommand("UPDATE \"AuditEntries\" SET \"Actor\" = 'mallory'", connection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => update.ExecuteNonQueryAsync(Ct));
        Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        await using var truncate = new NpgsqlCommand("TRUNCATE \"AuditEntries\"", connection);
        await Assert.ThrowsAsync<PostgresException>(() => truncate.ExecuteNonQueryAsync(Ct));

        // Behind the trigger's back, one edit is found at its row.
        await using var tamper = new NpgsqlCommand("""
            ALTER TABLE "AuditEntries" DISABLE TRIGGER "AuditEntries_append_only";
            UPDATE "AuditEntries" SET "Result" = 'success: nothing to see' WHERE "Sequence" = 30;
            """, connection);
        await tamper.ExecuteNonQueryAsync(Ct);
        var verdict = await replicaB.VerifyAsync(Ct);
        Assert.Equal((false, 29L), (verdict.Valid, verdict.Checked));
    }
}

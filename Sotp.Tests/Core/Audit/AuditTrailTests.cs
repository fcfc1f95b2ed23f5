using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Sotp.Collectors.Addressing;
using Sotp.Core.Audit;
using Sotp.Core.Devices;
using Sotp.Core.Persistence;
using Sotp.Core.Status;
using Sotp.Tests.Support;

namespace Sotp.Tests.Core.Audit;

/// <summary>The audit trail on SQLite: chained, append-only, tamper-evident, and never skipped.</summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private static readonly AuditActor Alice = new("alice", ["Engineer"], "UI", "127.0.0.1");
    private SqliteTestDatabase _database = null!;
    private SotpDbContextFactory _contexts = null!;
    private AuditTrail _audit = null!;
    private DeviceCatalog _catalog = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await SqliteTestDatabase.CreateAsync(Ct);
        _contexts = _database.Contexts;

        _audit = new AuditTrail(_contexts, TimeProvider.System, NullLogger<AuditTrail>.Instance);
        var tracker = new ReachabilityTracker(new StaticOptionsMonitor<ReachabilityOptions>(new ReachabilityOptions()), TimeProvider.System,
            NullLogger<ReachabilityTracker>.Instance);
        _catalog = new DeviceCatalog(_contexts, new DeviceAddressVerifier(new FakeHostResolver()), tracker, _audit, TimeProvider.System);
    }

    public ValueTask DisposeAsync()
    {
        _audit.Dispose();
        _database.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<List<AuditEntry>> EntriesAsync()
    {
        await using var db = _contexts.CreateDbContext();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(Ct);
    }

    private Task<int> ExecuteAsync(string sql) => _database.ExecuteAsync(sql, Ct);

    [Fact]
    public async Task A_device_change_is_recorded_with_before_and_after_in_one_chain()
    {
        var created = await _catalog.CreateAsync(new DeviceInput { Name = "core-1", Address = "127.0.90.1", Kind = "router" }, Alice, Ct);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.SelectMany(e => e.Value)));
        await _catalog.UpdateAsync(created.Device!.Id, new DeviceInput { Name = "core-1", Address = "127.0.90.2", Kind = "router" }, Alice, Ct);
        await _catalog.ArchiveAsync(created.Device.Id, Alice, Ct);

        var entries = await EntriesAsync();

        Assert.Equal(["device.create", "device.update", "device.archive"], entries.Select(e => e.Action));
        // The creation names the device the database just numbered.
        Assert.All(entries, e => Assert.Equal(created.Device.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), e.TargetId));
        var update = entries[1];
        Assert.Equal(("alice", "Engineer", "UI", "127.0.0.1"), (update.Actor, update.Roles, update.Source, update.ClientIp));
        Assert.Equal(("device", created.Device.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "core-1"),
            (update.TargetType, update.TargetId, update.TargetName));
        Assert.Contains("\"address\":\"127.0.90.1\"", update.Before, StringComparison.Ordinal);
        Assert.Contains("\"address\":\"127.0.90.2\"", update.After, StringComparison.Ordinal);
        Assert.Equal(AuditResults.Success, update.Result);
        Assert.Equal(AuditChain.Genesis, entries[0].PreviousHash);
        Assert.Equal(entries[0].Hash, entries[1].PreviousHash);
        Assert.Equal(new AuditVerification(true, 3, null), await _audit.VerifyAsync(Ct));
    }

    [Fact]
    public async Task The_database_refuses_to_change_or_delete_an_entry()
    {
        await _audit.WriteAsync(new AuditRecord(Alice, "auth.sign-in"), Ct);

        var update = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync("UPDATE \"AuditEntries\" SET \"Actor\" = 'mallory'"));
        var delete = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync("DELETE FROM \"AuditEntries\""));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UPDATE \"AuditEntries\" SET \"Actor\" = 'mallory' WHERE \"Sequence\" = 5")]
    [InlineData("UPDATE \"AuditEntries\" SET \"After\" = '{\"address\":\"127.0.0.66\"}' WHERE \"Sequence\" = 5")]
    [InlineData("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 5")]
    public async Task Editing_or_removing_one_row_behind_the_triggers_is_detected_at_that_row(string tampering)
    {
        for (var i = 0; i < 8; i++)
        {
            await _audit.WriteAsync(new AuditRecord(Alice, "device.update", "device", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Ct);
        }

        var fifth = (await EntriesAsync())[4];
        var sixth = (await EntriesAsync())[5];
        // Someone with database access removes the triggers first; the chain still gives them away.
        await ExecuteAsync("DROP TRIGGER \"AuditEntries_no_update\"; DROP TRIGGER \"AuditEntries_no_delete\";");
        Assert.Equal(1, await ExecuteAsync(tampering));

        var verdict = await _audit.VerifyAsync(Ct);

        Assert.False(verdict.Valid);
        Assert.Equal(4, verdict.Checked);
        Assert.Equal(tampering.StartsWith("DELETE", StringComparison.Ordinal) ? sixth.Id : fifth.Id, verdict.FirstBrokenId);
    }

    [Fact]
    public async Task A_change_whose_entry_cannot_be_written_does_not_happen()
    {
        var created = await _catalog.CreateAsync(new DeviceInput { Name = "edge-1", Address = "127.0.90.3", Kind = "router" }, Alice, Ct);
        await ExecuteAsync("CREATE TRIGGER block_audit BEFORE INSERT ON \"AuditEntries\" BEGIN SELECT RAISE(ABORT, 'disk full'); END;");

        await Assert.ThrowsAnyAsync<DbUpdateException>(() =>
            _catalog.UpdateAsync(created.Device!.Id, new DeviceInput { Name = "edge-renamed", Address = "127.0.90.3", Kind = "router" }, Alice, Ct));

        Assert.Equal("edge-1", (await _catalog.GetAsync(created.Device!.Id, Ct))!.Name);
        await ExecuteAsync("DROP TRIGGER block_audit;");
        var after = await _catalog.UpdateAsync(created.Device.Id, new DeviceInput { Name = "edge-renamed", Address = "127.0.90.3", Kind = "router" }, Alice, Ct);
        Assert.True(after!.Succeeded, "the chain lock was not released after the failure");
        Assert.True((await _audit.VerifyAsync(Ct)).Valid);
    }

    [Theory]
    [InlineData("core-7", 1)]          // part of a name, through the full-text index
    [InlineData("CORE-7", 1)]          // any case
    [InlineData("127.0.91.7", 1)]      // inside the JSON of the values
    [InlineData("\"address\"", 10)]     // quotes are text, not query syntax
    [InlineData("e-", 10)]             // shorter than a trigram: looked for row by row
    [InlineData("100%", 0)]            // % is a character, not a wildcard
    [InlineData("nowhere-to-be-found", 0)]
    public async Task Full_text_search_finds_any_substring_of_any_column(string text, int expected)
    {
        for (var i = 0; i < 10; i++)
        {
            var name = $"core-{i}";
            await _audit.WriteAsync(new AuditRecord(Alice, "device.update", "device", i.ToString(System.Globalization.CultureInfo.InvariantCulture), name,
                new { address = $"127.0.90.{i}" }, new { address = $"127.0.91.{i}" }), Ct);
        }

        var page = await new AuditSearch(_contexts).QueryAsync(new AuditQuery { Text = text }, Ct);

        Assert.Equal(expected, page.TotalCount);
    }

    [Fact]
    public async Task Concurrent_appends_form_one_unbroken_chain()
    {
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            _audit.WriteAsync(new AuditRecord(Alice, "auth.sign-in", TargetId: i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Ct)));

        Assert.Equal(new AuditVerification(true, 40, null), await _audit.VerifyAsync(Ct));
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Sotp.Collectors.Addressing;
using Sotp.Core.Audit;
using Sotp.Core.Devices;
using Sotp.Core.Live;
using Sotp.Core.Status;
using Sotp.Tests.Support;

namespace Sotp.Tests.Core.Devices;

/// <summary>The live inventory: what the catalog saves is published, and the database is the safety net.</summary>
public sealed class InventoryFeedTests : IAsyncLifetime
{
    private SqliteTestDatabase _database = null!;
    private AuditTrail _audit = null!;
    private DeviceCatalog _catalog = null!;
    private ReachabilityTracker _tracker = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await SqliteTestDatabase.CreateAsync(Ct);
        _audit = new AuditTrail(_database.Contexts, TimeProvider.System, NullLogger<AuditTrail>.Instance);
        var tracker = _tracker = new ReachabilityTracker(new StaticOptionsMonitor<ReachabilityOptions>(new ReachabilityOptions()), TimeProvider.System,
            NullLogger<ReachabilityTracker>.Instance);
        _catalog = new DeviceCatalog(_database.Contexts, new DeviceAddressVerifier(new FakeHostResolver()), tracker, _audit, TimeProvider.System);
        _catalog.Feed.BatchWindow = TimeSpan.Zero;
    }

    public ValueTask DisposeAsync()
    {
        _audit.Dispose();
        _database.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<int> AddAsync(string name, bool monitored = true) =>
        (await _catalog.CreateAsync(new DeviceInput { Name = name, Address = "127.0.85.1", Kind = "switch", Monitored = monitored, PingIntervalSeconds = 30 },
            AuditActor.System("test"), Ct)).Device!.Id;

    [Fact]
    public async Task The_collectors_find_monitored_devices_with_their_interval_without_reading_the_database()
    {
        var pinged = await AddAsync("pinged");
        await AddAsync("quiet", monitored: false);

        // The table gone: any read of the device list from the database would fail now.
        await _database.ExecuteAsync("ALTER TABLE Devices RENAME TO DevicesAway;", Ct);
        var monitored = _catalog.Monitored();

        var device = Assert.Single(monitored);
        Assert.Equal((pinged, 30), (device.Id, device.PingIntervalSeconds));
    }

    [Fact]
    public async Task Switching_monitoring_off_records_from_when_nobody_watches_for_the_availability_report()
    {
        var device = await AddAsync("edge");
        var since = DateTimeOffset.UtcNow.AddHours(-1);
        _tracker.Restore(device, DeviceState.Up, since);

        var input = new DeviceInput { Name = "edge", Address = "127.0.85.1", Kind = "switch", Monitored = false, SloPercent = 99.95 };
        var saved = (await _catalog.UpdateAsync(device, input, AuditActor.System("test"), Ct))!;

        Assert.Equal(99.95, saved.Device!.SloPercent);
        await using var db = _database.Contexts.CreateDbContext();
        var change = Assert.Single(db.StatusEvents.Where(e => e.DeviceId == device));
        Assert.Equal((DeviceState.Unknown, DeviceState.Up), (change.State, change.PreviousState));
        Assert.True(change.At > since);

        // Saved again while off: no second change.
        await _catalog.UpdateAsync(device, input, AuditActor.System("test"), Ct);
        Assert.Single(db.StatusEvents.Where(e => e.DeviceId == device));
    }

    [Fact]
    public async Task A_reconcile_publishes_only_what_differs_from_the_database_and_tells_the_schedulers()
    {
        var edited = await AddAsync("edited-by-hand");
        var gone = await AddAsync("archived-by-hand");
        await AddAsync("untouched");
        using var subscription = _catalog.Feed.Subscribe();
        var version = _catalog.Version;

        Assert.Equal(0, await _catalog.LoadFeedAsync(Ct));
        Assert.Equal(version, _catalog.Version);

        await _database.ExecuteAsync($"UPDATE Devices SET Name = 'renamed' WHERE Id = {edited}; UPDATE Devices SET ArchivedAt = '2026-11-29 07:00:00+00:00' WHERE Id = {gone};", Ct);
        Assert.Equal(2, await _catalog.LoadFeedAsync(Ct));

        await using var batches = subscription.ReadBatchesAsync(Ct).GetAsyncEnumerator(Ct);
        Assert.True(await batches.MoveNextAsync());
        var changes = batches.Current.OrderBy(c => c.Key).ToArray();
        Assert.Equal([(edited, ChangeKind.Upsert, "renamed"), (gone, ChangeKind.Removed, "archived-by-hand")],
            changes.Select(c => (c.Key, c.Kind, c.Item.Name)));
        Assert.True(_catalog.Version > version);
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sotp.Collectors.Scheduling;
using Sotp.Core.Audit;
using Sotp.Core.Devices;
using Sotp.Core.Persistence;
using Sotp.Core.Status;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>
/// Several SOTP processes on one PostgreSQL database, as the Helm chart runs them: two collectors-only
/// processes share the devices through the clustered Quartz scheduler, and a console-only process shows
/// their live state through LISTEN/NOTIFY without pinging anything itself.
/// </summary>
[LabTest]
public sealed class ClusterPostgresTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const int DeviceCount = 12;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Collectors_share_the_devices_and_a_console_only_process_shows_them_live()
    {
        postgres.RequireRunning();
        var connectionString = postgres.ConnectionString("sotp_cluster");
        using var console = Node(connectionString, "Console");
        var catalog = console.Services.GetRequiredService<DeviceCatalog>(); // starts the console, which migrates
        for (var i = 1; i <= DeviceCount; i++)
        {
            var created = await catalog.CreateAsync(new DeviceInput { Name = $"edge-{i:00}", Address = $"127.0.8.{i}", Kind = "router", PingIntervalSeconds = 1 },
                AuditActor.System("test"), Ct);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.SelectMany(e => e.Value)));
        }

        using var first = Node(connectionString, "Collectors");
        using var second = Node(connectionString, "Collectors");
        var shares = new[] { Share(first), Share(second) };
        await Eventually.WaitAsync(() => Task.FromResult(shares.Select(s => s.Members.Count).ToArray()), counts => counts.All(c => c == 2),
            TimeSpan.FromSeconds(40));
        Assert.All(shares, s => Assert.Equal(2, s.Members.Count));
        var devices = catalog.Monitored().Select(d => d.Id).ToArray();
        Assert.All(devices, id => Assert.Single(shares, s => s.Owns(id)));
        Assert.All(shares, s => Assert.Contains(devices, s.Owns)); // each has a share, neither has all

        // The console-only process pings nothing, yet shows every device Up from the collectors' probes.
        Assert.Null(console.Services.GetService<ProbeScheduler>());
        var tracker = console.Services.GetRequiredService<ReachabilityTracker>();
        var states = await Eventually.WaitAsync(() => Task.FromResult(devices.Select(tracker.StatusOf).ToArray()),
            all => all.All(s => s.State == DeviceState.Up), TimeSpan.FromSeconds(30));
        Assert.All(states, s => Assert.Equal(DeviceState.Up, s.State));

        // Each change is saved once, by the collector that probed: one Up per device, not one per process.
        await using (var db = new SotpDbContextFactory(DatabaseProvider.PostgreSql, connectionString, 5).CreateDbContext())
        {
            var ups = await Eventually.WaitAsync(() => db.StatusEvents.CountAsync(e => e.State == DeviceState.Up, Ct), n => n >= devices.Length);
            await Task.Delay(TimeSpan.FromSeconds(2), Ct);
            Assert.Equal(devices.Length, await db.StatusEvents.CountAsync(e => e.State == DeviceState.Up, Ct));
            Assert.Equal(devices.Length, ups);
        }

        // A device added on the console reaches the collectors at once (not at their next minute's reload).
        var added = await catalog.CreateAsync(new DeviceInput { Name = "edge-new", Address = "127.0.8.99", Kind = "router", PingIntervalSeconds = 1 },
            AuditActor.System("test"), Ct);
        var newStatus = await Eventually.WaitAsync(() => Task.FromResult(tracker.StatusOf(added.Device!.Id)), s => s.State == DeviceState.Up,
            TimeSpan.FromSeconds(15));
        Assert.Equal(DeviceState.Up, newStatus.State);
        Assert.Single(shares, s => s.Owns(added.Device!.Id));
        devices = [.. devices, added.Device!.Id];

        // Jobs that must run once are stored once, in the clustered scheduler both collectors belong to.
        Assert.Equal(1L, await ScalarAsync(connectionString,
            "SELECT count(*) FROM qrtz_triggers WHERE sched_name = 'sotp-cluster' AND trigger_name = 'metric-retention'"));

        // A collector leaves: the other takes over its devices, and the console keeps seeing fresh probes.
        await second.DisposeAsync();
        await Eventually.WaitAsync(() => Task.FromResult(shares[0].Members.Count), n => n == 1, TimeSpan.FromSeconds(40));
        Assert.All(devices, id => Assert.True(shares[0].Owns(id)));
        var since = DateTimeOffset.UtcNow;
        var fresh = await Eventually.WaitAsync(() => Task.FromResult(devices.Select(tracker.StatusOf).ToArray()),
            all => all.All(s => s.LastProbeAt > since), TimeSpan.FromSeconds(20));
        Assert.All(fresh, s => Assert.True(s.LastProbeAt > since, $"device {s.DeviceId} not probed since the collector left"));
        Assert.Equal(DeviceCount + 1, devices.Length);
    }

    [Fact]
    public async Task Devices_saved_and_archived_and_audit_entries_written_on_one_console_reach_another_at_once()
    {
        postgres.RequireRunning();
        var connectionString = postgres.ConnectionString("sotp_two_consoles");
        using var first = Node(connectionString, "Console");
        using var second = Node(connectionString, "Console");
        var here = first.Services.GetRequiredService<DeviceCatalog>();
        var there = second.Services.GetRequiredService<DeviceCatalog>();
        using var inventory = there.Feed.Subscribe();
        using var audit = second.Services.GetRequiredService<AuditTrail>().Entries.Subscribe();

        var created = await here.CreateAsync(new DeviceInput { Name = "far-rtr", Address = "127.0.8.200", Kind = "router" }, AuditActor.System("test"), Ct);
        var id = created.Device!.Id;
        Assert.Equal("far-rtr", (await Eventually.WaitAsync(() => Task.FromResult(there.Feed.TryGet(id, out var d) ? d : null), d => d is not null,
            TimeSpan.FromSeconds(15)))?.Name);
        await here.UpdateAsync(id, new DeviceInput { Name = "far-rtr-2", Address = "127.0.8.200", Kind = "router" }, AuditActor.System("test"), Ct);
        await here.ArchiveAsync(id, AuditActor.System("test"), Ct);

        var changes = new List<Sotp.Core.Live.KeyedChange<int, DeviceSummary>>();
        var entries = new List<AuditEntry>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        await foreach (var batch in inventory.ReadBatchesAsync(timeout.Token))
        {
            changes.AddRange(batch.Where(c => c.Key == id));
            if (changes.Any(c => c.IsRemoval))
            {
                break;
            }
        }

        await foreach (var batch in audit.ReadBatchesAsync(timeout.Token))
        {
            entries.AddRange(batch.Where(e => e.TargetId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (entries.Count >= 3)
            {
                break;
            }
        }

        Assert.True(changes[^1].IsRemoval);
        Assert.Equal("far-rtr-2", changes[^1].Item.Name);
        Assert.False(there.Feed.TryGet(id, out _));
        Assert.Equal(["device.create", "device.update", "device.archive"], entries.Select(e => e.Action));
    }

    [Fact]
    public async Task Four_processes_starting_at_once_on_a_new_database_all_start_and_seed_once()
    {
        postgres.RequireRunning();
        var connectionString = postgres.ConnectionString("sotp_together");
        var password = TestSecrets.NewPassword();
        var nodes = new[] { "Console", "Console", "Collectors", "Collectors" }.Select(role => new SotpAppFactory()
            .With("Sotp:Database:Provider", "PostgreSql").With("ConnectionStrings:Sotp", connectionString)
            .With("Sotp:Roles", role).With("Sotp:Bootstrap:AdminPassword", password)).ToArray();
        try
        {
            // Each start migrates, then seeds roles, permissions and the administrator: as a helm install does.
            await Task.WhenAll(nodes.Select(n => Task.Run(() => n.Services, Ct)));

            Assert.Equal(1L, await ScalarAsync(connectionString, "SELECT count(*) FROM \"AspNetUsers\" WHERE \"UserName\" = 'admin'"));
            Assert.Equal(4L, await ScalarAsync(connectionString, "SELECT count(*) FROM \"AspNetRoles\""));
            using var api = await nodes[1].CreateBearerClientAsync("admin", password);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/devices", Ct)).StatusCode);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_collectors_only_process_answers_health_probes_and_serves_no_pages()
    {
        postgres.RequireRunning();
        using var collector = Node(postgres.ConnectionString("sotp_collector_only"), "Collectors");
        using var client = collector.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/login", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/devices", Ct)).StatusCode);
    }

    private static SotpAppFactory Node(string connectionString, string roles)
    {
        var node = new SotpAppFactory()
            .With("Sotp:Database:Provider", "PostgreSql")
            .With("ConnectionStrings:Sotp", connectionString)
            .With("Sotp:Roles", roles);
        _ = node.Services; // start it
        return node;
    }

    private static CollectorShare Share(SotpAppFactory node) => node.Services.GetRequiredService<CollectorShare>();

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}

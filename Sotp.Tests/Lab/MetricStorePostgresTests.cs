using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;
using Sotp.Core.Persistence;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>The metric store on a real PostgreSQL server: batches, rollups, ranged reads and retention.</summary>
[LabTest]
public sealed class MetricStorePostgresTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Samples_and_rollups_round_trip_on_postgresql()
    {
        postgres.RequireRunning();
        var contexts = new SotpDbContextFactory(DatabaseProvider.PostgreSql, postgres.ConnectionString("sotp_metrics"), 30);
        int deviceId;
        await using (var db = contexts.CreateDbContext())
        {
            await db.Database.MigrateAsync(Ct);
            var device = new Device { Name = "pg-metrics", Address = "127.0.81.1" };
            db.Devices.Add(device);
            await db.SaveChangesAsync(Ct);
            deviceId = device.Id;
        }

        var writer = new MetricWriter(contexts, TimeProvider.System, NullLogger<MetricWriter>.Instance);
        await writer.StartAsync(Ct);
        // A local offset on purpose: the store keeps UTC on PostgreSQL's timestamptz.
        var start = new DateTimeOffset(2026, 11, 27, 11, 0, 0, TimeSpan.FromHours(1));
        for (var i = 0; i < 2000; i++)
        {
            writer.Write(deviceId, MetricSeries.InterfaceIn(3), start.AddSeconds(i * 15), i % 100);
        }

        var history = new MetricHistory(contexts, Options.Create(new MetricOptions()));
        var (raw, _) = await Eventually.WaitAsync(
            () => history.QueryAsync(deviceId, MetricSeries.InterfaceIn(3), start, start.AddHours(10), Ct), r => r.Points.Count == 2000);
        await writer.StopAsync(Ct);
        writer.Dispose();

        Assert.Equal(2000, raw.Count);
        Assert.Equal(start, raw[0].At);
        var (hourly, resolution) = await history.QueryAsync(deviceId, MetricSeries.InterfaceIn(3), start.AddDays(-40), start.AddDays(1), Ct);
        Assert.Equal(3600, resolution);
        Assert.Equal(8, hourly.Count); // 2,000 x 15 s = 8 h 20 min: eight finished hours, the ninth still open
        Assert.Equal(2000, await history.PruneAsync(start.AddDays(3), Ct)); // the raw samples; rollups stay longer
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Sotp.Core.Devices;
using Sotp.Core.Persistence;
using Sotp.Core.Status;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>State changes survive a PostgreSQL restart: the writer keeps its batch and retries.</summary>
[LabTest]
public sealed class StatusEventWriterTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task State_changes_made_while_the_database_is_down_are_saved_once_it_is_back()
    {
        postgres.RequireRunning();
        var contexts = new SotpDbContextFactory(DatabaseProvider.PostgreSql, postgres.ConnectionString("sotp_writer"), 5);
        int deviceId;
        await using (var db = contexts.CreateDbContext())
        {
            await db.Database.MigrateAsync(Ct);
            var device = new Device { Name = "restart-rtr", Address = "127.0.93.1" };
            db.Devices.Add(device);
            await db.SaveChangesAsync(Ct);
            deviceId = device.Id;
        }

        var tracker = new ReachabilityTracker(new StaticOptionsMonitor<ReachabilityOptions>(new ReachabilityOptions { DownAfterLost = 1 }),
            TimeProvider.System, NullLogger<ReachabilityTracker>.Instance);
        var writer = new StatusEventWriter(tracker, contexts, TimeProvider.System, NullLogger<StatusEventWriter>.Instance)
        {
            RetryDelay = TimeSpan.FromMilliseconds(200),
        };
        await writer.StartAsync(Ct);
        try
        {
            await postgres.StopAsync();
            var at = DateTimeOffset.UtcNow;
            for (var i = 0; i < 6; i++)
            {
                tracker.Observe(deviceId, i % 2 == 0 ? 1.0 : null, at.AddSeconds(i)); // Up, Down, Up, ...
            }

            await postgres.StartAsync();

            var saved = await Eventually.WaitAsync(async () =>
            {
                try
                {
                    await using var db = contexts.CreateDbContext();
                    return await db.StatusEvents.CountAsync(e => e.DeviceId == deviceId, Ct);
                }
                catch (Npgsql.NpgsqlException)
                {
                    return 0; // still starting
                }
            }, count => count >= 6);

            Assert.Equal(6, saved);
            Assert.Equal(0, tracker.PendingChanges.Dropped);
        }
        finally
        {
            await writer.StopAsync(Ct);
        }
    }
}

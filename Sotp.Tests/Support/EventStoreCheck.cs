using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Sotp.Core.Devices;
using Sotp.Core.Events;
using Sotp.Core.Persistence;

namespace Sotp.Tests.Support;

/// <summary>
/// What the event store must do on either engine (PostgreSQL by binary COPY, SQLite by INSERT): keep every field of
/// thousands of events exactly, raw bytes included, hand them back newest first with filters and paging, prune, and
/// give a sender's unmatched events to the device it becomes.
/// </summary>
public static class EventStoreCheck
{
    public static async Task RunAsync(SotpDbContextFactory contexts, CancellationToken ct)
    {
        int deviceId;
        await using (var db = contexts.CreateDbContext())
        {
            var device = new Device { Name = "store-rtr", Address = "127.0.82.1" };
            db.Devices.Add(device);
            await db.SaveChangesAsync(ct);
            deviceId = device.Id;
        }

        var events = EventLogs.Create();
        var writer = new EventWriter(events, contexts, TimeProvider.System, NullLogger<EventWriter>.Instance);
        await writer.StartAsync(ct);
        var start = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.FromHours(2)); // an offset on purpose: stored as UTC
        byte[] raw = [.. "<13>hostile \0 and "u8, 0xFF, 0xFE, .. " bytes"u8];
        for (var i = 0; i < 5000; i++)
        {
            events.Record(new DeviceEvent
            {
                At = start.AddMilliseconds(i), DeviceId = i % 2 == 0 ? deviceId : null, Source = i % 3 == 0 ? EventSource.Trap : EventSource.Syslog,
                Severity = (EventSeverity)(i % 8), Sender = "127.0.82.1", HostName = i % 5 == 0 ? null : "store\0rtr", Code = $"CODE-{i % 7}",
                Vendor = "cisco", CatalogueId = i % 4 == 0 ? null : "cisco/LINK-3-UPDOWN/down", Text = $"message {i} with a NUL \0 inside",
                Fields = new Dictionary<string, string> { ["interface"] = $"Gi0/{i}", ["quote"] = "\"x\"" }, DeviceTime = i % 2 == 0 ? start : null, Raw = raw,
            });
        }

        var search = new EventSearch(contexts);
        await Eventually.WaitAsync(async () => (await search.ListAsync(new EventQuery(Limit: 1000), ct)).Count, n => n == 1000);
        await Eventually.WaitAsync(async () =>
        {
            await using var db = contexts.CreateDbContext();
            return await db.DeviceEvents.CountAsync(ct);
        }, n => n == 5000);
        await writer.StopAsync(ct);
        writer.Dispose();

        var newest = (await search.ListAsync(new EventQuery(Limit: 1), ct))[0];
        Assert.Equal((start.AddMilliseconds(4999), TimeSpan.Zero), (newest.At, newest.At.Offset));
        Assert.Equal("message 4999 with a NUL \uFFFD inside", newest.Text); // the raw bytes keep the NUL
        Assert.Equal(raw, newest.Raw);
        Assert.Equal(("Gi0/4999", "\"x\""), (newest.Fields["interface"], newest.Fields["quote"]));
        Assert.Equal((EventSource.Syslog, EventSeverity.Debug, "CODE-1", "cisco/LINK-3-UPDOWN/down"), (newest.Source, newest.Severity, newest.Code, newest.CatalogueId));
        Assert.Null(newest.DeviceId);
        Assert.Equal("store\uFFFDrtr", newest.HostName);

        var mine = await search.ListAsync(new EventQuery(DeviceId: deviceId, Severity: EventSeverity.Error, Source: EventSource.Trap, Limit: 1000), ct);
        Assert.All(mine, e => Assert.True(e.DeviceId == deviceId && e.Severity <= EventSeverity.Error && e.Source == EventSource.Trap));
        Assert.Equal(Enumerable.Range(0, 5000).Count(i => i % 2 == 0 && i % 3 == 0 && i % 8 <= 3), mine.Count);
        var page = await search.ListAsync(new EventQuery(Text: "MESSAGE 12", Limit: 5), ct);
        var next = await search.ListAsync(new EventQuery(Text: "MESSAGE 12", Limit: 5, BeforeId: page[^1].Id), ct);
        Assert.All(page.Concat(next), e => Assert.StartsWith("message 12", e.Text, StringComparison.Ordinal));
        Assert.True(next[0].Id < page[^1].Id);

        Assert.Equal(2500, await search.PruneAsync(start.AddMilliseconds(2500), ct));
        Assert.Equal(2500, (await search.UnmatchedSendersAsync(10, ct)).Sum(s => s.Count) * 2);

        // The sender becomes a device: what it sent while unmatched is the device's, and nobody else's is touched.
        Assert.Equal(0, await search.AttributeSenderAsync("127.0.82.9", deviceId, ct));
        Assert.Equal(1250, await search.AttributeSenderAsync("127.0.82.1", deviceId, ct));
        Assert.Empty(await search.UnmatchedSendersAsync(10, ct));
        await using (var db = contexts.CreateDbContext())
        {
            Assert.Equal(2500, await db.DeviceEvents.CountAsync(e => e.DeviceId == deviceId, ct));
        }
    }
}

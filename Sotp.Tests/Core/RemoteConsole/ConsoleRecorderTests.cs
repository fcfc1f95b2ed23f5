using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Sotp.Core.Audit;
using Sotp.Core.Devices;
using Sotp.Core.Persistence;
using Sotp.Core.RemoteConsole;
using Sotp.Tests.Support;

namespace Sotp.Tests.Core.RemoteConsole;

/// <summary>Console transcripts on SQLite: recorded in order, append-only, and bound to the audit chain by their hash.</summary>
public sealed class ConsoleRecorderTests : IAsyncLifetime
{
    private static readonly AuditActor Alice = new("alice", ["Engineer"], "UI", "127.0.0.1");
    private SqliteTestDatabase _database = null!;
    private SotpDbContextFactory _contexts = null!;
    private AuditTrail _audit = null!;
    private ConsoleRecorder _recorder = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await SqliteTestDatabase.CreateAsync(Ct);
        _contexts = _database.Contexts;
        await using var db = _contexts.CreateDbContext();
        db.Devices.Add(new Device { Name = "r1", Address = "192.0.2.1", Kind = DeviceKind.Router });
        await db.SaveChangesAsync(Ct);
        _audit = new AuditTrail(_contexts, TimeProvider.System, NullLogger<AuditTrail>.Instance);
        _recorder = new ConsoleRecorder(_contexts, _audit, TimeProvider.System);
    }

    public ValueTask DisposeAsync()
    {
        _audit.Dispose();
        _database.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_transcript_is_kept_in_order_and_any_change_to_it_is_found()
    {
        long sessionId;
        await using (var recording = await _recorder.StartAsync(1, "r1", Alice, ConsoleSessionKind.Terminal, Ct))
        {
            sessionId = recording.SessionId;
            await recording.ToDeviceAsync("show version\r"u8.ToArray(), Ct);
            await recording.FromDeviceAsync("FRRouting 8.4.4\r\n"u8.ToArray(), Ct);
            await recording.ResizeAsync(120, 40, Ct);
            await recording.FromDeviceAsync("r1# "u8.ToArray(), Ct);
        }

        var chunks = await _recorder.ChunksAsync(sessionId, 0, 100, Ct);
        Assert.Equal([TranscriptDirection.ToDevice, TranscriptDirection.FromDevice, TranscriptDirection.Resize, TranscriptDirection.FromDevice],
            chunks.Select(c => c.Direction));
        Assert.Equal("120x40", Encoding.ASCII.GetString(chunks[2].Data));
        var (session, intact) = (await _recorder.VerifyAsync(sessionId, Ct))!.Value;
        Assert.True(intact);
        Assert.Equal(13, session.BytesToDevice);
        Assert.Equal("closed", session.EndReason);

        // Append-only: the database refuses an edit ...
        var refused = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync("UPDATE \"TranscriptChunks\" SET \"Data\" = x'00'"));
        Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);

        // ... and one made behind its back no longer matches the hash on the audit trail.
        await ExecuteAsync("DROP TRIGGER \"TranscriptChunks_no_update\"; UPDATE \"TranscriptChunks\" SET \"Data\" = CAST('show running' AS BLOB) WHERE \"Sequence\" = 0;");
        Assert.False((await _recorder.VerifyAsync(sessionId, Ct))!.Value.Intact);
    }

    [Fact]
    public async Task A_session_still_open_has_no_seal_yet_and_ends_once()
    {
        var recording = await _recorder.StartAsync(1, "r1", Alice, ConsoleSessionKind.Command, Ct);
        await recording.CommandAsync("show clock", CommandPolicy.Decide("show clock"), Ct);
        await recording.CommandAsync("reload", CommandPolicy.Decide("reload"), Ct);

        Assert.Null((await _recorder.VerifyAsync(recording.SessionId, Ct))!.Value.Intact);
        await recording.EndAsync("idle for 15 min");
        await recording.DisposeAsync();

        await using var db = _contexts.CreateDbContext();
        var actions = await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync(Ct);
        Assert.Equal(["console.session.start", "console.command", "console.command.refused", "console.session.end"], actions);
        var session = await db.ConsoleSessions.SingleAsync(Ct);
        var start = await db.AuditEntries.SingleAsync(e => e.Action == "console.session.start", Ct);
        Assert.Contains($"\"sessionId\":{session.Id}", start.After, StringComparison.Ordinal);
        Assert.NotEqual(0, session.Id);
        Assert.Equal("idle for 15 min", session.EndReason);
        Assert.Equal(1, session.Commands);
    }

    private Task<int> ExecuteAsync(string sql) => _database.ExecuteAsync(sql, Ct);
}

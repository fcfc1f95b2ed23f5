using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sotp.Core.Audit;
using Sotp.Core.Persistence;

namespace Sotp.Core.RemoteConsole;

/// <summary>
/// Puts console sessions on the record: the session's start and end (user, device, bytes, reason) and every
/// command are audit entries, and the whole transcript is stored in append-only chunks whose SHA-256 the end
/// entry carries, so a transcript belongs to the hash chain: changing a byte of it no longer matches.
/// </summary>
public sealed class ConsoleRecorder(IDbContextFactory<SotpDbContext> contexts, AuditTrail audit, TimeProvider time)
{
    public async Task<ConsoleRecording> StartAsync(int deviceId, string deviceName, AuditActor actor, ConsoleSessionKind kind,
        CancellationToken cancellationToken)
    {
        var session = new ConsoleSession
        {
            DeviceId = deviceId, DeviceName = deviceName, UserName = actor.Name, Kind = kind, StartedAt = time.GetUtcNow(),
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ConsoleSessions.Add(session);
        await audit.SaveAsync(db, () => new AuditRecord(actor, "console.session.start", "device", deviceId.ToString(CultureInfo.InvariantCulture),
            deviceName, After: new { sessionId = long.Parse(AuditTrail.KeyOf(db, session), CultureInfo.InvariantCulture), kind = kind.ToString() }),
            cancellationToken);
        return new ConsoleRecording(session, actor, contexts, audit, time);
    }

    /// <summary>A command refused before any connection was opened (API): on the record all the same.</summary>
    public Task RefuseAsync(int deviceId, AuditActor actor, string command, CommandDecision decision, CancellationToken cancellationToken) =>
        audit.WriteAsync(new AuditRecord(actor, "console.command.refused", "device", deviceId.ToString(CultureInfo.InvariantCulture),
            After: new { command, reason = decision.Reason }), cancellationToken);

    /// <summary>The session and whether its stored transcript still hashes to what the audit trail recorded.</summary>
    public async Task<(ConsoleSession Session, bool? Intact)?> VerifyAsync(long sessionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var session = await db.ConsoleSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null)
        {
            return null;
        }

        var id = sessionId.ToString(CultureInfo.InvariantCulture);
        var ends = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "console.session.end" && e.After != null && e.After.Contains(id))
            .Select(e => e.After!).ToListAsync(cancellationToken);
        var recorded = ends.Select(a => JsonDocument.Parse(a).RootElement)
            .Where(a => a.TryGetProperty("sessionId", out var s) && s.GetInt64() == sessionId)
            .Select(a => a.GetProperty("transcriptSha256").GetString()).FirstOrDefault();
        if (recorded is null)
        {
            return (session, null); // still open, or ended without its entry
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await foreach (var chunk in db.TranscriptChunks.AsNoTracking().Where(c => c.SessionId == sessionId).OrderBy(c => c.Sequence)
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            ConsoleRecording.Append(hash, chunk);
        }

        return (session, Convert.ToHexStringLower(hash.GetHashAndReset()) == recorded);
    }

    /// <summary>A session's transcript in order, for replay; bounded by the caller's page.</summary>
    public async Task<IReadOnlyList<TranscriptChunk>> ChunksAsync(long sessionId, int fromSequence, int count, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.TranscriptChunks.AsNoTracking().Where(c => c.SessionId == sessionId && c.Sequence >= fromSequence)
            .OrderBy(c => c.Sequence).Take(count).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ConsoleSession>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ConsoleSessions.AsNoTracking().OrderByDescending(s => s.Id).Take(count).ToListAsync(cancellationToken);
    }
}

/// <summary>
/// One session being recorded. Output arriving close together is gathered into one chunk (at most 64 KB, or
/// 100 ms apart), and chunks are saved once a second; past 1 MB unsaved, the caller waits for the save, which
/// slows the device's output instead of growing memory.
/// </summary>
public sealed class ConsoleRecording : IAsyncDisposable
{
    private const int ChunkBytes = 64 * 1024;
    private const long UnsavedLimit = 1024 * 1024;
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan SaveEvery = TimeSpan.FromSeconds(1);

    private readonly ConsoleSession _session;
    private readonly AuditActor _actor;
    private readonly IDbContextFactory<SotpDbContext> _contexts;
    private readonly AuditTrail _audit;
    private readonly TimeProvider _time;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<TranscriptChunk> _unsaved = [];
    private readonly MemoryStream _open = new();
    private TranscriptDirection _openDirection;
    private DateTimeOffset _openAt;
    private DateTimeOffset _savedAt;
    private long _unsavedBytes;
    private int _sequence;
    private bool _ended;

    internal ConsoleRecording(ConsoleSession session, AuditActor actor, IDbContextFactory<SotpDbContext> contexts, AuditTrail audit, TimeProvider time)
    {
        (_session, _actor, _contexts, _audit, _time) = (session, actor, contexts, audit, time);
        _savedAt = session.StartedAt;
    }

    public long SessionId => _session.Id;

    public ConsoleSession Session => _session;

    public ValueTask FromDeviceAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        _session.BytesFromDevice += data.Length;
        return AddAsync(TranscriptDirection.FromDevice, data, cancellationToken);
    }

    public ValueTask ToDeviceAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        _session.BytesToDevice += data.Length;
        return AddAsync(TranscriptDirection.ToDevice, data, cancellationToken);
    }

    public ValueTask ResizeAsync(int columns, int rows, CancellationToken cancellationToken) =>
        AddAsync(TranscriptDirection.Resize, System.Text.Encoding.ASCII.GetBytes($"{columns}x{rows}"), cancellationToken);

    /// <summary>A command typed in command mode or sent through the API, allowed or refused, on the record.</summary>
    public async Task CommandAsync(string command, CommandDecision decision, CancellationToken cancellationToken)
    {
        if (decision.Allowed)
        {
            _session.Commands++;
        }

        await _audit.WriteAsync(new AuditRecord(_actor, decision.Allowed ? "console.command" : "console.command.refused", "device",
            _session.DeviceId.ToString(CultureInfo.InvariantCulture), _session.DeviceName,
            After: new { sessionId = _session.Id, command, reason = decision.Allowed ? null : decision.Reason }), cancellationToken);
    }

    /// <summary>Saves what is left and puts the end on the record, with the transcript's hash. Once.</summary>
    public async Task EndAsync(string reason)
    {
        await _gate.WaitAsync();
        try
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            CloseChunk();
            _session.EndedAt = _time.GetUtcNow();
            _session.EndReason = reason.Length > 500 ? reason[..500] : reason;
            _session.TranscriptSha256 = Convert.ToHexStringLower(_hash.GetHashAndReset());
            await using var db = await _contexts.CreateDbContextAsync(CancellationToken.None);
            db.TranscriptChunks.AddRange(_unsaved);
            db.ConsoleSessions.Update(_session);
            await _audit.SaveAsync(db, new AuditRecord(_actor, "console.session.end", "device", _session.DeviceId.ToString(CultureInfo.InvariantCulture),
                _session.DeviceName, After: new
                {
                    sessionId = _session.Id,
                    kind = _session.Kind.ToString(),
                    startedAt = _session.StartedAt,
                    endedAt = _session.EndedAt,
                    reason = _session.EndReason,
                    bytesFromDevice = _session.BytesFromDevice,
                    bytesToDevice = _session.BytesToDevice,
                    commands = _session.Commands,
                    chunks = _sequence,
                    transcriptSha256 = _session.TranscriptSha256,
                }), CancellationToken.None);
            _unsaved.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await EndAsync("closed");
        _hash.Dispose();
        _gate.Dispose();
        await _open.DisposeAsync();
    }

    internal static void Append(IncrementalHash hash, TranscriptChunk chunk)
    {
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32LittleEndian(header, chunk.Sequence);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], chunk.OffsetMs);
        header[8] = (byte)chunk.Direction;
        BinaryPrimitives.WriteInt32LittleEndian(header[9..], chunk.Data.Length);
        hash.AppendData(header);
        hash.AppendData(chunk.Data);
    }

    private async ValueTask AddAsync(TranscriptDirection direction, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_ended)
            {
                return;
            }

            var now = _time.GetUtcNow();
            if (_open.Length > 0 && (direction != _openDirection || now - _openAt > Gather || _open.Length + data.Length > ChunkBytes))
            {
                CloseChunk();
            }

            if (_open.Length == 0)
            {
                (_openDirection, _openAt) = (direction, now);
            }

            _open.Write(data.Span);
            if (direction == TranscriptDirection.Resize)
            {
                CloseChunk();
            }

            if (_unsavedBytes >= UnsavedLimit || (now - _savedAt >= SaveEvery && _unsaved.Count > 0))
            {
                await SaveAsync(cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void CloseChunk()
    {
        if (_open.Length == 0)
        {
            return;
        }

        var chunk = new TranscriptChunk
        {
            SessionId = _session.Id,
            Sequence = _sequence++,
            OffsetMs = (int)Math.Min(int.MaxValue, (_openAt - _session.StartedAt).TotalMilliseconds),
            Direction = _openDirection,
            Data = _open.ToArray(),
        };
        Append(_hash, chunk);
        _unsaved.Add(chunk);
        _unsavedBytes += chunk.Data.Length;
        _open.SetLength(0);
    }

    // While the database is away the chunks stay (the next save retries); past the limit the relay waits here.
    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            db.TranscriptChunks.AddRange(_unsaved);
            db.Entry(_session).State = EntityState.Modified;
            await db.SaveChangesAsync(cancellationToken);
            _unsaved.Clear();
            _unsavedBytes = 0;
            _savedAt = _time.GetUtcNow();
        }
        catch (DbUpdateException) when (_unsavedBytes < UnsavedLimit * 4)
        {
            _savedAt = _time.GetUtcNow();
        }
    }
}

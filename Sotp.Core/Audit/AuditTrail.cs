using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Sotp.Core.Persistence;

namespace Sotp.Core.Audit;

/// <summary>
/// Appends to the hash-chained audit trail. A change and its entry commit in one transaction: when the entry
/// cannot be written, the change is rolled back and the caller gets the exception, so no privileged action
/// happens unrecorded. Appends are serialised (in the process, and across replicas by a PostgreSQL advisory
/// lock); unique indexes on the position and the previous hash refuse a fork even if that failed.
/// </summary>
public sealed partial class AuditTrail(IDbContextFactory<SotpDbContext> contexts, TimeProvider time, ILogger<AuditTrail> logger) : IDisposable
{
    private const long ChainLockKey = 0x50_54_4F_53_41_55_44; // "SOTPAUD"
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _chain = new(1, 1);

    /// <summary>Raised after an entry is committed, for live views.</summary>
    public event Action<AuditEntry>? Appended;

    /// <summary>
    /// Starts an audited change on <paramref name="db"/>: takes the chain lock and opens a transaction. Make the
    /// changes (saved or not), then <see cref="AuditSession.CommitAsync"/>; disposing without committing rolls back.
    /// </summary>
    public async Task<AuditSession> BeginAsync(SotpDbContext db, CancellationToken cancellationToken)
    {
        await _chain.WaitAsync(cancellationToken);
        try
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", cancellationToken);
            }

            return new AuditSession(this, db, transaction);
        }
        catch
        {
            _chain.Release();
            throw;
        }
    }

    /// <summary>Saves the pending changes of <paramref name="db"/> and their audit entry together.</summary>
    public async Task SaveAsync(SotpDbContext db, AuditRecord record, CancellationToken cancellationToken)
    {
        await using var session = await BeginAsync(db, cancellationToken);
        await session.CommitAsync(record, cancellationToken);
    }

    /// <summary>Records an event that changes nothing else (a sign-in, an export, a command run).</summary>
    public async Task WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await SaveAsync(db, record, cancellationToken);
    }

    internal async Task<AuditEntry> AppendAsync(SotpDbContext db, AuditRecord record, CancellationToken cancellationToken)
    {
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        var entry = new AuditEntry
        {
            Sequence = (last?.Sequence ?? 0) + 1,
            At = AuditChain.Microseconds(time.GetUtcNow()),
            Actor = Clip(record.Actor.Name, 256),
            Roles = Clip(string.Join(",", record.Actor.Roles), 256),
            Source = Clip(record.Actor.Source, 160),
            ClientIp = record.Actor.ClientIp,
            Action = record.Action,
            TargetType = record.TargetType,
            TargetId = record.TargetId,
            TargetName = record.TargetName is null ? null : Clip(record.TargetName, 256),
            Before = Serialize(record.Before),
            After = Serialize(record.After),
            Result = Clip(record.Result, 512),
            TraceId = Activity.Current?.TraceId.ToHexString(),
            PreviousHash = last?.Hash ?? AuditChain.Genesis,
            Hash = "",
        };
        entry.Hash = AuditChain.HashOf(entry);
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        return entry;
    }

    internal void Committed(AuditEntry entry)
    {
        _chain.Release();
        LogAppended(logger, entry.Sequence, entry.Action, entry.Actor, entry.Result);
        Appended?.Invoke(entry);
    }

    internal void Abandoned() => _chain.Release();

    public void Dispose() => _chain.Dispose();

    /// <summary>Walks the whole chain in order and reports the first entry that does not fit.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var previous = AuditChain.Genesis;
        long expected = 1, checkedCount = 0, after = 0;
        while (true)
        {
            var page = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence)
                .Take(5000).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                return new AuditVerification(true, checkedCount, null);
            }

            foreach (var entry in page)
            {
                if (entry.Sequence != expected || entry.PreviousHash != previous || entry.Hash != AuditChain.HashOf(entry))
                {
                    LogBroken(logger, entry.Id, entry.Sequence);
                    return new AuditVerification(false, checkedCount, entry.Id);
                }

                checkedCount++;
                expected++;
                previous = entry.Hash;
            }

            after = page[^1].Sequence;
        }
    }

    private static string? Serialize(object? value) => value switch
    {
        null => null,
        string text => text,
        _ => JsonSerializer.Serialize(value, value.GetType(), Json),
    };

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit #{Sequence}: {Action} by {Actor}: {Result}")]
    private static partial void LogAppended(ILogger logger, long sequence, string action, string actor, string result);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The audit chain is broken at entry {Id} (position {Sequence}): a row was changed, removed or inserted")]
    private static partial void LogBroken(ILogger logger, long id, long sequence);
}

/// <summary>The outcome of walking the chain: <c>{valid, checked, firstBrokenId}</c>.</summary>
public sealed record AuditVerification(bool Valid, long Checked, long? FirstBrokenId);

/// <summary>An audited change in progress: holds the chain lock and the transaction until committed or disposed.</summary>
public sealed class AuditSession : IAsyncDisposable
{
    private readonly AuditTrail _trail;
    private readonly SotpDbContext _db;
    private readonly Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction _transaction;
    private bool _finished;

    internal AuditSession(AuditTrail trail, SotpDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction)
    {
        (_trail, _db, _transaction) = (trail, db, transaction);
    }

    /// <summary>Saves what is pending, appends the entry, commits both.</summary>
    public async Task<AuditEntry> CommitAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        await _db.SaveChangesAsync(cancellationToken);
        var entry = await _trail.AppendAsync(_db, record, cancellationToken);
        await _transaction.CommitAsync(cancellationToken);
        _finished = true;
        _trail.Committed(entry);
        return entry;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_finished)
        {
            _finished = true;
            _db.ChangeTracker.Clear();
            await _transaction.DisposeAsync();
            _trail.Abandoned();
            return;
        }

        await _transaction.DisposeAsync();
    }
}

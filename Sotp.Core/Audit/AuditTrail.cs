using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Sotp.Core.Cluster;
using Sotp.Core.Live;
using Sotp.Core.Persistence;

namespace Sotp.Core.Audit;

/// <summary>
/// Appends to the hash-chained audit trail. A change and its entry commit in one transaction: when the entry
/// cannot be written, the change is rolled back and the caller gets the exception, so no privileged action
/// happens unrecorded. Appends are serialised (in the process, and across replicas by a PostgreSQL advisory
/// lock); unique indexes on the position and the previous hash refuse a fork even if that failed.
/// </summary>
public sealed partial class AuditTrail(IDbContextFactory<SotpDbContext> contexts, TimeProvider time, ILogger<AuditTrail> logger,
    ClusterOutbox? outbox = null) : IDisposable
{
    private const long ChainLockKey = 0x50_54_4F_53_41_55_44; // "SOTPAUD"
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _chain = new(1, 1);

    /// <summary>
    /// Entries as they are committed, on this process or another, for live views. A burst arrives as one batch
    /// per second, so an open audit page re-reads once, not once per entry.
    /// </summary>
    public EventStream<AuditEntry> Entries { get; } = new(time, recentCount: 20) { BatchWindow = TimeSpan.FromSeconds(1) };

    /// <summary>An entry another process committed.</summary>
    public void ApplyFromPeer(AuditAppended appended) => Entries.Append(appended.Entry);

    /// <summary>
    /// Runs <paramref name="change"/> on <paramref name="db"/>, saves what it left pending, then appends the entry
    /// it describes, all in one transaction under the chain lock, retried as a unit when the database asks for it
    /// (PostgreSQL failover). The change commits with its entry or not at all. The record is made after the save,
    /// so it can name what the database generated; a change that returns no record is rolled back.
    /// </summary>
    public async Task<T> RunAsync<T>(SotpDbContext db, Func<CancellationToken, Task<(T Result, Func<AuditRecord>? Record)>> change,
        CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var (result, entry) = await strategy.ExecuteAsync(async ct =>
        {
            await _chain.WaitAsync(ct);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                if (db.Database.IsNpgsql())
                {
                    await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", ct);
                }

                var (value, record) = await change(ct);
                if (record is null)
                {
                    db.ChangeTracker.Clear();
                    return (value, (AuditEntry?)null);
                }

                // Changes stay pending in the tracker until the commit, so a retry saves them again.
                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
                var appended = await AppendAsync(db, transaction.GetDbTransaction(), record(), ct);
                await transaction.CommitAsync(ct);
                db.ChangeTracker.AcceptAllChanges();
                return (value, appended);
            }
            finally
            {
                _chain.Release();
            }
        }, cancellationToken);
        if (entry is not null)
        {
            LogAppended(logger, entry.Sequence, entry.Action, entry.Actor, entry.Result);
            Entries.Append(entry);
            outbox?.Post(new AuditAppended(entry));
        }

        return result;
    }

    /// <summary>
    /// The key the database gave <paramref name="entity"/> in the change being recorded, for the record's target.
    /// Until the change commits, EF keeps generated keys beside the entity (so a retried change inserts afresh),
    /// and the entity's own property still reads 0.
    /// </summary>
    public static string KeyOf(SotpDbContext db, object entity)
    {
        var entry = db.Entry(entity);
        var key = entry.Metadata.FindPrimaryKey()!.Properties.Single();
        return Convert.ToString(entry.Property(key.Name).CurrentValue, System.Globalization.CultureInfo.InvariantCulture)!;
    }

    /// <summary>Saves the pending changes of <paramref name="db"/> and their audit entry (made after the save) together.</summary>
    public Task SaveAsync(SotpDbContext db, Func<AuditRecord> record, CancellationToken cancellationToken) =>
        RunAsync(db, _ => Task.FromResult((true, (Func<AuditRecord>?)record)), cancellationToken);

    public Task SaveAsync(SotpDbContext db, AuditRecord record, CancellationToken cancellationToken) => SaveAsync(db, () => record, cancellationToken);

    /// <summary>Records an event that changes nothing else (a sign-in, an export, a command run).</summary>
    public async Task WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await SaveAsync(db, record, cancellationToken);
    }

    // The entry goes through a context of its own on the same connection and transaction, so it never re-saves
    // the caller's pending changes.
    private async Task<AuditEntry> AppendAsync(SotpDbContext db, System.Data.Common.DbTransaction transaction, AuditRecord record,
        CancellationToken cancellationToken)
    {
        await using var chain = contexts.CreateDbContext();
        chain.Database.SetDbConnection(db.Database.GetDbConnection());
        await chain.Database.UseTransactionAsync(transaction, cancellationToken);
        var last = await chain.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
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
        chain.AuditEntries.Add(entry);
        await chain.SaveChangesAsync(cancellationToken);
        return entry;
    }

    public void Dispose() => _chain.Dispose();

    /// <summary>Verifies the chain on someone's request, and records that they did and what they found.</summary>
    public async Task<AuditVerification> VerifyAsync(AuditActor requestedBy, CancellationToken cancellationToken)
    {
        var verdict = await VerifyAsync(cancellationToken);
        await WriteAsync(new AuditRecord(requestedBy, "audit.verify", After: verdict,
            Result: verdict.Valid ? AuditResults.Success : AuditResults.Failed($"chain broken at entry {verdict.FirstBrokenId}")), cancellationToken);
        return verdict;
    }

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

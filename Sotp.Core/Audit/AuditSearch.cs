using Microsoft.EntityFrameworkCore;
using Sotp.Core.Persistence;

namespace Sotp.Core.Audit;

/// <summary>What an auditor filters by. Times are UTC; <see cref="Text"/> searches every text column.</summary>
public sealed record AuditQuery
{
    public const int MaxPageSize = 500;

    public string? User { get; init; }

    public string? Action { get; init; }

    public string? TargetType { get; init; }

    public string? TargetId { get; init; }

    /// <summary>"success", "failure" or "denied".</summary>
    public string? Result { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public string? Text { get; init; }

    /// <summary>0-based.</summary>
    public int Page { get; init; }

    public int PageSize { get; init; } = 50;
}

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int TotalCount);

/// <summary>Reads the audit trail newest first, filtered on indexed columns, paged on the server.</summary>
public sealed class AuditSearch(IDbContextFactory<SotpDbContext> contexts)
{
    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = Filtered(Searched(db, query.Text), query);
        var total = await entries.CountAsync(cancellationToken);
        var size = Math.Clamp(query.PageSize, 1, AuditQuery.MaxPageSize);
        var items = await entries.OrderByDescending(e => e.Sequence).Skip(Math.Max(query.Page, 0) * size).Take(size).ToListAsync(cancellationToken);
        return new AuditPage(items, total);
    }

    /// <summary>Every matching entry, oldest first, for an export.</summary>
    public async IAsyncEnumerable<AuditEntry> StreamAsync(AuditQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await foreach (var entry in Filtered(Searched(db, query.Text), query).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return entry;
        }
    }

    /// <summary>
    /// Entries containing <paramref name="text"/> anywhere (case-insensitive), through the full-text index; a term
    /// shorter than the index's trigrams is looked for row by row.
    /// </summary>
    private static IQueryable<AuditEntry> Searched(SotpDbContext db, string? text)
    {
        var term = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(term))
        {
            return db.AuditEntries.AsNoTracking();
        }

        if (term.Length >= AuditTextIndex.MinimumLength)
        {
            return db.Database.IsSqlite()
                ? db.AuditEntries.FromSqlRaw("""SELECT * FROM "AuditEntries" WHERE "Id" IN (SELECT rowid FROM "AuditEntriesText" WHERE "AuditEntriesText" MATCH {0})""",
                    AuditTextIndex.SqlitePhrase(term)).AsNoTracking()
                : db.AuditEntries.FromSqlRaw($$"""SELECT * FROM "AuditEntries" WHERE {{AuditTextIndex.PostgreSqlExpression}} LIKE {0}""",
                    AuditTextIndex.LikeAnywhere(term)).AsNoTracking();
        }

#pragma warning disable CA1862 // ToLower().Contains translates to SQL on both engines; StringComparison does not.
        return db.AuditEntries.AsNoTracking().Where(e => e.Actor.ToLower().Contains(term) || e.Action.ToLower().Contains(term) ||
                                                         (e.TargetName != null && e.TargetName.ToLower().Contains(term)) ||
                                                         (e.TargetId != null && e.TargetId.ToLower().Contains(term)) ||
                                                         e.Result.ToLower().Contains(term) || e.Source.ToLower().Contains(term) ||
                                                         (e.ClientIp != null && e.ClientIp.Contains(term)) ||
                                                         (e.Before != null && e.Before.ToLower().Contains(term)) ||
                                                         (e.After != null && e.After.ToLower().Contains(term)));
#pragma warning restore CA1862
    }

    private static IQueryable<AuditEntry> Filtered(IQueryable<AuditEntry> entries, AuditQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.User))
        {
            var user = query.User.Trim();
            entries = entries.Where(e => e.Actor == user);
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            var action = query.Action.Trim();
            entries = action.EndsWith('.') ? entries.Where(e => e.Action.StartsWith(action)) : entries.Where(e => e.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(query.TargetType))
        {
            var type = query.TargetType.Trim();
            entries = entries.Where(e => e.TargetType == type);
        }

        if (!string.IsNullOrWhiteSpace(query.TargetId))
        {
            var id = query.TargetId.Trim();
            entries = entries.Where(e => e.TargetId == id);
        }

        if (!string.IsNullOrWhiteSpace(query.Result))
        {
            var result = query.Result.Trim();
            entries = entries.Where(e => e.Result == result || e.Result.StartsWith(result + ":"));
        }

        if (query.From is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }

        if (query.To is { } to)
        {
            entries = entries.Where(e => e.At < to);
        }

        return entries;
    }
}

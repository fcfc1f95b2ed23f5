using Microsoft.EntityFrameworkCore;
using Sotp.Core.Persistence;

namespace Sotp.Core.Events;

/// <summary>
/// Which events to list, newest first: a device (or the devices of a site, <see cref="DeviceIds"/>), the least
/// severe to show (<c>Warning</c> lists warnings and everything worse), a source, a vendor, words in the text or
/// code or host name, a time range, and a cursor for the page after (<see cref="BeforeId"/>).
/// </summary>
public sealed record EventQuery(
    int? DeviceId = null,
    EventSeverity? Severity = null,
    EventSource? Source = null,
    string? Text = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    long? BeforeId = null,
    int Limit = 100,
    string? Vendor = null,
    IReadOnlySet<int>? DeviceIds = null)
{
    public const int MaxLimit = 1000;

    /// <summary>
    /// Whether an event just recorded belongs in this view: the same conditions as the database query (a live page
    /// adds what arrives to what it read), save the range's start and the cursor, which a new event always passes.
    /// </summary>
    public bool Matches(DeviceEvent e) =>
        (DeviceId is not { } id || e.DeviceId == id)
        && (DeviceIds is null || (e.DeviceId is { } d && DeviceIds.Contains(d)))
        && (Severity is not { } severity || e.Severity <= severity)
        && (Source is not { } source || e.Source == source)
        && (Vendor is null || e.Vendor == Vendor)
        && (string.IsNullOrWhiteSpace(Text) || Contains(e.Text, Text) || Contains(e.Code, Text) || Contains(e.HostName, Text))
        && (To is null || e.At < To);

    private static bool Contains(string? value, string term) => value?.Contains(term.Trim(), StringComparison.OrdinalIgnoreCase) == true;
}

/// <summary>Reads the timeline from the database, and removes what is older than its retention.</summary>
public sealed class EventSearch(IDbContextFactory<SotpDbContext> contexts)
{
    /// <summary>Removes events recorded before <paramref name="before"/>; returns how many.</summary>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DeviceEvents.Where(e => e.At < before).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DeviceEvent>> ListAsync(EventQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var events = db.DeviceEvents.AsNoTracking();
        if (query.DeviceId is { } deviceId)
        {
            events = events.Where(e => e.DeviceId == deviceId);
        }

        if (query.Severity is { } severity)
        {
            events = events.Where(e => e.Severity <= severity);
        }

        if (query.DeviceIds is { } ids)
        {
            events = events.Where(e => e.DeviceId != null && ids.Contains(e.DeviceId.Value));
        }

        if (query.Source is { } source)
        {
            events = events.Where(e => e.Source == source);
        }

        if (query.Vendor is { } vendor)
        {
            events = events.Where(e => e.Vendor == vendor);
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var term = query.Text.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // ToLower().Contains translates to SQL on both engines; StringComparison does not.
            events = events.Where(e => e.Text.ToLower().Contains(term) || (e.Code != null && e.Code.ToLower().Contains(term))
                                       || (e.HostName != null && e.HostName.ToLower().Contains(term)));
#pragma warning restore CA1862
        }

        if (query.From is { } from)
        {
            events = events.Where(e => e.At >= from);
        }

        if (query.To is { } to)
        {
            events = events.Where(e => e.At < to);
        }

        if (query.BeforeId is { } before)
        {
            events = events.Where(e => e.Id < before);
        }

        return await events.OrderByDescending(e => e.Id).Take(Math.Clamp(query.Limit, 1, EventQuery.MaxLimit)).ToListAsync(cancellationToken);
    }

    /// <summary>Senders whose messages matched no device (newest first), with how many and when last: candidates to add.</summary>
    public async Task<IReadOnlyList<UnmatchedSender>> UnmatchedSendersAsync(int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var senders = await db.DeviceEvents.AsNoTracking().Where(e => e.DeviceId == null)
            .GroupBy(e => e.Sender)
            .Select(g => new { Sender = g.Key, Count = g.Count(), LastId = g.Max(e => e.Id) })
            .OrderByDescending(g => g.LastId).Take(limit).ToListAsync(cancellationToken);
        var lastIds = senders.Select(s => s.LastId).ToList();
        var last = await db.DeviceEvents.AsNoTracking().Where(e => lastIds.Contains(e.Id))
            .Select(e => new { e.Id, e.At, e.HostName }).ToDictionaryAsync(e => e.Id, cancellationToken);
        return [.. senders.Select(s => new UnmatchedSender(s.Sender, last[s.LastId].HostName, s.Count, last[s.LastId].At))];
    }

    /// <summary>Gives the device what <paramref name="sender"/> sent while it matched no device; how many.</summary>
    public async Task<int> AttributeSenderAsync(string sender, int deviceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DeviceEvents.Where(e => e.DeviceId == null && e.Sender == sender)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.DeviceId, deviceId), cancellationToken);
    }
}

/// <summary>A sender SOTP heard from that is not a device: its address, the name it gave, how often, when last.</summary>
public sealed record UnmatchedSender(string Address, string? HostName, int Count, DateTimeOffset LastAt);

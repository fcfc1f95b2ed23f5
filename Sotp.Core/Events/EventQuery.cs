using Microsoft.EntityFrameworkCore;
using Sotp.Core.Persistence;

namespace Sotp.Core.Events;

/// <summary>
/// Which events to list, newest first: a device, a worst-allowed severity (<c>Warning</c> lists warnings and
/// everything worse), a source, words in the text or code or host name, a time range, and a cursor for the page
/// after (<see cref="BeforeId"/>).
/// </summary>
public sealed record EventQuery(
    int? DeviceId = null,
    EventSeverity? Severity = null,
    EventSource? Source = null,
    string? Text = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    long? BeforeId = null,
    int Limit = 100)
{
    public const int MaxLimit = 1000;
}

/// <summary>Reads the timeline from the database.</summary>
public sealed class EventSearch(IDbContextFactory<SotpDbContext> contexts)
{
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

        if (query.Source is { } source)
        {
            events = events.Where(e => e.Source == source);
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
}

using Microsoft.EntityFrameworkCore;
using Sotp.Core.Persistence;

namespace Sotp.Core.Status;

/// <summary>A recorded state change with the device's name, for lists on the dashboard.</summary>
public sealed record StatusChangeView(long Id, int DeviceId, string DeviceName, DeviceState State, DeviceState PreviousState, DateTimeOffset At);

/// <summary>Reads the saved reachability history.</summary>
public sealed class StatusHistory(IDbContextFactory<SotpDbContext> contexts)
{
    /// <summary>Puts every device in service back into its last recorded state (after a restart).</summary>
    public async Task RestoreAsync(ReachabilityTracker tracker, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await db.StatusEvents.AsNoTracking()
            .Where(e => db.Devices.Any(d => d.Id == e.DeviceId && d.ArchivedAt == null && d.Monitored))
            .GroupBy(e => e.DeviceId)
            .Select(g => g.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).First())
            .ToListAsync(cancellationToken);
        foreach (var change in latest)
        {
            tracker.Restore(change.DeviceId, change.State, change.At);
        }
    }

    /// <summary>The most recent state changes of devices in service, newest first.</summary>
    public async Task<IReadOnlyList<StatusChangeView>> RecentChangesAsync(int count, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.StatusEvents.AsNoTracking()
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Join(db.Devices.Where(d => d.ArchivedAt == null), e => e.DeviceId, d => d.Id,
                (e, d) => new StatusChangeView(e.Id, e.DeviceId, d.Name, e.State, e.PreviousState, e.At))
            .Take(count)
            .ToListAsync(cancellationToken);
    }
}

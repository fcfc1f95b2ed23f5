using Sotp.Core.Cluster;
using Sotp.Core.Live;

namespace Sotp.Core.Configs;

/// <summary>A backup waiting or under way: since when, and why.</summary>
public sealed record ConfigBackupPending(int DeviceId, string Trigger, DateTimeOffset Since);

/// <summary>
/// Configuration backups as they happen, in every process: the ones waiting or under way (keyed by device) and each
/// attempt as it is recorded, so a device's history and the compliance checks follow without a reload, whichever
/// collector made the backup. The history itself comes from the database.
/// </summary>
public sealed class ConfigBoard(TimeProvider time, ClusterOutbox? outbox = null)
{
    public LiveFeed<int, ConfigBackupPending> Pending { get; } = new(time);

    public EventStream<ConfigBackupRecord> Recorded { get; } = new(time, recentCount: 50);

    public void Queued(int deviceId, string trigger)
    {
        var pending = new ConfigBackupPending(deviceId, trigger, time.GetUtcNow());
        Pending.Publish(deviceId, pending);
        outbox?.Post(new ConfigBackupChanged(deviceId, pending, null));
    }

    public void Record(ConfigBackupRecord record)
    {
        Pending.Remove(record.DeviceId);
        Recorded.Append(record);
        outbox?.Post(new ConfigBackupChanged(record.DeviceId, null, record));
    }

    /// <summary>A backup that ended without a record (the database refused it): no longer shown as under way.</summary>
    public void Abandoned(int deviceId)
    {
        Pending.Remove(deviceId);
        outbox?.Post(new ConfigBackupChanged(deviceId, null, null));
    }

    /// <summary>A backup another process queued, recorded or abandoned.</summary>
    public void ApplyFromPeer(ConfigBackupChanged changed)
    {
        if (changed.Recorded is { } record)
        {
            Pending.Remove(record.DeviceId);
            Recorded.Append(record);
        }
        else if (changed.Pending is { } pending)
        {
            Pending.Publish(pending.DeviceId, pending);
        }
        else
        {
            Pending.Remove(changed.DeviceId);
        }
    }
}

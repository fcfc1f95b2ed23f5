using Sotp.Core.Cluster;
using Sotp.Core.Live;

namespace Sotp.Core.Alerts;

/// <summary>
/// The active alerts (open or acknowledged) as keyed live state, in every process: the alert list and the device
/// panels follow it; a resolved alert leaves it (the history is in the database). Changes cross to the other
/// processes.
/// </summary>
public sealed class AlertBoard(TimeProvider time, ClusterOutbox? outbox = null)
{
    public LiveFeed<string, Alert> Feed { get; } = new(time);

    public IEnumerable<Alert> ActiveFor(int deviceId) => Feed.Current.Where(a => a.DeviceId == deviceId);

    public void Publish(Alert alert)
    {
        Apply(alert);
        outbox?.Post(new AlertChanged(alert));
    }

    /// <summary>A change another process made.</summary>
    public void ApplyFromPeer(AlertChanged changed) => Apply(changed.Alert);

    private void Apply(Alert alert)
    {
        if (alert.IsActive)
        {
            Feed.Publish(alert.Key, alert);
        }
        else if (Feed.TryGet(alert.Key, out var shown) && (shown.Id == alert.Id || shown.Id == 0 || alert.Id == 0))
        {
            Feed.Remove(alert.Key);
        }
    }
}

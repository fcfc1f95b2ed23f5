using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sotp.Core.Cluster;
using Sotp.Core.Live;
using Sotp.Core.Persistence;

namespace Sotp.Core.Events;

/// <summary>
/// The timeline's way in: every event (syslog, trap, state change) is recorded here once, by the process that saw
/// it. It goes to the live stream that pages follow, to the writer's queue (<see cref="EventWriter"/>), and to the
/// other processes, whose streams carry it too (docs/events.md).
/// </summary>
public sealed class EventLog(TimeProvider time, IOptions<EventOptions> options, ILogger<EventLog> logger, ClusterOutbox? outbox = null)
{
    /// <summary>Events as they happen, the most recent 200 as the snapshot.</summary>
    public EventStream<DeviceEvent> Stream { get; } = new(time, recentCount: 200);

    /// <summary>Events waiting to be saved.</summary>
    public WriteQueue<DeviceEvent> Pending { get; } =
        new(RecordKind.Events, options.Value.MaxQueuedEvents, $"{EventOptions.SectionName}:MaxQueuedEvents", logger);

    public void Record(DeviceEvent item)
    {
        Pending.Add(item);
        Stream.Append(item);
        outbox?.Post(new EventRecorded(item));
    }

    /// <summary>An event another process recorded (and saves): shown here, not saved again.</summary>
    public void ApplyFromPeer(EventRecorded recorded) => Stream.Append(recorded.Event);
}

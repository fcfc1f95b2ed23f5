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
public sealed class EventLog(TimeProvider time, IOptions<EventOptions> options, EventCatalogue catalogue, ILogger<EventLog> logger,
    ClusterOutbox? outbox = null)
{
    /// <summary>Events as they happen, the most recent 200 as the snapshot.</summary>
    public EventStream<DeviceEvent> Stream { get; } = new(time, recentCount: 200);

    /// <summary>Events waiting to be saved.</summary>
    public WriteQueue<DeviceEvent> Pending { get; } =
        new(RecordKind.Events, options.Value.MaxQueuedEvents, $"{EventOptions.SectionName}:MaxQueuedEvents", logger);

    public void Record(DeviceEvent item)
    {
        // What a device wrote is for reading, and PostgreSQL's text cannot hold NUL (a batch with one would never
        // save); the raw bytes keep it.
        item.Text = item.Text.Replace('\0', '\uFFFD');
        item.HostName = item.HostName?.Replace('\0', '\uFFFD');
        item.Code = item.Code?.Replace('\0', '\uFFFD');
        Pending.Add(item);
        Stream.Append(item);
        outbox?.Post(new EventRecorded(item));
    }

    /// <summary>
    /// Records a change SOTP saw itself (<c>device.down</c>, <c>interface.up</c>...), rated and worded by its catalogue
    /// entry (sotp.yaml), whose pattern reads the fields out of <paramref name="text"/>.
    /// </summary>
    public void RecordState(int deviceId, string code, string text, DateTimeOffset at)
    {
        var known = catalogue.Match(Vendor, code, null, text);
        Record(new DeviceEvent
        {
            At = at, DeviceId = deviceId, Source = EventSource.State, Vendor = Vendor, Code = code, Text = text,
            Severity = known?.Entry.Severity ?? EventSeverity.Notice, CatalogueId = known?.Entry.Id, Fields = known?.Fields ?? [],
        });
    }

    private const string Vendor = "sotp";

    /// <summary>An event another process recorded (and saves): shown here, not saved again.</summary>
    public void ApplyFromPeer(EventRecorded recorded) => Stream.Append(recorded.Event);
}

using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sotp.Core.Cluster;
using Sotp.Core.Live;
using Sotp.Core.Observability;
using Sotp.Core.Persistence;

namespace Sotp.Core.Events;

/// <summary>
/// The timeline's way in: every event (syslog, trap, state change) is recorded here once, by the process that saw
/// it. It goes to the live stream that pages follow, to the writer's queue (<see cref="EventWriter"/>), and to the
/// other processes, whose streams carry it too (docs/events.md).
/// </summary>
public sealed class EventLog
{
    private const string Vendor = "sotp";

    private readonly EventCatalogue _catalogue;
    private readonly ClusterOutbox? _outbox;
    private readonly long[] _recorded = new long[3];

    public EventLog(TimeProvider time, IOptions<EventOptions> options, EventCatalogue catalogue, ILogger<EventLog> logger,
        ClusterOutbox? outbox = null, IMeterFactory? meters = null)
    {
        (_catalogue, _outbox) = (catalogue, outbox);
        Stream = new EventStream<DeviceEvent>(time, recentCount: 200);
        Pending = new WriteQueue<DeviceEvent>(RecordKind.Events, options.Value.MaxQueuedEvents, $"{EventOptions.SectionName}:MaxQueuedEvents", logger);
        if (meters?.Create(SotpMetrics.MeterName) is { } meter)
        {
            meter.CreateObservableCounter("sotp.events.recorded", () => Enum.GetValues<EventSource>()
                    .Select(s => new Measurement<long>(Interlocked.Read(ref _recorded[(int)s]), new KeyValuePair<string, object?>("source", s.ToString().ToLowerInvariant()))),
                "{event}", "Events recorded by this process, per source (syslog, trap, state).");
            meter.CreateObservableCounter("sotp.events.unexplained", () => catalogue.Unknown.GroupBy(u => u.Key.Vendor ?? "unknown")
                    .Select(g => new Measurement<long>(g.Sum(u => u.Value), new KeyValuePair<string, object?>("vendor", g.Key))),
                "{event}", "Messages the catalogue could not explain, per vendor: where it should grow.");
        }
    }
    /// <summary>Events as they happen, the most recent 200 as the snapshot.</summary>
    public EventStream<DeviceEvent> Stream { get; }

    /// <summary>Events waiting to be saved.</summary>
    public WriteQueue<DeviceEvent> Pending { get; }

    public void Record(DeviceEvent item)
    {
        // What a device wrote is for reading, and PostgreSQL's text cannot hold NUL (a batch with one would never
        // save); the raw bytes keep it.
        item.Text = item.Text.Replace('\0', '\uFFFD');
        item.HostName = item.HostName?.Replace('\0', '\uFFFD');
        item.Code = item.Code?.Replace('\0', '\uFFFD');
        Pending.Add(item);
        Stream.Append(item);
        Interlocked.Increment(ref _recorded[(int)item.Source]);
        _outbox?.Post(new EventRecorded(item));
    }

    /// <summary>
    /// Records a change SOTP saw itself (<c>device.down</c>, <c>interface.up</c>...), rated and worded by its catalogue
    /// entry (sotp.yaml), whose pattern reads the fields out of <paramref name="text"/>.
    /// </summary>
    public void RecordState(int deviceId, string code, string text, DateTimeOffset at)
    {
        var known = _catalogue.Match(Vendor, code, null, text);
        Record(new DeviceEvent
        {
            At = at, DeviceId = deviceId, Source = EventSource.State, Vendor = Vendor, Code = code, Text = text,
            Severity = known?.Entry.Severity ?? EventSeverity.Notice, CatalogueId = known?.Entry.Id, Fields = known?.Fields ?? [],
        });
    }

    /// <summary>An event another process recorded (and saves): shown here, not saved again.</summary>
    public void ApplyFromPeer(EventRecorded recorded) => Stream.Append(recorded.Event);
}

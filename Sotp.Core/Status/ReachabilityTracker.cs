using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sotp.Core.Cluster;
using Sotp.Core.Events;
using Sotp.Core.Live;
using Sotp.Core.Persistence;

namespace Sotp.Core.Status;

/// <summary>
/// Holds every monitored device's reachability: a state machine per device, a bounded RTT history for live
/// charts, the live feed pages subscribe to, and the queue of state changes the writer saves.
/// </summary>
public sealed class ReachabilityTracker
{
    private readonly ConcurrentDictionary<int, Entry> _entries = new();
    private readonly IOptionsMonitor<ReachabilityOptions> _options;
    private readonly ClusterOutbox? _outbox;
    private readonly EventLog? _events;

    public ReachabilityTracker(IOptionsMonitor<ReachabilityOptions> options, TimeProvider time, ILogger<ReachabilityTracker> logger,
        ClusterOutbox? outbox = null, IOptions<DatabaseOptions>? database = null, EventLog? events = null)
    {
        _options = options;
        _outbox = outbox;
        _events = events;
        PendingChanges = new WriteQueue<StatusEvent>(RecordKind.StateChanges, (database?.Value ?? new DatabaseOptions()).MaxQueuedStateChanges,
            "Sotp:Database:MaxQueuedStateChanges", logger);
        Feed = new LiveFeed<int, DeviceStatus>(time);
        Changes = new EventStream<DeviceStateChanged>(time);
    }

    /// <summary>Ping interval of devices without their own.</summary>
    public int DefaultIntervalSeconds => _options.CurrentValue.DefaultIntervalSeconds;

    /// <summary>Live status per device: snapshot plus changes; a device that leaves service is removed.</summary>
    public LiveFeed<int, DeviceStatus> Feed { get; }

    /// <summary>
    /// Every Up/Down decision as it is made, here or from another process's probes (each process runs the same
    /// state machine on the same probes, so the decision crosses with the probe).
    /// </summary>
    public EventStream<DeviceStateChanged> Changes { get; }

    /// <summary>How far back <see cref="HistoryOf"/> reaches (<c>LiveWindowMinutes</c>).</summary>
    public TimeSpan LiveWindow => TimeSpan.FromMinutes(_options.CurrentValue.LiveWindowMinutes);

    /// <summary>State changes decided here, waiting to be saved by <see cref="StatusEventWriter"/>.</summary>
    public WriteQueue<StatusEvent> PendingChanges { get; }

    public DeviceStatus StatusOf(int deviceId) =>
        Feed.TryGet(deviceId, out var status) ? status : DeviceStatus.UnknownFor(deviceId);

    public IEnumerable<int> DevicesIn(DeviceState state) =>
        Feed.Current.Where(s => s.State == state).Select(s => s.DeviceId);

    /// <summary>The device's probes within the live window (after <paramref name="after"/>, when given), oldest first.</summary>
    public IReadOnlyList<PingPoint> HistoryOf(int deviceId, DateTimeOffset? after = null) =>
        _entries.TryGetValue(deviceId, out var entry) ? entry.History(after) : [];

    /// <summary>Continues a device from its last recorded state change (after a restart).</summary>
    public void Restore(int deviceId, DeviceState state, DateTimeOffset since)
    {
        var entry = EntryFor(deviceId);
        lock (entry)
        {
            entry.Machine.Restore(state, since);
            Feed.Publish(deviceId, entry.Status(deviceId));
        }
    }

    /// <summary>Feeds one probe result: RTT in milliseconds, or null when the probe was lost.</summary>
    public void Observe(int deviceId, double? rttMs, DateTimeOffset at)
    {
        Apply(deviceId, rttMs, at, saveChanges: true);
        _outbox?.Post(new ProbeObserved(deviceId, rttMs, at));
    }

    /// <summary>
    /// A probe another SOTP process made: the same state machine runs here so every console shows the same
    /// state, but the change is saved by the process that probed.
    /// </summary>
    public void ObserveFromPeer(ProbeObserved probe) => Apply(probe.DeviceId, probe.RttMs, probe.At, saveChanges: false);

    private void Apply(int deviceId, double? rttMs, DateTimeOffset at, bool saveChanges)
    {
        var entry = EntryFor(deviceId);
        lock (entry)
        {
            var change = entry.Machine.Observe(rttMs, at);
            entry.Record(new PingPoint(at, rttMs, entry.Machine.LossPercent), at - LiveWindow);
            // Published under the device's lock, so two probes of one device reach pages in the order they were judged.
            Feed.Publish(deviceId, entry.Status(deviceId));
            if (change is { } c)
            {
                Changes.Append(new DeviceStateChanged(deviceId, c.From, c.To, c.At));
                if (saveChanges)
                {
                    PendingChanges.Add(new StatusEvent { DeviceId = deviceId, State = c.To, PreviousState = c.From, At = c.At, RttMs = rttMs });
                    RecordInTimeline(deviceId, c.From, c.To, c.At, rttMs);
                }
            }
        }
    }

    // The timeline shows what an engineer acts on: a device going down, and coming back; not every device's first
    // verdict after a start (Unknown to Up).
    private void RecordInTimeline(int deviceId, DeviceState from, DeviceState to, DateTimeOffset at, double? rttMs)
    {
        if (to == DeviceState.Down)
        {
            _events?.RecordState(deviceId, "device.down", "No answer to pings", at);
        }
        else if (to == DeviceState.Up && from == DeviceState.Down)
        {
            _events?.RecordState(deviceId, "device.up", $"Answers pings again ({rttMs:0.###} ms)", at);
        }
    }

    /// <summary>Drops a device that left service (archived or no longer monitored), here and in the other processes.</summary>
    public void Forget(int deviceId, bool fromPeer = false)
    {
        _entries.TryRemove(deviceId, out _);
        Feed.Remove(deviceId);
        if (!fromPeer)
        {
            _outbox?.Post(new DeviceForgotten(deviceId));
        }
    }

    private Entry EntryFor(int deviceId)
    {
        var options = _options.CurrentValue;
        return _entries.GetOrAdd(deviceId, _ => new Entry(
            new ReachabilityStateMachine(options.DownAfterLost, options.UpAfterAnswered, options.LossWindow)));
    }

    private sealed class Entry(ReachabilityStateMachine machine)
    {
        // Bounded by the live window; at most one point per probe.
        private readonly Queue<PingPoint> _history = new();

        public ReachabilityStateMachine Machine { get; } = machine;

        public void Record(PingPoint point, DateTimeOffset oldest)
        {
            _history.Enqueue(point);
            while (_history.Count > 0 && _history.Peek().At < oldest)
            {
                _history.Dequeue();
            }
        }

        public PingPoint[] History(DateTimeOffset? after)
        {
            lock (this)
            {
                return after is { } from ? [.. _history.Where(p => p.At > from)] : [.. _history];
            }
        }

        public DeviceStatus Status(int deviceId) =>
            new(deviceId, Machine.State, Machine.LastRttMs, Machine.LossPercent, Machine.Since, Machine.LastProbeAt);
    }
}

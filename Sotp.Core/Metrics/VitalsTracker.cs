using System.Collections.Concurrent;
using Sotp.Core.Cluster;
using Sotp.Core.Events;
using Sotp.Core.Live;

namespace Sotp.Core.Metrics;

/// <summary>
/// Turns polls into live vitals: rates from the previous poll's counters (<see cref="CounterRate"/>), the latest
/// vitals per device on a live feed, a bounded series of points per metric for the live charts, and every known
/// value handed to the metric store (<see cref="IMetricSink"/>).
/// </summary>
public sealed class VitalsTracker
{
    private readonly ConcurrentDictionary<int, DeviceState> _devices = new();
    private readonly TimeSpan _window;
    private readonly int _maxPoints;

    private readonly IMetricSink? _sink;
    private readonly ClusterOutbox? _outbox;
    private readonly EventLog? _events;

    public VitalsTracker(TimeProvider time, IMetricSink? sink = null, TimeSpan? liveWindow = null, int maxPointsPerSeries = 2048,
        ClusterOutbox? outbox = null, EventLog? events = null)
    {
        _sink = sink;
        _outbox = outbox;
        _events = events;
        _window = liveWindow ?? TimeSpan.FromMinutes(60);
        _maxPoints = maxPointsPerSeries;
        Feed = new LiveFeed<int, DeviceVitals>(time);
    }

    /// <summary>Latest vitals per polled device; a device no longer polled is removed.</summary>
    public LiveFeed<int, DeviceVitals> Feed { get; }

    /// <summary>How far back <see cref="Series"/> reaches.</summary>
    public TimeSpan LiveWindow => _window;

    public DeviceVitals? Latest(int deviceId) => Feed.TryGet(deviceId, out var vitals) ? vitals : null;

    /// <summary>The live points of one series (after <paramref name="after"/>, when given), oldest first.</summary>
    public IReadOnlyList<MetricPoint> Series(int deviceId, string series, DateTimeOffset? after = null)
    {
        if (!_devices.TryGetValue(deviceId, out var state))
        {
            return [];
        }

        lock (state)
        {
            if (!state.Series.TryGetValue(series, out var points))
            {
                return [];
            }

            return after is { } from ? [.. points.Where(p => p.At > from)] : [.. points];
        }
    }

    public DeviceVitals Observe(int deviceId, VitalsReading reading)
    {
        _outbox?.Post(new VitalsObserved(deviceId, reading));
        return Apply(deviceId, reading, _sink, observed: true);
    }

    /// <summary>A poll another SOTP process made and stored: shown here, not stored again.</summary>
    public void ObserveFromPeer(VitalsObserved poll) => Apply(poll.DeviceId, poll.Reading, sink: null, observed: false);

    // Interface state changes go to the timeline from the process that polled (observed), once.
    private DeviceVitals Apply(int deviceId, VitalsReading reading, IMetricSink? sink, bool observed)
    {
        var state = _devices.GetOrAdd(deviceId, _ => new DeviceState());
        DeviceVitals vitals;
        var changes = new List<(string Code, string Text)>();
        lock (state)
        {
            var interfaces = new List<InterfaceVitals>(reading.Interfaces.Count);
            foreach (var i in reading.Interfaces)
            {
                state.Counters.TryGetValue(i.IfIndex, out var before);
                var inReading = new CounterReading(i.InOctets, reading.UptimeTicks, reading.At, i.DiscontinuityTicks);
                var outReading = new CounterReading(i.OutOctets, reading.UptimeTicks, reading.At, i.DiscontinuityTicks);
                var inBps = CounterRate.Compute(before.In, inReading, i.HighCapacity, i.SpeedBps).BitsPerSecond;
                var outBps = CounterRate.Compute(before.Out, outReading, i.HighCapacity, i.SpeedBps).BitsPerSecond;
                var seconds = before.In is { } previous ? (reading.At - previous.At).TotalSeconds : 0;
                state.Totals.TryGetValue(i.IfIndex, out var total);
                total = (total.In + ((inBps ?? 0) * seconds / 8), total.Out + ((outBps ?? 0) * seconds / 8));
                state.Counters[i.IfIndex] = (inReading, outReading);
                state.Totals[i.IfIndex] = total;
                var added = new InterfaceVitals(i.IfIndex, i.Name, i.Alias, i.SpeedBps, i.AdminStatus, i.OperStatus, inBps, outBps,
                    i.InErrors, i.OutErrors, i.InDiscards, i.OutDiscards, total.In, total.Out);
                interfaces.Add(added);
                if (state.Conditions.TryGetValue(i.IfIndex, out var was) && was != added.Condition && Change(added) is { } change)
                {
                    changes.Add(change);
                }

                state.Conditions[i.IfIndex] = added.Condition;
                Record(state, MetricSeries.InterfaceIn(i.IfIndex), reading.At, inBps, deviceId, sink);
                Record(state, MetricSeries.InterfaceOut(i.IfIndex), reading.At, outBps, deviceId, sink);
            }

            Record(state, MetricSeries.Cpu, reading.At, reading.CpuPercent, deviceId, sink);
            Record(state, MetricSeries.Memory, reading.At, reading.MemoryPercent, deviceId, sink);
            vitals = new DeviceVitals(deviceId, reading.At, reading.CpuPercent, reading.MemoryPercent, reading.UptimeTicks / 100.0, interfaces);
        }

        Feed.Publish(deviceId, vitals);
        foreach (var (code, text) in observed ? changes : [])
        {
            _events?.RecordState(deviceId, code, text, reading.At);
        }

        return vitals;
    }

    private static (string Code, string Text)? Change(InterfaceVitals now) => now.Condition switch
    {
        InterfaceCondition.Down => ("interface.down", $"Interface {now.Name} went down ({now.StatusName})"),
        InterfaceCondition.Up => ("interface.up", $"Interface {now.Name} came up"),
        InterfaceCondition.AdminDown => ("interface.admin-down", $"Interface {now.Name} was shut (admin down)"),
        _ => null,
    };

    /// <summary>A failed poll: the last known values stay, marked with the reason.</summary>
    public void ObserveFailure(int deviceId, string error, DateTimeOffset at)
    {
        _outbox?.Post(new VitalsFailed(deviceId, error, at));
        ObserveFailureFromPeer(new VitalsFailed(deviceId, error, at));
    }

    public void ObserveFailureFromPeer(VitalsFailed failure)
    {
        var (deviceId, error, at) = failure;
        var last = Latest(deviceId);
        Feed.Publish(deviceId, last is null ? new DeviceVitals(deviceId, at, null, null, null, [], error) : last with { Error = error });
    }

    public void Forget(int deviceId, bool fromPeer = false)
    {
        _devices.TryRemove(deviceId, out _);
        Feed.Remove(deviceId);
        if (!fromPeer)
        {
            _outbox?.Post(new VitalsForgotten(deviceId));
        }
    }

    private void Record(DeviceState state, string series, DateTimeOffset at, double? value, int deviceId, IMetricSink? sink)
    {
        if (value is { } known)
        {
            sink?.Write(deviceId, series, at, known);
        }

        if (!state.Series.TryGetValue(series, out var points))
        {
            state.Series[series] = points = new Queue<MetricPoint>();
        }

        points.Enqueue(new MetricPoint(at, value));
        while (points.Count > _maxPoints || (points.Count > 0 && points.Peek().At < at - _window))
        {
            points.Dequeue();
        }
    }

    private sealed class DeviceState
    {
        public Dictionary<int, (CounterReading? In, CounterReading? Out)> Counters { get; } = [];

        /// <summary>Bytes each way since this process began watching the interface.</summary>
        public Dictionary<int, (double In, double Out)> Totals { get; } = [];

        public Dictionary<string, Queue<MetricPoint>> Series { get; } = [];

        /// <summary>Each interface's condition at the last poll, to notice changes.</summary>
        public Dictionary<int, InterfaceCondition> Conditions { get; } = [];
    }
}

using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sotp.Core.Devices;
using Sotp.Core.Live;
using Sotp.Core.Metrics;
using Sotp.Core.Status;

namespace Sotp.Core.Dashboard;

/// <summary>
/// Keeps the network's overview (counts by state, who is down, recent changes, busiest interfaces, devices
/// under pressure) from the inventory, reachability and vitals feeds and the status-change stream, and
/// publishes it on <see cref="Feed"/> under <see cref="Key"/> at most once per <see cref="PublishInterval"/>.
/// Every dashboard then follows one small value instead of every device.
/// </summary>
public sealed partial class NetworkOverview(
    DeviceCatalog catalog,
    ReachabilityTracker reachability,
    VitalsTracker vitals,
    StatusHistory history,
    TimeProvider time,
    ILogger<NetworkOverview> logger) : BackgroundService
{
    public const string Key = "network";

    /// <summary>Rows of the "down now" list (the count covers all).</summary>
    public const int DownRows = 25;

    public const int ChangeRows = 15;

    public const int InterfaceRows = 8;

    public const int PressureRows = 8;

    /// <summary>CPU or memory at or above this share of capacity puts a device on the "under pressure" list.</summary>
    public const double PressurePercent = 80;

    private readonly Dictionary<int, DeviceSummary> _devices = [];
    private readonly Dictionary<int, DeviceStatus> _status = [];
    private readonly Dictionary<int, DeviceVitals> _vitals = [];
    private readonly List<RecentChange> _changes = [];
    private readonly Lock _lock = new();
    // One pending "something changed" is enough: the publisher takes everything there is when it wakes.
    private readonly Channel<bool> _dirty = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public LiveFeed<string, NetworkOverviewState> Feed { get; } = new(time);

    /// <summary>Changes within this interval are published together (zero in tests).</summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Registered before anything is read, as every live view is.
        using var devices = catalog.Feed.Subscribe();
        using var statuses = reachability.Feed.Subscribe();
        using var polls = vitals.Feed.Subscribe();
        using var changes = reachability.Changes.Subscribe();
        IReadOnlyList<StatusChangeView> saved = [];
        try
        {
            saved = await history.RecentChangesAsync(ChangeRows, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The list fills from live changes; the counts never needed the database.
            LogHistoryUnavailable(logger, ex.Message);
        }

        lock (_lock)
        {
            Apply(devices.Snapshot.AsUpserts(d => d.Id));
            Apply(statuses.Snapshot.AsUpserts(s => s.DeviceId));
            Apply(polls.Snapshot.AsUpserts(v => v.DeviceId));
            _changes.AddRange(saved.Select(c => new RecentChange(c.DeviceId, c.DeviceName, c.PreviousState, c.State, c.At)));
            Apply(changes.Snapshot.Where(c => !_changes.Any(k => k.DeviceId == c.DeviceId && k.At == c.At)));
        }

        Publish();
        await Task.WhenAll(
            FollowAsync(devices, Apply, stoppingToken),
            FollowAsync(statuses, Apply, stoppingToken),
            FollowAsync(polls, Apply, stoppingToken),
            FollowAsync(changes, Apply, stoppingToken),
            PublishAsync(stoppingToken));
    }

    private async Task FollowAsync<TSnapshot, TChange>(LiveSubscription<TSnapshot, TChange> subscription,
        Action<IEnumerable<TChange>> apply, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in subscription.ReadBatchesAsync(stoppingToken))
            {
                lock (_lock)
                {
                    apply(batch);
                }

                _dirty.Writer.TryWrite(true);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PublishAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await _dirty.Reader.ReadAsync(stoppingToken);
                if (PublishInterval > TimeSpan.Zero)
                {
                    await Task.Delay(PublishInterval, time, stoppingToken);
                }

                Publish();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Apply(IEnumerable<KeyedChange<int, DeviceSummary>> batch)
    {
        var changes = batch.ToArray();
        changes.ApplyTo(_devices);
        foreach (var removed in changes.Where(c => c.IsRemoval))
        {
            _changes.RemoveAll(c => c.DeviceId == removed.Key);
        }
    }

    private void Apply(IEnumerable<KeyedChange<int, DeviceStatus>> batch) => batch.ApplyTo(_status);

    private void Apply(IEnumerable<KeyedChange<int, DeviceVitals>> batch) => batch.ApplyTo(_vitals);

    private void Apply(IEnumerable<DeviceStateChanged> batch)
    {
        foreach (var change in batch)
        {
            // The inventory's own loop may not have brought a device just added here yet: its name is in the feed.
            if (_devices.TryGetValue(change.DeviceId, out var device) || catalog.Feed.TryGet(change.DeviceId, out device))
            {
                _changes.Insert(0, new RecentChange(change.DeviceId, device.Name, change.From, change.To, change.At));
            }
        }

        if (_changes.Count > ChangeRows)
        {
            _changes.RemoveRange(ChangeRows, _changes.Count - ChangeRows);
        }
    }

    private void Publish()
    {
        NetworkOverviewState state;
        lock (_lock)
        {
            state = Compute();
        }

        Feed.Publish(Key, state);
    }

    private NetworkOverviewState Compute()
    {
        int up = 0, down = 0, unknown = 0;
        var downNow = new List<DownDevice>();
        foreach (var device in _devices.Values.Where(d => d.Monitored))
        {
            switch (_status.TryGetValue(device.Id, out var status) ? status.State : DeviceState.Unknown)
            {
                case DeviceState.Up:
                    up++;
                    break;
                case DeviceState.Down:
                    down++;
                    downNow.Add(new DownDevice(device.Id, device.Name, device.Address, status!.Since));
                    break;
                default:
                    unknown++;
                    break;
            }
        }

        var polled = _vitals.Values.Where(v => _devices.ContainsKey(v.DeviceId)).ToArray();
        var busiest = Top(polled.SelectMany(v => v.Interfaces.Where(i => i.UtilizationPercent is not null).Select(i => (v.DeviceId, Interface: i))),
                x => x.Interface.UtilizationPercent!.Value, InterfaceRows)
            .Select(x => new BusyInterface(x.DeviceId, _devices[x.DeviceId].Name, x.Interface));
        var pressed = Top(polled.Where(v => v.CpuPercent >= PressurePercent || v.MemoryPercent >= PressurePercent),
                v => Math.Max(v.CpuPercent ?? 0, v.MemoryPercent ?? 0), PressureRows)
            .Select(v => new PressuredDevice(v.DeviceId, _devices[v.DeviceId].Name, v.CpuPercent, v.MemoryPercent));
        // Longest down first: the earliest "since" scores highest.
        var longestDown = Top(downNow, d => -(d.Since?.ToUnixTimeMilliseconds() ?? 0), DownRows);
        return new NetworkOverviewState(up, down, unknown, [.. longestDown], [.. _changes], [.. busiest], [.. pressed]);
    }

    /// <summary>The <paramref name="count"/> highest-scoring items, highest first, without sorting them all.</summary>
    private static IEnumerable<T> Top<T>(IEnumerable<T> items, Func<T, double> score, int count)
    {
        var lowestFirst = new PriorityQueue<T, double>(count + 1);
        foreach (var item in items)
        {
            var value = score(item);
            if (lowestFirst.Count < count)
            {
                lowestFirst.Enqueue(item, value);
            }
            else if (lowestFirst.TryPeek(out _, out var lowest) && value > lowest)
            {
                lowestFirst.EnqueueDequeue(item, value);
            }
        }

        return lowestFirst.UnorderedItems.OrderByDescending(x => x.Priority).Select(x => x.Element);
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning,
        Message = "The dashboard's saved state changes could not be read ({Reason}); it shows live changes only")]
    private static partial void LogHistoryUnavailable(ILogger logger, string reason);
}

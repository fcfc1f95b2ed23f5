using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sotp.Collectors.Scheduling;
using Sotp.Core.Alerts;
using Sotp.Core.Devices;
using Sotp.Core.Events;
using Sotp.Core.Live;
using Sotp.Core.Metrics;
using Sotp.Core.Observability;
using Sotp.Core.Status;

namespace Sotp.Collectors.Alerts;

/// <summary>
/// Runs the <see cref="AlertEngine"/> in a collector over what this collector's devices do: reachability, polls,
/// and events (syslog, traps, state changes), each followed live; a trap's linkDown with ifAdminStatus down counts
/// at once, before the next poll. Decisions show at once on the <see cref="AlertBoard"/> and are saved in order by a
/// loop of their own, which retries while the database is away (so monitoring keeps deciding), then notified
/// (<see cref="AlertNotifier"/>) unless in maintenance; <see cref="Decided"/> carries them to remediation.
/// </summary>
public sealed partial class AlertService(
    AlertStore store,
    AlertBoard board,
    AlertNotifier notifier,
    DeviceCatalog catalog,
    ReachabilityTracker reachability,
    VitalsTracker vitals,
    EventLog events,
    EventCatalogue catalogue,
    CollectorShare share,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertService> logger,
    IMeterFactory meters) : BackgroundService
{
    private static readonly TimeSpan TickEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetrySaveAfter = TimeSpan.FromSeconds(2);

    private readonly AlertEngine _engine = new(time, options.Value);
    private readonly Counter<long> _decided = meters.Create(SotpMetrics.MeterName).CreateCounter<long>("sotp.alerts.decided", "{alert}",
        "Alert decisions in this process: opened, resolved, flapping (label change).");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Channel<Alert> _toSave = Channel.CreateUnbounded<Alert>(new UnboundedChannelOptions { SingleReader = true });
    // Ids the database gave: written by the saver and, once at start, by the first load.
    private readonly ConcurrentDictionary<(string Key, DateTimeOffset OpenedAt), long> _ids = new();
    private IReadOnlyList<MaintenanceWindow> _windows = [];
    private long _loadedVersion = -1;
    private bool _restored;

    /// <summary>Alerts decided in this process, as decided (remediation follows them).</summary>
    public EventStream<Alert> Decided { get; } = new(time, recentCount: 0);

    /// <summary>The open alerts as the engine holds them (tests and diagnostics).</summary>
    public IReadOnlyList<Alert> Active => [.. _engine.Active];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var statuses = reachability.Feed.Subscribe();
        using var polls = vitals.Feed.Subscribe();
        using var recorded = events.Stream.Subscribe(e => e.DeviceId is not null);
        using var shown = board.Feed.Subscribe(a => a.State == AlertState.Acknowledged);
        await Task.WhenAll(
            TickAsync(stoppingToken),
            SaveAsync(stoppingToken),
            FollowAsync(statuses, changes => Decide(changes.Where(c => !c.IsRemoval).Select(c => c.Item), ObserveStatus), stoppingToken),
            FollowAsync(polls, changes => Decide(changes.Where(c => !c.IsRemoval).Select(c => c.Item), ObserveVitals), stoppingToken),
            FollowAsync(recorded, batch => Decide(batch, ObserveEvent), stoppingToken),
            FollowAsync(shown, changes => Decide(changes.Where(c => !c.IsRemoval).Select(c => c.Item), Acknowledged), stoppingToken));
    }

    private List<Alert> ObserveStatus(DeviceStatus status) =>
        Device(status.DeviceId) is { } device ? _engine.ObserveStatus(device, status, InMaintenance) : [];

    private List<Alert> ObserveVitals(DeviceVitals polled) =>
        Device(polled.DeviceId) is { } device ? _engine.ObserveVitals(device, polled, InMaintenance) : [];

    private List<Alert> ObserveEvent(DeviceEvent item)
    {
        if (Device(item.DeviceId!.Value) is not { } device)
        {
            return [];
        }

        var changed = _engine.ObserveEvent(device, item, catalogue.Explain(item), InMaintenance);
        if (TrapInterfaceView(item) is { } view)
        {
            changed.AddRange(_engine.ObserveVitals(device, view, InMaintenance));
        }

        return changed;
    }

    private List<Alert> Acknowledged(Alert alert)
    {
        _engine.Acknowledged(alert);
        return [];
    }

    // linkDown/linkUp carry the interface's statuses: the last poll with them applied is what the device says now.
    private DeviceVitals? TrapInterfaceView(DeviceEvent item)
    {
        if (item.Source != EventSource.Trap || item.Code is not ("linkDown" or "linkUp") || vitals.Latest(item.DeviceId!.Value) is not { Error: null } last
            || !int.TryParse(item.Fields.GetValueOrDefault("ifIndex"), out var ifIndex)
            || Status(item.Fields.GetValueOrDefault("ifAdminStatus")) is not { } admin || last.Interfaces.All(i => i.IfIndex != ifIndex))
        {
            return null;
        }

        var oper = Status(item.Fields.GetValueOrDefault("ifOperStatus"));
        return last with
        {
            Interfaces = [.. last.Interfaces.Select(i => i.IfIndex == ifIndex ? i with { AdminStatus = admin, OperStatus = oper ?? i.OperStatus } : i)],
        };
    }

    // "2", "down(2)" or "down": IF-MIB's numbers.
    private static int? Status(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null => null,
        var t when int.TryParse(t, out var n) => n,
        var t when t.StartsWith("up", StringComparison.Ordinal) => 1,
        var t when t.StartsWith("down", StringComparison.Ordinal) => 2,
        _ => null,
    };

    private DeviceSummary? Device(int deviceId) => share.Owns(deviceId) && catalog.Feed.TryGet(deviceId, out var device) ? device : null;

    private bool InMaintenance(DeviceSummary device)
    {
        var now = time.GetUtcNow();
        return _windows.Any(w => w.Covers(device, now));
    }

    private static async Task FollowAsync<TSnapshot, TChange>(LiveSubscription<TSnapshot, TChange> subscription, Func<IReadOnlyList<TChange>, Task> apply,
        CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in subscription.ReadBatchesAsync(cancellationToken))
            {
                await apply(batch);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task Decide<T>(IEnumerable<T> items, Func<T, List<Alert>> observe)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_restored)
            {
                return; // nothing is decided before the alerts open at the last stop are known
            }

            foreach (var item in items)
            {
                Publish(observe(item));
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Publish(List<Alert> changed)
    {
        foreach (var alert in changed)
        {
            board.Publish(alert);
            Decided.Append(alert);
            if (alert is { State: AlertState.Resolved } || alert.Count == 1)
            {
                _decided.Add(1, new KeyValuePair<string, object?>("change", alert.State == AlertState.Resolved ? "resolved" : alert.Flapping ? "flapping" : "opened"));
            }

            _toSave.Writer.TryWrite(alert);
            LogDecided(logger, alert.State, alert.Title, alert.Flapping);
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TickEvery, time);
        do
        {
            try
            {
                await LoadAsync(cancellationToken);
                await _gate.WaitAsync(cancellationToken);
                try
                {
                    if (_restored)
                    {
                        Publish(_engine.Tick(id => Device(id), InMaintenance));
                    }
                }
                finally
                {
                    _gate.Release();
                }
            }
            catch (Exception ex) when (ex is DbException or RetryLimitExceededException or TimeoutException or InvalidOperationException)
            {
                LogCannotLoad(logger, ex.Message); // rules stay as last read; tried again next tick
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false) is true && !cancellationToken.IsCancellationRequested);
    }

    // Rules and windows when they changed; at the first read also the alerts that were active at the last stop.
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var version = store.Version;
        if (version == _loadedVersion && _restored)
        {
            return;
        }

        var rules = await store.RulesAsync(cancellationToken);
        var windows = await store.WindowsAsync(cancellationToken);
        var active = _restored ? null : await store.ActiveAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _windows = windows;
            Publish(_engine.SetRules(rules));
            if (active is not null)
            {
                _engine.Restore(active.Where(a => share.Owns(a.DeviceId)));
                foreach (var alert in active)
                {
                    _ids[(alert.Key, alert.OpenedAt)] = alert.Id;
                    board.Publish(alert);
                }

                _restored = true;
            }

            _loadedVersion = version;
        }
        finally
        {
            _gate.Release();
        }
    }

    // One alert change after the other, in the order decided; a change waits (and the ones after it) while the
    // database is away. A new alert's later changes carry the id its first save got.
    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var decided in _toSave.Reader.ReadAllAsync(cancellationToken))
            {
                var isNew = !_ids.TryGetValue((decided.Key, decided.OpenedAt), out var id);
                var alert = isNew ? decided : decided with { Id = id };
                Alert saved;
                while (true)
                {
                    try
                    {
                        saved = await store.SaveAsync(alert, cancellationToken);
                        break;
                    }
                    catch (Exception ex) when (ex is DbException or DbUpdateException or RetryLimitExceededException or TimeoutException)
                    {
                        LogCannotSave(logger, alert.Title, ex.Message);
                        await Task.Delay(RetrySaveAfter, time, cancellationToken);
                    }
                }

                _ids[(saved.Key, saved.OpenedAt)] = saved.Id;
                if (!saved.IsActive)
                {
                    _ids.TryRemove((saved.Key, saved.OpenedAt), out _);
                }

                await _gate.WaitAsync(cancellationToken);
                try
                {
                    _engine.Saved(saved);
                }
                finally
                {
                    _gate.Release();
                }

                board.Publish(saved);
                if (AlertNotifier.ChangeOf(saved, isNew) is { } change)
                {
                    notifier.Enqueue(saved, change, _engine.Rules.FirstOrDefault(r => r.Id == saved.RuleId));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Alert {State}: {Title} (flapping {Flapping})")]
    private static partial void LogDecided(ILogger logger, AlertState state, string title, bool flapping);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "Alerts: rules and windows could not be read, the last ones stay in use: {Reason}")]
    private static partial void LogCannotLoad(ILogger logger, string reason);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Alert \"{Title}\" could not be saved yet, retrying: {Reason}")]
    private static partial void LogCannotSave(ILogger logger, string title, string reason);
}

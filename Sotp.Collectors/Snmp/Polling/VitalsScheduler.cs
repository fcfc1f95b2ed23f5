using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sotp.Collectors.Scheduling;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;

namespace Sotp.Collectors.Snmp.Polling;

/// <summary>
/// Polls every device with SNMP settings on its own interval, without waiting: a device that does not answer
/// holds up nothing. Each poll's outcome lands in the <see cref="VitalsTracker"/>, failures with their reason.
/// The settings are read from the database in the background (on a change, and every minute), so a database
/// that is slow or away never holds a sweep up: polling goes on with the last settings read.
/// </summary>
public sealed partial class VitalsScheduler(
    SnmpSettingsStore settings,
    SnmpTargets targets,
    SnmpVitalsPoller poller,
    VitalsTracker vitals,
    CollectorShare share,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<VitalsScheduler> logger) : ISweep
{
    private static readonly TimeSpan ReloadEvery = TimeSpan.FromSeconds(60);

    /// <summary>How long one read of the settings may take before it is given up.</summary>
    public static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long after a failed read the next one is tried.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly DuePlan<(SnmpSettings Settings, string Address)> _plan = new();
    private IReadOnlyList<(SnmpSettings Settings, string Address)> _pollable = [];
    private long _loadedVersion = -1;
    private long _plannedShare = -1;
    private DateTimeOffset _loadedAt;
    private DateTimeOffset _tryAgainAt;
    private Task<IReadOnlyList<(SnmpSettings Settings, string Address)>>? _loading;
    private long _loadingVersion;
    private bool _failing;

    /// <summary>One pass, never concurrent (<see cref="SweepJob{TSweep}"/> disallows it); never waits for the database.</summary>
    public Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_loading is { IsCompleted: true } loaded)
        {
            _loading = null;
            TakeLoaded(loaded, now);
        }

        // A new share of the devices needs no read: the settings last read are planned again.
        if (share.Version != _plannedShare)
        {
            Plan(now);
        }

        if (_loading is null && now >= _tryAgainAt && (settings.Version != _loadedVersion || now - _loadedAt >= ReloadEvery))
        {
            _loadingVersion = settings.Version;
            _loading = LoadAsync();
        }

        foreach (var turn in _plan.TakeDue(now))
        {
            _ = PollAsync(turn);
        }

        return Task.CompletedTask;
    }

    private async Task<IReadOnlyList<(SnmpSettings Settings, string Address)>> LoadAsync()
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        attempt.CancelAfter(LoadTimeout);
        return await settings.PollableAsync(attempt.Token);
    }

    private void TakeLoaded(Task<IReadOnlyList<(SnmpSettings Settings, string Address)>> loaded, DateTimeOffset now)
    {
        if (!loaded.IsCompletedSuccessfully)
        {
            _tryAgainAt = now + RetryAfter;
            if (!_failing && !lifetime.ApplicationStopping.IsCancellationRequested)
            {
                _failing = true;
                LogKeptLast(logger, loaded.Exception?.GetBaseException().Message ?? "the read took too long");
            }

            return;
        }

        if (_failing)
        {
            _failing = false;
            LogReadAgain(logger);
        }

        (_pollable, _loadedVersion, _loadedAt) = (loaded.Result, _loadingVersion, now);
        Plan(now);
    }

    // This collector's share of the pollable devices, each on its interval; a device no longer polled at all is forgotten.
    private void Plan(DateTimeOffset now)
    {
        _plannedShare = share.Version;
        var items = _pollable.Where(p => share.Owns(p.Settings.DeviceId))
            .Select(p => (p.Settings.DeviceId, p, TimeSpan.FromSeconds(p.Settings.PollIntervalSeconds)));
        var polled = _pollable.Select(p => p.Settings.DeviceId).ToHashSet();
        var gone = _plan.Reload(items, now, (a, b) => a.Settings.UpdatedAt == b.Settings.UpdatedAt && a.Address == b.Address);
        foreach (var id in gone.Where(id => !polled.Contains(id)))
        {
            vitals.Forget(id);
        }
    }

    /// <summary>
    /// Polls a device now (Poll now), whatever its turn, with its settings read afresh (or, with the database away,
    /// the last read); false when the device is not polled over SNMP.
    /// </summary>
    public async Task<bool> PollNowAsync(int deviceId, CancellationToken cancellationToken)
    {
        var known = _pollable.FirstOrDefault(p => p.Settings.DeviceId == deviceId);
        var current = known;
        try
        {
            current = await settings.PollableAsync(deviceId, cancellationToken) ?? default;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogKeptLast(logger, ex.Message);
        }

        if (current.Settings is null)
        {
            return false;
        }

        await PollOnceAsync(deviceId, current);
        return true;
    }

    private async Task PollAsync(DuePlan<(SnmpSettings Settings, string Address)>.Entry turn)
    {
        try
        {
            await PollOnceAsync(turn.Id, turn.Item);
        }
        finally
        {
            turn.Running = false;
        }
    }

    private async Task PollOnceAsync(int deviceId, (SnmpSettings Settings, string Address) item)
    {
        try
        {
            var target = await targets.ForAsync(item.Settings, item.Address, lifetime.ApplicationStopping);
            vitals.Observe(deviceId, await poller.PollAsync(target, lifetime.ApplicationStopping));
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Timeouts, unknown users, wrong keys: shown on the device's page in these words.
            vitals.ObserveFailure(deviceId, ex.Message, time.GetUtcNow());
            LogPollFailed(logger, deviceId, ex.Message);
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "SNMP poll of device {DeviceId} failed: {Reason}")]
    private static partial void LogPollFailed(ILogger logger, int deviceId, string reason);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "SNMP settings could not be read; polling goes on with the last known settings: {Reason}")]
    private static partial void LogKeptLast(ILogger logger, string reason);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "SNMP settings are read again")]
    private static partial void LogReadAgain(ILogger logger);
}

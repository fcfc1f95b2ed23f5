using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sotp.Collectors.Scheduling;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;

namespace Sotp.Collectors.Snmp.Polling;

/// <summary>
/// Polls every device with SNMP settings on its own interval, without waiting: a device that does not answer
/// holds up nothing. Each poll's outcome lands in the <see cref="VitalsTracker"/>, failures with their reason.
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

    private readonly DuePlan<(SnmpSettings Settings, string Address)> _plan = new();
    private (long Settings, long Share) _loadedVersion = (-1, -1);
    private DateTimeOffset _loadedAt;

    /// <summary>One pass, never concurrent (<see cref="SweepJob{TSweep}"/> disallows it).</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if ((settings.Version, share.Version) != _loadedVersion || now - _loadedAt >= ReloadEvery)
        {
            var version = (settings.Version, share.Version);
            var pollable = await settings.PollableAsync(cancellationToken);
            var items = pollable.Where(p => share.Owns(p.Settings.DeviceId))
                .Select(p => (p.Settings.DeviceId, p, TimeSpan.FromSeconds(p.Settings.PollIntervalSeconds)));
            var polled = pollable.Select(p => p.Settings.DeviceId).ToHashSet();
            var gone = _plan.Reload(items, now, (a, b) => a.Settings.UpdatedAt == b.Settings.UpdatedAt && a.Address == b.Address);
            foreach (var id in gone.Where(id => !polled.Contains(id)))
            {
                vitals.Forget(id);
            }

            (_loadedVersion, _loadedAt) = (version, now);
        }

        foreach (var turn in _plan.TakeDue(now))
        {
            _ = PollAsync(turn);
        }
    }

    private async Task PollAsync(DuePlan<(SnmpSettings Settings, string Address)>.Entry turn)
    {
        try
        {
            var target = await targets.ForAsync(turn.Item.Settings, turn.Item.Address, lifetime.ApplicationStopping);
            vitals.Observe(turn.Id, await poller.PollAsync(target, lifetime.ApplicationStopping));
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Timeouts, unknown users, wrong keys: shown on the device's page in these words.
            vitals.ObserveFailure(turn.Id, ex.Message, time.GetUtcNow());
            LogPollFailed(logger, turn.Id, ex.Message);
        }
        finally
        {
            turn.Running = false;
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "SNMP poll of device {DeviceId} failed: {Reason}")]
    private static partial void LogPollFailed(ILogger logger, int deviceId, string reason);
}

using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sotp.Collectors.Addressing;
using Sotp.Collectors.Icmp;
using Sotp.Core.Devices;
using Sotp.Core.Status;

namespace Sotp.Collectors.Scheduling;

/// <summary>
/// Decides which monitored devices are due for a ping and fires their probes without waiting for them, so a
/// silent device never delays the others. Each device keeps its own interval; first probes are spread with
/// jitter so thousands of devices do not all fire in the same second.
/// </summary>
public sealed partial class ProbeScheduler(
    DeviceCatalog catalog,
    IcmpPinger pinger,
    IHostResolver resolver,
    ReachabilityTracker tracker,
    CollectorShare share,
    IOptionsMonitor<ReachabilityOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ProbeScheduler> logger) : ISweep
{
    private static readonly TimeSpan ReloadEvery = TimeSpan.FromSeconds(60);

    private readonly DuePlan<Target> _plan = new();
    private (long Devices, long Share) _loadedVersion = (-1, -1);
    private DateTimeOffset _loadedAt;
    private int _warnedNotPermitted;

    /// <summary>
    /// One pass: reload the device list if it changed, then fire every due probe. Called by one job at a
    /// time (<see cref="SweepJob{TSweep}"/> disallows concurrent runs).
    /// </summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if ((catalog.Version, share.Version) != _loadedVersion || now - _loadedAt >= ReloadEvery)
        {
            await ReloadAsync(now, cancellationToken);
        }

        foreach (var turn in _plan.TakeDue(now))
        {
            _ = ProbeAsync(turn);
        }
    }

    private async Task ReloadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var version = (catalog.Version, share.Version);
        // The live inventory, not the database: a database that is slow or away never holds a sweep up.
        var devices = catalog.Monitored();
        var defaults = options.CurrentValue;
        var items = new List<(int, Target, TimeSpan)>(devices.Count);
        foreach (var device in devices.Where(d => share.Owns(d.Id)))
        {
            items.Add((device.Id, new Target(device.Address, await ResolveAsync(device.Address, cancellationToken)),
                TimeSpan.FromSeconds(device.PingIntervalSeconds ?? defaults.DefaultIntervalSeconds)));
        }

        // A device that went to another collector is still monitored: only one that left service is forgotten.
        var monitored = devices.Select(d => d.Id).ToHashSet();
        foreach (var gone in _plan.Reload(items, now, (a, b) => a.Address == b.Address).Where(id => !monitored.Contains(id)))
        {
            tracker.Forget(gone);
        }

        _loadedVersion = version;
        _loadedAt = now;
    }

    // A lost probe of a device not yet Down is confirmed soon rather than an interval later: three losses a second
    // apart judge it Down in seconds, while a device that answers is never probed more than its interval asks.
    private void ConfirmSoonIfLost(DuePlan<Target>.Entry turn, double? rtt, DateTimeOffset at)
    {
        var confirm = options.CurrentValue.ConfirmAfterLossMilliseconds;
        if (rtt is null && confirm > 0 && tracker.StatusOf(turn.Id).State != DeviceState.Down)
        {
            turn.DueBy(at + TimeSpan.FromMilliseconds(confirm));
        }
    }

    private async Task<IPAddress?> ResolveAsync(string address, CancellationToken cancellationToken) =>
        IPAddress.TryParse(address, out var ip) ? ip : (await resolver.ResolveAsync(address, cancellationToken)).FirstOrDefault();

    /// <summary>Pings a monitored device now (Poll now), whatever its turn; false when it is not monitored.</summary>
    public async Task<bool> ProbeNowAsync(int deviceId, CancellationToken cancellationToken)
    {
        if (!catalog.Feed.TryGet(deviceId, out var device) || !device.Monitored)
        {
            return false;
        }

        await ProbeOnceAsync(deviceId, await ResolveAsync(device.Address, cancellationToken));
        return true;
    }

    private async Task ProbeAsync(DuePlan<Target>.Entry turn)
    {
        try
        {
            if (await ProbeOnceAsync(turn.Id, turn.Item.Ip) is { } observed)
            {
                ConfirmSoonIfLost(turn, observed.Rtt, observed.At);
            }
        }
        finally
        {
            turn.Running = false;
        }
    }

    // One probe into the tracker; null when nothing could be measured.
    private async Task<(double? Rtt, DateTimeOffset At)?> ProbeOnceAsync(int deviceId, IPAddress? address)
    {
        try
        {
            double? rtt = null;
            if (address is { } ip)
            {
                rtt = await pinger.PingAsync(ip, TimeSpan.FromMilliseconds(options.CurrentValue.TimeoutMilliseconds), lifetime.ApplicationStopping);
            }

            // A name that no longer resolves counts as a lost probe: the device cannot be reached.
            var at = time.GetUtcNow();
            tracker.Observe(deviceId, rtt, at);
            return (rtt, at);
        }
        catch (IcmpNotPermittedException ex)
        {
            // SOTP cannot measure: leave devices Unknown rather than calling them Down.
            if (Interlocked.Exchange(ref _warnedNotPermitted, 1) == 0)
            {
                LogNotPermitted(logger, ex.Message);
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogProbeFailed(logger, deviceId, ex);
        }

        return null;
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Error, Message = "Ping is not possible: {Explanation}")]
    private static partial void LogNotPermitted(ILogger logger, string explanation);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Probe of device {DeviceId} failed")]
    private static partial void LogProbeFailed(ILogger logger, int deviceId, Exception exception);

    private sealed record Target(string Address, IPAddress? Ip);
}

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
    IOptionsMonitor<ReachabilityOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ProbeScheduler> logger)
{
    private static readonly TimeSpan ReloadEvery = TimeSpan.FromSeconds(60);

    private Dictionary<int, Target> _targets = [];
    private long _loadedVersion = -1;
    private DateTimeOffset _loadedAt;
    private int _warnedNotPermitted;

    /// <summary>
    /// One pass: reload the device list if it changed, then fire every due probe. Called by one job at a
    /// time (<see cref="ReachabilitySweepJob"/> disallows concurrent runs).
    /// </summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (catalog.Version != _loadedVersion || now - _loadedAt >= ReloadEvery)
        {
            await ReloadAsync(now, cancellationToken);
        }

        foreach (var target in _targets.Values)
        {
            if (target.InFlight || target.NextDue > now)
            {
                continue;
            }

            target.InFlight = true;
            target.NextDue = now + target.Interval;
            _ = ProbeAsync(target);
        }
    }

    private async Task ReloadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var version = catalog.Version;
        var devices = await catalog.MonitoredAsync(cancellationToken);
        var defaults = options.CurrentValue;
        var next = new Dictionary<int, Target>(devices.Count);
        foreach (var device in devices)
        {
            var interval = TimeSpan.FromSeconds(device.PingIntervalSeconds ?? defaults.DefaultIntervalSeconds);
            if (_targets.TryGetValue(device.Id, out var known) && known.Address == device.Address)
            {
                known.Interval = interval;
                next[device.Id] = known;
                continue;
            }

            var jitter = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(interval.TotalMilliseconds, 5000));
            next[device.Id] = new Target(device.Id, device.Address, interval, await ResolveAsync(device.Address, cancellationToken))
            {
                NextDue = now + jitter,
            };
        }

        foreach (var gone in _targets.Keys.Except(next.Keys))
        {
            tracker.Forget(gone);
        }

        _targets = next;
        _loadedVersion = version;
        _loadedAt = now;
    }

    private async Task<IPAddress?> ResolveAsync(string address, CancellationToken cancellationToken) =>
        IPAddress.TryParse(address, out var ip) ? ip : (await resolver.ResolveAsync(address, cancellationToken)).FirstOrDefault();

    private async Task ProbeAsync(Target target)
    {
        try
        {
            double? rtt = null;
            if (target.Ip is { } ip)
            {
                rtt = await pinger.PingAsync(ip, TimeSpan.FromMilliseconds(options.CurrentValue.TimeoutMilliseconds), lifetime.ApplicationStopping);
            }

            // A name that no longer resolves counts as a lost probe: the device cannot be reached.
            tracker.Observe(target.DeviceId, rtt, time.GetUtcNow());
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
            LogProbeFailed(logger, target.DeviceId, ex);
        }
        finally
        {
            target.InFlight = false;
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Error, Message = "Ping is not possible: {Explanation}")]
    private static partial void LogNotPermitted(ILogger logger, string explanation);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Probe of device {DeviceId} failed")]
    private static partial void LogProbeFailed(ILogger logger, int deviceId, Exception exception);

    private sealed class Target(int deviceId, string address, TimeSpan interval, IPAddress? ip)
    {
        public int DeviceId { get; } = deviceId;

        public string Address { get; } = address;

        public IPAddress? Ip { get; } = ip;

        public TimeSpan Interval { get; set; } = interval;

        public DateTimeOffset NextDue { get; set; }

        public volatile bool InFlight;
    }
}

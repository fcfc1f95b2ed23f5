using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sotp.Collectors.Scheduling;
using Sotp.Core.Audit;
using Sotp.Core.Configs;
using Sotp.Core.Events;
using Sotp.Core.Live;
using Sotp.Core.Persistence;
using Sotp.Core.RemoteConsole;

namespace Sotp.Collectors.Configs;

/// <summary>
/// When this collector's devices are backed up without anyone asking: on their schedule (every
/// <see cref="ConfigOptions.BackupEveryHours"/>, or the device's own hours; a failed one is tried again within the
/// hour, and at once when its SSH settings change), and after a device reports a configuration change (an event whose catalogue entry says
/// <c>configChange</c>), once the change session has settled. Only monitored devices whose SSH host key someone
/// trusted, and only those this collector owns (<see cref="CollectorShare"/>): each device is backed up by one collector.
/// </summary>
public sealed partial class ConfigBackupScheduler(
    ConfigBackupQueue queue,
    SshSettingsStore ssh,
    EventLog events,
    EventCatalogue catalogue,
    CollectorShare share,
    IDbContextFactory<SotpDbContext> contexts,
    IOptionsMonitor<ConfigOptions> options,
    TimeProvider time,
    ILogger<ConfigBackupScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan SettleTick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryFailedAfter = TimeSpan.FromHours(1);
    private static readonly AuditActor Job = AuditActor.System("config-backup");

    // Change sessions waiting to settle, per device: the first and the last line seen, and what the last one said.
    private readonly Dictionary<int, (DateTimeOffset First, DateTimeOffset Last, string What)> _changes = [];
    private readonly Lock _gate = new();

    // Asks the schedule to look now: every minute, and whenever SSH settings change (new credentials, a trusted key).
    private readonly Channel<bool> _look = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ScheduleAsync(stoppingToken), TickAsync(stoppingToken), FollowSshAsync(stoppingToken), FollowChangesAsync(stoppingToken),
            SettleAsync(stoppingToken));

    private async Task ScheduleAsync(CancellationToken stoppingToken)
    {
        _look.Writer.TryWrite(true);
        try
        {
            await foreach (var _ in _look.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    foreach (var id in await DueAsync(stoppingToken))
                    {
                        queue.Enqueue(id, "scheduled", Job);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogScheduleFailed(logger, ex.Message); // the database is away: the next look finds the same devices due
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery, time);
        while (await WaitAsync(timer, stoppingToken))
        {
            _look.Writer.TryWrite(true);
        }
    }

    private async Task FollowSshAsync(CancellationToken stoppingToken)
    {
        using var changes = ssh.Changes.Subscribe();
        await FollowAsync(changes, _ => _look.Writer.TryWrite(true), stoppingToken);
    }

    /// <summary>
    /// The devices whose scheduled backup is due: never backed up, backed up a period ago, failed an hour ago, or
    /// given new SSH settings since the last attempt.
    /// </summary>
    public async Task<IReadOnlyList<int>> DueAsync(CancellationToken cancellationToken)
    {
        var every = options.CurrentValue.BackupEveryHours;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var candidates = await db.Devices.AsNoTracking()
            .Where(d => d.ArchivedAt == null && d.Monitored && (d.ConfigBackupHours ?? every) > 0
                && db.SshSettings.Any(s => s.DeviceId == d.Id && s.HostKeyFingerprint != null))
            .Select(d => new
            {
                d.Id,
                Hours = d.ConfigBackupHours ?? every,
                SettingsAt = db.SshSettings.Where(s => s.DeviceId == d.Id).Select(s => s.UpdatedAt).First(),
                PinnedAt = db.SshSettings.Where(s => s.DeviceId == d.Id).Select(s => s.HostKeyPinnedAt).First(),
                Last = db.ConfigBackups.Where(b => b.DeviceId == d.Id).OrderByDescending(b => b.Id).Select(b => new { b.At, b.Outcome }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return [.. candidates.Where(c => share.Owns(c.Id) && !queue.IsWaiting(c.Id)
                && (c.Last is null || now - c.Last.At >= Period(c.Hours, c.Last.Outcome) || c.SettingsAt > c.Last.At || c.PinnedAt > c.Last.At))
            .Select(c => c.Id)];
    }

    private static TimeSpan Period(int hours, ConfigBackupOutcome last) =>
        last == ConfigBackupOutcome.Failed && TimeSpan.FromHours(hours) > RetryFailedAfter ? RetryFailedAfter : TimeSpan.FromHours(hours);

    private async Task FollowChangesAsync(CancellationToken stoppingToken)
    {
        // From now on: a change reported before this process started was backed up by the schedule or the process before.
        using var changes = events.Stream.Subscribe(e => e.DeviceId is not null && catalogue.IsConfigChange(e));
        try
        {
            await foreach (var batch in changes.ReadBatchesAsync(stoppingToken))
            {
                var mine = batch.Where(e => share.Owns(e.DeviceId!.Value)).ToList();
                var backedUp = await WithTrustedKeyAsync([.. mine.Select(e => e.DeviceId!.Value).Distinct()], stoppingToken);
                foreach (var change in mine.Where(e => backedUp.Contains(e.DeviceId!.Value)))
                {
                    Changed(change.DeviceId!.Value, catalogue.Explain(change).Title);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // Of these devices, those SOTP can back up: in service, with SSH settings and a trusted host key (a device that only
    // sends syslog gets no backup attempts, and no failed records). With the database away, all of them: the backup says.
    private async Task<HashSet<int>> WithTrustedKeyAsync(List<int> deviceIds, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return [.. await db.SshSettings.AsNoTracking().Where(s => deviceIds.Contains(s.DeviceId) && s.HostKeyFingerprint != null)
                .Join(db.Devices.Where(d => d.ArchivedAt == null), s => s.DeviceId, d => d.Id, (s, _) => s.DeviceId).ToListAsync(cancellationToken)];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return [.. deviceIds];
        }
    }

    private static async Task FollowAsync<TSnapshot, TChange>(LiveSubscription<TSnapshot, TChange> subscription, Action<IReadOnlyList<TChange>> apply,
        CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in subscription.ReadBatchesAsync(stoppingToken))
            {
                apply(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Changed(int deviceId, string what)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            _changes[deviceId] = _changes.TryGetValue(deviceId, out var session) ? (session.First, now, what) : (now, now, what);
        }
    }

    private async Task SettleAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SettleTick, time);
        while (await WaitAsync(timer, stoppingToken))
        {
            var o = options.CurrentValue;
            var now = time.GetUtcNow();
            lock (_gate)
            {
                foreach (var (deviceId, session) in _changes.ToList())
                {
                    var settled = now - session.Last >= TimeSpan.FromSeconds(o.ChangeSettleSeconds) || now - session.First >= TimeSpan.FromSeconds(o.ChangeSettleMaxSeconds);
                    // A backup already under way may have read the configuration before the change: this one waits its turn.
                    if (settled && queue.Enqueue(deviceId, $"configuration change: {session.What}", Job))
                    {
                        _changes.Remove(deviceId);
                    }
                }
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 9403, Level = LogLevel.Warning, Message = "Scheduled configuration backups could not be planned: {Reason}")]
    private static partial void LogScheduleFailed(ILogger logger, string reason);
}

using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;
using Sotp.Core.Cluster;
using Sotp.Core.Persistence;

namespace Sotp.Collectors.Scheduling;

/// <summary>
/// Which devices this collector pings and polls when several collectors share a PostgreSQL database: every
/// collector is a member of the clustered Quartz scheduler, whose check-ins say who is alive, and each device
/// goes to the member that scores highest for it (rendezvous hashing), so a collector joining or leaving
/// moves only its own share. A device is given up as soon as a new view of the members says so, but taken on
/// only once that view has held for two more reads: by then the collector that had it has given it up, so no
/// device is probed by two collectors at once (each would save the same state change). Alone (or on SQLite)
/// a collector owns every device.
/// </summary>
public sealed partial class CollectorShare(
    [FromKeyedServices(CollectorShare.SchedulerName)] IScheduler clusterScheduler,
    ClusterOutbox outbox,
    IDbContextFactory<SotpDbContext> contexts,
    TimeProvider time,
    ILogger<CollectorShare> logger) : BackgroundService
{
    /// <summary>The clustered scheduler: jobs that run once across all collectors, and the membership list.</summary>
    public const string SchedulerName = "sotp-cluster";

    /// <summary>How often membership is read; Quartz checks in every 7.5 s.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After reads failed (the database was away, so nobody could check in), how long a member missing from the
    /// first reads is given to check in again before it counts as gone: two Quartz check-ins and their grace.
    /// </summary>
    public static readonly TimeSpan CheckInGrace = TimeSpan.FromSeconds(25);

    private const int StableReads = 2;

    private volatile string[] _members = [];
    private volatile string[] _incoming = [];
    private int _incomingReads;
    private string? _self;
    private long _version;
    private bool _readsFailed;
    private DateTimeOffset _graceUntil;

    /// <summary>Grows whenever the members change, so the schedulers know to reload their share.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>When the members were last read (null before the first read, and when alone).</summary>
    public DateTimeOffset? LastReadAt { get; private set; }

    /// <summary>The collectors alive now, this one included, in a stable order.</summary>
    public IReadOnlyList<string> Members => _members;

    /// <summary>
    /// Whether this collector probes the device: it is its own in the settled view of the members and, while a
    /// new view settles, in that one too. Nothing is owned until the members are known.
    /// </summary>
    public bool Owns(int deviceId)
    {
        var (members, incoming) = (_members, _incoming);
        return OwnsIn(deviceId, members) && (incoming.Length == 0 || OwnsIn(deviceId, incoming));
    }

    private bool OwnsIn(int deviceId, string[] members) =>
        members.Length == 1 ? members[0] == _self : members.Length > 1 && OwnerOf(deviceId, members) == _self;

    /// <summary>The member that scores highest for the device: the same answer in every process.</summary>
    public static string OwnerOf(int deviceId, IReadOnlyList<string> members)
    {
        var best = members[0];
        var bestScore = 0UL;
        foreach (var member in members)
        {
            var score = Score(member, deviceId);
            if (score >= bestScore)
            {
                (best, bestScore) = (member, score);
            }
        }

        return best;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _self = await clusterScheduler.GetSchedulerInstanceId(stoppingToken);
        if (!outbox.Shared)
        {
            _members = [_self];
            Interlocked.Increment(ref _version);
            return;
        }

        var connectionString = await contexts.ConnectionStringAsync(stoppingToken);

        using var timer = new PeriodicTimer(RefreshEvery, time);
        try
        {
            do
            {
                await RefreshAsync(connectionString, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RefreshAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            // Until this collector's own check-in is in the table, the others cannot know it: it waits.
            var alive = await ReadMembersAsync(connectionString, cancellationToken);
            LastReadAt = time.GetUtcNow();
            if (alive.Contains(_self))
            {
                See(alive);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            ReadFailed();
            LogReadFailed(logger, ex.Message);
        }
    }

    /// <summary>
    /// Takes one read of the members; the version grows only when the share may have changed, so the schedulers
    /// reload their device list then and not after every read.
    /// </summary>
    internal void See(string[] alive)
    {
        if (_readsFailed)
        {
            (_readsFailed, _graceUntil) = (false, time.GetUtcNow() + CheckInGrace);
        }

        if (time.GetUtcNow() < _graceUntil && _members.Except(alive).Any())
        {
            return; // a member's check-in is stale only because the database was away: it has not left
        }

        if (alive.SequenceEqual(_members))
        {
            if (_incoming.Length == 0)
            {
                return; // the same members as before: nothing to reload
            }

            (_incoming, _incomingReads) = ([], 0);
        }
        else if (!alive.SequenceEqual(_incoming))
        {
            (_incoming, _incomingReads) = (alive, 0); // devices leaving this collector go now
        }
        else if (++_incomingReads >= StableReads)
        {
            (_members, _incoming, _incomingReads) = (alive, [], 0); // and the new ones come now
            LogMembers(logger, alive.Length, string.Join(", ", alive));
        }
        else
        {
            return;
        }

        Interlocked.Increment(ref _version);
    }

    /// <summary>
    /// A read of the members failed: the last view is kept (better a device probed twice for a while than every
    /// device dropped), and the next reads give the members time to check in. With no view yet (the database went
    /// away just after the start) this collector takes every device until it can read one.
    /// </summary>
    internal void ReadFailed()
    {
        _readsFailed = true;
        if (_members.Length == 0 && _self is not null)
        {
            (_members, _incoming, _incomingReads) = ([_self], [], 0);
            Interlocked.Increment(ref _version);
            LogAloneUntilRead(logger);
        }
    }

    // A member is alive while its last check-in is younger than twice its interval plus Quartz's 7.5 s grace.
    private async Task<string[]> ReadMembersAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var select = new NpgsqlCommand(
            "SELECT instance_name, last_checkin_time, checkin_interval FROM qrtz_scheduler_state WHERE sched_name = @name", connection);
        select.Parameters.AddWithValue("name", SchedulerName);
        var now = time.GetUtcNow().UtcTicks;
        var alive = new List<string>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var lastCheckin = reader.GetInt64(1);
            var interval = TimeSpan.FromMilliseconds(reader.GetInt64(2));
            if (now - lastCheckin <= (2 * interval + TimeSpan.FromSeconds(7.5)).Ticks)
            {
                alive.Add(reader.GetString(0));
            }
        }

        return [.. alive.Order(StringComparer.Ordinal)];
    }

    // FNV-1a over the member's name, then SplitMix64 with the device id: stable across processes and runs.
    private static ulong Score(string member, int deviceId)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(member))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        var z = hash + ((ulong)(uint)deviceId * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "{Count} collectors share the devices: {Members}")]
    private static partial void LogMembers(ILogger logger, int count, string members);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Warning, Message = "Which collectors are alive is not known yet; this one probes every device until it is")]
    private static partial void LogAloneUntilRead(ILogger logger);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "Could not read which collectors are alive; keeping the last share: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string reason);
}

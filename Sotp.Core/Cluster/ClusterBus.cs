using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;
using Sotp.Core.Persistence;
using Sotp.Core.Status;
using Sotp.Core.Observability;

namespace Sotp.Core.Cluster;

/// <summary>
/// Carries live state and events between SOTP processes sharing a PostgreSQL database (docs/live.md: both
/// live contracts cross processes through LISTEN/NOTIFY). Outgoing messages are gathered for 100 ms and stored as one row
/// of an unlogged table; NOTIFY carries the row's id and origin, so a batch of any size travels (NOTIFY itself
/// stops at 8,000 bytes). Every other process reads the rows it is told about and applies them to its own
/// trackers. Rows older than two minutes are deleted. A database restart costs live updates in between,
/// never saved data: the observer saves what it observed itself.
/// </summary>
public sealed partial class ClusterBus(
    ClusterOutbox outbox,
    NodeIdentity node,
    IDbContextFactory<SotpDbContext> contexts,
    ReachabilityTracker reachability,
    VitalsTracker vitals,
    DeviceCatalog catalog,
    SnmpSettingsStore snmpSettings,
    Audit.AuditTrail audit,
    RemoteConsole.SshSettingsStore sshSettings,
    PollNow pollNow,
    Events.EventLog events,
    Alerts.AlertBoard alerts,
    Alerts.AlertStore alertStore,
    Remediation.RemediationStore remediation,
    Reports.ReportBoard reports,
    Configs.ConfigBoard configs,
    Compliance.ComplianceBoard compliance,
    IMeterFactory meters,
    ILogger<ClusterBus> logger) : BackgroundService
{
    internal const string NotifyChannel = "sotp_live";
    private const string Table = "sotp_live_messages";
    private const int MaxBatch = 1000;
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Histogram<double> _lag = meters.Create(SotpMetrics.MeterName).CreateHistogram<double>(
        "sotp.bus.lag", "s", "From a live message stored by another SOTP process to its being applied here.",
        advice: new() { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    private bool _tableReady;
    private long _sent;
    private long _applied;
    private long _unreadable;

    /// <summary>Messages this process has stored for the others.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Messages from other processes applied here.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Rows that could not be read as messages (another version's format, say): skipped and counted.</summary>
    public long Unreadable => Interlocked.Read(ref _unreadable);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!outbox.Shared)
        {
            return;
        }

        var connectionString = await contexts.ConnectionStringAsync(stoppingToken);

        await Task.WhenAll(SendAsync(connectionString, stoppingToken), ListenAsync(connectionString, stoppingToken));
    }

    private async Task SendAsync(string connectionString, CancellationToken stoppingToken)
    {
        var batch = new List<ClusterMessage>(MaxBatch);
        var prunedAt = DateTimeOffset.MinValue;
        // Kept and retried while the database is away; the outbox in front is bounded.
        var retry = BackgroundRetry.Forever(TimeProvider.System, FirstRetryDelay, LongestRetryDelay, ex => LogSendFailed(logger, batch.Count, ex.Message));
        try
        {
            while (await outbox.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(Gather, stoppingToken);
                while (batch.Count < MaxBatch && outbox.Reader.TryRead(out var message))
                {
                    batch.Add(message);
                }

                var prune = DateTimeOffset.UtcNow - prunedAt >= PruneEvery;
                await retry.ExecuteAsync(async ct => await SendBatchAsync(connectionString, batch, prune, ct), stoppingToken);

                if (DateTimeOffset.UtcNow - prunedAt >= PruneEvery)
                {
                    prunedAt = DateTimeOffset.UtcNow;
                }

                Interlocked.Add(ref _sent, batch.Count);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendBatchAsync(string connectionString, List<ClusterMessage> batch, bool prune, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            if (!_tableReady)
            {
                await EnsureTableAsync(connection, cancellationToken);
                _tableReady = true;
            }

            await using var insert = new NpgsqlCommand(
                $"WITH m AS (INSERT INTO {Table} (origin, payload) VALUES (@origin, @payload) RETURNING id) " +
                $"SELECT pg_notify('{NotifyChannel}', (SELECT id FROM m)::text || ' ' || @origin)", connection);
            insert.Parameters.AddWithValue("origin", node.Id);
            insert.Parameters.AddWithValue("payload", JsonSerializer.Serialize(batch, Json));
            await insert.ExecuteNonQueryAsync(cancellationToken);
            if (prune)
            {
                await using var delete = new NpgsqlCommand($"DELETE FROM {Table} WHERE at < now() - interval '2 minutes'", connection);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            _tableReady = false; // the database may be a new one: look again before the next insert
            throw;
        }
    }

    private async Task ListenAsync(string connectionString, CancellationToken stoppingToken)
    {
        long? lastSeen = null;
        var reconnect = BackgroundRetry.Forever(TimeProvider.System, FirstRetryDelay, LongestRetryDelay, ex => LogListenFailed(logger, ex.Message));
        try
        {
            await reconnect.ExecuteAsync(async ct =>
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                await EnsureTableAsync(connection, ct);
                var waiting = Channel.CreateUnbounded<long>();
                connection.Notification += (_, e) =>
                {
                    var parts = e.Payload.Split(' ', 2);
                    if (parts.Length == 2 && parts[1] != node.Id && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var id))
                    {
                        waiting.Writer.TryWrite(id);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {NotifyChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                // After a lost connection, what others stored meanwhile (as far as it is kept) is read first.
                lastSeen = lastSeen is { } last
                    ? await ReadAsync(connection, "id > @from", last, [], ct) ?? last
                    : await MaxIdAsync(connection, ct);
                while (true)
                {
                    await connection.WaitAsync(ct);
                    var ids = new List<long>();
                    while (waiting.Reader.TryRead(out var id))
                    {
                        ids.Add(id);
                    }

                    if (ids.Count > 0)
                    {
                        lastSeen = Math.Max(lastSeen ?? 0, await ReadAsync(connection, "id = ANY(@ids)", 0, [.. ids], ct) ?? 0);
                    }
                }
            }, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // Applies the other processes' rows matching the condition, oldest first; returns the highest id read.
    private async Task<long?> ReadAsync(NpgsqlConnection connection, string condition, long from, long[] ids, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand($"SELECT id, payload, at FROM {Table} WHERE {condition} AND origin <> @me ORDER BY id", connection);
        select.Parameters.AddWithValue("from", from);
        select.Parameters.AddWithValue("ids", ids);
        select.Parameters.AddWithValue("me", node.Id);
        long? highest = null;
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            highest = reader.GetInt64(0);
            _lag.Record(Math.Max(0, (DateTimeOffset.UtcNow - reader.GetFieldValue<DateTimeOffset>(2)).TotalSeconds));
            Apply(reader.GetString(1));
        }

        return highest;
    }

    private void Apply(string payload)
    {
        ClusterMessage[]? messages;
        try
        {
            messages = JsonSerializer.Deserialize<ClusterMessage[]>(payload, Json);
        }
        catch (JsonException ex)
        {
            Interlocked.Increment(ref _unreadable);
            LogUnreadable(logger, ex.Message);
            return;
        }

        foreach (var message in messages ?? [])
        {
            // Work traced where the message was posted goes on in the same trace here.
            using var span = message.TraceParent is { } parent && ActivityContext.TryParse(parent, null, out var context)
                ? SotpTelemetry.Source.StartActivity($"cluster apply {message.GetType().Name}", ActivityKind.Consumer, context)
                : null;
            switch (message)
            {
                case ProbeObserved probe:
                    reachability.ObserveFromPeer(probe);
                    break;
                case VitalsObserved poll:
                    vitals.ObserveFromPeer(poll);
                    break;
                case VitalsFailed failure:
                    vitals.ObserveFailureFromPeer(failure);
                    break;
                case DeviceForgotten gone:
                    reachability.Forget(gone.DeviceId, fromPeer: true);
                    vitals.Forget(gone.DeviceId, fromPeer: true);
                    break;
                case VitalsForgotten gone:
                    vitals.Forget(gone.DeviceId, fromPeer: true);
                    break;
                case DevicesChanged:
                    catalog.MarkChanged(fromPeer: true);
                    snmpSettings.MarkChanged(fromPeer: true);
                    break;
                case DeviceSaved saved:
                    catalog.ApplyFromPeer(saved);
                    break;
                case DeviceArchived archived:
                    catalog.ApplyFromPeer(archived);
                    break;
                case AuditAppended appended:
                    audit.ApplyFromPeer(appended);
                    break;
                case SshSettingsChanged changed:
                    sshSettings.ApplyFromPeer(changed);
                    break;
                case PollRequested requested:
                    pollNow.ApplyFromPeer(requested);
                    break;
                case EventRecorded recorded:
                    events.ApplyFromPeer(recorded);
                    break;
                case AlertChanged changed:
                    alerts.ApplyFromPeer(changed);
                    break;
                case AlertSettingsChanged:
                    alertStore.Changed(fromPeer: true);
                    break;
                case RemediationChanged changed:
                    remediation.ApplyFromPeer(changed);
                    break;
                case PlaybooksChanged:
                    remediation.Changed(fromPeer: true);
                    break;
                case ReportChanged changed:
                    reports.ApplyFromPeer(changed);
                    break;
                case ConfigBackupChanged changed:
                    configs.ApplyFromPeer(changed);
                    break;
                case ComplianceChanged changed:
                    compliance.ApplyFromPeer(changed);
                    break;
            }

            Interlocked.Increment(ref _applied);
        }
    }

    private static async Task<long> MaxIdAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var max = new NpgsqlCommand($"SELECT coalesce(max(id), 0) FROM {Table}", connection);
        return (long)(await max.ExecuteScalarAsync(cancellationToken))!;
    }

    // Unlogged: live state is worth nothing after a crash, and skipping the WAL keeps it cheap. Two processes
    // creating it at once: one loses with an error, retries, and finds it there.
    private static async Task EnsureTableAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var create = new NpgsqlCommand(
            $"CREATE UNLOGGED TABLE IF NOT EXISTS {Table} (id bigserial PRIMARY KEY, origin text NOT NULL, " +
            "at timestamptz NOT NULL DEFAULT now(), payload text NOT NULL)", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Live updates for other SOTP processes not sent ({Count} waiting); retrying: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Listening for other SOTP processes' live updates failed; reconnecting: {Reason}")]
    private static partial void LogListenFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Error, Message = "A live update from another SOTP process could not be read and was skipped: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string reason);
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sotp.Core.Audit;
using Sotp.Core.Configs;

namespace Sotp.Collectors.Configs;

/// <summary>
/// Backups asked for by people, by the schedule and by configuration-change events, made in the background by the
/// process that took the request, <see cref="ConfigOptions.Parallel"/> at a time; each outcome is in the device's
/// backup list. A device already waiting is not queued twice.
/// </summary>
public sealed partial class ConfigBackupQueue(ConfigBackup backup, ConfigBoard board, AuditTrail audit, IOptions<ConfigOptions> options,
    ILogger<ConfigBackupQueue> logger) : BackgroundService
{
    private readonly Channel<(int DeviceId, string Trigger, AuditActor Actor)> _queue =
        Channel.CreateUnbounded<(int, string, AuditActor)>(new UnboundedChannelOptions());

    private readonly ConcurrentDictionary<int, byte> _waiting = new();

    /// <summary>Queues a backup; false when the device is already waiting for one (that one will do).</summary>
    public bool Enqueue(int deviceId, string trigger, AuditActor actor)
    {
        if (!_waiting.TryAdd(deviceId, 0) || !_queue.Writer.TryWrite((deviceId, trigger, actor)))
        {
            return false;
        }

        board.Queued(deviceId, trigger);
        return true;
    }

    /// <summary>A person's "back up now" (the page's button, the API): on the record, then queued.</summary>
    public async Task RequestAsync(int deviceId, string deviceName, AuditActor actor, CancellationToken cancellationToken)
    {
        await audit.WriteAsync(new AuditRecord(actor, "config.backup", "device", deviceId.ToString(CultureInfo.InvariantCulture), deviceName), cancellationToken);
        Enqueue(deviceId, "on demand", actor);
    }

    /// <summary>Whether the device waits for a backup or is being backed up.</summary>
    public bool IsWaiting(int deviceId) => _waiting.ContainsKey(deviceId);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Parallel).Select(_ => WorkAsync(stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        await foreach (var (deviceId, trigger, actor) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await backup.BackupAsync(deviceId, trigger, actor, stoppingToken); // records its own failures
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogNotRecorded(logger, deviceId, ex.Message); // the database refused the record: the next backup goes on
                board.Abandoned(deviceId);
            }
            finally
            {
                _waiting.TryRemove(deviceId, out _);
            }
        }
    }

    [LoggerMessage(EventId = 9402, Level = LogLevel.Warning, Message = "The backup of device {DeviceId} could not be recorded: {Reason}")]
    private static partial void LogNotRecorded(ILogger logger, int deviceId, string reason);
}

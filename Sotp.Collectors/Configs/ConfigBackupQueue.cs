using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sotp.Core.Audit;

namespace Sotp.Collectors.Configs;

/// <summary>
/// Backups asked for by people (and, next, by the schedule and by configuration-change events), made one after the
/// other in the background by the process that took the request; each outcome is in the device's backup list.
/// </summary>
public sealed partial class ConfigBackupQueue(ConfigBackup backup, ILogger<ConfigBackupQueue> logger) : BackgroundService
{
    private readonly Channel<(int DeviceId, string Trigger, AuditActor Actor)> _queue =
        Channel.CreateUnbounded<(int, string, AuditActor)>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(int deviceId, string trigger, AuditActor actor) => _queue.Writer.TryWrite((deviceId, trigger, actor));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
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
            }
        }
    }

    [LoggerMessage(EventId = 9402, Level = LogLevel.Warning, Message = "The backup of device {DeviceId} could not be recorded: {Reason}")]
    private static partial void LogNotRecorded(ILogger logger, int deviceId, string reason);
}

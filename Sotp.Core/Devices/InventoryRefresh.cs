using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sotp.Core.Devices;

/// <summary>
/// Now and then brings the live inventory (<see cref="DeviceCatalog.Feed"/>) in line with the database, in the
/// background and with a short timeout: a change that reached the database some other way (a bus message lost,
/// an edit by hand) is picked up, and a database that is away only means the last known devices stay.
/// </summary>
public sealed partial class InventoryRefresh(DeviceCatalog catalog, TimeProvider time, ILogger<InventoryRefresh> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                attempt.CancelAfter(Timeout);
                try
                {
                    if (await catalog.LoadFeedAsync(attempt.Token) is > 0 and var changed)
                    {
                        LogCaughtUp(logger, changed);
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogKeptLast(logger, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "The live inventory caught up with the database: {Count} device(s) differed")]
    private static partial void LogCaughtUp(ILogger logger, int count);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "The device list could not be read again; monitoring goes on with the last known devices: {Reason}")]
    private static partial void LogKeptLast(ILogger logger, string reason);
}

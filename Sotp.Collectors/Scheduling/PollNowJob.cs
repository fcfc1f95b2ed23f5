using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Quartz;
using Sotp.Collectors.Snmp.Polling;
using Sotp.Core.Devices;
using Sotp.Core.Observability;

namespace Sotp.Collectors.Scheduling;

/// <summary>
/// Poll now in a collector: a triggered run of <see cref="PollNowJob"/> with the device and the caller's trace
/// context in its job data. One poll per device at a time: a click while one runs joins it.
/// </summary>
public sealed partial class PollNowRunner(ISchedulerFactory schedulers, CollectorShare share, ILogger<PollNowRunner> logger) : IPollRunner
{
    private readonly ConcurrentDictionary<int, byte> _running = new();

    public bool Owns(int deviceId) => share.Owns(deviceId);

    public void Start(PollRequest request)
    {
        if (!_running.TryAdd(request.DeviceId, 0))
        {
            Activity.Current?.AddEvent(new ActivityEvent("poll already under way"));
            return;
        }

        _ = TriggerAsync(request);
    }

    internal void Finished(int deviceId) => _running.TryRemove(deviceId, out _);

    private async Task TriggerAsync(PollRequest request)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler();
            await scheduler.TriggerJob(PollNowJob.Key, new JobDataMap
            {
                [PollNowJob.DeviceKey] = request.DeviceId,
                [PollNowJob.RequestedByKey] = request.RequestedBy,
                [PollNowJob.TraceParentKey] = request.TraceParent ?? "",
            });
        }
        catch (Exception ex)
        {
            Finished(request.DeviceId);
            LogNotStarted(logger, request.DeviceId, ex.Message);
        }
    }

    [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "Poll now of device {DeviceId} could not be started: {Reason}")]
    private static partial void LogNotStarted(ILogger logger, int deviceId, string reason);
}

/// <summary>
/// Pings and polls one device at once, in the trace of the person who asked: Quartz's own job span starts a trace
/// of its own, so this job's span takes the caller's context from the job data (and links Quartz's).
/// </summary>
public sealed partial class PollNowJob(ProbeScheduler probes, VitalsScheduler vitals, PollNowRunner runner, ILogger<PollNowJob> logger) : IJob
{
    public static readonly JobKey Key = new("poll-now");
    internal const string DeviceKey = "deviceId";
    internal const string RequestedByKey = "requestedBy";
    internal const string TraceParentKey = "traceparent";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var deviceId = data.GetInt(DeviceKey);
        var requestedBy = data.GetString(RequestedByKey) ?? "?";
        ActivityContext.TryParse(data.GetString(TraceParentKey), null, out var caller);
        using var span = SotpTelemetry.Source.StartActivity("poll now", ActivityKind.Internal, caller,
            links: Activity.Current is { } quartz ? [new ActivityLink(quartz.Context)] : null);
        span?.SetTag("sotp.device.id", deviceId);
        span?.SetTag(SotpTelemetry.PersonTag, requestedBy);
        try
        {
            var done = await Task.WhenAll(probes.ProbeNowAsync(deviceId, cancellationToken), vitals.PollNowAsync(deviceId, cancellationToken));
            LogPolled(logger, deviceId, requestedBy, done[0], done[1]);
        }
        finally
        {
            runner.Finished(deviceId);
        }
    }

    [LoggerMessage(EventId = 6202, Level = LogLevel.Information,
        Message = "Poll now of device {DeviceId} for {RequestedBy}: pinged {Pinged}, polled over SNMP {Polled}")]
    private static partial void LogPolled(ILogger logger, int deviceId, string requestedBy, bool pinged, bool polled);
}

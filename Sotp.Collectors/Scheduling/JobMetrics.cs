using System.Diagnostics.Metrics;
using Quartz;
using Sotp.Core.Observability;

namespace Sotp.Collectors.Scheduling;

/// <summary>Quartz jobs for Prometheus: how long each run took (and whether it failed), and triggers that misfired.</summary>
public sealed class JobMetrics(IMeterFactory meters) : IJobListener, ITriggerListener
{
    private readonly Histogram<double> _duration = meters.Create(SotpMetrics.MeterName).CreateHistogram<double>(
        "sotp.job.duration", "s", "How long one run of a scheduled job took.",
        advice: new() { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300] });

    private readonly Counter<long> _misfires = meters.Create(SotpMetrics.MeterName).CreateCounter<long>(
        "sotp.job.misfires", "{misfire}", "Triggers that fired too late (the scheduler was busy or stopped).");

    public string Name => "sotp-job-metrics";

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        _duration.Record(context.JobRunTime.TotalSeconds,
            new KeyValuePair<string, object?>("job", context.JobDetail.Key.Name),
            new KeyValuePair<string, object?>("outcome", jobException is null ? "ok" : "failed"));
        return ValueTask.CompletedTask;
    }

    public ValueTask TriggerMisfired(ITrigger trigger, IScheduler scheduler, CancellationToken cancellationToken = default)
    {
        _misfires.Add(1, new KeyValuePair<string, object?>("job", trigger.JobKey.Name));
        return ValueTask.CompletedTask;
    }
}

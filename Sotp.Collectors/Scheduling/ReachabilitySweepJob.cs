using Quartz;

namespace Sotp.Collectors.Scheduling;

/// <summary>The Quartz job that drives <see cref="ProbeScheduler"/>: once a second, never two at a time.</summary>
[DisallowConcurrentExecution]
public sealed class ReachabilitySweepJob(ProbeScheduler scheduler) : IJob
{
    public static readonly JobKey Key = new("reachability-sweep", "reachability");

    public Task Execute(IJobExecutionContext context) => scheduler.SweepAsync(context.CancellationToken);
}

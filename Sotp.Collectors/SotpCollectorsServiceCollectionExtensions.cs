using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Sotp.Collectors.Addressing;
using Sotp.Collectors.Icmp;
using Sotp.Collectors.Scheduling;
using Sotp.Core.Devices;

namespace Sotp.Collectors;

/// <summary>Registers the protocol engines and the Quartz jobs that drive them.</summary>
public static class SotpCollectorsServiceCollectionExtensions
{
    public static IServiceCollection AddSotpCollectors(this IServiceCollection services)
    {
        services.AddSingleton<IcmpPinger>();
        services.AddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton<IDeviceAddressVerifier, DeviceAddressVerifier>();
        services.AddSingleton<ProbeScheduler>();
        services.AddQuartz(quartz => quartz.ScheduleJob<ReachabilitySweepJob>(
            trigger => trigger.WithIdentity("reachability-sweep-every-second", "reachability").StartNow()
                .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(ReachabilitySweepJob.Interval).RepeatForever()),
            job => job.WithIdentity(ReachabilitySweepJob.Key)));
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }
}

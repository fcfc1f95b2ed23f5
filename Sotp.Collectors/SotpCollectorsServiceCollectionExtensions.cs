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

        services.AddQuartz(quartz =>
        {
            quartz.AddJob<ReachabilitySweepJob>(ReachabilitySweepJob.Key);
            quartz.AddTrigger(trigger => trigger
                .ForJob(ReachabilitySweepJob.Key)
                .WithIdentity("reachability-sweep-every-second", "reachability")
                .StartNow()
                .WithSimpleSchedule(s => s.WithIntervalInSeconds(1).RepeatForever().WithMisfireHandlingInstructionNextWithRemainingCount()));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}

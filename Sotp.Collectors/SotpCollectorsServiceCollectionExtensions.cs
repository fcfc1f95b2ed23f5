using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Sotp.Collectors.Addressing;
using Sotp.Collectors.Icmp;
using Sotp.Collectors.Scheduling;
using Sotp.Collectors.Snmp;
using Sotp.Collectors.Snmp.Agent;
using Sotp.Collectors.Snmp.Polling;
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
        services.AddSingleton<SnmpClient>();
        services.AddSingleton(sp => new SnmpVitalsPoller(sp.GetRequiredService<SnmpClient>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SnmpTargets>();
        services.AddSingleton<VitalsScheduler>();
        services.AddHostedService<DemoAgents>();
        services.AddQuartz(quartz =>
        {
            Every<SweepJob<ProbeScheduler>>(quartz, "reachability-sweep", TimeSpan.FromSeconds(1));
            Every<SweepJob<VitalsScheduler>>(quartz, "vitals-poll", TimeSpan.FromSeconds(2));
            Every<MetricRetentionJob>(quartz, "metric-retention", TimeSpan.FromHours(1));
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }

    private static void Every<TJob>(IQuartzBuilder quartz, string name, TimeSpan interval)
        where TJob : IJob =>
        quartz.ScheduleJob<TJob>(
            trigger => trigger.WithIdentity(name).StartNow().WithSchedule(SimpleScheduleBuilder.Create().WithInterval(interval).RepeatForever()),
            job => job.WithIdentity(name));
}

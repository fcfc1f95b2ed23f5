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
            quartz.ScheduleJob<ReachabilitySweepJob>(
                trigger => trigger.WithIdentity("reachability-sweep-every-second", "reachability").StartNow()
                    .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(ReachabilitySweepJob.Interval).RepeatForever()),
                job => job.WithIdentity(ReachabilitySweepJob.Key));
            quartz.ScheduleJob<VitalsPollJob>(
                trigger => trigger.WithIdentity("vitals-poll-every-two-seconds", "snmp").StartNow()
                    .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(VitalsPollJob.Interval).RepeatForever()),
                job => job.WithIdentity(VitalsPollJob.Key));
            quartz.ScheduleJob<MetricRetentionJob>(
                trigger => trigger.WithIdentity("metric-retention-hourly", "metrics").StartNow()
                    .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(TimeSpan.FromHours(1)).RepeatForever()),
                job => job.WithIdentity(MetricRetentionJob.Key));
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }
}

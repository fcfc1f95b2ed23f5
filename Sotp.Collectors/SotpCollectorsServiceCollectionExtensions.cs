using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;
using Sotp.Collectors.Addressing;
using Sotp.Collectors.Alerts;
using Sotp.Collectors.Icmp;
using Sotp.Collectors.Scheduling;
using Sotp.Collectors.Snmp;
using Sotp.Collectors.Snmp.Agent;
using Sotp.Collectors.Snmp.Polling;
using Sotp.Collectors.Snmp.Traps;
using Sotp.Collectors.Remediation;
using Sotp.Collectors.RemoteConsole;
using Sotp.Collectors.Syslog;
using Sotp.Core.Devices;
using Sotp.Core.Events;
using Sotp.Core.Persistence;
using Sotp.Core.Reports;

namespace Sotp.Collectors;

/// <summary>Registers the protocol engines (every role) and the Quartz jobs that drive them (Collectors role).</summary>
public static class SotpCollectorsServiceCollectionExtensions
{
    /// <summary>The engines: the console uses them too, to check an address or test SNMP settings.</summary>
    public static IServiceCollection AddSotpEngines(this IServiceCollection services)
    {
        services.AddSingleton<IcmpPinger>();
        services.AddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton<IDeviceAddressVerifier, DeviceAddressVerifier>();
        services.AddSingleton<SnmpClient>();
        services.AddSingleton(sp => new SnmpVitalsPoller(sp.GetRequiredService<SnmpClient>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SnmpTargets>();
        services.AddSingleton<SnmpConnectionTest>();
        services.AddOptions<SshOptions>().BindConfiguration(SshOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SshConnector>();
        services.AddSingleton<ConsoleSessions>();
        services.AddSingleton<Configs.ConfigBackup>();
        services.AddSingleton<Configs.ConfigBackupQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<Configs.ConfigBackupQueue>());
        return services;
    }

    /// <summary>The collectors: sweeps over this process's share of the devices, and the cluster-wide jobs.</summary>
    public static IServiceCollection AddSotpCollectors(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton<ProbeScheduler>();
        services.AddSingleton<VitalsScheduler>();
        services.AddSingleton<PollNowRunner>();
        services.AddSingleton<JobMetrics>();
        services.AddSingleton<IPollRunner>(sp => sp.GetRequiredService<PollNowRunner>());
        services.AddHostedService<DemoAgents>();
        services.AddOptions<SyslogOptions>().BindConfiguration(SyslogOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SenderDirectory>();
        services.AddSingleton<SyslogService>();
        services.AddHostedService(sp => sp.GetRequiredService<SyslogService>());
        services.AddOptions<TrapOptions>().BindConfiguration(TrapOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TrapService>();
        services.AddHostedService(sp => sp.GetRequiredService<TrapService>());
        services.AddSingleton<CollectorShare>();
        services.AddHostedService(sp => sp.GetRequiredService<CollectorShare>());
        services.AddHttpClient(AlertNotifier.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = false });
        services.AddSingleton<AlertNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertNotifier>());
        services.AddSingleton<AlertService>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertService>());
        services.AddSingleton<InterfaceSwitch>();
        services.AddHostedService<RemediationService>();
        services.AddHostedService<MonitoringRunRecorder>();
        services.AddSingleton<Configs.ConfigBackupScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<Configs.ConfigBackupScheduler>());

        // Sweeps run in every collector, each over its own share of the devices (CollectorShare); they keep
        // per-device state in memory, so they stay on a scheduler of their own in this process.
        services.AddQuartz(quartz =>
        {
            // A probe fires at most this late after its turn: a quarter second keeps a 10 s period within ±2.5 %.
            Every<SweepJob<ProbeScheduler>>(quartz, "reachability-sweep", TimeSpan.FromMilliseconds(250));
            Every<SweepJob<VitalsScheduler>>(quartz, "vitals-poll", TimeSpan.FromSeconds(2));
            quartz.AddJob<PollNowJob>(job => job.WithIdentity(PollNowJob.Key).StoreDurably());
            quartz.AddJobListener<JobMetrics>();
            quartz.AddTriggerListener<JobMetrics>();
        });

        // Jobs that must run once across all collectors: clustered on PostgreSQL, whose check-ins also tell
        // CollectorShare who is alive; in memory on SQLite, where there is one collector.
        var database = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddQuartz(CollectorShare.SchedulerName, quartz =>
        {
            if (database.Provider == DatabaseProvider.PostgreSql && DatabaseConnection.Resolve(configuration, database, environment) is { } connectionString)
            {
                quartz.UsePersistentStore(store =>
                {
                    store.UsePostgres(connectionString);
                    store.UseSystemTextJsonSerializer();
                    store.UseClustering();
                    store.ProvisionSchema();
                });
            }

            Every<MetricRetentionJob>(quartz, "metric-retention", TimeSpan.FromHours(1));
            Every<EventRetentionJob>(quartz, "event-retention", TimeSpan.FromHours(1));
            // 02:00 in the zone months are reported in, on each of the first seven days: the first run makes last month's
            // report, the others find it made; a SOTP that was down on the 1st still sends it.
            var reportZone = (configuration.GetSection(ReportOptions.SectionName).Get<ReportOptions>() ?? new ReportOptions()).DefaultZone();
            quartz.ScheduleJob<MonthlyReportJob>(
                trigger => trigger.WithIdentity(MonthlyReportJob.Name)
                    .WithSchedule(CronScheduleBuilder.Create("0 0 2 1-7 * ?").InTimeZone(reportZone)),
                job => job.WithIdentity(MonthlyReportJob.Name));
            quartz.AddJobListener<JobMetrics>();
            quartz.AddTriggerListener<JobMetrics>();
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

using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sotp.Core.Cluster;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;
using Sotp.Core.Persistence;
using Sotp.Core.Secrets;
using Sotp.Core.Security;
using Sotp.Core.Status;

namespace Sotp.Core;

/// <summary>Registers SOTP's domain: options, persistence, identity.</summary>
public static class SotpCoreServiceCollectionExtensions
{
    public static IServiceCollection AddSotpCore(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReachabilityOptions>().BindConfiguration(ReachabilityOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName);
        services.AddOptions<SecretOptions>().BindConfiguration(SecretOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<IDbContextFactory<SotpDbContext>>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var connectionString = DatabaseConnection.Resolve(configuration, options, environment)
                ?? throw new InvalidOperationException("ConnectionStrings:Sotp is not set.");
            if (options.Provider == DatabaseProvider.Sqlite)
            {
                DatabaseConnection.EnsureSqliteDirectory(connectionString);
            }

            return new SotpDbContextFactory(options.Provider, connectionString, options.CommandTimeoutSeconds, options.SqliteLockWaitSeconds);
        });
        services.AddSingleton<DatabaseAvailability>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseAvailability>());
        // Identity's stores want a scoped context; everything else asks the factory.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<SotpDbContext>>().CreateDbContext());

        services.AddDataProtection().SetApplicationName("sotp").PersistKeysToDbContext<SotpDbContext>().ProtectKeysWithSotpSecret();
        services.AddSotpIdentity();
        services.AddSingleton<SetupTokenService>();
        services.AddScoped<AdministratorBootstrap>();
        services.AddSingleton<UserPreferenceStore>();
        services.AddSingleton<Audit.AuditTrail>();
        services.AddSingleton<Audit.AuditSearch>();
        services.AddScoped<UserDirectory>();
        services.AddSingleton<SessionChanges>();
        services.AddSingleton<PermissionMap>();
        services.AddSingleton<ApiTokenService>();

        services.AddSingleton<DeviceCatalog>();
        services.AddSingleton<PollNow>();
        services.AddHostedService<InventoryRefresh>();
        services.AddSingleton<DeviceCsv>();
        services.AddSingleton<DemoDevices>();
        services.AddSingleton<ReachabilityTracker>();
        services.AddSingleton<StatusHistory>();
        services.AddSingleton<StatusEventWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusEventWriter>());
        services.AddSingleton<IPendingWrites>(sp => sp.GetRequiredService<StatusEventWriter>());

        services.AddSingleton<LocalSecretStore>();
        services.AddOptions<VaultOptions>().BindConfiguration(VaultOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(VaultSecretStore.HttpClientName, (sp, client) =>
            client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<VaultOptions>>().Value.TimeoutSeconds));
        services.AddSingleton<VaultSecretStore>();
        services.AddSingleton<ISecretStore, SecretStore>();
        services.AddSingleton<CredentialVault>();
        services.AddSingleton<SnmpSettingsStore>();
        services.AddSingleton<RemoteConsole.SshSettingsStore>();
        services.AddSingleton<RemoteConsole.ConsoleRecorder>();
        services.AddOptions<MetricOptions>().BindConfiguration(MetricOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MetricWriter>();
        services.AddSingleton<IMetricSink>(sp => sp.GetRequiredService<MetricWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<MetricWriter>());
        services.AddSingleton<IPendingWrites>(sp => sp.GetRequiredService<MetricWriter>());
        services.AddSingleton<MetricHistory>();
        services.AddOptions<Events.EventOptions>().BindConfiguration(Events.EventOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Events.EventLog>();
        services.AddSingleton<Events.EventSearch>();
        services.AddSingleton(_ => Events.EventCatalogue.Load());
        services.AddSingleton<Events.EventWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<Events.EventWriter>());
        services.AddSingleton<IPendingWrites>(sp => sp.GetRequiredService<Events.EventWriter>());
        services.AddOptions<Alerts.AlertOptions>().BindConfiguration(Alerts.AlertOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Alerts.AlertBoard>();
        services.AddOptions<Mail.SmtpOptions>().BindConfiguration(Mail.SmtpOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Mail.MailSender>();
        services.AddSingleton<Alerts.AlertStore>();
        services.AddSingleton<Remediation.RemediationStore>();
        services.AddOptions<Reports.ReportOptions>().BindConfiguration(Reports.ReportOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Reports.AvailabilityCalculator>();
        services.AddSingleton<Reports.ReportBoard>();
        services.AddSingleton<Configs.ConfigBoard>();
        services.AddSingleton<Configs.ConfigHistory>();
        services.AddSingleton<Configs.ConfigRemote>();
        services.AddSingleton(Compliance.ConfigNormalizer.Load());
        services.AddSingleton<Compliance.GoldenConfig>();
        services.AddSingleton<Compliance.ComplianceBoard>();
        services.AddSingleton<Compliance.ComplianceService>();
        services.AddHostedService(sp => sp.GetRequiredService<Compliance.ComplianceService>());
        services.AddOptions<Configs.ConfigOptions>().BindConfiguration(Configs.ConfigOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(_ => Configs.ConfigRules.Load());
        services.AddSingleton<Configs.ConfigKeys>();
        services.AddSingleton(sp => new Configs.ConfigRepository(Path.GetFullPath(Path.Combine(environment.ContentRootPath,
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.DataDirectory, sp.GetRequiredService<IOptions<Configs.ConfigOptions>>().Value.RepositoryFolder))));
        services.AddSingleton<Reports.ReportService>();
        services.AddHostedService(sp => sp.GetRequiredService<Reports.ReportService>());
        services.AddSingleton(sp => new VitalsTracker(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IMetricSink>(),
            TimeSpan.FromMinutes(sp.GetRequiredService<IOptions<MetricOptions>>().Value.LiveWindowMinutes),
            outbox: sp.GetRequiredService<ClusterOutbox>(), events: sp.GetRequiredService<Events.EventLog>()));

        services.AddSingleton(new NodeIdentity(NodeRoleConfiguration.Read(configuration)));
        services.AddSingleton<ClusterOutbox>();
        services.AddSingleton<ClusterBus>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterBus>());
        return services;
    }

    private static void AddSotpIdentity(this IServiceCollection services)
    {
        services.AddIdentityCore<SotpUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SotpDbContext>()
            .AddSignInManager<SotpSignInManager>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<PasswordPolicy>();

        services.AddOptions<IdentityOptions>().Configure<IOptions<SecurityOptions>>((identity, security) =>
        {
            // OWASP ASVS 5: length is what counts, composition rules are not wanted (PasswordPolicy does the rest).
            identity.Password.RequiredLength = PasswordPolicy.MinimumLength;
            identity.Password.RequireDigit = false;
            identity.Password.RequireLowercase = false;
            identity.Password.RequireUppercase = false;
            identity.Password.RequireNonAlphanumeric = false;
            identity.Password.RequiredUniqueChars = 1;

            identity.Lockout.AllowedForNewUsers = true;
            identity.Lockout.MaxFailedAccessAttempts = security.Value.MaxFailedAccessAttempts;
            identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(security.Value.LockoutMinutes);

            identity.User.RequireUniqueEmail = false;
            identity.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
            identity.SignIn.RequireConfirmedAccount = false;
            identity.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
        });
    }
}

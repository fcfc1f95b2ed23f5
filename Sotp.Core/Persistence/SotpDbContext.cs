using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;
using Sotp.Core.Security;
using Sotp.Core.Status;

namespace Sotp.Core.Persistence;

/// <summary>
/// The one EF Core model of SOTP. Each provider has a subclass that owns its migration set
/// (<see cref="SqliteSotpDbContext"/>, <see cref="PostgreSqlSotpDbContext"/>).
/// </summary>
public abstract class SotpDbContext(DbContextOptions options)
    : IdentityDbContext<SotpUser>(options), IDataProtectionKeyContext
{
    /// <summary>Shared Data Protection keys, so cookies and tokens survive restarts and work on every replica.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<SetupToken> SetupTokens => Set<SetupToken>();

    public DbSet<Device> Devices => Set<Device>();

    public DbSet<StatusEvent> StatusEvents => Set<StatusEvent>();

    public DbSet<SnmpSettings> SnmpSettings => Set<SnmpSettings>();

    public DbSet<MetricSample> MetricSamples => Set<MetricSample>();

    public DbSet<MetricRollup> MetricRollups => Set<MetricRollup>();

    public DbSet<Audit.AuditEntry> AuditEntries => Set<Audit.AuditEntry>();

    public DbSet<RolePermission> RolePermissions => Set<RolePermission>();

    public DbSet<RoleSetting> RoleSettings => Set<RoleSetting>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<RemoteConsole.SshSettings> SshSettings => Set<RemoteConsole.SshSettings>();

    public DbSet<RemoteConsole.ConsoleSession> ConsoleSessions => Set<RemoteConsole.ConsoleSession>();

    public DbSet<RemoteConsole.TranscriptChunk> TranscriptChunks => Set<RemoteConsole.TranscriptChunk>();

    public DbSet<SavedBatch> SavedBatches => Set<SavedBatch>();

    public DbSet<Events.DeviceEvent> DeviceEvents => Set<Events.DeviceEvent>();

    public DbSet<Alerts.AlertRule> AlertRules => Set<Alerts.AlertRule>();

    public DbSet<Alerts.Alert> Alerts => Set<Alerts.Alert>();

    public DbSet<Alerts.MaintenanceWindow> MaintenanceWindows => Set<Alerts.MaintenanceWindow>();

    public DbSet<Alerts.NotificationDelivery> NotificationDeliveries => Set<Alerts.NotificationDelivery>();

    public DbSet<Remediation.Playbook> Playbooks => Set<Remediation.Playbook>();

    public DbSet<Remediation.RemediationAttempt> RemediationAttempts => Set<Remediation.RemediationAttempt>();

    public DbSet<Remediation.RemediationControl> RemediationControls => Set<Remediation.RemediationControl>();

    public DbSet<MonitoringRun> MonitoringRuns => Set<MonitoringRun>();

    public DbSet<Reports.GeneratedReport> Reports => Set<Reports.GeneratedReport>();

    public DbSet<Configs.ConfigBackupRecord> ConfigBackups => Set<Configs.ConfigBackupRecord>();

    public DbSet<Configs.ConfigMaskingKey> ConfigMaskingKeys => Set<Configs.ConfigMaskingKey>();

    public DbSet<Compliance.ComplianceRule> ComplianceRules => Set<Compliance.ComplianceRule>();

    public DbSet<Compliance.ComplianceResult> ComplianceResults => Set<Compliance.ComplianceResult>();

    public DbSet<Compliance.ComplianceCheck> ComplianceChecks => Set<Compliance.ComplianceCheck>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(SotpDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset: store UTC ticks there. PostgreSQL's timestamptz
        // takes UTC only: normalise, so a caller's local offset never fails a write.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
        }
        else
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcConverter>();
        }
    }
}

/// <summary>The SQLite flavour of <see cref="SotpDbContext"/>; its migrations live in Migrations/Sqlite.</summary>
public sealed class SqliteSotpDbContext(DbContextOptions<SqliteSotpDbContext> options) : SotpDbContext(options);

/// <summary>The PostgreSQL flavour of <see cref="SotpDbContext"/>; its migrations live in Migrations/PostgreSql.</summary>
public sealed class PostgreSqlSotpDbContext(DbContextOptions<PostgreSqlSotpDbContext> options) : SotpDbContext(options);

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Sotp.Core.Alerts;

internal sealed class AlertRuleConfiguration : IEntityTypeConfiguration<AlertRule>
{
    public void Configure(EntityTypeBuilder<AlertRule> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(100);
        builder.Property(r => r.Condition).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.Severity).HasConversion<int>();
        builder.Property(r => r.Scope).AsJson();
        builder.Property(r => r.EventCode).HasMaxLength(96);
        builder.Property(r => r.WebhookUrl).HasMaxLength(2048);
        builder.Property(r => r.EmailTo).HasMaxLength(1024);
    }
}

internal sealed class AlertEntityConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> builder)
    {
        builder.Property(a => a.Target).HasMaxLength(128);
        builder.Property(a => a.Key).HasMaxLength(160);
        builder.Property(a => a.Condition).HasConversion<string>().HasMaxLength(24);
        builder.Property(a => a.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Severity).HasConversion<int>();
        builder.Property(a => a.Title).HasMaxLength(300);
        builder.Property(a => a.Detail).HasMaxLength(2000);
        builder.Property(a => a.AcknowledgedBy).HasMaxLength(256);
        builder.HasOne<AlertRule>().WithMany().HasForeignKey(a => a.RuleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Devices.Device>().WithMany().HasForeignKey(a => a.DeviceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.State, a.OpenedAt });
        builder.HasIndex(a => new { a.DeviceId, a.OpenedAt });
        // At most one active alert per rule, device and interface, whichever process opened it.
        builder.HasIndex(a => a.Key).IsUnique().HasFilter("\"State\" <> 'Resolved'");
    }
}

internal sealed class MaintenanceWindowConfiguration : IEntityTypeConfiguration<MaintenanceWindow>
{
    public void Configure(EntityTypeBuilder<MaintenanceWindow> builder)
    {
        builder.Property(w => w.Name).HasMaxLength(100);
        builder.Property(w => w.Scope).AsJson();
        builder.Property(w => w.Recurrence).HasConversion<string>().HasMaxLength(8);
        builder.Property(w => w.TimeZone).HasMaxLength(64);
        builder.Property(w => w.Days).AsJson();
        builder.Property(w => w.Reason).HasMaxLength(500);
        builder.Property(w => w.CreatedBy).HasMaxLength(256);
    }
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> builder)
    {
        builder.Property(n => n.Channel).HasMaxLength(8);
        builder.Property(n => n.Target).HasMaxLength(2048);
        builder.Property(n => n.Change).HasMaxLength(16);
        builder.Property(n => n.Status).HasMaxLength(16);
        builder.Property(n => n.Error).HasMaxLength(1000);
        builder.HasOne<Alert>().WithMany().HasForeignKey(n => n.AlertId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.AlertId, n.At });
    }
}

/// <summary>A value kept as one JSON text column (scopes, lists of days).</summary>
internal static class JsonColumn
{
    public static PropertyBuilder<T> AsJson<T>(this PropertyBuilder<T> property)
    {
        property.HasConversion(new ValueConverter<T, string>(v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
            json => JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Web)!),
            new ValueComparer<T>((a, b) => JsonSerializer.Serialize(a, JsonSerializerOptions.Web) == JsonSerializer.Serialize(b, JsonSerializerOptions.Web),
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web).GetHashCode(StringComparison.Ordinal),
                v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, JsonSerializerOptions.Web), JsonSerializerOptions.Web)!));
        return property;
    }
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sotp.Core.Events;

internal sealed class DeviceEventConfiguration : IEntityTypeConfiguration<DeviceEvent>
{
    public void Configure(EntityTypeBuilder<DeviceEvent> builder)
    {
        builder.Property(e => e.Source).HasConversion<string>().HasMaxLength(8);
        builder.Property(e => e.Severity).HasConversion<int>();
        builder.Property(e => e.Sender).HasMaxLength(64);
        builder.Property(e => e.HostName).HasMaxLength(255);
        builder.Property(e => e.Code).HasMaxLength(96);
        builder.Property(e => e.Vendor).HasMaxLength(16);
        builder.Property(e => e.CatalogueId).HasMaxLength(96);
        builder.Property(e => e.Fields).HasConversion(
            fields => EventFields.ToJson(fields),
            json => EventFields.FromJson(json),
            new ValueComparer<Dictionary<string, string>>((a, b) => EventFields.ToJson(a!) == EventFields.ToJson(b!),
                d => EventFields.ToJson(d).GetHashCode(StringComparison.Ordinal), d => new Dictionary<string, string>(d)));
        builder.HasOne<Devices.Device>().WithMany().HasForeignKey(e => e.DeviceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.DeviceId, e.At });
        builder.HasIndex(e => e.At);
    }
}

/// <summary>An event's fields as stored: one JSON object of strings.</summary>
public static class EventFields
{
    public static string ToJson(Dictionary<string, string> fields) => JsonSerializer.Serialize(fields);

    public static Dictionary<string, string> FromJson(string json) => JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sotp.Core.Configs;

internal sealed class ConfigBackupRecordConfiguration : IEntityTypeConfiguration<ConfigBackupRecord>
{
    public void Configure(EntityTypeBuilder<ConfigBackupRecord> builder)
    {
        builder.ToTable("ConfigBackups");
        builder.Property(r => r.Trigger).HasMaxLength(200);
        builder.Property(r => r.RequestedBy).HasMaxLength(256);
        builder.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.Commit).HasMaxLength(40);
        builder.Property(r => r.Error).HasMaxLength(1000);
        builder.HasOne<Devices.Device>().WithMany().HasForeignKey(r => r.DeviceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.DeviceId, r.At });
    }
}

internal sealed class ConfigMaskingKeyConfiguration : IEntityTypeConfiguration<ConfigMaskingKey>
{
    public void Configure(EntityTypeBuilder<ConfigMaskingKey> builder)
    {
        builder.ToTable("ConfigMaskingKeys");
        builder.Property(k => k.Id).ValueGeneratedNever(); // one row, id 1: two processes making it at once collide on the key
        builder.Property(k => k.ProtectedKey).HasMaxLength(1000);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sotp.Core.Devices;

internal sealed class SnmpSettingsConfiguration : IEntityTypeConfiguration<SnmpSettings>
{
    public void Configure(EntityTypeBuilder<SnmpSettings> builder)
    {
        builder.HasKey(s => s.DeviceId);
        builder.HasOne<Device>().WithOne().HasForeignKey<SnmpSettings>(s => s.DeviceId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.Version).HasMaxLength(2);
        builder.Property(s => s.UserName).HasMaxLength(32);
        builder.Property(s => s.AuthProtocol).HasMaxLength(8);
        builder.Property(s => s.PrivProtocol).HasMaxLength(8);
    }
}

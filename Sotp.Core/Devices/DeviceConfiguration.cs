using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sotp.Core.Devices;

internal sealed class DeviceConfiguration : IEntityTypeConfiguration<Device>
{
    public void Configure(EntityTypeBuilder<Device> builder)
    {
        builder.Property(d => d.Name).HasMaxLength(DeviceRules.NameMaxLength).IsRequired();
        builder.Property(d => d.Address).HasMaxLength(DeviceRules.AddressMaxLength).IsRequired();
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Platform).HasMaxLength(32);
        builder.Property(d => d.Site).HasMaxLength(DeviceRules.SiteMaxLength);
        builder.Property(d => d.Description).HasMaxLength(DeviceRules.DescriptionMaxLength);
        // Names are unique among the devices in service; an archived device frees its name.
        builder.HasIndex(d => d.Name).IsUnique().HasFilter("\"ArchivedAt\" IS NULL");
        builder.HasIndex(d => d.Address);
        builder.HasIndex(d => d.Site);
        builder.HasIndex(d => d.ArchivedAt);
    }
}

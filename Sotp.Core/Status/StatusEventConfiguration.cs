using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sotp.Core.Devices;

namespace Sotp.Core.Status;

internal sealed class StatusEventConfiguration : IEntityTypeConfiguration<StatusEvent>
{
    public void Configure(EntityTypeBuilder<StatusEvent> builder)
    {
        builder.Property(e => e.State).HasConversion<string>().HasMaxLength(8);
        builder.Property(e => e.PreviousState).HasConversion<string>().HasMaxLength(8);
        builder.HasOne<Device>().WithMany().HasForeignKey(e => e.DeviceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.DeviceId, e.At });
        builder.HasIndex(e => e.At);
    }
}

internal sealed class MonitoringRunConfiguration : IEntityTypeConfiguration<MonitoringRun>
{
    public void Configure(EntityTypeBuilder<MonitoringRun> builder)
    {
        builder.Property(r => r.Node).HasMaxLength(128);
        builder.HasIndex(r => r.StartedAt);
    }
}

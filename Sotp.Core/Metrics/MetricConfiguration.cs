using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sotp.Core.Metrics;

internal sealed class MetricSampleConfiguration : IEntityTypeConfiguration<MetricSample>
{
    public void Configure(EntityTypeBuilder<MetricSample> builder)
    {
        builder.Property(s => s.Series).HasMaxLength(48);
        builder.HasIndex(s => new { s.DeviceId, s.Series, s.At });
        builder.HasIndex(s => s.At);
    }
}

internal sealed class MetricRollupConfiguration : IEntityTypeConfiguration<MetricRollup>
{
    public void Configure(EntityTypeBuilder<MetricRollup> builder)
    {
        builder.Property(r => r.Series).HasMaxLength(48);
        builder.HasIndex(r => new { r.DeviceId, r.Series, r.ResolutionSeconds, r.BucketStart }).IsUnique();
        builder.HasIndex(r => new { r.ResolutionSeconds, r.BucketStart });
    }
}

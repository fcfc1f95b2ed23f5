using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sotp.Core.Alerts;

namespace Sotp.Core.Reports;

internal sealed class GeneratedReportConfiguration : IEntityTypeConfiguration<GeneratedReport>
{
    public void Configure(EntityTypeBuilder<GeneratedReport> builder)
    {
        builder.ToTable("Reports");
        builder.Property(r => r.Month).HasMaxLength(7);
        builder.Property(r => r.TimeZone).HasMaxLength(64);
        builder.Property(r => r.Scope).AsJson();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(8);
        builder.Property(r => r.Error).HasMaxLength(1000);
        builder.Property(r => r.RequestedBy).HasMaxLength(256);
        builder.HasIndex(r => r.RequestedAt);
    }
}

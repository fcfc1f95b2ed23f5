using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sotp.Core.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(e => e.Actor).HasMaxLength(256);
        builder.Property(e => e.Roles).HasMaxLength(256);
        builder.Property(e => e.Source).HasMaxLength(160);
        builder.Property(e => e.ClientIp).HasMaxLength(64);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.TargetType).HasMaxLength(64);
        builder.Property(e => e.TargetId).HasMaxLength(64);
        builder.Property(e => e.TargetName).HasMaxLength(256);
        builder.Property(e => e.Result).HasMaxLength(512);
        builder.Property(e => e.TraceId).HasMaxLength(32);
        builder.Property(e => e.PreviousHash).HasMaxLength(64).IsFixedLength();
        builder.Property(e => e.Hash).HasMaxLength(64).IsFixedLength();
        // One successor per entry and no two entries at one position: a forked chain cannot be written.
        builder.HasIndex(e => e.Sequence).IsUnique();
        builder.HasIndex(e => e.PreviousHash).IsUnique();
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.Actor, e.At });
        builder.HasIndex(e => new { e.Action, e.At });
        builder.HasIndex(e => new { e.TargetType, e.TargetId });
    }
}

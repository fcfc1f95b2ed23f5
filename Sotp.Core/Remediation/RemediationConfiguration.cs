using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sotp.Core.Alerts;

namespace Sotp.Core.Remediation;

internal sealed class PlaybookConfiguration : IEntityTypeConfiguration<Playbook>
{
    public void Configure(EntityTypeBuilder<Playbook> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.Trigger).HasConversion<string>().HasMaxLength(32);
        builder.Property(p => p.Action).HasConversion<string>().HasMaxLength(32);
        builder.Property(p => p.Mode).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Scope).AsJson();
        builder.Property(p => p.UplinkPattern).HasMaxLength(200);
    }
}

internal sealed class RemediationAttemptConfiguration : IEntityTypeConfiguration<RemediationAttempt>
{
    public void Configure(EntityTypeBuilder<RemediationAttempt> builder)
    {
        builder.Property(a => a.Playbook).HasMaxLength(100);
        builder.Property(a => a.Target).HasMaxLength(128);
        builder.Property(a => a.State).HasConversion<string>().HasMaxLength(24);
        builder.Property(a => a.Reason).HasMaxLength(1000);
        builder.Property(a => a.ApprovedBy).HasMaxLength(256);
        builder.Property(a => a.Steps).AsJson();
        builder.Ignore(a => a.IsFinished);
        builder.HasOne<Playbook>().WithMany().HasForeignKey(a => a.PlaybookId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Devices.Device>().WithMany().HasForeignKey(a => a.DeviceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.DeviceId, a.IfIndex, a.ActedAt });
        builder.HasIndex(a => a.DetectedAt);
    }
}

internal sealed class RemediationControlConfiguration : IEntityTypeConfiguration<RemediationControl>
{
    public void Configure(EntityTypeBuilder<RemediationControl> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.ChangedBy).HasMaxLength(256);
        builder.Property(c => c.Reason).HasMaxLength(500);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sotp.Core.Alerts;
using Sotp.Core.Persistence;

namespace Sotp.Core.Compliance;

internal sealed class ComplianceRuleConfiguration : IEntityTypeConfiguration<ComplianceRule>
{
    public void Configure(EntityTypeBuilder<ComplianceRule> builder)
    {
        builder.ToTable("ComplianceRules");
        builder.Property(r => r.Name).HasMaxLength(100);
        builder.HasIndex(r => r.Name).IsUnique();
        builder.Property(r => r.Description).HasMaxLength(1000);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Text).HasMaxLength(ComplianceRuleInput.MaxTextLength);
        builder.Property(r => r.Platforms).AsJson();
        builder.Property(r => r.Scope).AsJson();
        builder.Property(r => r.Remediation).HasMaxLength(ComplianceRuleInput.MaxTextLength);
        builder.Property(r => r.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class ComplianceResultConfiguration : IEntityTypeConfiguration<ComplianceResult>
{
    public void Configure(EntityTypeBuilder<ComplianceResult> builder)
    {
        builder.ToTable("ComplianceResults");
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Expected).HasMaxLength(8000);
        builder.Property(r => r.Actual).HasMaxLength(8000);
        builder.Property(r => r.Remediation).HasMaxLength(8000);
        builder.Property(r => r.Commit).HasMaxLength(40);
        builder.HasOne<Devices.Device>().WithMany().HasForeignKey(r => r.DeviceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ComplianceRule>().WithMany().HasForeignKey(r => r.RuleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.DeviceId, r.RuleId }).IsUnique();
        builder.HasIndex(r => new { r.RuleId, r.State });
    }
}

internal sealed class ComplianceCheckConfiguration : IEntityTypeConfiguration<ComplianceCheck>
{
    public void Configure(EntityTypeBuilder<ComplianceCheck> builder)
    {
        builder.ToTable("ComplianceChecks");
        builder.Property(c => c.Commit).HasMaxLength(40);
        builder.HasOne<Devices.Device>().WithMany().HasForeignKey(c => c.DeviceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.DeviceId, c.At });
    }
}

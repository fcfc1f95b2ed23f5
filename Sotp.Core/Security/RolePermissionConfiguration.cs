using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sotp.Core.Security;

internal sealed class RolePermissionConfiguration : IEntityTypeConfiguration<RolePermission>
{
    public void Configure(EntityTypeBuilder<RolePermission> builder)
    {
        builder.HasKey(p => new { p.Role, p.Permission });
        builder.Property(p => p.Role).HasMaxLength(64);
        builder.Property(p => p.Permission).HasMaxLength(64);
    }
}

internal sealed class RoleSettingConfiguration : IEntityTypeConfiguration<RoleSetting>
{
    public void Configure(EntityTypeBuilder<RoleSetting> builder)
    {
        builder.HasKey(s => s.Role);
        builder.Property(s => s.Role).HasMaxLength(64);
    }
}

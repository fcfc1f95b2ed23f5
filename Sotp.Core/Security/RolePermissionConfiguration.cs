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

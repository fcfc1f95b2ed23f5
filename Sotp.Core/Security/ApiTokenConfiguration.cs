using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sotp.Core.Security;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(ApiTokenService.NameMaxLength);
        builder.Property(t => t.Hint).HasMaxLength(16);
        builder.Property(t => t.Hash).HasMaxLength(64).IsFixedLength();
        builder.Property(t => t.Scopes).HasMaxLength(512);
        builder.Ignore(t => t.ScopeList);
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.HasIndex(t => t.UserId);
        builder.HasOne<SotpUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

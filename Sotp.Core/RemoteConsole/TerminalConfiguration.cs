using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sotp.Core.Devices;

namespace Sotp.Core.RemoteConsole;

internal sealed class SshSettingsConfiguration : IEntityTypeConfiguration<SshSettings>
{
    public void Configure(EntityTypeBuilder<SshSettings> builder)
    {
        builder.HasKey(s => s.DeviceId);
        builder.HasOne<Device>().WithOne().HasForeignKey<SshSettings>(s => s.DeviceId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.UserName).HasMaxLength(64);
        builder.Property(s => s.HostKeyFingerprint).HasMaxLength(80);
        builder.Property(s => s.RefusedFingerprint).HasMaxLength(80);
        builder.Property(s => s.HostKeyPinnedBy).HasMaxLength(256);
    }
}

internal sealed class ConsoleSessionConfiguration : IEntityTypeConfiguration<ConsoleSession>
{
    public void Configure(EntityTypeBuilder<ConsoleSession> builder)
    {
        builder.Property(s => s.DeviceName).HasMaxLength(128);
        builder.Property(s => s.UserName).HasMaxLength(256);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.EndReason).HasMaxLength(512);
        builder.Property(s => s.TranscriptSha256).HasMaxLength(64);
        builder.HasIndex(s => s.StartedAt);
        builder.HasIndex(s => new { s.DeviceId, s.StartedAt });
    }
}

internal sealed class TranscriptChunkConfiguration : IEntityTypeConfiguration<TranscriptChunk>
{
    public void Configure(EntityTypeBuilder<TranscriptChunk> builder)
    {
        builder.HasOne<ConsoleSession>().WithMany().HasForeignKey(c => c.SessionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.SessionId, c.Sequence }).IsUnique();
    }
}

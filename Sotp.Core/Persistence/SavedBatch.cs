using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sotp.Core.Persistence;

/// <summary>
/// The receipt of one batch a <see cref="BatchWriter{T}"/> saved, written in the batch's own transaction: when the
/// connection drops as a commit lands, the writer cannot tell whether it did, and the receipt says so before it
/// writes the batch again. Receipts are kept for a day.
/// </summary>
public sealed class SavedBatch
{
    public Guid Id { get; set; }

    /// <summary>Which writer saved it ("state changes", "metric samples").</summary>
    public required string Kind { get; set; }

    public int Count { get; set; }

    public DateTimeOffset SavedAt { get; set; }
}

internal sealed class SavedBatchConfiguration : IEntityTypeConfiguration<SavedBatch>
{
    public void Configure(EntityTypeBuilder<SavedBatch> builder)
    {
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Kind).HasMaxLength(48);
        builder.HasIndex(b => b.SavedAt);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Sotp.Core.Persistence;

namespace Sotp.Core.Status;

/// <summary>Saves reachability state changes in batches; a database restart loses none (see <see cref="BatchWriter{T}"/>).</summary>
public sealed class StatusEventWriter(
    ReachabilityTracker tracker,
    IDbContextFactory<SotpDbContext> contexts,
    TimeProvider time,
    ILogger<StatusEventWriter> logger) : BatchWriter<StatusEvent>(tracker.PendingChanges, contexts, time, logger, batchSize: 500)
{
    protected override async Task SaveBatchAsync(SotpDbContext db, IReadOnlyList<StatusEvent> batch, CancellationToken cancellationToken)
    {
        foreach (var change in batch)
        {
            change.Id = 0; // a failed attempt may have left a key behind
        }

        db.StatusEvents.AddRange(batch);
        await db.SaveChangesAsync(cancellationToken);
    }
}

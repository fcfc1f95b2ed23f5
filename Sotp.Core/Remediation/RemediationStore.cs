using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sotp.Core.Alerts;
using Sotp.Core.Audit;
using Sotp.Core.Cluster;
using Sotp.Core.Live;
using Sotp.Core.Persistence;

namespace Sotp.Core.Remediation;

/// <summary>
/// Playbooks, attempts and the stop switch in the database. Every change a person makes is audited as theirs; what a
/// playbook does is audited as the playbook's (<see cref="ActorOf"/>). Attempts stream live to every process
/// (<see cref="Attempts"/>); playbook changes bump <see cref="Version"/> here and in the other processes.
/// </summary>
public sealed class RemediationStore(IDbContextFactory<SotpDbContext> contexts, AuditTrail audit, TimeProvider time, ClusterOutbox? outbox = null)
{
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    /// <summary>Attempts as they change, from every process.</summary>
    public EventStream<RemediationAttempt> Attempts { get; } = new(time, recentCount: 100);

    /// <summary>Who an action of a playbook is on the record as: the playbook, never a person.</summary>
    public static AuditActor ActorOf(Playbook playbook) => new($"playbook:{playbook.Name}", [], "remediation");

    public void Changed(bool fromPeer = false)
    {
        Interlocked.Increment(ref _version);
        if (!fromPeer)
        {
            outbox?.Post(new PlaybooksChanged());
        }
    }

    public void ApplyFromPeer(RemediationChanged changed) => Attempts.Append(changed.Attempt);

    public async Task<List<Playbook>> PlaybooksAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Playbooks.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
    }

    public async Task<(Playbook? Playbook, Dictionary<string, string[]> Errors)?> SavePlaybookAsync(int? id, PlaybookInput input, AuditActor actor,
        CancellationToken cancellationToken)
    {
        var errors = input.Check(out var trigger, out var action, out var mode);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var playbook = id is { } existing ? await db.Playbooks.SingleOrDefaultAsync(p => p.Id == existing, cancellationToken) : null;
        if (id is not null && playbook is null)
        {
            return null;
        }

        var before = playbook is null ? null : PlaybookView.Of(playbook);
        playbook ??= db.Playbooks.Add(new Playbook { Name = "" }).Entity;
        playbook.Name = input.Name!.Trim();
        (playbook.Trigger, playbook.Action, playbook.Mode, playbook.Enabled) = (trigger, action, mode, input.Enabled);
        playbook.Scope = new AlertScope
        {
            DeviceIds = [.. (input.Scope?.DeviceIds ?? []).Distinct()], Sites = [.. input.Scope?.Sites ?? []], Tags = [.. input.Scope?.Tags ?? []],
            InterfacePattern = string.IsNullOrWhiteSpace(input.Scope?.InterfacePattern) ? null : input.Scope.InterfacePattern.Trim(),
        };
        (playbook.HoldOffMinutes, playbook.PostCheckSeconds, playbook.MaxConsecutiveFailures) = (input.HoldOffMinutes, input.PostCheckSeconds, input.MaxConsecutiveFailures);
        (playbook.RequireApproval, playbook.AllowUplinks, playbook.LeaveConfigChanges) = (input.RequireApproval, input.AllowUplinks, input.LeaveConfigChanges);
        playbook.UplinkPattern = string.IsNullOrWhiteSpace(input.UplinkPattern) ? Playbook.DefaultUplinkPattern : input.UplinkPattern.Trim();
        playbook.UpdatedAt = time.GetUtcNow();
        await audit.SaveAsync(db, () => new AuditRecord(actor, before is null ? "playbook.create" : "playbook.update", "playbook",
            AuditTrail.KeyOf(db, playbook), playbook.Name, before, PlaybookView.Of(playbook)), cancellationToken);
        Changed();
        return (playbook, errors);
    }

    public async Task<bool> DeletePlaybookAsync(int id, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var playbook = await db.Playbooks.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (playbook is null)
        {
            return false;
        }

        // Its attempts are history: a playbook that acted is kept, switched off.
        if (await db.RemediationAttempts.AnyAsync(a => a.PlaybookId == id, cancellationToken))
        {
            playbook.Enabled = false;
        }
        else
        {
            db.Playbooks.Remove(playbook);
        }

        await audit.SaveAsync(db, new AuditRecord(actor, "playbook.delete", "playbook", Key(id), playbook.Name, PlaybookView.Of(playbook)), cancellationToken);
        Changed();
        return true;
    }

    /// <summary>Closes a playbook's circuit breaker (an Admin decided it may act again).</summary>
    public async Task<Playbook?> ResetBreakerAsync(int id, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var playbook = await db.Playbooks.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (playbook is null)
        {
            return null;
        }

        var before = PlaybookView.Of(playbook);
        (playbook.ConsecutiveFailures, playbook.TrippedAt) = (0, null);
        await audit.SaveAsync(db, new AuditRecord(actor, "playbook.reset", "playbook", Key(id), playbook.Name, before, PlaybookView.Of(playbook)), cancellationToken);
        Changed();
        return playbook;
    }

    /// <summary>
    /// Counts an outcome against the playbook's breaker; true when this failure opened it. Counted in the database in one
    /// statement each, so failures on several ports at once all count.
    /// </summary>
    public async Task<bool> CountOutcomeAsync(Playbook playbook, bool succeeded, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mine = db.Playbooks.Where(p => p.Id == playbook.Id);
        if (succeeded)
        {
            await mine.ExecuteUpdateAsync(u => u.SetProperty(p => p.ConsecutiveFailures, 0), cancellationToken);
            Changed();
            return false;
        }

        // One transaction: no reader sees the count at the limit with the breaker still closed.
        var now = time.GetUtcNow();
        var tripped = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await mine.ExecuteUpdateAsync(u => u.SetProperty(p => p.ConsecutiveFailures, p => p.ConsecutiveFailures + 1), ct);
            var opened = await mine.Where(p => p.TrippedAt == null && p.ConsecutiveFailures >= p.MaxConsecutiveFailures)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.TrippedAt, now), ct) == 1;
            await transaction.CommitAsync(ct);
            return opened;
        }, cancellationToken);
        if (tripped)
        {
            var stored = await mine.AsNoTracking().SingleAsync(cancellationToken);
            await audit.WriteAsync(new AuditRecord(ActorOf(stored), "playbook.breaker-open", "playbook", Key(stored.Id), stored.Name,
                After: new { stored.ConsecutiveFailures }), cancellationToken);
        }

        Changed();
        return tripped;
    }

    public async Task<RemediationControl> ControlAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.RemediationControls.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new RemediationControl();
    }

    /// <summary>Stops (or resumes) every playbook at once.</summary>
    public async Task<RemediationControl> SetStoppedAsync(bool stopped, string? reason, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var control = await db.RemediationControls.SingleOrDefaultAsync(cancellationToken) ?? db.RemediationControls.Add(new RemediationControl()).Entity;
        (control.Stopped, control.ChangedBy, control.ChangedAt, control.Reason) = (stopped, actor.Name, time.GetUtcNow(), reason?.Trim());
        await audit.SaveAsync(db, new AuditRecord(actor, stopped ? "remediation.stop" : "remediation.resume", "remediation", "all", "all remediation",
            After: new { reason = control.Reason }), cancellationToken);
        Changed();
        return control;
    }

    /// <summary>Inserts or updates an attempt, then shows it everywhere.</summary>
    public async Task<RemediationAttempt> SaveAsync(RemediationAttempt attempt, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (attempt.Id == 0)
        {
            db.RemediationAttempts.Add(attempt);
        }
        else
        {
            db.RemediationAttempts.Update(attempt);
        }

        await db.SaveChangesAsync(cancellationToken);
        var saved = attempt.Id == 0 ? attempt with { Id = (long)db.Entry(attempt).Property(nameof(RemediationAttempt.Id)).CurrentValue! } : attempt;
        Publish(saved);
        return saved;
    }

    public void Publish(RemediationAttempt attempt)
    {
        Attempts.Append(attempt);
        outbox?.Post(new RemediationChanged(attempt));
    }

    public async Task<List<RemediationAttempt>> ListAsync(int? deviceId, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var attempts = db.RemediationAttempts.AsNoTracking();
        if (deviceId is { } device)
        {
            attempts = attempts.Where(a => a.DeviceId == device);
        }

        if (beforeId is { } before)
        {
            attempts = attempts.Where(a => a.Id < before);
        }

        return await attempts.OrderByDescending(a => a.Id).Take(Math.Clamp(limit, 1, 1000)).ToListAsync(cancellationToken);
    }

    /// <summary>When a playbook last acted on the port (dry-runs do not count), for the hold-off.</summary>
    public async Task<DateTimeOffset?> LastActedAsync(int deviceId, int ifIndex, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.RemediationAttempts.AsNoTracking().Where(a => a.DeviceId == deviceId && a.IfIndex == ifIndex && a.ActedAt != null)
            .MaxAsync(a => a.ActedAt, cancellationToken);
    }

    /// <summary>An Engineer approves an attempt that waits: the collector that holds it acts. Null when there is none waiting.</summary>
    public async Task<RemediationAttempt?> ApproveAsync(long id, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var attempt = await db.RemediationAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (attempt is not { State: RemediationState.AwaitingApproval })
        {
            return null;
        }

        var approved = attempt.With(time.GetUtcNow(), "approved", $"by {actor.Name}") with { ApprovedBy = actor.Name };
        db.RemediationAttempts.Update(approved);
        await audit.SaveAsync(db, new AuditRecord(actor, "remediation.approve", "remediation", id.ToString(CultureInfo.InvariantCulture),
            $"{attempt.Playbook} on {attempt.Target}"), cancellationToken);
        Publish(approved);
        return approved;
    }

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);
}

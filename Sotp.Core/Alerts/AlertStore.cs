using Microsoft.EntityFrameworkCore;
using Sotp.Core.Audit;
using Sotp.Core.Cluster;
using Sotp.Core.Persistence;
using Sotp.Core.Secrets;

namespace Sotp.Core.Alerts;

/// <summary>
/// Alert rules, maintenance windows and alerts in the database. Changes to rules and windows are audited and bump
/// <see cref="Version"/> (here and, through the cluster, in the other processes) so the engines read them again;
/// acknowledging an alert is audited and reaches every alert list live.
/// </summary>
public sealed class AlertStore(IDbContextFactory<SotpDbContext> contexts, AuditTrail audit, CredentialVault vault, AlertBoard board,
    TimeProvider time, ClusterOutbox? outbox = null)
{
    private long _version;

    /// <summary>Grows when a rule or window changes.</summary>
    public long Version => Interlocked.Read(ref _version);

    public void Changed(bool fromPeer = false)
    {
        Interlocked.Increment(ref _version);
        if (!fromPeer)
        {
            outbox?.Post(new AlertSettingsChanged());
        }
    }

    public async Task<List<AlertRule>> RulesAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AlertRules.AsNoTracking().OrderBy(r => r.Name).ToListAsync(cancellationToken);
    }

    public async Task<List<MaintenanceWindow>> WindowsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.MaintenanceWindows.AsNoTracking().OrderBy(w => w.StartsAt).ToListAsync(cancellationToken);
    }

    /// <summary>Creates (<paramref name="id"/> null) or changes a rule; null when the rule does not exist.</summary>
    public async Task<(AlertRule? Rule, Dictionary<string, string[]> Errors)?> SaveRuleAsync(int? id, AlertRuleInput input, AuditActor actor,
        CancellationToken cancellationToken)
    {
        var errors = AlertRules.Check(input, out var condition, out var severity);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rule = id is { } existing ? await db.AlertRules.SingleOrDefaultAsync(r => r.Id == existing, cancellationToken) : null;
        if (id is not null && rule is null)
        {
            return null;
        }

        var before = rule is null ? null : AlertRuleView.Of(rule);
        rule ??= db.AlertRules.Add(new AlertRule { Name = "" }).Entity;
        rule.Name = input.Name!.Trim();
        rule.Condition = condition;
        rule.Severity = severity;
        rule.Scope = Normalised(input.Scope, rule.WatchesInterfaces);
        rule.Threshold = input.Threshold;
        rule.ForSeconds = input.ForSeconds;
        rule.EventCode = string.IsNullOrWhiteSpace(input.EventCode) ? null : input.EventCode.Trim();
        rule.ResolveAfterMinutes = input.ResolveAfterMinutes;
        rule.Enabled = input.Enabled;
        rule.WebhookUrl = string.IsNullOrWhiteSpace(input.WebhookUrl) ? null : input.WebhookUrl.Trim();
        rule.WebhookSecret = rule.WebhookUrl is null ? null : vault.SealOrKeep(input.WebhookSecret, rule.WebhookSecret);
        rule.EmailTo = string.IsNullOrWhiteSpace(input.EmailTo) ? null : string.Join(", ", AlertRules.Recipients(input.EmailTo));
        rule.UpdatedAt = time.GetUtcNow();
        await audit.SaveAsync(db, () => new AuditRecord(actor, before is null ? "alert-rule.create" : "alert-rule.update", "alert-rule",
            AuditTrail.KeyOf(db, rule), rule.Name, before, AlertRuleView.Of(rule)), cancellationToken);
        Changed();
        return (rule, errors);
    }

    public async Task<bool> DeleteRuleAsync(int id, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rule = await db.AlertRules.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return false;
        }

        // Its alerts are history: the rule stays as their name, switched off.
        if (await db.Alerts.AnyAsync(a => a.RuleId == id, cancellationToken))
        {
            rule.Enabled = false;
        }
        else
        {
            db.AlertRules.Remove(rule);
        }

        await audit.SaveAsync(db, new AuditRecord(actor, "alert-rule.delete", "alert-rule", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            rule.Name, AlertRuleView.Of(rule)), cancellationToken);
        Changed();
        return true;
    }

    public async Task<(MaintenanceWindow? Window, Dictionary<string, string[]> Errors)> AddWindowAsync(MaintenanceWindowInput input, AuditActor actor,
        CancellationToken cancellationToken)
    {
        var errors = AlertRules.Check(input, out var recurrence, out var days);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var window = db.MaintenanceWindows.Add(new MaintenanceWindow
        {
            Name = input.Name!.Trim(), Scope = Normalised(input.Scope, interfaces: false), StartsAt = input.StartsAt!.Value, EndsAt = input.EndsAt!.Value,
            Recurrence = recurrence, TimeZone = string.IsNullOrWhiteSpace(input.TimeZone) ? "UTC" : input.TimeZone.Trim(), Days = days,
            Until = input.Until, Reason = string.IsNullOrWhiteSpace(input.Reason) ? null : input.Reason.Trim(), CreatedBy = actor.Name,
            CreatedAt = time.GetUtcNow(),
        }).Entity;
        await audit.SaveAsync(db, () => new AuditRecord(actor, "maintenance.create", "maintenance", AuditTrail.KeyOf(db, window), window.Name,
            After: MaintenanceView.Of(window)), cancellationToken);
        Changed();
        return (window, errors);
    }

    public async Task<bool> DeleteWindowAsync(int id, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var window = await db.MaintenanceWindows.SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (window is null)
        {
            return false;
        }

        db.MaintenanceWindows.Remove(window);
        await audit.SaveAsync(db, new AuditRecord(actor, "maintenance.delete", "maintenance", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            window.Name, MaintenanceView.Of(window)), cancellationToken);
        Changed();
        return true;
    }

    /// <summary>Alerts newest first: active ones, or all, of one device or every device.</summary>
    public async Task<List<Alert>> ListAsync(AlertQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alerts = db.Alerts.AsNoTracking();
        if (query.DeviceId is { } deviceId)
        {
            alerts = alerts.Where(a => a.DeviceId == deviceId);
        }

        if (query.ActiveOnly)
        {
            alerts = alerts.Where(a => a.State != AlertState.Resolved);
        }

        if (query.BeforeId is { } before)
        {
            alerts = alerts.Where(a => a.Id < before);
        }

        return await alerts.OrderByDescending(a => a.Id).Take(Math.Clamp(query.Limit, 1, 1000)).ToListAsync(cancellationToken);
    }

    public async Task<List<Alert>> ActiveAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Alerts.AsNoTracking().Where(a => a.State != AlertState.Resolved).ToListAsync(cancellationToken);
    }

    /// <summary>Inserts a new alert (the id it got) or updates one.</summary>
    public async Task<Alert> SaveAsync(Alert alert, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (alert.Id == 0)
        {
            var entry = db.Alerts.Add(alert);
            await db.SaveChangesAsync(cancellationToken);
            return entry.Entity;
        }

        // An acknowledgement saved meanwhile by a person stays.
        var stored = await db.Alerts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == alert.Id, cancellationToken);
        var merged = stored is { State: AlertState.Acknowledged } && alert.State == AlertState.Open
            ? alert with { State = AlertState.Acknowledged, AcknowledgedAt = stored.AcknowledgedAt, AcknowledgedBy = stored.AcknowledgedBy }
            : alert;
        db.Alerts.Update(merged);
        await db.SaveChangesAsync(cancellationToken);
        return merged;
    }

    /// <summary>Acknowledges an active alert; null when there is no such alert, the alert as it is when it was resolved already.</summary>
    public async Task<Alert?> AcknowledgeAsync(long id, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alert = await db.Alerts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null || alert.State != AlertState.Open)
        {
            return alert;
        }

        var acknowledged = alert with { State = AlertState.Acknowledged, AcknowledgedAt = time.GetUtcNow(), AcknowledgedBy = actor.Name };
        db.Alerts.Update(acknowledged);
        await audit.SaveAsync(db, new AuditRecord(actor, "alert.ack", "alert", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            acknowledged.Title), cancellationToken);
        board.Publish(acknowledged);
        return acknowledged;
    }

    private static AlertScope Normalised(AlertScope? scope, bool interfaces) => new()
    {
        DeviceIds = [.. (scope?.DeviceIds ?? []).Distinct().Order()],
        Sites = [.. (scope?.Sites ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)],
        Tags = [.. (scope?.Tags ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)],
        InterfacePattern = interfaces && !string.IsNullOrWhiteSpace(scope?.InterfacePattern) ? scope.InterfacePattern.Trim() : null,
    };
}

/// <summary>Which alerts to list.</summary>
public sealed record AlertQuery(int? DeviceId = null, bool ActiveOnly = false, long? BeforeId = null, int Limit = 100);

/// <summary>A rule as the audit trail and the API show it: the webhook secret only as how it is held.</summary>
public sealed record AlertRuleView(int Id, string Name, string Condition, string Severity, AlertScope Scope, double? Threshold, int ForSeconds,
    string? EventCode, int ResolveAfterMinutes, bool Enabled, string? WebhookUrl, string? WebhookSecret, string? EmailTo)
{
    public static AlertRuleView Of(AlertRule r) => new(r.Id, r.Name, AlertRules.Name(r.Condition), r.Severity.ToString().ToLowerInvariant(), r.Scope,
        r.Threshold, r.ForSeconds, r.EventCode, r.ResolveAfterMinutes, r.Enabled, r.WebhookUrl, r.WebhookUrl is null ? null : CredentialVault.Describe(r.WebhookSecret),
        r.EmailTo);
}

/// <summary>A maintenance window as the audit trail and the API show it.</summary>
public sealed record MaintenanceView(int Id, string Name, AlertScope Scope, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Recurrence,
    string TimeZone, IReadOnlyList<string> Days, DateTimeOffset? Until, string? Reason, string CreatedBy)
{
    public static MaintenanceView Of(MaintenanceWindow w) => new(w.Id, w.Name, w.Scope, w.StartsAt, w.EndsAt, AlertRules.Name(w.Recurrence), w.TimeZone,
        [.. w.Days.Select(d => d.ToString().ToLowerInvariant())], w.Until, w.Reason, w.CreatedBy);
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sotp.Core.Audit;
using Sotp.Core.Configs;
using Sotp.Core.Observability;
using Sotp.Core.Persistence;

namespace Sotp.Core.Compliance;

/// <summary>A rule as lists and the API show it.</summary>
public sealed record ComplianceRuleView(int Id, string Name, string? Description, string Kind, string Text, bool Ordered, IReadOnlyList<string> Platforms,
    Alerts.AlertScope Scope, string? Remediation, bool Enabled, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public static ComplianceRuleView Of(ComplianceRule r) => new(r.Id, r.Name, r.Description, EnumText.Kebab(r.Kind), r.Text, r.Ordered, r.Platforms, r.Scope,
        r.Remediation, r.Enabled, r.UpdatedAt, r.UpdatedBy);
}

/// <summary>
/// Golden-configuration compliance: the rules (saved, audited), and every device's latest stored configuration checked
/// against them, in the background by the process that was asked: one device after each changed backup, every device
/// after a rule changed or when someone asks. Each check replaces the device's results and adds a line to its history;
/// the <see cref="ComplianceBoard"/> tells every page.
/// </summary>
public sealed partial class ComplianceService(
    IDbContextFactory<SotpDbContext> contexts,
    ConfigRepository repository,
    GoldenConfig golden,
    ComplianceBoard board,
    AuditTrail audit,
    TimeProvider time,
    IMeterFactory meters,
    ILogger<ComplianceService> logger) : BackgroundService
{
    // Devices written to the database together: one transaction each.
    private const int Batch = 100;
    private const int Everyone = 0;

    private readonly Channel<int> _requests = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Counter<long> _results = meters.Create(SotpMetrics.MeterName).CreateCounter<long>("sotp.compliance.results", "{result}",
        "Rule verdicts written (label state: pass, fail, not-applicable).");
    private readonly Histogram<double> _duration = meters.Create(SotpMetrics.MeterName).CreateHistogram<double>("sotp.compliance.check.duration", "s",
        "Time to check one device, or every device, against every rule.");
    /// <summary>Checks the device's latest version again, in the background.</summary>
    public void Request(int deviceId) => Post(deviceId);

    /// <summary>Checks every device again, in the background.</summary>
    public void RequestAll() => Post(Everyone);

    private void Post(int what) => _requests.Writer.TryWrite(what);

    public async Task<IReadOnlyList<ComplianceRule>> RulesAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ComplianceRules.AsNoTracking().OrderBy(r => r.Name).ToListAsync(cancellationToken);
    }

    /// <summary>Creates (no id) or changes a rule; null for an unknown id, otherwise the rule or the problems. Every device is then checked again.</summary>
    public async Task<(ComplianceRule? Rule, Dictionary<string, string[]> Errors)?> SaveRuleAsync(int? id, ComplianceRuleInput input, AuditActor actor,
        CancellationToken cancellationToken)
    {
        var errors = input.Check(out var kind);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rule = id is { } existing ? await db.ComplianceRules.SingleOrDefaultAsync(r => r.Id == existing, cancellationToken) : null;
        if (id is not null && rule is null)
        {
            return null;
        }

        var name = input.Name?.Trim();
        if (!errors.ContainsKey("name") && await db.ComplianceRules.AnyAsync(r => r.Name == name && r.Id != (id ?? 0), cancellationToken))
        {
            errors["name"] = ["Another rule has this name."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var before = rule is null ? null : ComplianceRuleView.Of(rule);
        rule ??= db.ComplianceRules.Add(new ComplianceRule { Name = "", Text = "" }).Entity;
        (rule.Name, rule.Description, rule.Kind, rule.Text, rule.Ordered) = (name!, Blank(input.Description), kind, input.Text!.TrimEnd(), input.Ordered);
        rule.Platforms = [.. (input.Platforms ?? []).Select(p => p.Trim().ToLowerInvariant()).Distinct()];
        rule.Scope = new Alerts.AlertScope
        {
            DeviceIds = [.. (input.Scope?.DeviceIds ?? []).Distinct()], Sites = [.. input.Scope?.Sites ?? []], Tags = [.. input.Scope?.Tags ?? []],
        };
        (rule.Remediation, rule.Enabled, rule.UpdatedAt, rule.UpdatedBy) = (Blank(input.Remediation), input.Enabled, time.GetUtcNow(), actor.Name);
        await audit.SaveAsync(db, () => new AuditRecord(actor, before is null ? "compliance.rule.create" : "compliance.rule.update", "compliance-rule",
            AuditTrail.KeyOf(db, rule), rule.Name, before, ComplianceRuleView.Of(rule)), cancellationToken);
        RequestAll();
        return (rule, errors);
    }

    public async Task<bool> DeleteRuleAsync(int id, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.ComplianceRules.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } rule)
        {
            return false;
        }

        db.ComplianceRules.Remove(rule); // its results go with it
        await audit.SaveAsync(db, new AuditRecord(actor, "compliance.rule.delete", "compliance-rule", id.ToString(CultureInfo.InvariantCulture), rule.Name,
            ComplianceRuleView.Of(rule)), cancellationToken);
        RequestAll();
        return true;
    }

    /// <summary>The latest verdicts of the devices in service that the filter keeps, with names, and counted.</summary>
    public async Task<ComplianceOverview> OverviewAsync(ComplianceFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var devices = db.Devices.AsNoTracking().Where(d => d.ArchivedAt == null);
        devices = filter.DeviceId is { } id ? devices.Where(d => d.Id == id) : devices;
        devices = string.IsNullOrWhiteSpace(filter.Site) ? devices : devices.Where(d => d.Site == filter.Site);
        devices = string.IsNullOrWhiteSpace(filter.Platform) ? devices : devices.Where(d => d.Platform == filter.Platform);
        var results = db.ComplianceResults.AsNoTracking();
        results = filter.RuleId is { } ruleId ? results.Where(r => r.RuleId == ruleId) : results;
        results = filter.State is { } state ? results.Where(r => r.State == state) : results;
        var rows = await (from r in results
                          join d in devices on r.DeviceId equals d.Id
                          join rule in db.ComplianceRules on r.RuleId equals rule.Id
                          select new ComplianceRow(d.Id, d.Name, d.Site, d.Platform, rule.Id, rule.Name, r.State, r.Expected, r.Actual, r.Remediation, r.Commit,
                              r.CheckedAt)).ToListAsync(cancellationToken);
        return ComplianceOverview.Of([.. rows.OrderBy(r => r.State).ThenBy(r => r.Device, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Rule, StringComparer.Ordinal)]);
    }

    /// <summary>A device's checks over time, newest first.</summary>
    public async Task<IReadOnlyList<ComplianceCheck>> HistoryAsync(int deviceId, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ComplianceChecks.AsNoTracking().Where(c => c.DeviceId == deviceId).OrderByDescending(c => c.Id)
            .Take(Math.Clamp(limit, 1, 1000)).ToListAsync(cancellationToken);
    }

    /// <summary>Checks the devices (all with a stored version when null) now; how many were checked.</summary>
    public async Task<int> CheckAsync(IReadOnlyCollection<int>? deviceIds, CancellationToken cancellationToken)
    {
        using var span = SotpTelemetry.Source.StartActivity("compliance check");
        var started = time.GetTimestamp();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rules = await db.ComplianceRules.AsNoTracking().Where(r => r.Enabled).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var latest = await db.ConfigBackups.AsNoTracking().Where(b => b.Commit != null && (deviceIds == null || deviceIds.Contains(b.DeviceId)))
            .GroupBy(b => b.DeviceId).Select(g => g.Max(b => b.Id)).ToListAsync(cancellationToken);
        var versions = (await db.ConfigBackups.AsNoTracking().Where(b => latest.Contains(b.Id)).Select(b => new { b.DeviceId, b.Commit }).ToListAsync(cancellationToken))
            .ToDictionary(v => v.DeviceId, v => v.Commit!);
        var devices = await db.Devices.AsNoTracking().Where(d => d.ArchivedAt == null && versions.Keys.Contains(d.Id)).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        span?.SetTag("sotp.compliance.devices", devices.Count);
        span?.SetTag("sotp.compliance.rules", rules.Count);
        foreach (var chunk in devices.Chunk(Batch))
        {
            var now = time.GetUtcNow();
            var checks = new List<(ComplianceCheck Check, List<ComplianceResult> Results)>();
            foreach (var device in chunk)
            {
                var commit = versions[device.Id];
                var tree = ConfigTree.Parse(repository.Read(device.Name, commit) ?? "", golden.Normalizer);
                var results = rules.Select(rule => (rule, outcome: golden.Evaluate(rule, device, tree))).Select(x => new ComplianceResult
                {
                    DeviceId = device.Id, RuleId = x.rule.Id, State = x.outcome.State, Expected = Cut(x.outcome.Expected), Actual = Cut(x.outcome.Actual),
                    Remediation = x.outcome.Remediation is { } fix ? Cut(fix) : null, Commit = commit, CheckedAt = now,
                }).ToList();
                checks.Add((new ComplianceCheck
                {
                    DeviceId = device.Id, At = now, Commit = commit, Passed = results.Count(r => r.State == ComplianceState.Pass),
                    Failed = results.Count(r => r.State == ComplianceState.Fail), NotApplicable = results.Count(r => r.State == ComplianceState.NotApplicable),
                }, results));
            }

            await SaveAsync(checks, cancellationToken);
        }

        _duration.Record(time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("scope", deviceIds is null ? "all" : "device"));
        return devices.Count;
    }

    private async Task SaveAsync(List<(ComplianceCheck Check, List<ComplianceResult> Results)> checks, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = checks.Select(c => c.Check.DeviceId).ToList();
        // The old verdicts go and the new come in one transaction, retried whole if the connection drops.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.ComplianceResults.Where(r => ids.Contains(r.DeviceId)).ExecuteDeleteAsync(ct);
            db.ComplianceResults.AddRange(checks.SelectMany(c => c.Results));
            db.ComplianceChecks.AddRange(checks.Select(c => c.Check));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
        foreach (var (check, results) in checks)
        {
            foreach (var state in results.GroupBy(r => r.State))
            {
                _results.Add(state.Count(), new KeyValuePair<string, object?>("state", EnumText.Kebab(state.Key)));
            }

            board.Publish(new DeviceCompliance(check.DeviceId, check.Passed, check.Failed, check.NotApplicable, check.Commit, check.At));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var first in _requests.Reader.ReadAllAsync(stoppingToken))
            {
                // Everything asked for meanwhile is one run: a burst of backups, or of rule edits, is checked once.
                var asked = new HashSet<int> { first };
                while (_requests.Reader.TryRead(out var more))
                {
                    asked.Add(more);
                }

                try
                {
                    await CheckAsync(asked.Contains(Everyone) ? null : asked, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogCheckFailed(logger, ex.Message); // the database is away: the next backup or rule change checks again
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static string Cut(string text) => text.Length <= 8000 ? text : text[..7990] + "\n…";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [LoggerMessage(EventId = 9501, Level = LogLevel.Warning, Message = "The compliance check failed: {Reason}")]
    private static partial void LogCheckFailed(ILogger logger, string reason);
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sotp.Collectors.Alerts;
using Sotp.Collectors.Scheduling;
using Sotp.Core.Alerts;
using Sotp.Core.Audit;
using Sotp.Core.Devices;
using Sotp.Core.Events;
using Sotp.Core;
using Sotp.Core.Metrics;
using Sotp.Core.Observability;
using Sotp.Core.Persistence;
using Sotp.Core.RemoteConsole;
using Sotp.Core.Remediation;

namespace Sotp.Collectors.Remediation;

/// <summary>
/// Self-healing: an "interface shut" alert decided in this collector goes to each playbook whose scope covers the
/// port, and passes the guardrails in order (stop switch, circuit breaker, maintenance, flapping, uplink, a person
/// working on the device through SOTP, a configuration change when the playbook leaves those alone, the hold-off,
/// the port still shut), then dry-run records, approval waits, or the playbook acts (SNMP SET or the CLI) and
/// checks: the port must come up and stay up. Every step is on the attempt's timeline and in the audit trail as the
/// playbook's. One attempt per port at a time; a failure counts towards the playbook's circuit breaker and raises an
/// alert (an event the "Remediation failed" rule watches).
/// </summary>
public sealed partial class RemediationService(
    AlertService alerts,
    RemediationStore store,
    InterfaceSwitch interfaces,
    DeviceCatalog catalog,
    VitalsTracker vitals,
    EventLog events,
    EventCatalogue catalogue,
    AuditTrail audit,
    IDbContextFactory<SotpDbContext> contexts,
    CollectorShare share,
    TimeProvider time,
    ILogger<RemediationService> logger,
    IMeterFactory meters) : BackgroundService
{
    /// <summary>How long a person's SOTP console session on the device, or a configuration change, keeps a playbook away.</summary>
    public static readonly TimeSpan PersonWindow = TimeSpan.FromMinutes(10);

    /// <summary>How long the port has to come up after the action, before it must stay up for the post-check.</summary>
    public static readonly TimeSpan ComeUpWithin = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ApprovalExpires = TimeSpan.FromHours(1);
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    private readonly Counter<long> _outcomes = meters.Create(SotpMetrics.MeterName).CreateCounter<long>("sotp.remediations", "{attempt}",
        "Remediation attempts finished in this process, by outcome (done, failed, skipped, dry-run).");

    private readonly ConcurrentDictionary<(int DeviceId, int IfIndex), byte> _busy = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<string?>> _approvals = new();
    private IReadOnlyList<Playbook> _playbooks = [];
    private RemediationControl _control = new();
    private long _loaded = -1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var decided = alerts.Decided.Subscribe(a => a is { Condition: AlertCondition.InterfaceAdminDown, State: AlertState.Open, Count: 1, IfIndex: not null });
        using var approved = store.Attempts.Subscribe(a => a.ApprovedBy is not null && a.State == RemediationState.AwaitingApproval);
        var running = new List<Task>();
        var approvals = FollowApprovalsAsync(approved, stoppingToken);
        try
        {
            await foreach (var batch in decided.ReadBatchesAsync(stoppingToken))
            {
                await LoadAsync(stoppingToken);
                foreach (var alert in batch)
                {
                    running.RemoveAll(t => t.IsCompleted);
                    running.AddRange(PlaybooksFor(alert).Select(p => RespondAsync(alert, p, stoppingToken)));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll([.. running, approvals]);
    }

    private IEnumerable<Playbook> PlaybooksFor(Alert alert) =>
        catalog.Feed.TryGet(alert.DeviceId, out var device) && share.Owns(alert.DeviceId)
            ? _playbooks.Where(p => p.Enabled && p.Trigger == PlaybookTrigger.InterfaceAdminDown && p.Scope.Covers(device) && p.Scope.CoversInterface(alert.Target))
            : [];

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var version = store.Version;
        if (version == _loaded)
        {
            return;
        }

        _playbooks = await store.PlaybooksAsync(cancellationToken);
        _control = await store.ControlAsync(cancellationToken);
        _loaded = version;
    }

    private async Task FollowApprovalsAsync(Core.Live.LiveSubscription<IReadOnlyList<RemediationAttempt>, RemediationAttempt> approved, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in approved.ReadBatchesAsync(cancellationToken))
            {
                foreach (var attempt in batch)
                {
                    if (_approvals.TryRemove(attempt.Id, out var waiting))
                    {
                        waiting.TrySetResult(attempt.ApprovedBy);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RespondAsync(Alert alert, Playbook playbook, CancellationToken cancellationToken)
    {
        var port = (alert.DeviceId, alert.IfIndex!.Value);
        var attempt = new RemediationAttempt
        {
            PlaybookId = playbook.Id, Playbook = playbook.Name, DeviceId = alert.DeviceId, Target = alert.Target, IfIndex = port.Item2,
            AlertId = alert.Id == 0 ? null : alert.Id, State = RemediationState.Running, DetectedAt = alert.OpenedAt,
            Steps = [new RemediationStep(alert.OpenedAt, "detected", alert.Title)],
        };
        // A dry-run touches nothing, so it never waits for the port; one enforcing playbook works on a port at a time.
        var enforcing = playbook.Mode == PlaybookMode.Enforce;
        if (enforcing && !_busy.TryAdd(port, 0))
        {
            await FinishAsync(attempt, playbook, RemediationState.Skipped, "Another playbook is already working on this port.", cancellationToken);
            return;
        }

        try
        {
            await RunAsync(attempt, playbook, alert, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database went away mid-way (the steps so far are in the log and the audit trail), or a fault no guardrail knew.
            LogStopped(logger, playbook.Name, alert.Target, ex.Message);
        }
        finally
        {
            if (enforcing)
            {
                _busy.TryRemove(port, out _);
            }
        }
    }

    private async Task RunAsync(RemediationAttempt attempt, Playbook playbook, Alert alert, CancellationToken cancellationToken)
    {
        if (await GuardAsync(playbook, alert, cancellationToken) is { } reason)
        {
            await FinishAsync(attempt, playbook, RemediationState.Skipped, reason, cancellationToken);
            return;
        }

        var what = playbook.Action == PlaybookAction.SnmpAdminUp
            ? $"set ifAdminStatus.{attempt.IfIndex} ({attempt.Target}) to up by SNMP"
            : $"enable {attempt.Target} from the CLI ({string.Join(" / ", InterfaceSwitch.Script(Platform(attempt.DeviceId), attempt.Target))})";
        if (playbook.Mode == PlaybookMode.DryRun)
        {
            await FinishAsync(attempt, playbook, RemediationState.DryRun, $"Would {what}.", cancellationToken);
            return;
        }

        if (playbook.RequireApproval)
        {
            attempt = await store.SaveAsync(attempt.With(time.GetUtcNow(), "decided", $"waits for an Engineer's approval to {what}") with
            {
                State = RemediationState.AwaitingApproval, DecidedAt = time.GetUtcNow(), Reason = $"Waiting for approval to {what}.",
            }, cancellationToken);
            var waiting = _approvals.GetOrAdd(attempt.Id, _ => new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously));
            string? approvedBy;
            try
            {
                approvedBy = await waiting.Task.WaitAsync(ApprovalExpires, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                approvedBy = null;
            }

            _approvals.TryRemove(attempt.Id, out _);
            if (approvedBy is null)
            {
                await FinishAsync(attempt, playbook, RemediationState.Skipped, $"Not approved within {ApprovalExpires.TotalMinutes:0} minutes.", cancellationToken);
                return;
            }

            attempt = attempt.With(time.GetUtcNow(), "approved", $"by {approvedBy}") with { ApprovedBy = approvedBy, State = RemediationState.Running };
            // The world may have moved while it waited: the guardrails again.
            if (await GuardAsync(playbook, alert, cancellationToken) is { } now)
            {
                await FinishAsync(attempt, playbook, RemediationState.Skipped, now, cancellationToken);
                return;
            }
        }
        else
        {
            attempt = attempt.With(time.GetUtcNow(), "decided", $"will {what}") with { DecidedAt = time.GetUtcNow() };
        }

        await ActAsync(attempt, playbook, what, cancellationToken);
    }

    // The first guardrail that says no, in words; null when the playbook may act.
    private async Task<string?> GuardAsync(Playbook playbook, Alert alert, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var current = _playbooks.FirstOrDefault(p => p.Id == playbook.Id) ?? playbook;
        if (_control.Stopped)
        {
            return $"All remediation is stopped (by {_control.ChangedBy} at {_control.ChangedAt:u}{(_control.Reason is { Length: > 0 } r ? $": {r}" : "")}).";
        }

        if (current.TrippedAt is { } tripped)
        {
            return $"The playbook's circuit breaker is open since {tripped:u} after {current.ConsecutiveFailures} failures in a row; an Admin must reset it.";
        }

        if (alert.InMaintenance)
        {
            return "The port is in a maintenance window.";
        }

        if (alert.Flapping)
        {
            return "The port is flapping: left alone until it settles.";
        }

        var alias = vitals.Latest(alert.DeviceId)?.Interfaces.FirstOrDefault(i => i.IfIndex == alert.IfIndex)?.Alias;
        if (!current.AllowUplinks && alias is { Length: > 0 } && AlertScope.Glob(current.UplinkPattern).IsMatch(alias))
        {
            return $"It is an uplink (description \"{alias}\"); the playbook does not touch uplinks.";
        }

        var since = alert.OpenedAt - PersonWindow;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var person = await db.ConsoleSessions.AsNoTracking()
            .Where(s => s.DeviceId == alert.DeviceId && (s.EndedAt == null || s.EndedAt >= since) && s.StartedAt <= alert.OpenedAt)
            .OrderByDescending(s => s.StartedAt).FirstOrDefaultAsync(cancellationToken);
        if (person is not null)
        {
            return $"{person.UserName} was working on the device through SOTP's console (session {person.Id}) when it was shut: left to them.";
        }

        var key = alert.DeviceId.ToString(CultureInfo.InvariantCulture);
        var shutBy = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == "interface.admin-down" && e.TargetType == "device" && e.TargetId == key && e.At >= since)
            .OrderByDescending(e => e.At).Select(e => new { e.Actor, e.At, e.After }).FirstOrDefaultAsync(cancellationToken);
        if (shutBy is not null && shutBy.After?.Contains($"\"ifIndex\":{alert.IfIndex}", StringComparison.Ordinal) == true)
        {
            return $"{shutBy.Actor} shut it through SOTP at {shutBy.At:u}: left to them.";
        }

        if (current.LeaveConfigChanges && await ConfigChangeAsync(db, alert, since, cancellationToken) is { } change)
        {
            return $"The shutdown came with a configuration change ({change}); the playbook leaves those alone.";
        }

        if (await store.LastActedAsync(alert.DeviceId, alert.IfIndex!.Value, cancellationToken) is { } acted && time.GetUtcNow() - acted < TimeSpan.FromMinutes(current.HoldOffMinutes))
        {
            return $"Hold-off: a playbook acted on this port at {acted:u}; at most once per {current.HoldOffMinutes} minutes.";
        }

        try
        {
            if ((await interfaces.ReadAsync(alert.DeviceId, alert.IfIndex.Value, cancellationToken)).Admin != 2)
            {
                return "The port is not shut any more.";
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The port's state cannot be read now (no SNMP for a CLI playbook, an agent that is slow): acting says more.
        }

        return null;
    }

    // The device's own word that its configuration changed around the shutdown: from the events just received (not yet
    // saved), else from the timeline in the database.
    private async Task<string?> ConfigChangeAsync(SotpDbContext db, Alert alert, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var ids = catalogue.Entries.Where(e => e.ConfigChange).Select(e => e.Id).ToHashSet();
        var until = alert.OpenedAt + TimeSpan.FromMinutes(1);
        var recent = events.Stream.Recent(e => e.DeviceId == alert.DeviceId && e.At >= since && e.At <= until && catalogue.IsConfigChange(e));
        var change = (recent.Count > 0 ? recent[^1] : null)
            ?? await db.DeviceEvents.AsNoTracking()
                .Where(e => e.DeviceId == alert.DeviceId && e.At >= since && e.At <= until && e.CatalogueId != null && ids.Contains(e.CatalogueId))
                .OrderByDescending(e => e.At).FirstOrDefaultAsync(cancellationToken);
        return change is null ? null : $"{catalogue.Explain(change).Title} at {change.At:u}";
    }

    private async Task ActAsync(RemediationAttempt attempt, Playbook playbook, string what, CancellationToken cancellationToken)
    {
        // The span covers acting and checking; the device, port and playbook are its attributes, never a credential.
        using var span = SotpTelemetry.Source.StartActivity("remediation act", System.Diagnostics.ActivityKind.Internal);
        span?.SetTag("sotp.device.id", attempt.DeviceId);
        span?.SetTag("sotp.interface", attempt.Target);
        span?.SetTag("sotp.playbook", playbook.Name);
        span?.SetTag("sotp.remediation.action", EnumText.Kebab(playbook.Action));
        var actor = RemediationStore.ActorOf(playbook);
        var device = Key(attempt.DeviceId);
        string? transcript = null;
        try
        {
            if (playbook.Action == PlaybookAction.SnmpAdminUp)
            {
                await interfaces.SetAdminAsync(attempt.DeviceId, attempt.IfIndex, up: true, cancellationToken);
            }
            else
            {
                // What the device answered goes on the record with the action, as a person's session would.
                transcript = await interfaces.NoShutdownAsync(attempt.DeviceId, attempt.Target, actor, cancellationToken);
                transcript = transcript.Length > 4096 ? transcript[^4096..] : transcript;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await audit.WriteAsync(new AuditRecord(actor, "remediation.act", "device", device, attempt.Target, After: new { attempt.IfIndex, what },
                Result: AuditResults.Failed(ex.Message)), cancellationToken);
            await FailAsync(attempt.With(time.GetUtcNow(), "acted", $"failed: {ex.Message}") with { ActedAt = time.GetUtcNow() }, playbook,
                $"the device refused: {ex.Message}", cancellationToken);
            return;
        }

        var acted = time.GetUtcNow();
        await audit.WriteAsync(new AuditRecord(actor, "remediation.act", "device", device, attempt.Target, After: new { attempt.IfIndex, what, transcript }),
            cancellationToken);
        attempt = await store.SaveAsync(attempt.With(acted, "acted", what) with { ActedAt = acted }, cancellationToken);
        if (await PostCheckAsync(attempt, playbook, cancellationToken) is { } problem)
        {
            span.Fail(problem);
            await FailAsync(attempt, playbook, problem, cancellationToken);
            return;
        }

        var verified = time.GetUtcNow();
        attempt = attempt.With(verified, "verified", $"up and stayed up for {playbook.PostCheckSeconds} s") with { VerifiedAt = verified, Reason = $"Brought back up: {what}." };
        await FinishAsync(attempt, playbook, RemediationState.Done, attempt.Reason!, cancellationToken);
        await store.CountOutcomeAsync(playbook, succeeded: true, cancellationToken);
        events.RecordState(attempt.DeviceId, "remediation.done", $"Playbook {playbook.Name} brought {attempt.Target} back up", verified);
    }

    // Up within ComeUpWithin, then up for the playbook's post-check time, read from the device every second.
    private async Task<string?> PostCheckAsync(RemediationAttempt attempt, Playbook playbook, CancellationToken cancellationToken)
    {
        var start = time.GetUtcNow();
        DateTimeOffset? upSince = null;
        string? last = null;
        while (true)
        {
            await Task.Delay(CheckEvery, time, cancellationToken);
            var now = time.GetUtcNow();
            var (admin, oper) = await ReadStateAsync(attempt, cancellationToken);
            last = admin == 2 ? "shut again" : oper == 1 ? "up" : $"down (ifOperStatus {oper})";
            if (admin == 1 && oper == 1)
            {
                upSince ??= now;
                if (now - upSince >= TimeSpan.FromSeconds(playbook.PostCheckSeconds))
                {
                    return null;
                }
            }
            else if (upSince is not null)
            {
                return $"it came up, then went {last} within {playbook.PostCheckSeconds} s";
            }
            else if (now - start >= ComeUpWithin)
            {
                return $"it did not come up within {ComeUpWithin.TotalSeconds:0} s (last seen {last})";
            }
        }
    }

    private async Task<(int Admin, int Oper)> ReadStateAsync(RemediationAttempt attempt, CancellationToken cancellationToken)
    {
        try
        {
            return await interfaces.ReadAsync(attempt.DeviceId, attempt.IfIndex, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No SNMP (a CLI playbook on a device polled some other way): the latest poll tells.
            var polled = vitals.Latest(attempt.DeviceId)?.Interfaces.FirstOrDefault(i => i.IfIndex == attempt.IfIndex);
            return polled is null ? (0, 0) : (polled.AdminStatus, polled.OperStatus);
        }
    }

    private async Task FailAsync(RemediationAttempt attempt, Playbook playbook, string problem, CancellationToken cancellationToken)
    {
        await FinishAsync(attempt, playbook, RemediationState.Failed, $"Failed: {problem}.", cancellationToken);
        events.RecordState(attempt.DeviceId, "remediation.failed", $"Playbook {playbook.Name} could not bring {attempt.Target} back up: {problem}", time.GetUtcNow());
        if (await store.CountOutcomeAsync(playbook, succeeded: false, cancellationToken))
        {
            events.RecordState(attempt.DeviceId, "remediation.breaker-open",
                $"Playbook {playbook.Name} stopped after {playbook.MaxConsecutiveFailures} failures in a row", time.GetUtcNow());
        }
    }

    private async Task FinishAsync(RemediationAttempt attempt, Playbook playbook, RemediationState state, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var finished = (state == RemediationState.Done ? attempt : attempt.With(now, "decided", reason)) with
        {
            State = state, Reason = reason, DecidedAt = attempt.DecidedAt ?? now,
        };
        await store.SaveAsync(finished, cancellationToken);
        _outcomes.Add(1, new KeyValuePair<string, object?>("outcome", RemediationAttempt.StateName(state)));
        await audit.WriteAsync(new AuditRecord(RemediationStore.ActorOf(playbook), $"remediation.{RemediationAttempt.StateName(state)}", "device",
            Key(attempt.DeviceId), attempt.Target, After: new { attempt.IfIndex, reason }), cancellationToken);
        LogFinished(logger, playbook.Name, attempt.Target, state, reason);
    }

    private string Platform(int deviceId) => catalog.Feed.TryGet(deviceId, out var device) ? device.Platform : DevicePlatforms.Generic;

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Playbook {Playbook} on {Target}: {State} ({Reason})")]
    private static partial void LogFinished(ILogger logger, string playbook, string target, RemediationState state, string reason);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Error, Message = "Playbook {Playbook} on {Target} stopped before it finished: {Reason}")]
    private static partial void LogStopped(ILogger logger, string playbook, string target, string reason);
}

using Microsoft.AspNetCore.Http.HttpResults;
using Sotp.Console.Identity;
using Sotp.Core.Alerts;
using Sotp.Core.Devices;
using Sotp.Core.Security;

namespace Sotp.Console.Api;

/// <summary><c>/api/v1/alerts</c>, <c>/api/v1/alert-rules</c> and <c>/api/v1/maintenance</c>.</summary>
public static class AlertEndpoints
{
    public static RouteGroupBuilder MapAlertApi(this RouteGroupBuilder api)
    {
        var alerts = api.MapGroup("/alerts").WithTags("Alerts").RequireAuthorization(SotpPermissions.DevicesRead);
        alerts.MapGet("/", ListAsync).WithName("ListAlerts").WithSummary("Alerts newest first: state=active (default) or all; deviceId; before (id) to page.");
        alerts.MapPost("/{id:long}/ack", AcknowledgeAsync).RequireAuthorization(SotpPermissions.AlertsManage).WithName("AcknowledgeAlert")
            .WithSummary("Acknowledge an open alert: someone is on it. It stays until its condition clears.");

        var rules = api.MapGroup("/alert-rules").WithTags("Alerts").RequireAuthorization(SotpPermissions.DevicesRead);
        rules.MapGet("/", ListRulesAsync).WithName("ListAlertRules").WithSummary("Alert rules.");
        var ruleWrites = rules.MapGroup("").RequireAuthorization(SotpPermissions.AlertsManage);
        ruleWrites.MapPost("/", CreateRuleAsync).WithName("CreateAlertRule").WithSummary("Add an alert rule.");
        ruleWrites.MapPut("/{id:int}", UpdateRuleAsync).WithName("UpdateAlertRule").WithSummary("Change an alert rule.");
        ruleWrites.MapDelete("/{id:int}", DeleteRuleAsync).WithName("DeleteAlertRule")
            .WithSummary("Remove an alert rule (one that raised alerts is kept switched off, as their name).");

        var windows = api.MapGroup("/maintenance").WithTags("Alerts").RequireAuthorization(SotpPermissions.DevicesRead);
        windows.MapGet("/", ListWindowsAsync).WithName("ListMaintenanceWindows").WithSummary("Maintenance windows.");
        windows.MapPost("/", CreateWindowAsync).RequireAuthorization(SotpPermissions.AlertsManage).WithName("CreateMaintenanceWindow")
            .WithSummary("Plan a maintenance window (once, daily or weekly): alerts inside it are kept but notify nobody and start no remediation.");
        windows.MapDelete("/{id:int}", DeleteWindowAsync).RequireAuthorization(SotpPermissions.AlertsManage).WithName("DeleteMaintenanceWindow")
            .WithSummary("Remove a maintenance window.");
        return api;
    }

    private static async Task<Results<Ok<AlertResponse[]>, ValidationProblem>> ListAsync(int? deviceId, string? state, long? before, int? limit,
        AlertStore store, DeviceCatalog catalog, CancellationToken cancellationToken)
    {
        if (state is not (null or "active" or "all"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = ["Use active or all."] });
        }

        var alerts = await store.ListAsync(new AlertQuery(deviceId, state != "all", before, limit ?? 100), cancellationToken);
        var rules = (await store.RulesAsync(cancellationToken)).ToDictionary(r => r.Id, r => r.Name);
        return TypedResults.Ok(alerts.Select(a => AlertResponse.From(a, rules.GetValueOrDefault(a.RuleId), Name(catalog, a.DeviceId))).ToArray());
    }

    private static async Task<Results<Ok<AlertResponse>, NotFound, Conflict<string>>> AcknowledgeAsync(long id, HttpContext http, AlertStore store,
        DeviceCatalog catalog, CancellationToken cancellationToken)
    {
        var alert = await store.AcknowledgeAsync(id, AuditActors.From(http), cancellationToken);
        return alert switch
        {
            null => TypedResults.NotFound(),
            { State: AlertState.Resolved } => TypedResults.Conflict("The alert is resolved already."),
            _ => TypedResults.Ok(AlertResponse.From(alert, null, Name(catalog, alert.DeviceId))),
        };
    }

    private static async Task<Ok<AlertRuleView[]>> ListRulesAsync(AlertStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.RulesAsync(cancellationToken)).Select(AlertRuleView.Of).ToArray());

    private static async Task<Results<Created<AlertRuleView>, ValidationProblem>> CreateRuleAsync(AlertRuleInput input, HttpContext http, AlertStore store,
        CancellationToken cancellationToken)
    {
        var (rule, errors) = (await store.SaveRuleAsync(null, input, AuditActors.From(http), cancellationToken))!.Value;
        return rule is null ? TypedResults.ValidationProblem(errors) : TypedResults.Created($"/api/v1/alert-rules/{rule.Id}", AlertRuleView.Of(rule));
    }

    private static async Task<Results<Ok<AlertRuleView>, NotFound, ValidationProblem>> UpdateRuleAsync(int id, AlertRuleInput input, HttpContext http,
        AlertStore store, CancellationToken cancellationToken) =>
        await store.SaveRuleAsync(id, input, AuditActors.From(http), cancellationToken) switch
        {
            null => TypedResults.NotFound(),
            ({ } rule, _) => TypedResults.Ok(AlertRuleView.Of(rule)),
            (null, var errors) => TypedResults.ValidationProblem(errors),
        };

    private static async Task<Results<NoContent, NotFound>> DeleteRuleAsync(int id, HttpContext http, AlertStore store, CancellationToken cancellationToken) =>
        await store.DeleteRuleAsync(id, AuditActors.From(http), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Ok<MaintenanceView[]>> ListWindowsAsync(AlertStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.WindowsAsync(cancellationToken)).Select(MaintenanceView.Of).ToArray());

    private static async Task<Results<Created<MaintenanceView>, ValidationProblem>> CreateWindowAsync(MaintenanceWindowInput input, HttpContext http,
        AlertStore store, CancellationToken cancellationToken)
    {
        var (window, errors) = await store.AddWindowAsync(input, AuditActors.From(http), cancellationToken);
        return window is null ? TypedResults.ValidationProblem(errors) : TypedResults.Created($"/api/v1/maintenance/{window.Id}", MaintenanceView.Of(window));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteWindowAsync(int id, HttpContext http, AlertStore store, CancellationToken cancellationToken) =>
        await store.DeleteWindowAsync(id, AuditActors.From(http), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static string? Name(DeviceCatalog catalog, int deviceId) => catalog.Feed.TryGet(deviceId, out var device) ? device.Name : null;
}

/// <summary>An alert as the API shows it.</summary>
public sealed record AlertResponse(
    long Id, int RuleId, string? Rule, int DeviceId, string? Device, string? Target, string Condition, string State, string Severity, string Title,
    string? Detail, DateTimeOffset OpenedAt, DateTimeOffset LastSeenAt, int Count, bool Flapping, bool InMaintenance, DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy, DateTimeOffset? ResolvedAt)
{
    public static AlertResponse From(Alert a, string? rule, string? device) => new(a.Id, a.RuleId, rule, a.DeviceId, device,
        a.Target.Length == 0 ? null : a.Target, AlertRules.Name(a.Condition), a.State.ToString().ToLowerInvariant(), a.Severity.ToString().ToLowerInvariant(),
        a.Title, a.Detail, a.OpenedAt, a.LastSeenAt, a.Count, a.Flapping, a.InMaintenance, a.AcknowledgedAt, a.AcknowledgedBy, a.ResolvedAt);
}

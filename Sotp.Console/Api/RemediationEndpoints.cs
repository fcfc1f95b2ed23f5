using Microsoft.AspNetCore.Http.HttpResults;
using Sotp.Console.Identity;
using Sotp.Core.Remediation;
using Sotp.Core.Security;

namespace Sotp.Console.Api;

/// <summary><c>/api/v1/playbooks</c>, <c>/api/v1/remediations</c> and <c>/api/v1/remediation</c> (the stop switch).</summary>
public static class RemediationEndpoints
{
    public static RouteGroupBuilder MapRemediationApi(this RouteGroupBuilder api)
    {
        var playbooks = api.MapGroup("/playbooks").WithTags("Remediation").RequireAuthorization(SotpPermissions.DevicesRead);
        playbooks.MapGet("/", ListPlaybooksAsync).WithName("ListPlaybooks").WithSummary("Remediation playbooks with their guardrails.");
        var writes = playbooks.MapGroup("").RequireAuthorization(SotpPermissions.RemediationManage);
        writes.MapPost("/", CreatePlaybookAsync).WithName("CreatePlaybook")
            .WithSummary("Add a playbook: {name, trigger: interface-admin-down, action: snmp-admin-up|cli-no-shutdown, scope, mode: dry-run|enforce, holdOffMinutes, postCheckSeconds, ...}.");
        writes.MapPut("/{id:int}", UpdatePlaybookAsync).WithName("UpdatePlaybook").WithSummary("Change a playbook.");
        writes.MapDelete("/{id:int}", DeletePlaybookAsync).WithName("DeletePlaybook").WithSummary("Remove a playbook (one that acted is kept switched off).");
        writes.MapPost("/{id:int}/reset", ResetAsync).WithName("ResetPlaybook").WithSummary("Close the playbook's circuit breaker.");

        var attempts = api.MapGroup("/remediations").WithTags("Remediation").RequireAuthorization(SotpPermissions.DevicesRead);
        attempts.MapGet("/", ListAttemptsAsync).WithName("ListRemediations").WithSummary("Remediation attempts newest first; deviceId, before (id), limit.");
        attempts.MapPost("/{id:long}/approve", ApproveAsync).RequireAuthorization(SotpPermissions.RemediationApprove).WithName("ApproveRemediation")
            .WithSummary("Approve an attempt that waits for a person.");

        var control = api.MapGroup("/remediation").WithTags("Remediation").RequireAuthorization(SotpPermissions.DevicesRead);
        control.MapGet("/", ControlAsync).WithName("GetRemediationSwitch").WithSummary("Whether all remediation is stopped, by whom and why.");
        control.MapPost("/stop", (StopRequest body, HttpContext http, RemediationStore store, CancellationToken ct) => SetAsync(true, body, http, store, ct))
            .RequireAuthorization(SotpPermissions.RemediationManage).WithName("StopRemediation").WithSummary("Stop all remediation at once: {reason}.");
        control.MapPost("/resume", (StopRequest body, HttpContext http, RemediationStore store, CancellationToken ct) => SetAsync(false, body, http, store, ct))
            .RequireAuthorization(SotpPermissions.RemediationManage).WithName("ResumeRemediation").WithSummary("Let playbooks act again.");
        return api;
    }

    private static async Task<Ok<PlaybookView[]>> ListPlaybooksAsync(RemediationStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.PlaybooksAsync(cancellationToken)).Select(PlaybookView.Of).ToArray());

    private static async Task<Results<Created<PlaybookView>, ValidationProblem>> CreatePlaybookAsync(PlaybookInput input, HttpContext http,
        RemediationStore store, CancellationToken cancellationToken)
    {
        var (playbook, errors) = (await store.SavePlaybookAsync(null, input, AuditActors.From(http), cancellationToken))!.Value;
        return playbook is null ? TypedResults.ValidationProblem(errors) : TypedResults.Created($"/api/v1/playbooks/{playbook.Id}", PlaybookView.Of(playbook));
    }

    private static async Task<Results<Ok<PlaybookView>, NotFound, ValidationProblem>> UpdatePlaybookAsync(int id, PlaybookInput input, HttpContext http,
        RemediationStore store, CancellationToken cancellationToken) =>
        await store.SavePlaybookAsync(id, input, AuditActors.From(http), cancellationToken) switch
        {
            null => TypedResults.NotFound(),
            ({ } playbook, _) => TypedResults.Ok(PlaybookView.Of(playbook)),
            (null, var errors) => TypedResults.ValidationProblem(errors),
        };

    private static async Task<Results<NoContent, NotFound>> DeletePlaybookAsync(int id, HttpContext http, RemediationStore store, CancellationToken cancellationToken) =>
        await store.DeletePlaybookAsync(id, AuditActors.From(http), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<PlaybookView>, NotFound>> ResetAsync(int id, HttpContext http, RemediationStore store, CancellationToken cancellationToken) =>
        await store.ResetBreakerAsync(id, AuditActors.From(http), cancellationToken) is { } playbook ? TypedResults.Ok(PlaybookView.Of(playbook)) : TypedResults.NotFound();

    private static async Task<Ok<RemediationResponse[]>> ListAttemptsAsync(int? deviceId, long? before, int? limit, RemediationStore store,
        CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(deviceId, before, limit ?? 100, cancellationToken)).Select(RemediationResponse.From).ToArray());

    private static async Task<Results<Ok<RemediationResponse>, Conflict<string>>> ApproveAsync(long id, HttpContext http, RemediationStore store,
        CancellationToken cancellationToken) =>
        await store.ApproveAsync(id, AuditActors.From(http), cancellationToken) is { } approved
            ? TypedResults.Ok(RemediationResponse.From(approved))
            : TypedResults.Conflict("No attempt with that id waits for approval.");

    private static async Task<Ok<RemediationControl>> ControlAsync(RemediationStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ControlAsync(cancellationToken));

    private static async Task<Ok<RemediationControl>> SetAsync(bool stopped, StopRequest body, HttpContext http, RemediationStore store,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.SetStoppedAsync(stopped, body.Reason, AuditActors.From(http), cancellationToken));
}

/// <summary>Why remediation is stopped or resumed, for the record.</summary>
public sealed record StopRequest(string? Reason);

/// <summary>An attempt as the API shows it: the contract plus its steps.</summary>
public sealed record RemediationResponse(long Id, string Playbook, int PlaybookId, int DeviceId, string Target, int IfIndex, string State, string? Reason,
    DateTimeOffset DetectedAt, DateTimeOffset? DecidedAt, DateTimeOffset? ActedAt, DateTimeOffset? VerifiedAt, string? ApprovedBy, long? AlertId,
    IReadOnlyList<RemediationStep> Steps)
{
    public static RemediationResponse From(RemediationAttempt a) => new(a.Id, a.Playbook, a.PlaybookId, a.DeviceId, a.Target, a.IfIndex,
        RemediationAttempt.StateName(a.State), a.Reason, a.DetectedAt, a.DecidedAt, a.ActedAt, a.VerifiedAt, a.ApprovedBy, a.AlertId, a.Steps);
}

using System.Globalization;
using LibGit2Sharp;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Sotp.Collectors.Configs;
using Sotp.Console.Identity;
using Sotp.Core.Audit;
using Sotp.Core.Configs;
using Sotp.Core.Devices;
using Sotp.Core.Persistence;
using Sotp.Core.Security;

namespace Sotp.Console.Api;

/// <summary>
/// A backup attempt as the API shows it: who or what asked (author: a person, or "system" for the schedule and
/// configuration changes), outcome changed (with the commit), unchanged or failed (with the reason).
/// </summary>
public sealed record ConfigBackupResponse(long Id, DateTimeOffset At, string Trigger, string Author, string Outcome, string? Commit, int ChangedLines,
    int LinesAdded, int LinesRemoved, string? Error)
{
    public static ConfigBackupResponse From(ConfigBackupRecord r) => new(r.Id, r.At, r.Trigger, r.RequestedBy, r.Outcome.ToString().ToLowerInvariant(),
        r.Commit, r.LinesAdded + r.LinesRemoved, r.LinesAdded, r.LinesRemoved, r.Error);
}

/// <summary><c>/api/v1/devices/{id}/configs</c>: a device's configuration backups and the diff between two versions.</summary>
public static class ConfigEndpoints
{
    public static RouteGroupBuilder MapConfigApi(this RouteGroupBuilder api)
    {
        var configs = api.MapGroup("/devices/{id:int}/configs").WithTags("Configurations").RequireAuthorization(SotpPermissions.DevicesRead);
        configs.MapGet("/", ListAsync).WithName("ListConfigBackups").WithSummary("The device's backups newest first: changed (with the commit), unchanged or failed (with the reason).");
        configs.MapGet("/diff", DiffAsync).WithName("DiffConfigs").WithSummary("The unified diff (git diff) between two versions: ?from=COMMIT&to=COMMIT.");
        configs.MapPost("/backup", BackupAsync).RequireAuthorization(SotpPermissions.DevicesWrite).WithName("BackupConfig")
            .WithSummary("Back the configuration up now, over SSH: 202; the outcome is in the list.");
        return api;
    }

    private static async Task<Results<Ok<ConfigBackupResponse[]>, NotFound>> ListAsync(int id, int? limit, DeviceCatalog catalog,
        ConfigHistory history, CancellationToken cancellationToken)
    {
        if (await catalog.GetAsync(id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        var rows = await history.ListAsync(id, limit ?? ConfigHistory.DefaultLimit, cancellationToken);
        return TypedResults.Ok(rows.Select(ConfigBackupResponse.From).ToArray());
    }

    private static async Task<Results<ContentHttpResult, NotFound, ValidationProblem>> DiffAsync(int id, string? from, string? to, DeviceCatalog catalog,
        ConfigHistory history, CancellationToken cancellationToken)
    {
        if (await catalog.GetAsync(id, cancellationToken) is not { } device)
        {
            return TypedResults.NotFound();
        }

        if (string.IsNullOrWhiteSpace(from) || string.IsNullOrWhiteSpace(to))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["Give two versions: ?from=COMMIT&to=COMMIT (from the list)."] });
        }

        try
        {
            return TypedResults.Text(history.GitDiff(device.Name, from.Trim(), to.Trim()), "text/x-diff; charset=utf-8");
        }
        catch (Exception ex) when (ex is ArgumentException or LibGit2SharpException or RepositoryNotFoundException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = [$"{ex.Message} Use commits from the device's list."] });
        }
    }

    private static async Task<Results<Accepted, NotFound>> BackupAsync(int id, HttpContext http, DeviceCatalog catalog, ConfigBackupQueue queue,
        CancellationToken cancellationToken)
    {
        if (await catalog.GetAsync(id, cancellationToken) is not { } device)
        {
            return TypedResults.NotFound();
        }

        await queue.RequestAsync(id, device.Name, AuditActors.From(http), cancellationToken);
        return TypedResults.Accepted($"/api/v1/devices/{id}/configs");
    }
}

using Sotp.Console.Identity;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sotp.Core.Devices;
using Sotp.Core.Security;
using Sotp.Core.Status;

namespace Sotp.Console.Api;

/// <summary><c>/api/v1/devices</c>: the inventory and each device's live status.</summary>
public static class DeviceEndpoints
{
    private const long MaxImportBytes = 10 * 1024 * 1024;

    public static RouteGroupBuilder MapDeviceApi(this RouteGroupBuilder api)
    {
        var devices = api.MapGroup("/devices").WithTags("Devices").RequireAuthorization(SotpPermissions.DevicesRead);
        devices.MapGet("/", ListAsync).WithName("ListDevices").WithSummary("A page of devices: search, filter, sort.");
        devices.MapGet("/export", ExportAsync).WithName("ExportDevices").WithSummary("All devices in service as CSV.");
        devices.MapGet("/{id:int}", GetAsync).WithName("GetDevice").WithSummary("One device.");
        devices.MapGet("/{id:int}/status", GetStatusAsync).WithName("GetDeviceStatus").WithSummary("A device's live reachability.");

        var writes = devices.MapGroup("").RequireAuthorization(SotpPermissions.DevicesWrite);
        writes.MapPost("/", CreateAsync).WithName("CreateDevice").WithSummary("Add a device.");
        writes.MapPut("/{id:int}", UpdateAsync).WithName("UpdateDevice").WithSummary("Change a device.");
        writes.MapDelete("/{id:int}", DeleteAsync).WithName("DeleteDevice")
            .WithSummary("Take a device out of service; its history stays for reports.");
        writes.MapPost("/{id:int}/poll", PollAsync).WithName("PollDevice")
            .WithSummary("Ping the device and poll it over SNMP now; the answer names the trace that follows the poll.");
        writes.MapPost("/import", ImportAsync).WithName("ImportDevices")
            .WithSummary("Add devices from CSV (text/csv body); bad rows are reported, good rows imported.")
            .Accepts<string>("text/csv");
        return api;
    }

    private static async Task<Results<Ok<DeviceListResponse>, ValidationProblem>> ListAsync(
        [AsParameters] DeviceListParameters parameters, DeviceCatalog catalog, CancellationToken cancellationToken)
    {
        var (query, errors) = parameters.ToQuery();
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await catalog.ListAsync(query, cancellationToken);
        return TypedResults.Ok(new DeviceListResponse(page.Items.Select(DeviceResponse.From).ToArray(), page.TotalCount,
            query.Page + 1, query.PageSize));
    }

    private static async Task<Results<Ok<DeviceResponse>, NotFound>> GetAsync(int id, DeviceCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.GetAsync(id, cancellationToken) is { } device ? TypedResults.Ok(DeviceResponse.From(device)) : TypedResults.NotFound();

    private static async Task<Results<Ok<DeviceStatusResponse>, NotFound>> GetStatusAsync(
        int id, DeviceCatalog catalog, ReachabilityTracker reachability, CancellationToken cancellationToken) =>
        await catalog.GetAsync(id, cancellationToken) is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(DeviceStatusResponse.From(reachability.StatusOf(id)));

    private static async Task<Results<Created<DeviceResponse>, ValidationProblem>> CreateAsync(
        DeviceInput input, DeviceCatalog catalog, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await catalog.CreateAsync(input, AuditActors.From(http), cancellationToken);
        return result.Device is { } device
            ? TypedResults.Created($"/api/v1/devices/{device.Id}", DeviceResponse.From(device))
            : TypedResults.ValidationProblem(result.Errors);
    }

    private static async Task<Results<Ok<DeviceResponse>, NotFound, ValidationProblem>> UpdateAsync(
        int id, DeviceInput input, DeviceCatalog catalog, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await catalog.UpdateAsync(id, input, AuditActors.From(http), cancellationToken);
        if (result is null)
        {
            return TypedResults.NotFound();
        }

        return result.Device is { } device ? TypedResults.Ok(DeviceResponse.From(device)) : TypedResults.ValidationProblem(result.Errors);
    }

    // From the live inventory, not the database: a poll asked for during a database outage still runs.
    private static Results<Accepted<PollResponse>, NotFound, ProblemHttpResult> PollAsync(int id, DeviceCatalog catalog, PollNow pollNow, HttpContext http)
    {
        if (!catalog.Feed.TryGet(id, out var device))
        {
            return TypedResults.NotFound();
        }

        if (!device.Monitored)
        {
            return TypedResults.Problem(title: "Not monitored", statusCode: StatusCodes.Status409Conflict,
                detail: $"{device.Name} is not monitored, so it is neither pinged nor polled. Turn monitoring on first.");
        }

        var traceId = pollNow.Request(id, AuditActors.From(http).Name);
        return TypedResults.Accepted($"/api/v1/devices/{id}/status", new PollResponse(id, traceId));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(int id, DeviceCatalog catalog, HttpContext http, CancellationToken cancellationToken) =>
        await catalog.ArchiveAsync(id, AuditActors.From(http), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task ExportAsync(HttpContext context, DeviceCsv csv, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"sotp-devices.csv\"";
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false));
        await csv.ExportAsync(writer, AuditActors.From(context), cancellationToken);
    }

    private static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, DeviceCsv csv, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxImportBytes)
        {
            return TypedResults.Problem(title: "File too large", detail: "Import at most 10 MB of CSV at a time.",
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxImportBytes + 1];
        var length = await reader.ReadBlockAsync(buffer, cancellationToken);
        if (length > MaxImportBytes)
        {
            return TypedResults.Problem(title: "File too large", detail: "Import at most 10 MB of CSV at a time.",
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        return TypedResults.Ok(await csv.ImportAsync(new string(buffer, 0, length), AuditActors.From(request.HttpContext), cancellationToken));
    }
}

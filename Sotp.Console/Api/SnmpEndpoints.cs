using Sotp.Console.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Sotp.Collectors.Snmp.Polling;
using Sotp.Core.Devices;
using Sotp.Core.Metrics;
using Sotp.Core.Secrets;
using Sotp.Core.Security;

namespace Sotp.Console.Api;

/// <summary><c>GET /vitals</c>.</summary>
public sealed record VitalsResponse(double? CpuPercent, double? MemoryPercent, double? UptimeSeconds, DateTimeOffset PolledAt, string? Error);

/// <summary>One row of <c>GET /interfaces</c>.</summary>
public sealed record InterfaceResponse(int IfIndex, string Name, string? Alias, double SpeedBps, string AdminStatus, string OperStatus,
    double? InBps, double? OutBps, double? UtilizationPercent, ulong InErrors, ulong OutErrors);

/// <summary>One point of <c>GET /metrics</c>.</summary>
public sealed record MetricPointResponse(DateTimeOffset At, double? Value);

/// <summary>SNMP settings, connection test, vitals, interfaces and metric series of a device.</summary>
public static class SnmpEndpoints
{
    public static RouteGroupBuilder MapSnmpApi(this RouteGroupBuilder api)
    {
        var device = api.MapGroup("/devices/{id:int}").WithTags("Vitals").RequireAuthorization(SotpPermissions.DevicesRead);
        device.MapGet("/snmp", GetSettingsAsync).WithName("GetSnmpSettings").WithSummary("The device's SNMP settings (credentials never shown).");
        device.MapPut("/snmp", SaveSettingsAsync).WithName("SaveSnmpSettings").RequireAuthorization(SotpPermissions.DevicesWrite)
            .WithSummary("Set SNMP version, port, timing and credentials (a secret reference, or a literal stored encrypted).");
        device.MapPost("/snmp/test", TestAsync).WithName("TestSnmp").RequireAuthorization(SotpPermissions.DevicesWrite)
            .WithSummary("Ask the agent for sysDescr, sysName and uptime; say exactly what failed if it does not answer.");
        device.MapGet("/vitals", GetVitals).WithName("GetVitals").WithSummary("Latest CPU, memory and uptime.");
        device.MapGet("/interfaces", GetInterfaces).WithName("GetInterfaces").WithSummary("Interfaces with status, speed and rates.");
        device.MapPost("/interfaces/{ifIndex:int}/admin", SetAdminAsync).RequireAuthorization(SotpPermissions.DevicesWrite).WithName("SetInterfaceAdmin")
            .WithSummary("Shut ({\"status\":\"down\"}) or enable ({\"status\":\"up\"}) an interface by SNMP, on the record as yours: remediation leaves a port you shut alone.");
        device.MapGet("/metrics", GetMetrics).WithName("GetMetrics")
            .WithSummary("Points of one series (cpu, memory, if.{ifIndex}.in, if.{ifIndex}.out): the live window, or from..to from the store (raw, 5-minute or hourly by range).");
        return api;
    }

    private static async Task<Results<Ok<SnmpSettingsView>, NotFound>> GetSettingsAsync(int id, SnmpSettingsStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } settings ? TypedResults.Ok(SnmpSettingsView.Of(settings)) : TypedResults.NotFound();

    private static async Task<Results<Ok<SnmpSettingsView>, NotFound, ValidationProblem>> SaveSettingsAsync(
        int id, SnmpSettingsInput input, SnmpSettingsStore store, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await store.SaveAsync(id, input, AuditActors.From(http), cancellationToken);
        if (result is null)
        {
            return TypedResults.NotFound();
        }

        return result.Value.Settings is { } settings
            ? TypedResults.Ok(SnmpSettingsView.Of(settings))
            : TypedResults.ValidationProblem(result.Value.Errors);
    }

    private static async Task<Results<Ok<SnmpTestResult>, NotFound>> TestAsync(int id, SnmpConnectionTest test, CancellationToken cancellationToken) =>
        await test.RunAsync(id, cancellationToken) is { } result ? TypedResults.Ok(result) : TypedResults.NotFound();

    private static Results<Ok<VitalsResponse>, ProblemHttpResult> GetVitals(int id, VitalsTracker vitals) =>
        vitals.Latest(id) is { } v
            ? TypedResults.Ok(new VitalsResponse(v.CpuPercent, v.MemoryPercent, v.UptimeSeconds, v.PolledAt, v.Error))
            : NotPolled();

    private static Results<Ok<InterfaceResponse[]>, ProblemHttpResult> GetInterfaces(int id, VitalsTracker vitals) =>
        vitals.Latest(id) is { } v
            ? TypedResults.Ok(v.Interfaces.Select(InterfaceResponseOf).ToArray())
            : NotPolled();

    private static InterfaceResponse InterfaceResponseOf(InterfaceVitals i) => new(i.IfIndex, i.Name, i.Alias, i.SpeedBps,
        InterfaceStatus.Name(i.AdminStatus), InterfaceStatus.Name(i.OperStatus), i.InBps, i.OutBps, i.UtilizationPercent, i.InErrors, i.OutErrors);

    private static async Task<Results<Ok<MetricPointResponse[]>, ValidationProblem>> GetMetrics(
        int id, string? series, DateTimeOffset? from, DateTimeOffset? to, VitalsTracker vitals, MetricHistory history, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(series))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["series"] = ["Name a series: cpu, memory, if.{ifIndex}.in or if.{ifIndex}.out."],
            });
        }

        // Without a start: the live window from memory. With one: the metric store, at the resolution the range needs.
        IEnumerable<MetricPoint> points = from is null
            ? vitals.Series(id, series.Trim()).Where(p => to is null || p.At <= to)
            : (await history.QueryAsync(id, series.Trim(), from.Value, to ?? time.GetUtcNow(), cancellationToken)).Points;
        return TypedResults.Ok(points.Select(p => new MetricPointResponse(p.At, p.Value)).ToArray());
    }

    private static ProblemHttpResult NotPolled() => TypedResults.Problem(
        title: "Not polled yet", detail: "This device has no SNMP settings or has not been polled yet.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<InterfaceResponse>, NotFound, ValidationProblem, ProblemHttpResult>> SetAdminAsync(int id, int ifIndex, InterfaceAdminRequest body,
        HttpContext http, VitalsTracker vitals, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (body.Status is not ("up" or "down"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Use up or down."] });
        }

        if (vitals.Latest(id)?.Interfaces.FirstOrDefault(i => i.IfIndex == ifIndex) is not { } known)
        {
            return TypedResults.NotFound();
        }

        if (services.GetService<Sotp.Collectors.Remediation.InterfaceSwitch>() is not { } interfaces)
        {
            return TypedResults.Problem("This SOTP process runs no collector: ask the console of one that does.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        try
        {
            await interfaces.SetAdminByPersonAsync(id, ifIndex, known.Name, body.Status == "up", AuditActors.From(http), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return TypedResults.Problem($"The device did not change {known.Name}: {ex.Message}", statusCode: StatusCodes.Status502BadGateway);
        }

        return TypedResults.Ok(InterfaceResponseOf(known with { AdminStatus = body.Status == "up" ? 1 : 2 }));
    }
}

/// <summary>The state a person wants an interface in.</summary>
public sealed record InterfaceAdminRequest(string? Status);

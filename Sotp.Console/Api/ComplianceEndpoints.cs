using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Sotp.Console.Identity;
using Sotp.Core;
using Sotp.Core.Audit;
using Sotp.Core.Compliance;
using Sotp.Core.Devices;
using Sotp.Core.Reports;
using Sotp.Core.Security;

namespace Sotp.Console.Api;

/// <summary>A verdict as the API shows it.</summary>
public sealed record ComplianceResultResponse(int DeviceId, string Device, string? Site, string Platform, int RuleId, string Rule, string State,
    string Expected, string Actual, string? Remediation, string Commit, DateTimeOffset CheckedAt)
{
    public static ComplianceResultResponse From(ComplianceRow r) => new(r.DeviceId, r.Device, r.Site, r.Platform, r.RuleId, r.Rule, EnumText.Kebab(r.State),
        r.Expected, r.Actual, r.Remediation, r.Commit, r.CheckedAt);
}

/// <summary>A device's check as its compliance history shows it.</summary>
public sealed record ComplianceCheckResponse(DateTimeOffset At, string Commit, int Passed, int Failed, int NotApplicable);

/// <summary>The filters of the compliance views: ?deviceId=&amp;ruleId=&amp;state=pass|fail|not-applicable&amp;site=&amp;platform=.</summary>
public sealed record ComplianceParameters(int? DeviceId, int? RuleId, string? State, string? Site, string? Platform)
{
    public ComplianceFilter? ToFilter(out Dictionary<string, string[]> errors)
    {
        errors = [];
        ComplianceState? state = null;
        if (!string.IsNullOrWhiteSpace(State))
        {
            if (EnumText.TryParseKebab<ComplianceState>(State, out var parsed))
            {
                state = parsed;
            }
            else
            {
                errors["state"] = ["Use pass, fail or not-applicable."];
                return null;
            }
        }

        return new ComplianceFilter(DeviceId, RuleId, state, Site, Platform);
    }
}

/// <summary>
/// <c>/api/v1/compliance</c>: golden-configuration rules, every device's verdicts (JSON, CSV, PDF), a device's compliance
/// history, and "check again now".
/// </summary>
public static class ComplianceEndpoints
{
    public static RouteGroupBuilder MapComplianceApi(this RouteGroupBuilder api)
    {
        var compliance = api.MapGroup("/compliance").WithTags("Compliance").RequireAuthorization(SotpPermissions.DevicesRead);
        compliance.MapGet("/", ListAsync).WithName("ListCompliance")
            .WithSummary("Every device's verdict on every rule, failures first: [{deviceId, rule, state, expected, actual, remediation}].");
        compliance.MapGet("/rules", RulesAsync).WithName("ListComplianceRules").WithSummary("The golden-configuration rules.");
        compliance.MapPost("/rules", CreateAsync).RequireAuthorization(SotpPermissions.ComplianceManage).WithName("CreateComplianceRule")
            .WithSummary("A new rule; one that does not compile is refused with the line and column. Every device is checked again.");
        compliance.MapPut("/rules/{id:int}", UpdateAsync).RequireAuthorization(SotpPermissions.ComplianceManage).WithName("UpdateComplianceRule");
        compliance.MapDelete("/rules/{id:int}", DeleteAsync).RequireAuthorization(SotpPermissions.ComplianceManage).WithName("DeleteComplianceRule");
        compliance.MapPost("/check", CheckAsync).RequireAuthorization(SotpPermissions.ComplianceManage).WithName("CheckCompliance")
            .WithSummary("Check every device's latest configuration again now: 202.");
        api.MapGet("/compliance.csv", CsvAsync).RequireAuthorization(SotpPermissions.ReportsExport).WithTags("Compliance").WithName("ExportComplianceCsv");
        api.MapGet("/compliance.pdf", PdfAsync).RequireAuthorization(SotpPermissions.ReportsExport).WithTags("Compliance").WithName("ExportCompliancePdf");
        api.MapGet("/devices/{id:int}/compliance/history", HistoryAsync).RequireAuthorization(SotpPermissions.DevicesRead).WithTags("Compliance")
            .WithName("DeviceComplianceHistory").WithSummary("The device's checks over time, newest first: passed, failed, not applicable, and the version.");
        return api;
    }

    private static async Task<Results<Ok<ComplianceResultResponse[]>, ValidationProblem>> ListAsync([AsParameters] ComplianceParameters parameters,
        ComplianceService compliance, CancellationToken cancellationToken)
    {
        if (parameters.ToFilter(out var errors) is not { } filter)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var overview = await compliance.OverviewAsync(filter, cancellationToken);
        return TypedResults.Ok(overview.Rows.Select(ComplianceResultResponse.From).ToArray());
    }

    private static async Task<Ok<ComplianceRuleView[]>> RulesAsync(ComplianceService compliance, CancellationToken cancellationToken) =>
        TypedResults.Ok((await compliance.RulesAsync(cancellationToken)).Select(ComplianceRuleView.Of).ToArray());

    private static async Task<Results<Created<ComplianceRuleView>, ValidationProblem>> CreateAsync(ComplianceRuleInput input, ComplianceService compliance,
        HttpContext http, CancellationToken cancellationToken)
    {
        var (rule, errors) = (await compliance.SaveRuleAsync(null, input, AuditActors.From(http), cancellationToken))!.Value;
        return rule is null ? TypedResults.ValidationProblem(errors) : TypedResults.Created($"/api/v1/compliance/rules/{rule.Id}", ComplianceRuleView.Of(rule));
    }

    private static async Task<Results<Ok<ComplianceRuleView>, NotFound, ValidationProblem>> UpdateAsync(int id, ComplianceRuleInput input,
        ComplianceService compliance, HttpContext http, CancellationToken cancellationToken)
    {
        if (await compliance.SaveRuleAsync(id, input, AuditActors.From(http), cancellationToken) is not { } saved)
        {
            return TypedResults.NotFound();
        }

        return saved.Rule is null ? TypedResults.ValidationProblem(saved.Errors) : TypedResults.Ok(ComplianceRuleView.Of(saved.Rule));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(int id, ComplianceService compliance, HttpContext http, CancellationToken cancellationToken) =>
        await compliance.DeleteRuleAsync(id, AuditActors.From(http), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Accepted> CheckAsync(ComplianceService compliance, AuditTrail audit, HttpContext http, CancellationToken cancellationToken)
    {
        await audit.WriteAsync(new AuditRecord(AuditActors.From(http), "compliance.check", "compliance", null, "every device"), cancellationToken);
        compliance.RequestAll();
        return TypedResults.Accepted("/api/v1/compliance");
    }

    private static async Task<Results<EmptyHttpResult, ValidationProblem>> CsvAsync([AsParameters] ComplianceParameters parameters, ComplianceService compliance,
        AuditTrail audit, HttpContext http, CancellationToken cancellationToken)
    {
        if (parameters.ToFilter(out var errors) is not { } filter)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var overview = await compliance.OverviewAsync(filter, cancellationToken);
        await audit.WriteAsync(new AuditRecord(AuditActors.From(http), "compliance.export-csv", "compliance", null, $"{overview.Rows.Count} verdicts"), cancellationToken);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{ComplianceExports.CsvFileName}\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
        await ComplianceExports.WriteCsvAsync(writer, overview, cancellationToken);
        return TypedResults.Empty;
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> PdfAsync([AsParameters] ComplianceParameters parameters,
        ComplianceService compliance, ReportService reports, AuditTrail audit, HttpContext http, CancellationToken cancellationToken)
    {
        if (parameters.ToFilter(out var errors) is not { } filter)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var overview = await compliance.OverviewAsync(filter, cancellationToken);
        await audit.WriteAsync(new AuditRecord(AuditActors.From(http), "compliance.export-pdf", "compliance", null, $"{overview.Devices.Count} devices"),
            cancellationToken);
        return TypedResults.File(ComplianceExports.RenderPdf(overview, reports.Branding(), reports.Zone), "application/pdf", ComplianceExports.PdfFileName);
    }

    private static async Task<Results<Ok<ComplianceCheckResponse[]>, NotFound>> HistoryAsync(int id, int? limit, DeviceCatalog catalog, ComplianceService compliance,
        CancellationToken cancellationToken)
    {
        if (await catalog.GetAsync(id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        var checks = await compliance.HistoryAsync(id, limit ?? 100, cancellationToken);
        return TypedResults.Ok(checks.Select(c => new ComplianceCheckResponse(c.At, c.Commit, c.Passed, c.Failed, c.NotApplicable)).ToArray());
    }
}

using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Sotp.Console.Identity;
using Sotp.Core.Reports;
using Sotp.Core.Security;

namespace Sotp.Console.Api;

/// <summary><c>/api/v1/reports</c>: the month's availability figures (JSON, CSV) and generated PDF reports.</summary>
public static class ReportEndpoints
{
    public static RouteGroupBuilder MapReportApi(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(SotpPermissions.ReportsRead);
        reports.MapGet("/", ListAsync).WithName("ListReports").WithSummary("Generated reports, newest first, with their state.");
        reports.MapGet("/availability", FiguresAsync).WithName("GetAvailability")
            .WithSummary("A month's availability figures now: ?month=2026-10&timeZone=Europe/Paris, narrowed by site, kind, tag, deviceId (each repeatable).");
        reports.MapGet("/availability.csv", CsvAsync).RequireAuthorization(SotpPermissions.ReportsExport).WithName("ExportAvailabilityCsv")
            .WithSummary("The same figures as CSV: the whole scope, each site, kind, tag and device.");
        reports.MapPost("/availability", RequestAsync).RequireAuthorization(SotpPermissions.ReportsExport).WithName("RequestAvailabilityReport")
            .WithSummary("Ask for the PDF report {month, timeZone, scope{sites, kinds, tags, deviceIds}}: 202 with its id; it is made in the background.");
        reports.MapGet("/{id:long}", GetAsync).WithName("GetReport").WithSummary("A report's state: queued, running, done (with its pdf link) or failed (with the reason).");
        reports.MapGet("/{id:long}/pdf", PdfAsync).RequireAuthorization(SotpPermissions.ReportsExport).WithName("DownloadReport")
            .WithSummary("The report's PDF (audited); 409 while it is not done.");
        return api;
    }

    private static async Task<Ok<ReportResponse[]>> ListAsync(int? limit, ReportService reports, CancellationToken cancellationToken) =>
        TypedResults.Ok((await reports.ListAsync(Math.Clamp(limit ?? 50, 1, 500), cancellationToken)).Select(ReportResponse.From).ToArray());

    private static async Task<Results<Ok<AvailabilityResponse>, ValidationProblem>> FiguresAsync([AsParameters] AvailabilityParameters parameters,
        ReportService reports, CancellationToken cancellationToken)
    {
        var (report, problem) = await reports.ComputeAsync(parameters.ToRequest(), cancellationToken);
        return report is null ? TypedResults.ValidationProblem(problem!.AsErrors()) : TypedResults.Ok(AvailabilityResponse.From(report));
    }

    private static async Task<Results<EmptyHttpResult, ValidationProblem>> CsvAsync([AsParameters] AvailabilityParameters parameters, ReportService reports,
        HttpContext http, CancellationToken cancellationToken)
    {
        var (report, problem) = await reports.ComputeAsync(parameters.ToRequest(), cancellationToken);
        if (report is null)
        {
            return TypedResults.ValidationProblem(problem!.AsErrors());
        }

        await reports.AuditCsvAsync(report, AuditActors.From(http), cancellationToken);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{AvailabilityCsv.FileName(report.Period)}\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
        await AvailabilityCsv.WriteAsync(writer, report, cancellationToken);
        return TypedResults.Empty;
    }

    private static async Task<Results<Accepted<ReportResponse>, ValidationProblem>> RequestAsync(ReportRequest request, ReportService reports,
        HttpContext http, CancellationToken cancellationToken)
    {
        var (report, errors) = await reports.RequestAsync(request, AuditActors.From(http), cancellationToken);
        return report is null ? TypedResults.ValidationProblem(errors) : TypedResults.Accepted($"/api/v1/reports/{report.Id}", ReportResponse.From(report));
    }

    private static async Task<Results<Ok<ReportResponse>, NotFound>> GetAsync(long id, ReportService reports, CancellationToken cancellationToken) =>
        await reports.GetAsync(id, cancellationToken) is { } report ? TypedResults.Ok(ReportResponse.From(report)) : TypedResults.NotFound();

    private static async Task<Results<FileContentHttpResult, NotFound, Conflict<string>>> PdfAsync(long id, ReportService reports, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (await reports.GetAsync(id, cancellationToken) is not { } report)
        {
            return TypedResults.NotFound();
        }

        if (await reports.DownloadAsync(id, AuditActors.From(http), cancellationToken) is not { } file)
        {
            return TypedResults.Conflict(report.Status == ReportStatus.Failed
                ? $"The report failed: {report.Error}" : $"The report is {report.Status.ToString().ToLowerInvariant()}; try again when it is done.");
        }

        return TypedResults.File(file.Pdf, "application/pdf", file.FileName);
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Sotp.Core.Audit;
using Sotp.Core.Mail;
using Sotp.Core.Reports;

namespace Sotp.Collectors.Scheduling;

/// <summary>
/// Early each month (clustered: once across all collectors): last month's availability report for the whole network,
/// kept in the report list and e-mailed as a PDF to <c>Sotp:Reports:Recipients</c>; then reports past their retention
/// are removed. It fires on each of the first seven days, and a month this job has reported is not made twice, so a
/// SOTP stopped on the 1st still sends it.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class MonthlyReportJob(
    ReportService reports,
    MailSender mail,
    AuditTrail audit,
    IOptionsMonitor<ReportOptions> options,
    TimeProvider time,
    ILogger<MonthlyReportJob> logger) : IJob
{
    public const string Name = "monthly-report";

    /// <summary>Who the job's reports are on record as (the list shows "job: monthly report").</summary>
    private static readonly AuditActor Requester = AuditActor.System("monthly report");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (settings.MonthlyEnabled)
        {
            var zone = reports.DefaultZone;
            var month = TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            if ((await reports.ListAsync(50, cancellationToken)).Any(r => r.Month == month && r.RequestedBy == Requester.Source && r.Scope.IsEverything
                && r.Status == ReportStatus.Done))
            {
                LogAlreadyMade(logger, month);
            }
            else
            {
                await MakeAndSendAsync(month, zone, settings, cancellationToken);
            }
        }

        await reports.PruneAsync(cancellationToken);
    }

    private async Task MakeAndSendAsync(string month, TimeZoneInfo zone, ReportOptions settings, CancellationToken cancellationToken)
    {
        var actor = Requester;
        var (made, errors) = await reports.GenerateAsync(new ReportRequest { Month = month, TimeZone = zone.Id }, actor, cancellationToken);
        if (made is not { Status: ReportStatus.Done, Pdf: { } pdf })
        {
            LogNotMade(logger, month, made?.Error ?? string.Join(" ", errors.Values.SelectMany(e => e)));
            return;
        }

        if (settings.Recipients.Count == 0 || !mail.Configured)
        {
            return;
        }

        var title = ReportPeriod.Resolve(month, zone.Id, zone, time.GetUtcNow()).Period!.Title;
        var figure = ReportText.Percent(made.AvailabilityPercent);
        var text = $"Network availability for {title} ({zone.Id}): {figure} against a target of {ReportText.Target(made.SloPercent)}, "
            + $"{made.Outages} outages over {made.Devices} devices.\n\nThe report is attached; every past report is in SOTP under Reports.\n\n{settings.OrganisationName}";
        try
        {
            await mail.SendAsync(settings.Recipients, $"{settings.OrganisationName}: network availability, {title} ({figure})", text,
                [(ReportService.FileName(month), pdf, "application/pdf")], cancellationToken);
            await audit.WriteAsync(new AuditRecord(actor, "report.send", "report", made.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ReportService.FileName(month), After: new { to = settings.Recipients, bytes = pdf.Length }), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogNotSent(logger, month, ex.Message); // the report is kept; it can be downloaded from the list
            await audit.WriteAsync(new AuditRecord(actor, "report.send", "report", made.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ReportService.FileName(month), After: new { to = settings.Recipients }, Result: AuditResults.Failed(ex.Message)), cancellationToken);
        }
    }

    [LoggerMessage(EventId = 7011, Level = LogLevel.Information, Message = "The monthly report for {Month} exists already")]
    private static partial void LogAlreadyMade(ILogger logger, string month);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Warning, Message = "The monthly report for {Month} could not be made: {Reason}")]
    private static partial void LogNotMade(ILogger logger, string month, string reason);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Warning, Message = "The monthly report for {Month} could not be e-mailed: {Reason}")]
    private static partial void LogNotSent(ILogger logger, string month, string reason);
}

using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sotp.Core.Audit;
using Sotp.Core.Observability;
using Sotp.Core.Persistence;

namespace Sotp.Core.Reports;

/// <summary>What a person or a script asks for: a month ("2026-10"), a zone (the default when empty), a scope (everything when empty).</summary>
public sealed record ReportRequest
{
    public string? Month { get; init; }

    public string? TimeZone { get; init; }

    public ReportScope? Scope { get; init; }
}

/// <summary>
/// Availability reports as files: asked for (checked at once, so a bad month, zone or scope is refused in words and
/// nothing is queued), made in the background by the process that took the request, kept with their PDF, downloaded,
/// and removed after their retention. Each step is audited and counted; a report that fails is marked failed with
/// the reason and never offers a file, and one left unfinished by a stopped process is marked so at the next start.
/// </summary>
public sealed partial class ReportService(
    IDbContextFactory<SotpDbContext> contexts,
    AvailabilityCalculator calculator,
    ReportBoard board,
    IOptionsMonitor<ReportOptions> options,
    AuditTrail audit,
    TimeProvider time,
    IMeterFactory meters,
    ILogger<ReportService> logger) : BackgroundService
{
    /// <summary>A report still queued or running this long after it was asked for was left by a process that stopped.</summary>
    private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(15);

    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Counter<long> _made = meters.Create(SotpMetrics.MeterName).CreateCounter<long>("sotp.reports", "{report}",
        "Reports finished, by outcome (done, failed).");
    private readonly Histogram<double> _duration = meters.Create(SotpMetrics.MeterName).CreateHistogram<double>("sotp.report.duration", "s",
        "Time to compute a report's figures and render its PDF.", advice: new() { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] });

    /// <summary>The zone months are read in when a request names none.</summary>
    public TimeZoneInfo DefaultZone => options.CurrentValue.DefaultZone();

    /// <summary>Checks the request and reads the month's figures: the page's and the CSV's live view.</summary>
    public async Task<(AvailabilityReport? Report, ReportProblem? Problem)> ComputeAsync(ReportRequest request, CancellationToken cancellationToken)
    {
        var (period, problem) = ReportPeriod.Resolve(request.Month, request.TimeZone, DefaultZone, time.GetUtcNow());
        return period is null ? (null, problem) : await calculator.ComputeAsync(period, request.Scope ?? new ReportScope(), cancellationToken);
    }

    /// <summary>Queues a PDF report; the errors (keyed month, timeZone or scope) say why one cannot be made.</summary>
    public async Task<(ReportView? Report, Dictionary<string, string[]> Errors)> RequestAsync(ReportRequest request, AuditActor actor,
        CancellationToken cancellationToken)
    {
        var (row, errors) = await AddAsync(request, actor, cancellationToken);
        if (row is not null)
        {
            _queue.Writer.TryWrite(row.Id);
        }

        return (row is null ? null : ReportView.Of(row), errors);
    }

    /// <summary>Asks for a report and makes it here and now (the monthly job): the finished row, or null with the errors.</summary>
    public async Task<(GeneratedReport? Report, Dictionary<string, string[]> Errors)> GenerateAsync(ReportRequest request, AuditActor actor,
        CancellationToken cancellationToken)
    {
        var (row, errors) = await AddAsync(request, actor, cancellationToken);
        return row is null ? (null, errors) : (await MakeAsync(row.Id, actor, cancellationToken), errors);
    }

    public async Task<IReadOnlyList<ReportView>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await db.Reports.AsNoTracking().OrderByDescending(r => r.RequestedAt).Take(limit).Select(WithoutFile).ToListAsync(cancellationToken))
            .Select(ReportView.Of).ToList();
    }

    public async Task<ReportView?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Reports.AsNoTracking().Where(r => r.Id == id).Select(WithoutFile).FirstOrDefaultAsync(cancellationToken) is { } row
            ? ReportView.Of(row) : null;
    }

    /// <summary>The PDF of a finished report, audited as downloaded by <paramref name="actor"/>; null when there is none to give.</summary>
    public async Task<(byte[] Pdf, string FileName)?> DownloadAsync(long id, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.Status == ReportStatus.Done, cancellationToken);
        if (row?.Pdf is not { Length: > 0 } pdf)
        {
            return null;
        }

        await audit.WriteAsync(new AuditRecord(actor, "report.download", "report", Key(id), FileName(row.Month),
            After: new { row.Month, row.TimeZone, bytes = pdf.Length }), cancellationToken);
        return (pdf, FileName(row.Month));
    }

    /// <summary>A CSV export of a month's figures, on the record like a download.</summary>
    public Task AuditCsvAsync(AvailabilityReport report, AuditActor actor, CancellationToken cancellationToken) =>
        audit.WriteAsync(new AuditRecord(actor, "report.export-csv", "report", null, AvailabilityCsv.FileName(report.Period),
            After: new { month = report.Period.Key, timeZone = report.Period.Zone.Id, scope = report.Scope.Describe() }), cancellationToken);

    /// <summary>Removes reports asked for before the retention; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow().AddMonths(-options.CurrentValue.RetentionMonths);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var removed = await db.Reports.Where(r => r.RequestedAt < before).ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
        {
            await audit.WriteAsync(new AuditRecord(AuditActor.System("report retention"), "reports.prune", "report",
                After: new { removed, before, retentionMonths = options.CurrentValue.RetentionMonths }), cancellationToken);
        }

        return removed;
    }

    public static string FileName(string month) => $"sotp-availability-{month}.pdf";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await MarkAbandonedAsync(stoppingToken);
        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            await MakeAsync(id, null, stoppingToken);
        }
    }

    private static readonly System.Linq.Expressions.Expression<Func<GeneratedReport, GeneratedReport>> WithoutFile = r => new GeneratedReport
    {
        Id = r.Id, Month = r.Month, TimeZone = r.TimeZone, Scope = r.Scope, Status = r.Status, Error = r.Error, RequestedBy = r.RequestedBy,
        RequestedAt = r.RequestedAt, CompletedAt = r.CompletedAt, MonthToDate = r.MonthToDate, AvailabilityPercent = r.AvailabilityPercent,
        SloPercent = r.SloPercent, Devices = r.Devices, Outages = r.Outages, PdfBytes = r.PdfBytes,
    };

    private async Task<(GeneratedReport? Row, Dictionary<string, string[]> Errors)> AddAsync(ReportRequest request, AuditActor actor,
        CancellationToken cancellationToken)
    {
        var (period, problem) = ReportPeriod.Resolve(request.Month, request.TimeZone, DefaultZone, time.GetUtcNow());
        var scope = request.Scope ?? new ReportScope();
        if ((problem ?? (period is null ? null : await calculator.CheckAsync(period, scope, cancellationToken))) is { } refused)
        {
            return (null, refused.AsErrors());
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = db.Reports.Add(new GeneratedReport
        {
            Month = period!.Key, TimeZone = period.Zone.Id, Scope = scope, Status = ReportStatus.Queued,
            RequestedBy = actor.Name == AuditActor.SystemName ? actor.Source : actor.Name,
            RequestedAt = time.GetUtcNow(), MonthToDate = period.MonthToDate, SloPercent = options.CurrentValue.SloPercent,
        }).Entity;
        await audit.SaveAsync(db, () => new AuditRecord(actor, "report.request", "report", AuditTrail.KeyOf(db, row), FileName(row.Month),
            After: new { row.Month, row.TimeZone, scope = scope.Describe() }), cancellationToken);
        board.Publish(ReportView.Of(row));
        return (row, []);
    }

    // Computes and renders one report, then saves the file and the figures in the write that marks it done.
    private async Task<GeneratedReport?> MakeAsync(long id, AuditActor? requester, CancellationToken cancellationToken)
    {
        using var activity = SotpTelemetry.Source.StartActivity("report.availability");
        activity?.SetTag("sotp.report.id", id);
        var started = Stopwatch.GetTimestamp();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Reports.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var actor = requester ?? AuditActor.System("report");
        try
        {
            row.Status = ReportStatus.Running;
            await db.SaveChangesAsync(cancellationToken);
            board.Publish(ReportView.Of(row));
            activity?.SetTag("sotp.report.month", row.Month);
            var (report, problem) = await ComputeAsync(new ReportRequest { Month = row.Month, TimeZone = row.TimeZone, Scope = row.Scope }, cancellationToken);
            if (report is null)
            {
                throw new ReportFailedException(problem?.Message ?? "The figures could not be computed.");
            }

            var pdf = AvailabilityPdf.Render(report, Branding());
            (row.Status, row.CompletedAt, row.MonthToDate) = (ReportStatus.Done, time.GetUtcNow(), report.Period.MonthToDate);
            (row.AvailabilityPercent, row.SloPercent, row.Devices, row.Outages) = (report.Network.AvailabilityPercent, report.Network.SloPercent,
                report.Devices.Count, report.Network.Outages);
            (row.Pdf, row.PdfBytes) = (pdf, pdf.Length);
            await audit.SaveAsync(db, () => new AuditRecord(actor, "report.generate", "report", Key(id), FileName(row.Month),
                After: new { row.Month, row.TimeZone, availabilityPercent = row.AvailabilityPercent, row.Devices, row.Outages, bytes = pdf.Length }),
                cancellationToken);
            Finished(row, started, "done");
            return row;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong (the database, a logo that is no image, a bug) fails this report, never the process.
            LogFailed(logger, id, ex.Message);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            await FailAsync(id, ex is ReportFailedException ? ex.Message : $"The report could not be made: {ex.Message}", actor);
            return await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, CancellationToken.None);
        }
    }

    // Nothing half-made stays: the failure is written on a fresh context, without the file.
    private async Task FailAsync(long id, string reason, AuditActor actor)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            var row = await db.Reports.SingleAsync(r => r.Id == id, CancellationToken.None);
            (row.Status, row.Error, row.CompletedAt, row.Pdf, row.PdfBytes) = (ReportStatus.Failed, Trim(reason), time.GetUtcNow(), null, 0);
            await audit.SaveAsync(db, () => new AuditRecord(actor, "report.generate", "report", Key(id), FileName(row.Month),
                After: new { row.Month, row.TimeZone }, Result: AuditResults.Failed(row.Error!)), CancellationToken.None);
            Finished(row, null, "failed");
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or RetryLimitExceededException or TimeoutException or InvalidOperationException)
        {
            LogFailed(logger, id, $"and the failure could not be recorded: {ex.Message}"); // MarkAbandonedAsync marks it at the next start
        }
    }

    private void Finished(GeneratedReport row, long? started, string outcome)
    {
        _made.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (started is { } t)
        {
            _duration.Record(Stopwatch.GetElapsedTime(t).TotalSeconds);
        }

        board.Publish(ReportView.Of(row));
    }

    private async Task MarkAbandonedAsync(CancellationToken cancellationToken)
    {
        try
        {
            var before = time.GetUtcNow() - Abandoned;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.Reports.Where(r => (r.Status == ReportStatus.Queued || r.Status == ReportStatus.Running) && r.RequestedAt < before)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ReportStatus.Failed)
                    .SetProperty(r => r.Error, "SOTP stopped before the report was finished; ask for it again.")
                    .SetProperty(r => r.CompletedAt, time.GetUtcNow()), cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or RetryLimitExceededException or TimeoutException or InvalidOperationException)
        {
            LogFailed(logger, 0, $"unfinished reports could not be marked: {ex.Message}");
        }
    }

    /// <summary>Who every PDF is for and when it is made: the organisation and logo of <c>Sotp:Reports</c>, now.</summary>
    public ReportBranding Branding()
    {
        var settings = options.CurrentValue;
        return new ReportBranding(settings.OrganisationName, Logo(settings.LogoFile), time.GetUtcNow());
    }

    /// <summary>The zone PDFs give their times in.</summary>
    public TimeZoneInfo Zone => options.CurrentValue.DefaultZone();

    private byte[]? Logo(string? file)
    {
        if (string.IsNullOrWhiteSpace(file))
        {
            return null;
        }

        try
        {
            var bytes = File.ReadAllBytes(file);
            // PNG (\x89PNG) or JPEG (FF D8 FF): what PDFsharp draws; anything else would fail the report.
            return bytes is [0x89, 0x50, 0x4E, 0x47, ..] or [0xFF, 0xD8, 0xFF, ..] ? bytes : throw new IOException("it is neither a PNG nor a JPEG file");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogNoLogo(logger, file, ex.Message); // the report goes out without it
            return null;
        }
    }

    private static string Key(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Trim(string reason) => reason.Length <= 1000 ? reason : reason[..1000];

    [LoggerMessage(EventId = 9301, Level = LogLevel.Warning, Message = "Report {Id} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, long id, string reason);

    [LoggerMessage(EventId = 9302, Level = LogLevel.Warning, Message = "The report logo {File} could not be read, reports go out without it: {Reason}")]
    private static partial void LogNoLogo(ILogger logger, string file, string reason);

    private sealed class ReportFailedException(string message) : Exception(message);
}

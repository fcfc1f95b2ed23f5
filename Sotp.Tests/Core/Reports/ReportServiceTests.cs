using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Sotp.Core.Audit;
using Sotp.Core.Reports;
using Sotp.Tests.Support;

namespace Sotp.Tests.Core.Reports;

/// <summary>
/// Reports as files on SQLite: made and kept with their PDF; a report that fails half-way (its data gone between the
/// request and the making) is marked failed with the reason and offers no file; one a stopped process left unfinished
/// is marked so at the next start.
/// </summary>
public sealed class ReportServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly AuditActor Manager = new("maria", ["Manager"], "test");

    private static (ReportService Service, ReportBoard Board, ServiceProvider Meters) Service(SqliteTestDatabase database, ReportOptions? options = null)
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var time = new FakeTimeProvider(AvailabilityCheck.Now);
        var board = new ReportBoard(time);
        var service = new ReportService(database.Contexts, AvailabilityCheck.Calculator(database.Contexts), board,
            new StaticOptionsMonitor<ReportOptions>(options ?? new ReportOptions { TimeZone = "Europe/Paris" }),
            new AuditTrail(database.Contexts, time, NullLogger<AuditTrail>.Instance), time, meters.GetRequiredService<IMeterFactory>(),
            NullLogger<ReportService>.Instance);
        return (service, board, meters);
    }

    [Fact]
    public async Task A_report_is_made_in_the_background_kept_with_its_pdf_and_its_download_is_audited()
    {
        using var database = await SqliteTestDatabase.CreateAsync(Ct);
        await AvailabilityCheck.SeedAsync(database.Contexts, Ct);
        var (service, board, meters) = Service(database);
        using var _ = meters;
        using var follow = board.Feed.Subscribe();

        var (queued, errors) = await service.RequestAsync(new ReportRequest { Month = "2026-10" }, Manager, Ct);
        Assert.Empty(errors);
        Assert.Equal((ReportStatus.Queued, "Europe/Paris", "maria"), (queued!.Status, queued.TimeZone, queued.RequestedBy));
        await service.StartAsync(Ct);
        var done = await Eventually.WaitAsync(() => service.GetAsync(queued.Id, Ct), r => r?.Status == ReportStatus.Done);
        await service.StopAsync(Ct);
        Assert.True(done!.Downloadable);
        Assert.Equal((4, 5), (done.Devices, done.Outages));

        var (pdf, name) = (await service.DownloadAsync(queued.Id, Manager, Ct))!.Value;
        Assert.Equal(("sotp-availability-2026-10.pdf", "%PDF"), (name, System.Text.Encoding.ASCII.GetString(pdf, 0, 4)));
        await using var db = database.Contexts.CreateDbContext();
        var actions = await db.AuditEntries.Where(a => a.TargetType == "report").OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync(Ct);
        Assert.Equal(["report.request", "report.generate", "report.download"], actions);
    }

    [Fact]
    public async Task A_report_whose_data_goes_away_before_it_is_made_is_marked_failed_with_the_reason_and_offers_no_file()
    {
        using var database = await SqliteTestDatabase.CreateAsync(Ct);
        await AvailabilityCheck.SeedAsync(database.Contexts, Ct);
        var (service, _, meters) = Service(database);
        using var _ = meters;

        var (queued, _) = await service.RequestAsync(new ReportRequest { Month = "2026-10" }, Manager, Ct);
        await database.ExecuteAsync("DROP TABLE \"StatusEvents\"", Ct); // what a broken database does between the request and the making
        await service.StartAsync(Ct);
        var failed = await Eventually.WaitAsync(() => service.GetAsync(queued!.Id, Ct), r => r?.Status == ReportStatus.Failed);
        await service.StopAsync(Ct);

        Assert.Equal(ReportStatus.Failed, failed!.Status);
        Assert.StartsWith("The report could not be made: ", failed.Error, StringComparison.Ordinal);
        Assert.Contains("StatusEvents", failed.Error, StringComparison.Ordinal);
        Assert.False(failed.Downloadable);
        Assert.Null(await service.DownloadAsync(queued!.Id, Manager, Ct));
        await using var db = database.Contexts.CreateDbContext();
        Assert.Null((await db.Reports.SingleAsync(r => r.Id == queued.Id, Ct)).Pdf);
        Assert.StartsWith("failure: ", (await db.AuditEntries.SingleAsync(a => a.Action == "report.generate", Ct)).Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_logo_that_is_no_image_leaves_the_cover_without_it_and_the_report_is_made()
    {
        using var database = await SqliteTestDatabase.CreateAsync(Ct);
        await AvailabilityCheck.SeedAsync(database.Contexts, Ct);
        using var folder = new TempDirectory();
        await File.WriteAllTextAsync(folder.File("logo.png"), "not a picture", Ct);
        var (service, _, meters) = Service(database, new ReportOptions { TimeZone = "Europe/Paris", LogoFile = folder.File("logo.png") });
        using var _ = meters;

        var (made, errors) = await service.GenerateAsync(new ReportRequest { Month = "2026-10" }, Manager, Ct);
        Assert.Empty(errors);
        Assert.Equal(ReportStatus.Done, made!.Status);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(made.Pdf!);
        Assert.Empty(pdf.GetPage(1).GetImages());
    }

    [Fact]
    public async Task A_report_left_unfinished_by_a_stopped_process_is_marked_failed_at_the_next_start()
    {
        using var database = await SqliteTestDatabase.CreateAsync(Ct);
        await using (var db = database.Contexts.CreateDbContext())
        {
            db.Reports.Add(new GeneratedReport
            {
                Month = "2026-10", TimeZone = "UTC", Status = ReportStatus.Running, RequestedBy = "maria", RequestedAt = AvailabilityCheck.Now.AddHours(-1),
            });
            await db.SaveChangesAsync(Ct);
        }

        var (service, _, meters) = Service(database);
        using var _ = meters;
        await service.StartAsync(Ct);
        var left = await Eventually.WaitAsync(async () => (await service.ListAsync(10, Ct)).Single(), r => r.Status == ReportStatus.Failed);
        await service.StopAsync(Ct);
        Assert.Equal("SOTP stopped before the report was finished; ask for it again.", left.Error);
    }

    [Fact]
    public async Task Reports_past_their_retention_are_removed_and_the_removal_is_audited()
    {
        using var database = await SqliteTestDatabase.CreateAsync(Ct);
        await using (var db = database.Contexts.CreateDbContext())
        {
            foreach (var (month, age) in new[] { ("2024-09", 26), ("2026-10", 0) })
            {
                db.Reports.Add(new GeneratedReport
                {
                    Month = month, TimeZone = "UTC", Status = ReportStatus.Done, RequestedBy = "maria", RequestedAt = AvailabilityCheck.Now.AddMonths(-age),
                });
            }

            await db.SaveChangesAsync(Ct);
        }

        var (service, _, meters) = Service(database);
        using var _ = meters;
        Assert.Equal(1, await service.PruneAsync(Ct));
        Assert.Equal(["2026-10"], (await service.ListAsync(10, Ct)).Select(r => r.Month));
        await using var check = database.Contexts.CreateDbContext();
        Assert.Single(check.AuditEntries.Where(a => a.Action == "reports.prune"));
    }

    [Fact]
    public async Task A_request_for_a_month_before_any_data_or_a_scope_that_matches_nothing_is_refused_and_nothing_is_queued()
    {
        using var database = await SqliteTestDatabase.CreateAsync(Ct);
        await AvailabilityCheck.SeedAsync(database.Contexts, Ct);
        var (service, _, meters) = Service(database);
        using var _ = meters;

        var (before, beforeErrors) = await service.RequestAsync(new ReportRequest { Month = "2026-07" }, Manager, Ct);
        var (nothing, nothingErrors) = await service.RequestAsync(new ReportRequest { Month = "2026-10", Scope = new ReportScope { Sites = ["Atlantis"] } },
            Manager, Ct);
        var (zone, zoneErrors) = await service.RequestAsync(new ReportRequest { Month = "2026-10", TimeZone = "Europe/Atlantis" }, Manager, Ct);

        Assert.Equal((null, null, null), (before, nothing, zone));
        Assert.Equal(["month"], beforeErrors.Keys);
        Assert.Equal("No device matches site Atlantis in October 2026.", Assert.Single(nothingErrors["scope"]));
        Assert.Equal(["timeZone"], zoneErrors.Keys);
        Assert.Empty(await service.ListAsync(10, Ct));
    }
}

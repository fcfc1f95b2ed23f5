using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Sotp.Collectors.Scheduling;
using Sotp.Core.Devices;
using Sotp.Core.Persistence;
using Sotp.Core.Reports;
using Sotp.Core.Status;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>
/// The monthly job through the real scheduler: last month's report for the whole network is made, kept in the list as
/// the job's, and e-mailed as a PDF through a real SMTP server (aiosmtpd); run again, it makes no second one.
/// </summary>
[LabTest]
public sealed class MonthlyReportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_monthly_job_makes_last_months_report_once_and_mails_it_as_a_pdf()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = new SotpAppFactory()
            .With("Sotp:Smtp:Host", "127.0.0.1").With("Sotp:Smtp:Port", smtp.Port.ToString(CultureInfo.InvariantCulture)).With("Sotp:Smtp:Security", "none")
            .With("Sotp:Reports:TimeZone", "UTC").With("Sotp:Reports:OrganisationName", "Example Networks")
            .With("Sotp:Reports:Recipients:0", "managers@example.net");
        _ = app.Services; // starts the app
        var now = DateTimeOffset.UtcNow;
        var lastMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(-1);
        var contexts = app.Services.GetRequiredService<IDbContextFactory<SotpDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync(Ct))
        {
            var device = db.Devices.Add(new Device
            {
                Name = "monthly-core1", Address = "192.0.2.20", Kind = DeviceKind.Router, Monitored = false, CreatedAt = lastMonth.AddDays(-5),
                UpdatedAt = lastMonth.AddDays(-5),
            }).Entity;
            await db.SaveChangesAsync(Ct);
            db.StatusEvents.Add(new StatusEvent { DeviceId = device.Id, State = DeviceState.Up, At = lastMonth.AddDays(-5) });
            await db.SaveChangesAsync(Ct);
        }

        var scheduler = app.Services.GetRequiredKeyedService<IScheduler>(CollectorShare.SchedulerName);
        await scheduler.TriggerJob(new JobKey(MonthlyReportJob.Name), Ct);

        var month = lastMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var title = lastMonth.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        var mail = (await Eventually.WaitAsync(() => Task.FromResult(smtp.Messages), m => m.Count >= 1, TimeSpan.FromSeconds(60))).Single();
        Assert.Contains($"Subject: Example Networks: network availability, {title} (100.000 %)", mail, StringComparison.Ordinal);
        Assert.Contains("To: managers@example.net", mail, StringComparison.Ordinal);
        Assert.Contains($"filename={ReportService.FileName(month)}", mail.Replace("\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var pdf = Convert.FromBase64String(string.Concat(mail[mail.IndexOf("JVBERi", StringComparison.Ordinal)..]
            .Split('\n').Select(l => l.Trim()).TakeWhile(l => l.Length > 0 && !l.StartsWith("--", StringComparison.Ordinal))));
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal);

        var reports = app.Services.GetRequiredService<ReportService>();
        var made = Assert.Single(await reports.ListAsync(10, Ct));
        Assert.Equal((month, "job: monthly report", ReportStatus.Done, true), (made.Month, made.RequestedBy, made.Status, made.Scope.IsEverything));

        // Fired again (the 2nd to the 7th of the month): the month is reported already. Run here, to know when it is over.
        await ActivatorUtilities.CreateInstance<MonthlyReportJob>(app.Services).Execute(null!, Ct);
        Assert.Single(await reports.ListAsync(10, Ct));
        Assert.Single(smtp.Messages);
    }
}

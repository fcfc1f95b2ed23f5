using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Core.Persistence;
using Sotp.Core.Reports;
using Sotp.Tests.Core.Reports;
using Sotp.Tests.Support;

namespace Sotp.Tests.Browser;

/// <summary>
/// A manager's month on screen (the month of <see cref="AvailabilityCheck"/>, read in Paris): the network figure the
/// calculator found, the calendar, the sites, a device opened on its outages with what its log said, then a PDF made
/// from the page, listed live when done and downloaded.
/// </summary>
[LabTest]
public sealed class ReportsBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_manager_reads_the_month_opens_a_devices_outages_and_makes_the_pdf()
    {
        // The month is fixed (October 2026) and ages: its events must outlive the 30-day default retention, which
        // the app's hourly retention job applies at start.
        await using var app = new SotpAppFactory().With("Sotp:Events:RetentionDays", "3650");
        var baseAddress = app.StartOnLoopback();
        await AvailabilityCheck.SeedAsync(app.Services.GetRequiredService<IDbContextFactory<SotpDbContext>>(), Ct);
        var (expected, _) = await app.Services.GetRequiredService<ReportService>().ComputeAsync(
            new ReportRequest { Month = "2026-10", TimeZone = "Europe/Paris" }, Ct);
        var password = await app.CreateUserAsync("maria", "Manager");

        var page = await chromium.NewPageAsync(baseAddress);
        await Chromium.SignInAsync(page, "maria", password, "/reports/availability?month=2026-10&timeZone=Europe/Paris");
        await page.WaitForSelectorAsync($"[data-testid=report-availability]:has-text('{ReportText.Percent(expected!.Network.AvailabilityPercent)}')");
        await page.WaitForSelectorAsync("[data-testid=report-sites] tr:has-text('Lyon')");
        Assert.Equal(31, await page.Locator(".sotp-calendar-day").CountAsync());
        await Chromium.ScreenshotAsync(page, "availability");

        await page.ClickAsync("[data-testid=report-devices] tr:has-text('core-b')");
        await page.WaitForSelectorAsync("[data-testid=report-outages]:has-text('2 h 00 min of downtime; 1 h 00 min in maintenance, not counted')");
        await page.WaitForSelectorAsync("[data-testid=report-outages] [data-testid=event-row]");
        Assert.Contains("Link down on GigabitEthernet0/1", await page.InnerTextAsync("[data-testid=report-outages]"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "availability-outages");

        await page.ClickAsync("[data-testid=report-pdf]");
        await page.WaitForSelectorAsync("[data-testid=report-row][data-status=done]", new() { Timeout = 60_000 });
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=report-download]"));
        Assert.Equal("sotp-availability-2026-10.pdf", download.SuggestedFilename);
        await Chromium.ScreenshotAsync(page, "availability-pdf-listed");
    }
}

using Sotp.Core.Reports;
using Sotp.Tests.Support;
using UglyToad.PdfPig;

namespace Sotp.Tests.Core.Reports;

/// <summary>The PDF read back with PdfPig: what it says is what the calculator found, in the fonts SOTP carries.</summary>
public sealed class AvailabilityPdfTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The month of <see cref="AvailabilityCheck"/> as a PDF, and the report it was made from.</summary>
    public static async Task<(AvailabilityReport Report, byte[] Pdf)> RenderAsync(CancellationToken ct)
    {
        using var database = await SqliteTestDatabase.CreateAsync(ct);
        var (_, report) = await AvailabilityCheck.RunAsync(database.Contexts, ct);
        return (report, AvailabilityPdf.Render(report, new ReportBranding("Example Networks", null, AvailabilityCheck.Now)));
    }

    [Fact]
    public async Task The_pdf_says_what_the_calculator_found_on_numbered_a4_pages_with_its_fonts_embedded()
    {
        var (report, pdf) = await RenderAsync(Ct);
        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().ToList();
        var text = pages.Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();
        var all = string.Join("\n", text);

        Assert.All(pages, p => Assert.Equal((595, 842), ((int)Math.Round(p.Width), (int)Math.Round(p.Height))));
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.Contains($"Page {i + 1} of {pages.Count}", text[i], StringComparison.Ordinal);
            Assert.Contains($"SOTP {ReportText.Version}", text[i], StringComparison.Ordinal);
        }

        Assert.Contains("Network availability October 2026", text[0], StringComparison.Ordinal);
        Assert.Contains(ReportText.Percent(report.Network.AvailabilityPercent), text[0], StringComparison.Ordinal);
        Assert.Contains($"target of {ReportText.Target(report.Network.SloPercent)}", text[0], StringComparison.Ordinal);
        Assert.Contains($"Downtime Error budget left Outages {ReportText.Duration(report.Network.Down)} {ReportText.Minutes(report.Network.ErrorBudgetLeftMinutes)} {report.Network.Outages}",
            text[0], StringComparison.Ordinal); // the first row of figures: labels, then values
        Assert.Contains("Time zone Europe/Paris", text[0], StringComparison.Ordinal);

        foreach (var site in report.Sites)
        {
            Assert.Contains($"{site.Name} {site.Devices} {ReportText.Percent(site.Figures.AvailabilityPercent)}", all, StringComparison.Ordinal);
        }

        // Every outage of 5 minutes or more, with its downtime; the 3-minute one and the one inside maintenance are not listed.
        var listed = report.Outages.Where(o => o.Counted >= TimeSpan.FromMinutes(5)).ToList();
        Assert.Contains($"Outages of 5 min or more ({listed.Count})", all, StringComparison.Ordinal);
        foreach (var outage in listed)
        {
            Assert.Contains($"{outage.Device} {ReportText.Local(outage.Start, report.Period.Zone)}", all, StringComparison.Ordinal);
        }

        Assert.Contains("Link down on GigabitEthernet0/1", all, StringComparison.Ordinal);
        Assert.Contains("How it was computed", all, StringComparison.Ordinal);
        Assert.Contains("nightly backup daily 02:30 for 60 min", all, StringComparison.Ordinal);
        Assert.Contains("(Europe/Paris) site Lyon 31", all, StringComparison.Ordinal);
        // "ABCDEF+DejaVu Sans": the six-letter tag marks a subset embedded in the file.
        Assert.All(pages.SelectMany(p => p.Letters).Select(l => l.FontName).Distinct(), f => Assert.Matches("^[A-Z]{6}\\+DejaVu Sans(,Bold)?$", f));
    }

    [Fact]
    public async Task The_organisations_logo_is_on_the_cover_only()
    {
        using var database = await SqliteTestDatabase.CreateAsync(Ct);
        var (_, report) = await AvailabilityCheck.RunAsync(database.Contexts, Ct);
        var logo = new ScottPlot.Plot();
        logo.Add.Text("EXAMPLE", 0, 0);
        var pdf = AvailabilityPdf.Render(report, new ReportBranding("Example Networks", logo.GetImageBytes(300, 100, ScottPlot.ImageFormat.Png), AvailabilityCheck.Now));

        using var document = PdfDocument.Open(pdf);
        var images = document.GetPages().Select(p => p.GetImages().Count()).ToList();
        Assert.Equal(2, images[0] + images[1]); // the logo on the cover, the site chart on the second page
        Assert.Equal(1, images[0]);
        Assert.All(images.Skip(2), count => Assert.Equal(0, count));
    }

    [Fact]
    public void The_readme_states_the_same_rules_the_pdf_prints()
    {
        var readme = File.ReadAllText(RepositoryFiles.Path("README.md"));
        Assert.All(AvailabilityMethod.Rules, rule => Assert.Contains(rule, readme, StringComparison.Ordinal));
    }
}

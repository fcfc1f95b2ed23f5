using Sotp.Tests.Core.Reports;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>
/// The PDF rendered by poppler's pdftoppm, another reader than the one that wrote it: every page becomes a PNG (left in
/// the screenshot folder for a person to look at), and pdffonts lists only embedded fonts.
/// </summary>
[LabTest]
public sealed class AvailabilityPdfRenderTests
{
    [Fact]
    public async Task Poppler_renders_every_page_and_finds_every_font_embedded()
    {
        var pdftoppm = LabRequirement.FindExecutable("/usr/bin/pdftoppm");
        LabRequirement.Require(pdftoppm is not null, "poppler-utils (pdftoppm, pdffonts) is not installed");
        var (_, pdf) = await AvailabilityPdfTests.RenderAsync(TestContext.Current.CancellationToken);
        using var folder = new TempDirectory();
        var file = folder.File("availability.pdf");
        await File.WriteAllBytesAsync(file, pdf, TestContext.Current.CancellationToken);

        var info = await LabProcess.RunAsync("pdfinfo", [file]);
        var pages = int.Parse(info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal))[6..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Directory.CreateDirectory(Chromium.ScreenshotFolder);
        var prefix = Path.Combine(Chromium.ScreenshotFolder, "report-availability");
        await LabProcess.RunAsync(pdftoppm!, ["-png", "-r", "80", file, prefix]);
        var rendered = Directory.GetFiles(Chromium.ScreenshotFolder, "report-availability-*.png");
        Assert.Equal(pages, rendered.Length);
        Assert.All(rendered, png => Assert.True(new FileInfo(png).Length > 10_000, $"{png} looks blank"));

        // pdffonts: name, type, encoding, emb(edded), sub(set), uni, object; every font says "yes" to embedded.
        var fonts = (await LabProcess.RunAsync("pdffonts", [file])).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, line => Assert.Equal("yes", line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^5]));
    }
}

using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Pdf;
using static Sotp.Core.Reports.ReportStyle;

namespace Sotp.Core.Reports;

/// <summary>What the cover carries besides the figures: who the report is for and who made it.</summary>
public sealed record ReportBranding(string Organisation, byte[]? Logo, DateTimeOffset GeneratedAt);

/// <summary>
/// The monthly availability report as an A4 PDF a manager forwards as is: a cover with the network figure against its
/// target and the month as a calendar, the sites and the least available devices, every outage worth listing with its
/// cause, and how it was all computed. DejaVu Sans is embedded (<see cref="ReportFonts"/>); every page carries the
/// organisation, the month, SOTP's version, the generation time and its number.
/// </summary>
public static class AvailabilityPdf
{
    public static byte[] Render(AvailabilityReport report, ReportBranding branding)
    {
        ReportFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = $"Network availability, {report.Period.Title}";
        document.Info.Author = branding.Organisation;
        document.Info.Creator = $"SOTP {ReportText.Version}";
        document.Info.Subject = $"Availability of {report.Scope.Describe()} in {report.Period.Title} ({report.Period.Zone.Id})";
        var pages = new ReportPages(document);

        Cover(pages, report, branding);
        pages.Next();
        Sites(pages, report);
        LeastAvailable(pages, report);
        pages.Next();
        Outages(pages, report);
        Method(pages, report);
        pages.Finish();
        Footers(document, report, branding);

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static void Cover(ReportPages pages, AvailabilityReport report, ReportBranding branding)
    {
        var g = pages.Graphics;
        var y = Margin;
        if (branding.Logo is { Length: > 0 } logo)
        {
            using var image = XImage.FromStream(new MemoryStream(logo));
            var scale = Math.Min(160 / image.PointWidth, 56 / image.PointHeight);
            g.DrawImage(image, Margin, y, image.PointWidth * scale, image.PointHeight * scale);
            y += image.PointHeight * scale + 16;
        }

        g.DrawString(branding.Organisation, Font(12, bold: true), Brush(Muted), Margin, y + 12);
        g.DrawString("Network availability", Font(28, bold: true), Brush(Ink), Margin, y + 48);
        g.DrawString(report.Period.Title, Font(18), Brush(Ink), Margin, y + 76);
        g.DrawString($"Time zone {report.Period.Zone.Id}  ·  {ReportText.Capital(report.Scope.Describe())}  ·  {report.Devices.Count} devices",
            Font(9.5), Brush(Muted), Margin, y + 96);
        y += 118;
        if (report.Period.MonthToDate)
        {
            g.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xFF, 0xF8, 0xE1)), Margin, y, Width, 22);
            g.DrawString($"Month to date: figures up to {ReportText.Local(report.Period.End, report.Period.Zone)}; the month is not over.",
                Font(9.5, bold: true), Brush(Ink), Margin + 8, y + 15);
            y += 32;
        }

        // The headline: the network figure against the target.
        var network = report.Network;
        g.DrawRectangle(new XSolidBrush(Band), Margin, y, Width, 92);
        g.DrawString(ReportText.Percent(network.AvailabilityPercent), Font(34, bold: true), Brush(StatusColour(network.AvailabilityPercent, network.SloPercent)),
            Margin + 16, y + 50);
        g.DrawString($"available, against a target of {ReportText.Target(network.SloPercent)}: target {(network.MeetsSlo ? "met" : "missed")}",
            Font(11), Brush(Ink), Margin + 16, y + 74);
        y += 108;

        var figures = network.Labelled();
        var cell = Width / 3;
        for (var i = 0; i < figures.Count; i++)
        {
            var (x, top) = (Margin + i % 3 * cell, y + i / 3 * 44);
            g.DrawString(figures[i].Label, Font(8.5), Brush(Muted), x, top + 10);
            g.DrawString(figures[i].Value, Font(14, bold: true), Brush(Ink), x, top + 30);
        }

        y += 3 * 44 + 10;
        g.DrawString("Durations are device-time: two devices down for an hour each make two hours.", Font(8), Brush(Muted), Margin, y);
        Calendar(pages, report, y + 24);
    }

    // The month as a calendar, one square per day, coloured by the day's availability against the target.
    private static void Calendar(ReportPages pages, AvailabilityReport report, double top)
    {
        var g = pages.Graphics;
        g.DrawString("Day by day", Font(13, bold: true), Brush(Ink), Margin, top + 12);
        top += 24;
        var names = CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedDayNames;
        var (width, height) = (Width / 7, 40.0);
        for (var column = 0; column < 7; column++)
        {
            g.DrawString(names[(column + 1) % 7], Font(8.5, bold: true), Brush(Muted), Margin + column * width + 4, top + 10);
        }

        top += 16;
        var first = new DateOnly(report.Period.Year, report.Period.Month, 1);
        var offset = ((int)first.DayOfWeek + 6) % 7; // Monday first
        var slo = report.Network.SloPercent;
        foreach (var day in DaysOfMonth(first))
        {
            var index = offset + day.Day - 1;
            var (x, y) = (Margin + index % 7 * width, top + index / 7 * height);
            var measured = report.Days.FirstOrDefault(d => d.Day == day);
            var percent = measured?.Percent;
            g.DrawRectangle(new XPen(XColors.White, 2), new XSolidBrush(measured is null ? Band : StatusColour(percent, slo)), x, y, width, height);
            var text = measured is null ? Brush(Muted) : new XSolidBrush(XColors.White);
            g.DrawString(day.Day.ToString(CultureInfo.InvariantCulture), Font(8, bold: true), text, x + 5, y + 12);
            g.DrawString(measured is null ? "" : percent is { } p ? p.ToString("0.00", CultureInfo.InvariantCulture) + " %" : "no data", Font(8.5), text, x + 5, y + 31);
        }

        var rows = (offset + DaysOfMonth(first).Count() + 6) / 7;
        var legendTop = top + rows * height + 14;
        var legend = new (XColor Colour, string Text)[]
        {
            (Good, $"at or above {ReportText.Target(slo)}"), (Warn, $"below target, above {ReportText.Target(AvailabilityFigures.NearFloor(slo))}"),
            (Bad, "further below"), (NoData, "nothing measured"),
        };
        var lx = Margin;
        foreach (var (colour, label) in legend)
        {
            g.DrawRectangle(new XSolidBrush(colour), lx, legendTop - 8, 10, 10);
            g.DrawString(label, Font(8), Brush(Muted), lx + 14, legendTop);
            lx += 14 + g.MeasureString(label, Font(8)).Width + 18;
        }
    }

    private static IEnumerable<DateOnly> DaysOfMonth(DateOnly first)
    {
        for (var day = first; day.Month == first.Month; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    private static void Sites(ReportPages pages, AvailabilityReport report)
    {
        pages.Heading("Availability per site");
        pages.Table(
            [new("Site", 0.26), new("Devices", 0.09, true), new("Availability", 0.14, true), new("Target", 0.1, true), new("Downtime", 0.13, true),
                new("Outages", 0.1, true), new("Budget left", 0.18, true)],
            report.Sites.Select(s => new ReportRow([s.Name, s.Devices.ToString(CultureInfo.InvariantCulture), ReportText.Percent(s.Figures.AvailabilityPercent),
                ReportText.Target(s.Figures.SloPercent), ReportText.Duration(s.Figures.Down), s.Figures.Outages.ToString(CultureInfo.InvariantCulture),
                ReportText.Minutes(s.Figures.ErrorBudgetLeftMinutes)], s.Figures.MeetsSlo ? null : Bad)));
        if (report.Sites.Any(s => s.Figures.AvailabilityPercent is not null))
        {
            pages.Image(SiteChart(report), 220);
        }
    }

    // ScottPlot: each site's availability as a bar, the target as a dashed line.
    private static byte[] SiteChart(AvailabilityReport report)
    {
        var sites = report.Sites.Where(s => s.Figures.AvailabilityPercent is not null).Take(20).ToList();
        var plot = new ScottPlot.Plot();
        var lowest = sites.Min(s => s.Figures.AvailabilityPercent!.Value);
        var floor = Math.Max(0, Math.Floor(Math.Min(lowest, sites.Min(s => s.Figures.SloPercent)) - 0.5));
        var bars = sites.Select((s, i) => new ScottPlot.Bar
        {
            Position = i, Value = s.Figures.AvailabilityPercent!.Value, ValueBase = floor,
            FillColor = ScottPlot.Color.FromHex(s.Figures.MeetsSlo ? "#2E7D32" : "#C62828"), LineWidth = 0,
        }).ToList();
        plot.Add.Bars(bars);
        var target = plot.Add.HorizontalLine(report.Network.SloPercent);
        target.LinePattern = ScottPlot.LinePattern.Dashed;
        target.Color = ScottPlot.Color.FromHex("#424242");
        target.LineWidth = 1.5f;
        plot.Axes.Bottom.SetTicks([.. sites.Select((_, i) => (double)i)], [.. sites.Select(s => s.Name)]);
        plot.Axes.SetLimits(-0.6, Math.Max(sites.Count, 6) - 0.4, floor, 100.05); // a few sites keep slim bars
        plot.YLabel("Availability (%)");
        plot.Title("Availability per site (dashed: target)");
        plot.ScaleFactor = 2;
        return plot.GetImageBytes(1000, 440, ScottPlot.ImageFormat.Png);
    }

    private static void LeastAvailable(ReportPages pages, AvailabilityReport report)
    {
        pages.Space(18);
        pages.Heading("The 10 least available devices");
        var devices = report.LeastAvailable(10).ToList();
        if (devices.Count == 0)
        {
            pages.Paragraph("No device was measured this month.");
            return;
        }

        pages.Table(
            [new("Device", 0.22), new("Site", 0.15), new("Availability", 0.14, true), new("Target", 0.1, true), new("Downtime", 0.14, true),
                new("Outages", 0.1, true), new("Longest", 0.15, true)],
            devices.Select(d => new ReportRow([d.Name + (d.ArchivedAt is not null ? " (archived)" : ""), d.Site ?? "-", ReportText.Percent(d.Figures.AvailabilityPercent),
                ReportText.Target(d.Figures.SloPercent), ReportText.Duration(d.Figures.Down), d.Figures.Outages.ToString(CultureInfo.InvariantCulture),
                ReportText.Duration(d.Figures.LongestOutage)], d.Figures.MeetsSlo ? null : Bad)));
    }

    private static void Outages(ReportPages pages, AvailabilityReport report)
    {
        var from = report.ListedFrom;
        var listed = report.Outages.Where(o => o.Counted >= from && o.Counted > TimeSpan.Zero).ToList();
        pages.Heading($"Outages of {ReportText.Duration(from)} or more ({listed.Count})");
        if (listed.Count == 0)
        {
            pages.Paragraph("None this month.");
            return;
        }

        pages.Table(
            [new("Device", 0.14), new("Start", 0.19), new("End", 0.19), new("Downtime", 0.11, true), new("Cause, as the device's log said", 0.37)],
            listed.Select(o => new ReportRow([o.Device, o.Began(report.Period), o.Ended(report.Period),
                ReportText.Duration(o.Counted), OutageNote(o)], null)));
    }

    private static string OutageNote(Outage o)
    {
        var notes = o.Uncounted().Prepend(o.Cause).OfType<string>().ToList();
        return notes.Count == 0 ? "not known" : string.Join("; ", notes);
    }

    private static void Method(ReportPages pages, AvailabilityReport report)
    {
        pages.Space(18);
        pages.Heading("How it was computed");
        var runs = report.RunsRecordedFrom is { } from && from > report.Period.Start
            ? $" SOTP records its own running time since {ReportText.Local(from, report.Period.Zone)}; before that it is taken as running."
            : "";
        foreach (var paragraph in AvailabilityMethod.Paragraphs(report.Period, report.ListedFrom))
        {
            pages.Paragraph(paragraph);
        }

        if (report.Maintenance.Count > 0)
        {
            pages.Paragraph("The maintenance windows of the month (their time is counted neither as up nor as down):");
            pages.Table([new("Window", 0.28), new("When", 0.38), new("Covers", 0.24), new("Times", 0.1, true)],
                report.Maintenance.Select(m => new ReportRow([m.Name + (m.Reason is null ? "" : $": {m.Reason}"), m.When, m.Covers,
                    m.Occurrences.ToString(CultureInfo.InvariantCulture)], null)));
        }

        pages.Paragraph($"This report: {report.Devices.Count} devices, {ReportText.Duration(report.Network.Measured)} measured, "
            + $"{ReportText.Duration(report.Network.Maintenance)} in maintenance windows and {ReportText.Duration(report.Network.Unmonitored)} unmonitored "
            + $"(device-time), computed {ReportText.Local(report.ComputedAt, report.Period.Zone)}.{runs}");
    }

    private static void Footers(PdfDocument document, AvailabilityReport report, ReportBranding branding) =>
        ReportPages.Footers(document, branding, $"Network availability, {report.Period.Title}", report.Period.Zone);

    private static XColor StatusColour(double? percent, double slo) => AvailabilityFigures.BandOf(percent, slo) switch
    {
        AvailabilityBand.Met => Good,
        AvailabilityBand.Near => Warn,
        AvailabilityBand.Missed => Bad,
        _ => NoData,
    };
}

using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Sotp.Core.Csv;
using Sotp.Core.Reports;
using static Sotp.Core.Reports.ReportStyle;

namespace Sotp.Core.Compliance;

/// <summary>
/// Compliance for auditors, from the same <see cref="ComplianceOverview"/> the page shows: every verdict as CSV (cells
/// defused for spreadsheets), and an A4 PDF with the availability report's pages and footers: the summary, the
/// devices worst first, the rules, and every failure with what was expected, what is there and the fix.
/// </summary>
public static class ComplianceExports
{
    public const string CsvFileName = "sotp-compliance.csv";
    public const string PdfFileName = "sotp-compliance.pdf";

    public static async Task WriteCsvAsync(TextWriter output, ComplianceOverview overview, CancellationToken cancellationToken)
    {
        await using var writer = await SpreadsheetCsv.CreateWriterAsync(output,
            ["deviceId", "device", "site", "platform", "rule", "state", "expected", "actual", "remediation", "commit", "checkedAt"], cancellationToken);
        foreach (var r in overview.Rows)
        {
            await writer.WriteRowAsync([r.DeviceId.ToString(CultureInfo.InvariantCulture), r.Device, r.Site, r.Platform, r.Rule, EnumText.Kebab(r.State),
                r.Expected, r.Actual, r.Remediation, r.Commit, r.CheckedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)],
                cancellationToken);
        }
    }

    public static byte[] RenderPdf(ComplianceOverview overview, ReportBranding branding, TimeZoneInfo zone)
    {
        ReportFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = "Golden-configuration compliance";
        document.Info.Author = branding.Organisation;
        document.Info.Creator = $"SOTP {ReportText.Version}";
        var pages = new ReportPages(document);

        pages.Heading("Golden-configuration compliance");
        var failing = overview.Devices.Count - overview.CompliantDevices;
        pages.Paragraph($"{branding.Organisation}: {overview.CompliantDevices} of {overview.Devices.Count} devices meet every rule that applies to them; "
            + $"{failing} fail at least one. {overview.Rules.Count} rules, {overview.Rows.Count(r => r.State == ComplianceState.Fail)} failures in all. "
            + $"Each device is checked on its latest stored configuration, as of {ReportText.Local(branding.GeneratedAt, zone)} ({zone.Id}).");
        pages.Space(6);

        pages.Heading("Devices, the worst first");
        pages.Table([new ReportColumn("Device", 0.3), new ReportColumn("Site", 0.2), new ReportColumn("State", 0.14), new ReportColumn("Failed", 0.12, Right: true),
                new ReportColumn("Passed", 0.12, Right: true), new ReportColumn("N/A", 0.12, Right: true)],
            overview.Devices.Select(d => new ReportRow([d.Device, d.Site ?? "—", d.Compliant ? "compliant" : "not compliant", Count(d.Failed), Count(d.Passed),
                Count(d.NotApplicable)], d.Compliant ? Good : Bad)));

        pages.Heading("Rules");
        pages.Table([new ReportColumn("Rule", 0.55), new ReportColumn("Failed", 0.15, Right: true), new ReportColumn("Passed", 0.15, Right: true),
                new ReportColumn("N/A", 0.15, Right: true)],
            overview.Rules.Select(r => new ReportRow([r.Rule, Count(r.Failed), Count(r.Passed), Count(r.NotApplicable)], r.Failed > 0 ? Bad : Good, 1)));

        var failures = overview.Rows.Where(r => r.State == ComplianceState.Fail).ToList();
        if (failures.Count > 0)
        {
            pages.Next();
            pages.Heading("Every failure, with its fix");
            pages.Table([new ReportColumn("Device", 0.14), new ReportColumn("Rule", 0.16), new ReportColumn("Expected", 0.24), new ReportColumn("Actual", 0.24),
                    new ReportColumn("Remediation", 0.22)],
                failures.Select(r => new ReportRow([r.Device, r.Rule, r.Expected, r.Actual, r.Remediation ?? "—"])));
        }

        pages.Finish();
        ReportPages.Footers(document, branding, "Golden-configuration compliance", zone);
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}

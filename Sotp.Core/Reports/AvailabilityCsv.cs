using System.Globalization;
using Sotp.Core.Csv;
using Sotp.Core.Devices;

namespace Sotp.Core.Reports;

/// <summary>
/// A month's figures as CSV for a spreadsheet: one row for the whole scope, then each site, kind, tag and device
/// (column <c>level</c>), times in minutes; every cell defused by <see cref="SpreadsheetCsv"/>.
/// </summary>
public static class AvailabilityCsv
{
    public static string FileName(ReportPeriod period) => $"sotp-availability-{period.Key}.csv";

    public static async Task WriteAsync(TextWriter output, AvailabilityReport report, CancellationToken cancellationToken)
    {
        await using var writer = await SpreadsheetCsv.CreateWriterAsync(output, ["level", "name", "site", "kind", "tags", "devices", "availabilityPercent",
            "targetPercent", "upMinutes", "downtimeMinutes", "maintenanceMinutes", "unmonitoredMinutes", "outages", "longestOutageMinutes", "mttrMinutes",
            "mtbfMinutes", "errorBudgetLeftMinutes", "archived", "month", "timeZone", "monthToDate"], cancellationToken);
        var period = report.Period;
        async ValueTask Row(string level, string name, string? site, string? kind, string? tags, int devices, AvailabilityFigures f, bool archived) =>
            await writer.WriteRowAsync([level, name, site, kind, tags, devices.ToString(CultureInfo.InvariantCulture),
                f.AvailabilityPercent?.ToString("0.#####", CultureInfo.InvariantCulture), f.SloPercent.ToString(CultureInfo.InvariantCulture),
                Minutes(f.Up), Minutes(f.Down), Minutes(f.Maintenance), Minutes(f.Unmonitored), f.Outages.ToString(CultureInfo.InvariantCulture),
                Minutes(f.LongestOutage), Minutes(f.Mttr), Minutes(f.Mtbf), f.ErrorBudgetLeftMinutes.ToString("0.##", CultureInfo.InvariantCulture),
                archived ? "true" : "false", period.Key, period.Zone.Id, period.MonthToDate ? "true" : "false"], cancellationToken);

        await Row("network", report.Scope.Describe(), null, null, null, report.Devices.Count, report.Network, false);
        foreach (var (level, groups) in new[] { ("site", report.Sites), ("kind", report.Kinds), ("tag", report.Tags) })
        {
            foreach (var group in groups)
            {
                await Row(level, group.Name, null, null, null, group.Devices, group.Figures, false);
            }
        }

        foreach (var d in report.Devices.OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase))
        {
            await Row("device", d.Name, d.Site, DeviceRules.KindName(d.Kind), string.Join(' ', d.Tags), 1, d.Figures, d.ArchivedAt is not null);
        }
    }

    private static string? Minutes(TimeSpan? span) => span?.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture);
}

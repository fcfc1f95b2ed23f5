namespace Sotp.Core.Reports;

/// <summary>
/// How availability is computed, in words: printed at the end of every PDF and written in the README under "How
/// availability is computed" (a test keeps the two the same).
/// </summary>
public static class AvailabilityMethod
{
    public static IReadOnlyList<string> Paragraphs(ReportPeriod period, TimeSpan listedFrom) =>
    [
        $"The month runs from midnight on the 1st to midnight on the 1st of the next month in {period.Zone.Id}, so a month with a daylight-saving change is an hour shorter or longer; the month under way runs to the moment the report was made and is marked \"to date\".",
        .. Rules,
        $"Outages are listed when their downtime reaches {ReportText.Duration(listedFrom)}, with the most severe syslog line or trap the device sent from two minutes before the outage began to two minutes after, when it sent one.",
    ];

    /// <summary>The rules that do not depend on the report's month, zone or settings, as the README states them.</summary>
    public static IReadOnlyList<string> Rules { get; } =
    [
        "A device's state comes from SOTP's pings: it is down from the probe that judged it down to the probe that judged it up again, as saved in the status history. Every moment of the month is one of four things for each device: up, down, in maintenance, or unmonitored.",
        "Unmonitored: before the device was added, after it was archived, while its monitoring was switched off, before its first verdict (a device never polled is unmonitored all month), and while SOTP itself was not running (SOTP records its own running time every minute). Unmonitored time is never counted as up or down.",
        "In maintenance: inside a maintenance window covering the device (planned on the Alerts page), while the device was monitored. Maintenance time is never counted as up or down, and an outage inside a window costs no downtime.",
        "Availability = up / (up + down). Downtime = the down time outside maintenance. An outage is one stretch of down state; it counts when some of it is downtime, and is cut at the month's edges. Longest outage, MTTR (downtime per outage) and MTBF (up time per outage) use the counted downtime.",
        "The error budget is the downtime the target allows: (100 % - target) x (up + down). Budget left = budget - downtime; negative when the target was missed. A device's target is its own, else its site's, else the default (Sotp:Reports).",
        "Sites, kinds, tags and the whole network add up their devices' time (device-time), so a group's availability is weighted by how long each device was measured. Devices are grouped by their site, kind and tags as they are now.",
    ];
}

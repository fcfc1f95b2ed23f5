using Sotp.Core.Devices;

namespace Sotp.Core.Reports;

/// <summary>
/// A stretch of time a device was judged down, cut at the month's edges (<see cref="FromBefore"/>,
/// <see cref="Continues"/>). Only <see cref="Counted"/> is downtime: the part in maintenance and the part nobody
/// watched are shown, never counted.
/// </summary>
public sealed record Outage(int DeviceId, string Device, DateTimeOffset Start, DateTimeOffset End, bool FromBefore, bool Continues,
    TimeSpan Counted, TimeSpan InMaintenance, TimeSpan Unmonitored)
{
    /// <summary>What the event timeline says happened as it began, when it says anything.</summary>
    public string? Cause { get; init; }

    public TimeSpan Length => End - Start;

    /// <summary>When it began, in the report's zone, and whether that was before the month.</summary>
    public string Began(ReportPeriod period) => ReportText.Local(Start, period.Zone) + (FromBefore ? " (began earlier)" : "");

    /// <summary>When it ended, in the report's zone, or that it went on past the month (or is still going on).</summary>
    public string Ended(ReportPeriod period) =>
        ReportText.Local(End, period.Zone) + (Continues ? (period.MonthToDate ? " (ongoing)" : " (went on)") : "");

    /// <summary>The parts that cost no downtime, in words: "1 h 00 min in maintenance, not counted".</summary>
    public IEnumerable<string> Uncounted()
    {
        if (InMaintenance > TimeSpan.Zero)
        {
            yield return $"{ReportText.Duration(InMaintenance)} in maintenance, not counted";
        }

        if (Unmonitored > TimeSpan.Zero)
        {
            yield return $"{ReportText.Duration(Unmonitored)} unmonitored, not counted";
        }
    }
}

public sealed record DeviceAvailability(int Id, string Name, DeviceKind Kind, string? Site, IReadOnlyList<string> Tags, DateTimeOffset CreatedAt,
    DateTimeOffset? ArchivedAt, AvailabilityFigures Figures, IReadOnlyList<Outage> Outages);

/// <summary>A maintenance window that covered devices in scope during the month: its time there is not counted.</summary>
public sealed record PlannedMaintenance(string Name, string When, string Covers, int Occurrences, string? Reason);

public sealed record GroupAvailability(string Name, int Devices, AvailabilityFigures Figures);

/// <summary>One local day of the whole scope: up and down device-time.</summary>
public sealed record DayAvailability(DateOnly Day, TimeSpan Up, TimeSpan Down)
{
    public double? Percent => Up + Down > TimeSpan.Zero ? 100.0 * Up.Ticks / (Up + Down).Ticks : null;
}

/// <summary>
/// The figures of one month for one scope, as the page, the API, the CSV and the PDF show them. Outages whose downtime
/// reaches <see cref="ListedFrom"/> are the ones the PDF lists, with their cause.
/// </summary>
public sealed record AvailabilityReport(
    ReportPeriod Period,
    ReportScope Scope,
    AvailabilityFigures Network,
    IReadOnlyList<GroupAvailability> Sites,
    IReadOnlyList<GroupAvailability> Kinds,
    IReadOnlyList<GroupAvailability> Tags,
    IReadOnlyList<DeviceAvailability> Devices,
    IReadOnlyList<DayAvailability> Days,
    DateTimeOffset ComputedAt,
    DateTimeOffset? RunsRecordedFrom,
    TimeSpan ListedFrom,
    IReadOnlyList<PlannedMaintenance> Maintenance)
{
    public IEnumerable<Outage> Outages => Devices.SelectMany(d => d.Outages).OrderBy(o => o.Start);

    /// <summary>Devices with a measured availability, least available first.</summary>
    public IEnumerable<DeviceAvailability> LeastAvailable(int count) =>
        Devices.Where(d => d.Figures.AvailabilityPercent is not null).OrderBy(d => d.Figures.AvailabilityPercent).ThenBy(d => d.Name).Take(count);
}

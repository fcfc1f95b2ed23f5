namespace Sotp.Core.Reports;

/// <summary>How an availability stands against its target, for colours: met; near (missed by less than four more budgets); missed; nothing measured.</summary>
public enum AvailabilityBand
{
    Met,
    Near,
    Missed,
    NoData,
}

/// <summary>
/// What a month measured for a device or a group of devices (README, "How availability is computed"): time up and
/// down while SOTP watched, time in maintenance and time unmonitored apart, and the outages that cost downtime.
/// For a group every figure is the sum of its devices' (device-time), so availability is time-weighted.
/// </summary>
public sealed record AvailabilityFigures(TimeSpan Up, TimeSpan Down, TimeSpan Maintenance, TimeSpan Unmonitored, int Outages, TimeSpan LongestOutage,
    double SloPercent)
{
    /// <summary>The time availability is measured over: up and down, nothing else.</summary>
    public TimeSpan Measured => Up + Down;

    /// <summary>Up over measured, in percent; null when nothing was measured (never polled, unmonitored all month).</summary>
    public double? AvailabilityPercent => Measured > TimeSpan.Zero ? 100.0 * Up.Ticks / Measured.Ticks : null;

    public double DowntimeMinutes => Down.TotalMinutes;

    /// <summary>The downtime the target allows over the measured time.</summary>
    public double ErrorBudgetMinutes => Measured.TotalMinutes * (100.0 - SloPercent) / 100.0;

    /// <summary>Budget minus downtime: negative when the target was missed.</summary>
    public double ErrorBudgetLeftMinutes => ErrorBudgetMinutes - DowntimeMinutes;

    public bool MeetsSlo => AvailabilityPercent is not { } a || a >= SloPercent;

    /// <summary>Mean time to repair: downtime per outage.</summary>
    public TimeSpan? Mttr => Outages > 0 ? Down / Outages : null;

    /// <summary>Mean time between failures: up time per outage.</summary>
    public TimeSpan? Mtbf => Outages > 0 ? Up / Outages : null;

    /// <summary>Below the target, down to this is "near": the target missed by at most four more error budgets.</summary>
    public static double NearFloor(double sloPercent) => Math.Max(0, 100 - 5 * (100 - sloPercent));

    public static AvailabilityBand BandOf(double? percent, double sloPercent) => percent switch
    {
        null => AvailabilityBand.NoData,
        var p when p >= sloPercent => AvailabilityBand.Met,
        var p when p >= NearFloor(sloPercent) => AvailabilityBand.Near,
        _ => AvailabilityBand.Missed,
    };

    /// <summary>The headline figures besides availability, labelled, as the page and the PDF's cover show them.</summary>
    public IReadOnlyList<(string Label, string Value)> Labelled() =>
    [
        ("Downtime", ReportText.Duration(Down)),
        ("Error budget left", ReportText.Minutes(ErrorBudgetLeftMinutes)),
        ("Outages", Outages.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Longest outage", ReportText.Duration(LongestOutage)),
        ("MTTR (mean time to repair)", ReportText.Duration(Mttr)),
        ("MTBF (mean time between failures)", ReportText.Duration(Mtbf)),
        ("In maintenance (not counted)", ReportText.Duration(Maintenance)),
        ("Unmonitored (not counted)", ReportText.Duration(Unmonitored)),
        ("Measured", ReportText.Duration(Measured)),
    ];

    public static AvailabilityFigures Sum(IEnumerable<AvailabilityFigures> parts, double sloPercent)
    {
        var (up, down, maintenance, unmonitored, outages, longest) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0, TimeSpan.Zero);
        foreach (var p in parts)
        {
            (up, down, maintenance, unmonitored, outages) = (up + p.Up, down + p.Down, maintenance + p.Maintenance, unmonitored + p.Unmonitored, outages + p.Outages);
            longest = p.LongestOutage > longest ? p.LongestOutage : longest;
        }

        return new AvailabilityFigures(up, down, maintenance, unmonitored, outages, longest, sloPercent);
    }
}

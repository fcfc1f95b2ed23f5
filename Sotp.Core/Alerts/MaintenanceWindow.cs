using Sotp.Core.Devices;

namespace Sotp.Core.Alerts;

public enum MaintenanceRecurrence
{
    Once,
    Daily,
    Weekly,
}

/// <summary>
/// Planned work on devices, sites or tags. Once: from <see cref="StartsAt"/> to <see cref="EndsAt"/>. Daily or weekly:
/// the same local time of day and length as the first occurrence (<see cref="StartsAt"/> to <see cref="EndsAt"/>), in
/// <see cref="TimeZone"/> (so a 02:00 window stays at 02:00 across a daylight-saving change), on
/// <see cref="Days"/> for weekly ones, until <see cref="Until"/> when set. Alerts inside a window are kept and
/// marked, but notify nobody and trigger no remediation; the availability report reads the windows too.
/// </summary>
public sealed class MaintenanceWindow
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public AlertScope Scope { get; set; } = new();

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    public MaintenanceRecurrence Recurrence { get; set; }

    /// <summary>IANA time zone id of the recurrence ("Europe/Paris"); UTC when empty.</summary>
    public string TimeZone { get; set; } = "UTC";

    public IReadOnlyList<DayOfWeek> Days { get; set; } = [];

    public DateTimeOffset? Until { get; set; }

    public string? Reason { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public bool Covers(DeviceSummary device, DateTimeOffset at) => Scope.Covers(device) && ActiveAt(at);

    /// <summary>Whether an occurrence of the window spans <paramref name="at"/>.</summary>
    public bool ActiveAt(DateTimeOffset at) => Occurrences(at, at.AddTicks(1)).Any();

    /// <summary>The occurrences that overlap <paramref name="from"/> to <paramref name="to"/>, in order.</summary>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Occurrences(DateTimeOffset from, DateTimeOffset to)
    {
        var last = Until is { } until && until < to ? until : to;
        if (Recurrence == MaintenanceRecurrence.Once)
        {
            if (StartsAt < to && EndsAt > from)
            {
                yield return (StartsAt, EndsAt);
            }

            yield break;
        }

        if (from >= last)
        {
            yield break;
        }

        var zone = Zone();
        var length = EndsAt - StartsAt;
        var first = TimeZoneInfo.ConvertTime(StartsAt, zone);
        // An occurrence that overlaps `from` began on its local day or on one of the days before (a long window).
        var day = TimeZoneInfo.ConvertTime(from, zone).Date.AddDays(-Math.Ceiling(length.TotalDays));
        if (day < first.Date)
        {
            day = first.Date;
        }

        for (; day <= TimeZoneInfo.ConvertTime(last, zone).Date; day = day.AddDays(1))
        {
            if (Recurrence == MaintenanceRecurrence.Weekly && !Days.Contains(day.DayOfWeek))
            {
                continue;
            }

            var start = ZoneTime.At(zone, day + first.TimeOfDay);
            var end = Until is { } cut && cut < start + length ? cut : start + length;
            if (start >= StartsAt && start < last && end > from)
            {
                yield return (start, end);
            }
        }
    }

    /// <summary>In words: "2026-10-15 02:00 to 2026-10-15 04:00 UTC", "daily 02:30 for 60 min (Europe/Paris)", "Sun 03:00 for 90 min (UTC)".</summary>
    public string When()
    {
        var local = TimeZoneInfo.ConvertTime(StartsAt, Zone());
        var minutes = (EndsAt - StartsAt).TotalMinutes.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
        return Recurrence switch
        {
            MaintenanceRecurrence.Once => $"{StartsAt.UtcDateTime:yyyy-MM-dd HH:mm} to {EndsAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC",
            MaintenanceRecurrence.Daily => $"daily {local:HH:mm} for {minutes} min ({TimeZone})",
            _ => $"{string.Join(", ", Days.Select(d => d.ToString()[..3]))} {local:HH:mm} for {minutes} min ({TimeZone})",
        };
    }

    /// <summary>The recurrence's time zone (UTC when unknown).</summary>
    public TimeZoneInfo Zone() => ZoneTime.Find(string.IsNullOrWhiteSpace(TimeZone) ? "UTC" : TimeZone) ?? TimeZoneInfo.Utc;
}

/// <summary>What a person submits for a window.</summary>
public sealed record MaintenanceWindowInput
{
    public string? Name { get; init; }

    public AlertScope? Scope { get; init; }

    public DateTimeOffset? StartsAt { get; init; }

    public DateTimeOffset? EndsAt { get; init; }

    public string? Recurrence { get; init; }

    public string? TimeZone { get; init; }

    public IReadOnlyList<string>? Days { get; init; }

    public DateTimeOffset? Until { get; init; }

    public string? Reason { get; init; }
}

using System.Globalization;

namespace Sotp.Core.Reports;

/// <summary>
/// A calendar month read in a time zone: from local midnight on the 1st to local midnight on the 1st of the next
/// month (a month with a daylight-saving change is an hour shorter or longer), or to now for the month under way.
/// </summary>
/// <summary>Why a report cannot be made, in words, and which part of the request (<c>month</c>, <c>timeZone</c>, <c>scope</c>) to fix.</summary>
public sealed record ReportProblem(string Field, string Message)
{
    public Dictionary<string, string[]> AsErrors() => new() { [Field] = [Message] };
}

public sealed record ReportPeriod(int Year, int Month, TimeZoneInfo Zone, DateTimeOffset Start, DateTimeOffset End, bool MonthToDate)
{
    /// <summary>"2026-10": how months are written in requests, files and the API.</summary>
    public string Key => $"{Year:0000}-{Month:00}";

    public TimeRange Range => new(Start, End);

    /// <summary>"October 2026", with "(to date)" for the month under way.</summary>
    public string Title => new DateTime(Year, Month, 1).ToString("MMMM yyyy", CultureInfo.InvariantCulture) + (MonthToDate ? " (to date)" : "");

    /// <summary>The month's days as local days, each from its midnight to the next (the last one cut at the end).</summary>
    public IEnumerable<(DateOnly Day, TimeRange Range)> Days()
    {
        for (var day = new DateOnly(Year, Month, 1); day.Month == Month; day = day.AddDays(1))
        {
            var start = ZoneTime.At(Zone, day.ToDateTime(TimeOnly.MinValue));
            if (start >= End)
            {
                yield break;
            }

            yield return (day, new TimeRange(start, TimeRange.Min(ZoneTime.At(Zone, day.AddDays(1).ToDateTime(TimeOnly.MinValue)), End)));
        }
    }

    /// <summary>Reads a month and a zone as a person or the API gave them; the message says what is wrong.</summary>
    public static (ReportPeriod? Period, ReportProblem? Problem) Resolve(string? month, string? timeZone, TimeZoneInfo defaultZone, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(month) || !DateTime.TryParseExact(month.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
        {
            return (null, new("month", "Give the month as year and month, like 2026-10."));
        }

        var zone = string.IsNullOrWhiteSpace(timeZone) ? defaultZone : ZoneTime.Find(timeZone);
        if (zone is null)
        {
            return (null, new("timeZone", $"\"{timeZone!.Trim()}\" is not a time zone this server knows: use an IANA name such as Europe/Paris or UTC."));
        }

        var start = ZoneTime.At(zone, first);
        var end = ZoneTime.At(zone, first.AddMonths(1));
        if (start > now)
        {
            return (null, new("month", $"{first.ToString("MMMM yyyy", CultureInfo.InvariantCulture)} has not begun yet: there is nothing to report."));
        }

        return (new ReportPeriod(first.Year, first.Month, zone, start, end > now ? now : end, end > now), null);
    }
}

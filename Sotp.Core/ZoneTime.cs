namespace Sotp.Core;

/// <summary>Wall-clock times in a time zone, across daylight-saving changes.</summary>
public static class ZoneTime
{
    /// <summary>
    /// The instant a local time names: one that does not exist (the hour skipped in spring) is taken an hour later; one
    /// that happens twice (autumn) is the first.
    /// </summary>
    public static DateTimeOffset At(TimeZoneInfo zone, DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>An IANA (or Windows) zone id, or null when this machine does not know it.</summary>
    public static TimeZoneInfo? Find(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;
}

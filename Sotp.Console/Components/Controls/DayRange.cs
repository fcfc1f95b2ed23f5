using MudBlazor;

namespace Sotp.Console.Components.Controls;

/// <summary>A range of whole days picked in a date-range picker, as UTC bounds: from the first day's start to the day after the last.</summary>
public static class DayRange
{
    public static (DateTimeOffset? From, DateTimeOffset? To) Bounds(DateRange? range) => (
        range?.Start is { } start ? new DateTimeOffset(start.Date, TimeSpan.Zero) : null,
        range?.End is { } end ? new DateTimeOffset(end.Date.AddDays(1), TimeSpan.Zero) : null);
}

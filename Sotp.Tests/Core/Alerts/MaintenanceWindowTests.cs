using Sotp.Core.Alerts;

namespace Sotp.Tests.Core.Alerts;

/// <summary>When maintenance windows are active: once, daily and weekly, across midnight and daylight-saving changes.</summary>
public sealed class MaintenanceWindowTests
{
    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void A_one_off_window_covers_its_start_but_not_its_end()
    {
        var window = new MaintenanceWindow { Name = "swap", CreatedBy = "x", StartsAt = Utc(11, 29, 22), EndsAt = Utc(11, 30, 1) };
        Assert.False(window.ActiveAt(Utc(11, 29, 21, 59)));
        Assert.True(window.ActiveAt(Utc(11, 29, 22)));
        Assert.True(window.ActiveAt(Utc(11, 30, 0, 30)));
        Assert.False(window.ActiveAt(Utc(11, 30, 1)));
    }

    [Fact]
    public void A_weekly_window_across_midnight_keeps_its_local_hour_through_the_change_to_winter_time()
    {
        // Saturdays 23:00 to 01:00 in Paris, first on 2026-10-17 (UTC+2); the clocks go back on 2026-10-25 (UTC+1).
        var window = new MaintenanceWindow
        {
            Name = "weekly", CreatedBy = "x", Recurrence = MaintenanceRecurrence.Weekly, TimeZone = "Europe/Paris", Days = [DayOfWeek.Saturday],
            StartsAt = new DateTimeOffset(2026, 10, 17, 23, 0, 0, TimeSpan.FromHours(2)), EndsAt = new DateTimeOffset(2026, 10, 18, 1, 0, 0, TimeSpan.FromHours(2)),
        };
        Assert.True(window.ActiveAt(Utc(10, 17, 21, 30)));
        Assert.True(window.ActiveAt(Utc(10, 24, 22, 30))); // Sunday 00:30 in Paris, still Saturday's window
        Assert.False(window.ActiveAt(Utc(10, 25, 21, 30))); // Sunday
        Assert.True(window.ActiveAt(Utc(10, 31, 22, 0)));  // Saturday 23:00 in winter time is 22:00 UTC
        Assert.False(window.ActiveAt(Utc(10, 31, 21, 30)));
        Assert.False(window.ActiveAt(Utc(10, 17, 20, 59))); // before the first occurrence
    }

    [Fact]
    public void A_daily_window_stops_at_its_until()
    {
        var window = new MaintenanceWindow
        {
            Name = "backup", CreatedBy = "x", Recurrence = MaintenanceRecurrence.Daily, StartsAt = Utc(11, 1, 2), EndsAt = Utc(11, 1, 3), Until = Utc(11, 10, 0),
        };
        Assert.True(window.ActiveAt(Utc(11, 5, 2, 30)));
        Assert.False(window.ActiveAt(Utc(11, 5, 3, 30)));
        Assert.False(window.ActiveAt(Utc(11, 12, 2, 30)));
    }
}

using System.Globalization;

namespace Sotp.Console.Components.Controls;

/// <summary>Short, plain renderings of durations and round-trip times for status displays.</summary>
public static class StatusText
{
    public static string Rtt(double ms) => ms < 10
        ? ms.ToString("0.00", CultureInfo.InvariantCulture) + " ms"
        : ms.ToString("0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>"45 s", "12 min", "3 h 5 min", "2 d 4 h".</summary>
    public static string Ago(DateTimeOffset since, DateTimeOffset now)
    {
        var span = now - since;
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalSeconds < 60 ? $"{(int)span.TotalSeconds} s"
            : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes} min"
            : span.TotalHours < 24 ? $"{(int)span.TotalHours} h {span.Minutes} min"
            : $"{(int)span.TotalDays} d {span.Hours} h";
    }
}

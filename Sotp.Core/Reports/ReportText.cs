using System.Globalization;

namespace Sotp.Core.Reports;

/// <summary>How reports write their figures, the same on the page, in the CSV's companions and in the PDF.</summary>
public static class ReportText
{
    /// <summary>"99.987 %"; "no data" when nothing was measured.</summary>
    public static string Percent(double? percent) => percent is { } p ? p.ToString("0.000", CultureInfo.InvariantCulture) + " %" : "no data";

    /// <summary>"99.9 %": a target as it was set.</summary>
    public static string Target(double percent) => percent.ToString("0.###", CultureInfo.InvariantCulture) + " %";

    /// <summary>"0 min", "45 min", "3 h 05 min", "2 d 4 h".</summary>
    public static string Duration(TimeSpan? span)
    {
        if (span is not { } s)
        {
            return "-";
        }

        var minutes = (long)Math.Round(s.TotalMinutes, MidpointRounding.AwayFromZero);
        return minutes switch
        {
            < 60 when s > TimeSpan.Zero && minutes == 0 => "< 1 min",
            < 60 => $"{minutes} min",
            < 24 * 60 => $"{minutes / 60} h {minutes % 60:00} min",
            _ => $"{minutes / (24 * 60)} d {minutes / 60 % 24} h",
        };
    }

    /// <summary>Minutes with one decimal, signed when asked: the error budget left is negative when the target was missed.</summary>
    /// <summary>The text with its first letter upper-case ("all devices" → "All devices").</summary>
    public static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    public static string Minutes(double minutes) => minutes.ToString("0.#", CultureInfo.InvariantCulture) + " min";

    /// <summary>A moment in the report's zone: "2026-10-12 11:30".</summary>
    public static string Local(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>SOTP's version as built ("0.1.0+3f2a9c1").</summary>
    public static string Version { get; } = VersionOf();

    private static string VersionOf()
    {
        var version = typeof(ReportText).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 && version.Length > plus + 8 ? version[..(plus + 8)] : version;
    }
}

using System.Globalization;

namespace Sotp.Console.Components.Controls;

/// <summary>Network quantities in the units engineers read: bits per second with SI prefixes, percentages.</summary>
public static class Units
{
    public static string Bits(double? bitsPerSecond) => bitsPerSecond is not { } bps ? "—" : bps switch
    {
        >= 1e9 => Format(bps / 1e9, "Gbit/s"),
        >= 1e6 => Format(bps / 1e6, "Mbit/s"),
        >= 1e3 => Format(bps / 1e3, "kbit/s"),
        _ => Format(bps, "bit/s"),
    };

    public static string Speed(double bitsPerSecond) => bitsPerSecond <= 0 ? "—" : Bits(bitsPerSecond).Replace("/s", "", StringComparison.Ordinal);

    public static string Percent(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";

    private static string Format(double value, string unit) =>
        value.ToString(value >= 100 ? "0" : value >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + " " + unit;
}

using System.ComponentModel.DataAnnotations;

namespace Sotp.Core.Metrics;

/// <summary>Options of the <c>Sotp:Metrics</c> section: how long each resolution of the metric store is kept.</summary>
public sealed class MetricOptions
{
    public const string SectionName = "Sotp:Metrics";

    /// <summary>Minutes of each vitals series kept in memory for the live charts.</summary>
    [Range(1, 1440)]
    public int LiveWindowMinutes { get; set; } = 60;

    [Range(1, 24 * 31)]
    public int RawRetentionHours { get; set; } = 48;

    [Range(1, 366)]
    public int FiveMinuteRetentionDays { get; set; } = 30;

    [Range(1, 3660)]
    public int HourlyRetentionDays { get; set; } = 400;
}

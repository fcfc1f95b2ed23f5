using System.ComponentModel.DataAnnotations;

namespace Sotp.Core.Alerts;

/// <summary><c>Sotp:Alerts</c>: flapping detection and notification delivery.</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Sotp:Alerts";

    /// <summary>A condition that opens this many times within <see cref="FlapWindowMinutes"/> is flapping.</summary>
    [Range(2, 100)]
    public int FlapThreshold { get; set; } = 5;

    [Range(1, 1440)]
    public int FlapWindowMinutes { get; set; } = 10;

    /// <summary>A flapping alert resolves once its condition has stayed clear this long.</summary>
    [Range(1, 1440)]
    public int FlapQuietMinutes { get; set; } = 5;

    /// <summary>Attempts per notification (webhook or e-mail) before it is recorded as failed.</summary>
    [Range(1, 20)]
    public int NotificationAttempts { get; set; } = 4;

    /// <summary>The wait before the first retry; it doubles after each failed attempt.</summary>
    [Range(1, 3600)]
    public int NotificationRetrySeconds { get; set; } = 5;

    [Range(1, 300)]
    public int NotificationTimeoutSeconds { get; set; } = 10;
}

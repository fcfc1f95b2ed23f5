using System.ComponentModel.DataAnnotations;

namespace Sotp.Core.Events;

/// <summary>The event timeline's settings (<c>Sotp:Events</c>).</summary>
public sealed class EventOptions
{
    public const string SectionName = "Sotp:Events";

    /// <summary>How many days events are kept.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 30;

    /// <summary>
    /// How many events may wait for the database (a burst, an outage); past it the oldest are dropped, counted and
    /// shown. About 1 KB each.
    /// </summary>
    [Range(1_000, 10_000_000)]
    public int MaxQueuedEvents { get; set; } = 200_000;
}

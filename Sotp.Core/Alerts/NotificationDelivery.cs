namespace Sotp.Core.Alerts;

/// <summary>One notification of an alert change (opened, resolved, flapping) to one channel, with how it went.</summary>
public sealed class NotificationDelivery
{
    public long Id { get; set; }

    public long AlertId { get; set; }

    public int RuleId { get; set; }

    /// <summary>"webhook" or "email".</summary>
    public required string Channel { get; set; }

    /// <summary>The URL or the recipients.</summary>
    public required string Target { get; set; }

    /// <summary>"opened", "resolved" or "flapping".</summary>
    public required string Change { get; set; }

    public int Attempts { get; set; }

    /// <summary>"delivered" or "failed".</summary>
    public required string Status { get; set; }

    /// <summary>Why the last attempt failed, in words.</summary>
    public string? Error { get; set; }

    public DateTimeOffset At { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }
}

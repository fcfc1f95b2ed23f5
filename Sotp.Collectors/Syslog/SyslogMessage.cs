using Sotp.Core.Events;

namespace Sotp.Collectors.Syslog;

/// <summary>How a syslog line was framed: RFC 5424, RFC 3164 as devices really send it, or only a priority and text.</summary>
public enum SyslogFormat
{
    Rfc5424,
    Rfc3164,
    Bare,
}

/// <summary>One RFC 5424 structured-data element: <c>[id name="value" ...]</c>.</summary>
public sealed record SyslogElement(string Id, IReadOnlyList<KeyValuePair<string, string>> Parameters);

/// <summary>
/// A syslog message taken apart. Every header part a device may leave out is null when it did; <see cref="Raw"/>
/// keeps the bytes exactly as they arrived.
/// </summary>
public sealed record SyslogMessage
{
    public required SyslogFormat Format { get; init; }

    /// <summary>0 (kernel) to 23 (local7).</summary>
    public required int Facility { get; init; }

    public required EventSeverity Severity { get; init; }

    /// <summary>The time the device wrote, in UTC when it named a zone (or wrote none: SOTP then reads it as UTC).</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The device said its clock is not set (Cisco's <c>*</c>) or no longer synchronised (<c>.</c>).</summary>
    public bool ClockUnsynced { get; init; }

    /// <summary>Cisco's message sequence number (<c>service sequence-numbers</c>).</summary>
    public long? Sequence { get; init; }

    public string? HostName { get; init; }

    /// <summary>The program: RFC 5424 APP-NAME, or the RFC 3164 tag without its process id.</summary>
    public string? AppName { get; init; }

    public string? ProcId { get; init; }

    public string? MsgId { get; init; }

    public IReadOnlyList<SyslogElement> StructuredData { get; init; } = [];

    /// <summary>The message itself, UTF-8 (invalid bytes shown as U+FFFD, control characters kept as they are).</summary>
    public required string Text { get; init; }

    public required byte[] Raw { get; init; }
}

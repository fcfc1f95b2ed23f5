using System.Text.Json.Serialization;

namespace Sotp.Core.Events;

/// <summary>Where an event came from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventSource>))]
public enum EventSource
{
    /// <summary>A syslog message the device sent.</summary>
    Syslog,

    /// <summary>An SNMP notification (trap or inform) the device sent.</summary>
    Trap,

    /// <summary>A change SOTP saw itself: the device went Up or Down, an interface changed state.</summary>
    State,
}

/// <summary>
/// One thing that happened on or to a device, in the timeline (docs/events.md): a syslog line, a trap, or a change
/// SOTP detected. What the catalogue explains is not copied into the row: <see cref="CatalogueId"/> names the entry,
/// and the words are the catalogue's when the event is read, so a better explanation reaches old events too.
/// </summary>
public sealed class DeviceEvent
{
    public long Id { get; set; }

    /// <summary>When SOTP received it (or decided it): one clock for every source, unlike the devices' own.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>The device it belongs to; null when the sender matched no device (an "unmatched sender").</summary>
    public int? DeviceId { get; set; }

    public EventSource Source { get; set; }

    public EventSeverity Severity { get; set; }

    /// <summary>The address it came from; empty for SOTP's own.</summary>
    public string Sender { get; set; } = "";

    /// <summary>The host name the message gave, if any.</summary>
    public string? HostName { get; set; }

    /// <summary>The message type: <c>LINEPROTO-5-UPDOWN</c>, <c>SNMP_TRAP_LINK_DOWN</c>, <c>linkDown</c>, <c>device.down</c>.</summary>
    public string? Code { get; set; }

    /// <summary>Whose dialect it is: cisco, junos, arista, huawei, frr, linux, snmp, sotp.</summary>
    public string? Vendor { get; set; }

    /// <summary>The catalogue entry that explains it; null when the catalogue does not know it yet (counted).</summary>
    public string? CatalogueId { get; set; }

    /// <summary>The message as the device worded it.</summary>
    public string Text { get; set; } = "";

    /// <summary>What was read out of it: interface, neighbour, user, VLAN, state...</summary>
    public Dictionary<string, string> Fields { get; set; } = [];

    /// <summary>The time the device wrote in the message, if it wrote one.</summary>
    public DateTimeOffset? DeviceTime { get; set; }

    /// <summary>The bytes as they arrived (syslog line or trap datagram); empty for SOTP's own.</summary>
    public byte[] Raw { get; set; } = [];
}

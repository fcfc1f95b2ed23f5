namespace Sotp.Core.Events;

/// <summary>How serious an event is, on the syslog scale (RFC 5424): 0 is the worst.</summary>
public enum EventSeverity
{
    Emergency = 0,
    Alert = 1,
    Critical = 2,
    Error = 3,
    Warning = 4,
    Notice = 5,
    Informational = 6,
    Debug = 7,
}

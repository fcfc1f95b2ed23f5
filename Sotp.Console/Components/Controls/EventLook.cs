using MudBlazor;
using Sotp.Core.Events;

namespace Sotp.Console.Components.Controls;

/// <summary>How events look on every page: one colour, name and icon per severity and source.</summary>
public static class EventLook
{
    public static Color ColorOf(EventSeverity severity) => severity switch
    {
        <= EventSeverity.Critical => Color.Error,
        EventSeverity.Error => Color.Error,
        EventSeverity.Warning => Color.Warning,
        EventSeverity.Notice => Color.Info,
        _ => Color.Default,
    };

    public static string NameOf(EventSeverity severity) => severity switch
    {
        EventSeverity.Emergency => "emergency",
        EventSeverity.Alert => "alert",
        EventSeverity.Critical => "critical",
        EventSeverity.Error => "error",
        EventSeverity.Warning => "warning",
        EventSeverity.Notice => "notice",
        EventSeverity.Informational => "info",
        _ => "debug",
    };

    public static string IconOf(EventSource source) => source switch
    {
        EventSource.Syslog => Icons.Material.Filled.Notes,
        EventSource.Trap => Icons.Material.Filled.NotificationsActive,
        _ => Icons.Material.Filled.MonitorHeart,
    };

    /// <summary>"syslog (cisco)", "trap", "SOTP".</summary>
    public static string SourceName(DeviceEvent e) => e.Source switch
    {
        EventSource.Syslog => e.Vendor is { } vendor ? $"syslog ({vendor})" : "syslog",
        EventSource.Trap => "trap",
        _ => "SOTP",
    };
}

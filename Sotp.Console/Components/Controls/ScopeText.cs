using Sotp.Core.Alerts;
using Sotp.Core.Devices;

namespace Sotp.Console.Components.Controls;

/// <summary>A scope as forms type it: device names, sites and tags, each a comma-separated list.</summary>
public static class ScopeText
{
    /// <summary>The scope, or the names that are no device in service.</summary>
    public static (AlertScope? Scope, string? Problem) Read(DeviceCatalog catalog, string? devices, string? sites, string? tags, string? interfaces = null)
    {
        var names = Split(devices);
        var known = catalog.Feed.Current.Where(d => names.Contains(d.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        var unknown = names.Where(n => !known.Any(d => string.Equals(d.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
        return unknown.Count > 0
            ? (null, $"No device named {string.Join(", ", unknown)}.")
            : (new AlertScope { DeviceIds = [.. known.Select(d => d.Id)], Sites = Split(sites), Tags = Split(tags), InterfacePattern = interfaces }, null);
    }

    /// <summary>The device names of a scope, for the form.</summary>
    public static string Devices(DeviceCatalog catalog, AlertScope scope) =>
        string.Join(", ", scope.DeviceIds.Select(id => catalog.Feed.TryGet(id, out var d) ? d.Name : id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static List<string> Split(string? list) => [.. (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

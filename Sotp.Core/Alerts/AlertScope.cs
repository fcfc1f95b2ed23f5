using System.Text.RegularExpressions;
using Sotp.Core.Devices;

namespace Sotp.Core.Alerts;

/// <summary>
/// Which devices (and interfaces) a rule, a maintenance window or a playbook covers. No criteria: every device. A
/// device is in scope when it is listed, or its site is, or one of its tags is. The interface pattern is a glob
/// (<c>eth*</c>, <c>Gi0/*</c>, <c>*</c>), matched against the interface's name, case-insensitively.
/// </summary>
public sealed record AlertScope
{
    public IReadOnlyList<int> DeviceIds { get; init; } = [];

    public IReadOnlyList<string> Sites { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Null or empty: every interface.</summary>
    public string? InterfacePattern { get; init; }

    public bool IsEverything => DeviceIds.Count == 0 && Sites.Count == 0 && Tags.Count == 0;

    public bool Covers(DeviceSummary device) => IsEverything || DeviceIds.Contains(device.Id)
        || (device.Site is { } site && Sites.Contains(site, StringComparer.OrdinalIgnoreCase))
        || device.Tags.Any(t => Tags.Contains(t, StringComparer.OrdinalIgnoreCase));

    public bool CoversInterface(string name) => string.IsNullOrWhiteSpace(InterfacePattern) || Glob(InterfacePattern).IsMatch(name);

    /// <summary>A glob as a regular expression: <c>*</c> any run of characters, <c>?</c> one; several patterns split by commas.</summary>
    public static Regex Glob(string pattern) => new(
        "^(?:" + string.Join('|', pattern.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => Regex.Escape(p).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal))) + ")$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));

    /// <summary>In words, for lists: "all devices", "site Lab, tag core"...</summary>
    public string Describe(Func<int, string?> deviceName)
    {
        var parts = new List<string>();
        parts.AddRange(DeviceIds.Select(id => deviceName(id) ?? $"device {id}"));
        parts.AddRange(Sites.Select(s => $"site {s}"));
        parts.AddRange(Tags.Select(t => $"tag {t}"));
        var devices = parts.Count == 0 ? "all devices" : string.Join(", ", parts);
        return string.IsNullOrWhiteSpace(InterfacePattern) ? devices : $"{devices}; interfaces {InterfacePattern}";
    }
}

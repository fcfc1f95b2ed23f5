using Sotp.Core.Devices;

namespace Sotp.Core.Reports;

/// <summary>
/// Which devices a report covers: each criterion given narrows it (sites and kinds: routers at Paris or Lyon), a
/// criterion with several values takes any of them. No criteria: the whole network.
/// </summary>
public sealed record ReportScope
{
    public IReadOnlyList<int> DeviceIds { get; init; } = [];

    public IReadOnlyList<string> Sites { get; init; } = [];

    public IReadOnlyList<string> Kinds { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    public bool IsEverything => DeviceIds.Count == 0 && Sites.Count == 0 && Kinds.Count == 0 && Tags.Count == 0;

    public bool Covers(int id, DeviceKind kind, string? site, IEnumerable<string> tags) =>
        (DeviceIds.Count == 0 || DeviceIds.Contains(id))
        && (Sites.Count == 0 || (site is not null && Sites.Contains(site, StringComparer.OrdinalIgnoreCase)))
        && (Kinds.Count == 0 || Kinds.Contains(DeviceRules.KindName(kind), StringComparer.OrdinalIgnoreCase))
        && (Tags.Count == 0 || tags.Any(t => Tags.Contains(t, StringComparer.OrdinalIgnoreCase)));

    /// <summary>In words: "the whole network", "sites Paris or Lyon; kind router"...</summary>
    public string Describe()
    {
        var parts = new List<string>();
        Add(parts, DeviceIds.Count == 1 ? "device" : "devices", DeviceIds.Select(i => $"#{i}"));
        Add(parts, Sites.Count == 1 ? "site" : "sites", Sites);
        Add(parts, Kinds.Count == 1 ? "kind" : "kinds", Kinds);
        Add(parts, Tags.Count == 1 ? "tag" : "tags", Tags);
        return parts.Count == 0 ? "the whole network" : string.Join("; ", parts);
    }

    private static void Add(List<string> parts, string label, IEnumerable<string> values)
    {
        var list = values.ToList();
        if (list.Count > 0)
        {
            parts.Add($"{label} {string.Join(" or ", list)}");
        }
    }
}

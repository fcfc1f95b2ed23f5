namespace Sotp.Core.Devices;

/// <summary>
/// A device in service as live views and the collectors need it (name, address, where it is, whether and how
/// often it is pinged): the item of the inventory's live feed, so pages learn of additions, edits and archives,
/// and sweeps find their devices, without reading the database.
/// </summary>
public sealed record DeviceSummary(
    int Id,
    string Name,
    string Address,
    DeviceKind Kind,
    string Platform,
    string? Site,
    IReadOnlyList<string> Tags,
    bool Monitored,
    int? PingIntervalSeconds,
    bool IsDemo)
{
    public static DeviceSummary Of(Device d) =>
        new(d.Id, d.Name, d.Address, d.Kind, d.Platform, d.Site, [.. d.Tags], d.Monitored, d.PingIntervalSeconds, d.IsDemo);

    /// <summary>The same values (the tags compared item by item, not as the same list).</summary>
    public bool SameAs(DeviceSummary other) => this with { Tags = other.Tags } == other && Tags.SequenceEqual(other.Tags);
}

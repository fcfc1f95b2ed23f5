namespace Sotp.Core.Devices;

/// <summary>
/// A device in service as live views need it (name, address, where it is, whether it is pinged): the item of
/// the inventory's live feed, so pages learn of additions, edits and archives without reading the database.
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
    bool IsDemo)
{
    public static DeviceSummary Of(Device d) => new(d.Id, d.Name, d.Address, d.Kind, d.Platform, d.Site, [.. d.Tags], d.Monitored, d.IsDemo);
}

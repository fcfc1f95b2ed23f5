using System.Net;
using Sotp.Core.Devices;

namespace Sotp.Core.Events;

/// <summary>
/// Which device sent a message: by its source address (a device's management address), then by the host name the
/// message gives (a device's name or address, or the name's first label), then by configured aliases. Read from
/// the live inventory, rebuilt when it changes.
/// </summary>
public sealed class SenderDirectory(DeviceCatalog catalog)
{
    private Index _index = new(-1, [], []);

    /// <summary>The device and its platform, or null when no device matches (an unmatched sender).</summary>
    public DeviceSummary? Find(IPAddress sender, string? hostName, IReadOnlyDictionary<string, string>? aliases = null)
    {
        var index = Current();
        if (index.ByAddress.TryGetValue(sender, out var byAddress))
        {
            return byAddress;
        }

        if (string.IsNullOrEmpty(hostName))
        {
            return null;
        }

        if (index.ByName.TryGetValue(hostName, out var byName)
            || (hostName.IndexOf('.', StringComparison.Ordinal) is > 0 and var dot && index.ByName.TryGetValue(hostName[..dot], out byName)))
        {
            return byName;
        }

        return aliases is not null && aliases.TryGetValue(hostName, out var name) && index.ByName.TryGetValue(name, out var byAlias) ? byAlias : null;
    }

    private Index Current()
    {
        var index = Volatile.Read(ref _index);
        var version = catalog.Version;
        if (index.Version == version)
        {
            return index;
        }

        var byAddress = new Dictionary<IPAddress, DeviceSummary>();
        var byName = new Dictionary<string, DeviceSummary>(StringComparer.OrdinalIgnoreCase);
        foreach (var device in catalog.Feed.Current.OrderBy(d => d.Id))
        {
            if (IPAddress.TryParse(device.Address, out var address))
            {
                byAddress.TryAdd(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, device);
            }
            else
            {
                byName.TryAdd(device.Address, device);
            }

            byName.TryAdd(device.Name, device);
        }

        index = new Index(version, byAddress, byName);
        Volatile.Write(ref _index, index);
        return index;
    }

    private sealed record Index(long Version, Dictionary<IPAddress, DeviceSummary> ByAddress, Dictionary<string, DeviceSummary> ByName);
}

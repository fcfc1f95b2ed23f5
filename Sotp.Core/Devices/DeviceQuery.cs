using Sotp.Core.Status;

namespace Sotp.Core.Devices;

/// <summary>The columns a device list can be sorted by.</summary>
public enum DeviceSort
{
    Name,
    Address,
    Kind,
    Platform,
    Site,
}

/// <summary>A page of the device list: search, filters, sort and paging, all applied in the database.</summary>
public sealed record DeviceQuery
{
    public const int MaxPageSize = 500;

    public string? Search { get; init; }

    public DeviceState? State { get; init; }

    public DeviceKind? Kind { get; init; }

    public string? Site { get; init; }

    public string? Tag { get; init; }

    public DeviceSort Sort { get; init; } = DeviceSort.Name;

    public bool Descending { get; init; }

    /// <summary>Zero-based page index.</summary>
    public int Page { get; init; }

    public int PageSize { get; init; } = 50;
}

/// <summary>One page of devices and how many match in all.</summary>
public sealed record DevicePage(IReadOnlyList<Device> Items, int TotalCount);

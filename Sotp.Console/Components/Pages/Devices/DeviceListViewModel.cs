using Sotp.Core;
using Sotp.Core.Devices;
using Sotp.Core.Status;

namespace Sotp.Console.Components.Pages.Devices;

/// <summary>The Devices page's search, filters, sort and paging, as a plain object that needs no UI.</summary>
public sealed class DeviceListViewModel
{
    public string? Search { get; set; }

    public DeviceState? State { get; set; }

    public DeviceKind? Kind { get; set; }

    public string? Site { get; set; }

    public string? Tag { get; set; }

    public bool HasFilters => !string.IsNullOrWhiteSpace(Search) || State is not null || Kind is not null ||
                              Site is not null || Tag is not null;

    public void ClearFilters()
    {
        Search = Site = Tag = null;
        State = null;
        Kind = null;
    }

    /// <summary>The database query for a grid page; <paramref name="sortBy"/> is a column name or null.</summary>
    public DeviceQuery ToQuery(int page, int pageSize, string? sortBy, bool descending) => new()
    {
        Search = Search,
        State = State,
        Kind = Kind,
        Site = Site,
        Tag = Tag,
        Sort = EnumText.TryParse<DeviceSort>(sortBy, out var sort) ? sort : DeviceSort.Name,
        Descending = descending,
        Page = page,
        PageSize = pageSize,
    };
}

using Sotp.Console.Components.Pages.Devices;
using Sotp.Core.Devices;
using Sotp.Core.Status;

namespace Sotp.Tests.Components.Devices;

public class DeviceListViewModelTests
{
    [Fact]
    public void Filters_and_grid_state_become_one_query()
    {
        var view = new DeviceListViewModel { Search = "edge", State = DeviceState.Down, Tag = "core" };

        var query = view.ToQuery(page: 2, pageSize: 25, sortBy: "Address", descending: true);

        Assert.Equal(("edge", DeviceState.Down, "core", DeviceSort.Address, true, 2, 25),
            (query.Search, query.State, query.Tag, query.Sort, query.Descending, query.Page, query.PageSize));
    }

    [Fact]
    public void An_unknown_sort_column_falls_back_to_name()
    {
        Assert.Equal(DeviceSort.Name, new DeviceListViewModel().ToQuery(0, 50, "Tags", false).Sort);
    }

    [Fact]
    public void Clearing_filters_clears_them_all()
    {
        var view = new DeviceListViewModel { Search = "x", Kind = DeviceKind.Switch, Site = "hq" };
        Assert.True(view.HasFilters);

        view.ClearFilters();

        Assert.False(view.HasFilters);
    }
}

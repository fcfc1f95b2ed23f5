using Bunit;
using MudBlazor;
using Sotp.Console.Components.Pages.Devices;
using Sotp.Core.Devices;
using Sotp.Core.Security;
using Sotp.Core.Status;
using Sotp.Tests.Support;

namespace Sotp.Tests.Components.Devices;

public class DevicesPageTests : SotpComponentContext
{
    private readonly ReachabilityTracker _tracker;
    private readonly DeviceCatalog _catalog;

    public DevicesPageTests()
    {
        (_tracker, _catalog) = AddInventory();
        var auth = AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetPolicies(SotpPermissions.DevicesRead, SotpPermissions.DevicesWrite);
        RenderAsInteractiveServer();
    }

    private async Task<int> AddAsync(string name, string address, string site = "hq")
    {
        var result = await _catalog.CreateAsync(new DeviceInput { Name = name, Address = address, Kind = "switch", Site = site }, TestActor, Xunit.TestContext.Current.CancellationToken);
        return result.Device!.Id;
    }

    private IRenderedComponent<Sotp.Console.Components.Pages.Devices.Devices> RenderPage()
    {
        Render<MudPopoverProvider>();
        return Render<Sotp.Console.Components.Pages.Devices.Devices>();
    }

    [Fact]
    public void An_empty_inventory_says_what_to_do()
    {
        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Contains("No devices yet", page.Find("[data-testid=devices-empty]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_grid_lists_devices_and_their_status_changes_live()
    {
        var id = await AddAsync("sw-core-1", "127.0.50.1");
        await AddAsync("sw-core-2", "127.0.50.2");
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=device-link]").Count));
        Assert.All(page.FindAll("[data-testid=status-chip]"), chip => Assert.Equal("Unknown", chip.GetAttribute("data-state")));

        _tracker.Observe(id, 0.8, DateTimeOffset.UtcNow);

        page.WaitForAssertion(() => Assert.Equal(["Up", "Unknown"],
            page.FindAll("[data-testid=status-chip]").Select(c => c.GetAttribute("data-state"))));
    }

    [Fact]
    public async Task Searching_narrows_the_list_in_the_database()
    {
        await AddAsync("edge-rtr", "127.0.51.1");
        await AddAsync("lab-sw", "127.0.51.2");
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=device-link]").Count));

        page.Find("input[placeholder^='Search']").Input("edge");

        page.WaitForAssertion(() => Assert.Equal(["edge-rtr"], page.FindAll("[data-testid=device-link]").Select(a => a.TextContent)), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Writers_see_edit_and_delete_buttons()
    {
        await AddAsync("editable", "127.0.52.1");
        var page = RenderPage();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[aria-label='Delete editable']")));
        Assert.NotNull(page.Find("[data-testid=add-device]"));
    }
}

public class DevicesPageForReadersTests : SotpComponentContext
{
    public DevicesPageForReadersTests()
    {
        AddInventory();
        var auth = AddAuthorization();
        auth.SetAuthorized("reader");
        auth.SetPolicies(SotpPermissions.DevicesRead);
        RenderAsInteractiveServer();
    }

    [Fact]
    public void Readers_get_no_add_button()
    {
        Render<MudPopoverProvider>();
        var page = Render<Sotp.Console.Components.Pages.Devices.Devices>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=devices-empty]")));
        Assert.Empty(page.FindAll("[data-testid=add-device]"));
    }
}

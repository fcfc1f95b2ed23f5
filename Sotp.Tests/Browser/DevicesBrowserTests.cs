using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Sotp.Tests.Support;

namespace Sotp.Tests.Browser;

[LabTest]
public sealed class DevicesBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static SotpAppFactory FastReachability() => new SotpAppFactory()
        .With("Sotp:Reachability:DefaultIntervalSeconds", "1")
        .With("Sotp:Reachability:TimeoutMilliseconds", "400")
        .With("Sotp:Reachability:DownAfterLost", "2");

    [Fact]
    public async Task A_device_added_in_the_dialog_turns_up_live()
    {
        await using var app = FastReachability();
        var page = await chromium.NewPageAsync(app.StartOnLoopback());
        await Chromium.SignInAsync(page, "admin", app.AdminPassword!, "/devices");
        await page.WaitForSelectorAsync("[data-testid=devices-empty]");
        await Chromium.ScreenshotAsync(page, "devices-empty");

        await page.ClickAsync("[data-testid=add-device]");
        await page.FillAsync("input[data-testid=device-name], [data-testid=device-name] input", "browser-rtr");
        await page.FillAsync("input[data-testid=device-address], [data-testid=device-address] input", "127.0.0.999");
        await page.ClickAsync("[data-testid=device-save]");
        await page.WaitForSelectorAsync("text=This is neither an IP address nor a valid DNS name.");
        await Chromium.ScreenshotAsync(page, "device-dialog-error");

        await page.FillAsync("input[data-testid=device-address], [data-testid=device-address] input", "127.0.0.1");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("[data-testid=device-link]:has-text('browser-rtr')");
        await page.WaitForSelectorAsync("[data-testid=status-chip][data-state=Up]", new() { Timeout = 20_000 });
        await Chromium.ScreenshotAsync(page, "devices-up");

        await page.ClickAsync("[data-testid=device-link]:has-text('browser-rtr')");
        await page.WaitForSelectorAsync("[data-testid=ping-chart]:not([data-points='0'])");
        await page.WaitForSelectorAsync("[data-testid=ping-chart] canvas, [data-testid=ping-chart] svg");
        await Chromium.ScreenshotAsync(page, "device-details");
    }

    [Fact]
    public async Task A_second_page_sees_a_device_go_down_without_reloading()
    {
        SilentLoopbackHosts.Require();
        await using var silent = new SilentLoopbackHosts();
        await using var app = FastReachability();
        var baseAddress = app.StartOnLoopback();
        var api = await app.CreateBearerClientAsync();
        var created = await api.PostAsJsonAsync("/api/v1/devices",
            new { name = "flaky-rtr", address = "127.0.88.9", kind = "router", pingIntervalSeconds = 1 }, TestContext.Current.CancellationToken);
        created.EnsureSuccessStatusCode();

        var devicesPage = await chromium.NewPageAsync(baseAddress);
        await Chromium.SignInAsync(devicesPage, "admin", app.AdminPassword!, "/devices");
        var dashboard = await chromium.NewPageAsync(baseAddress);
        await Chromium.SignInAsync(dashboard, "admin", app.AdminPassword!);
        await dashboard.WaitForSelectorAsync("[data-testid=count-up] .sotp-count:has-text('1')", new() { Timeout = 20_000 });
        await dashboard.WaitForSelectorAsync("[data-testid=none-down]");
        var loads = 0;
        dashboard.Load += (_, _) => loads++;

        await silent.SilenceAsync("127.0.88.9");

        await dashboard.WaitForSelectorAsync("[data-testid=down-row]:has-text('flaky-rtr')", new() { Timeout = 20_000 });
        await devicesPage.WaitForSelectorAsync("[data-testid=status-chip][data-state=Down]", new() { Timeout = 20_000 });
        Assert.Equal(0, loads);
        await Chromium.ScreenshotAsync(dashboard, "dashboard-down");
        await Chromium.ScreenshotAsync(devicesPage, "devices-down");

        await silent.RestoreAsync("127.0.88.9");
        await dashboard.WaitForSelectorAsync("[data-testid=none-down]", new() { Timeout = 20_000 });
        var status = await api.GetFromJsonAsync<JsonElement>("/api/v1/devices/1/status", TestContext.Current.CancellationToken);
        Assert.Equal("Up", status.GetProperty("state").GetString());
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Sotp.Tests.Support;

namespace Sotp.Tests.Browser;

[LabTest]
public sealed class DashboardBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ILocator Count(IPage page, string state) => page.Locator($"[data-testid=count-{state}] .sotp-count");

    [Fact]
    public async Task A_device_added_through_the_api_joins_an_open_dashboard_and_leaves_it_when_archived()
    {
        await using var app = new SotpAppFactory()
            .With("Sotp:Reachability:DefaultIntervalSeconds", "1")
            .With("Sotp:Reachability:TimeoutMilliseconds", "400");
        var baseAddress = app.StartOnLoopback();
        var api = await app.CreateBearerClientAsync();
        (await api.PostAsJsonAsync("/api/v1/devices", new { name = "first-rtr", address = "127.0.0.1", kind = "router" }, Ct)).EnsureSuccessStatusCode();
        var dashboard = await chromium.NewPageAsync(baseAddress);
        await Chromium.SignInAsync(dashboard, "admin", app.AdminPassword!);
        await Assertions.Expect(Count(dashboard, "up")).ToHaveTextAsync("1", new() { Timeout = 20_000 });
        var loads = 0;
        dashboard.Load += (_, _) => loads++;

        var created = await api.PostAsJsonAsync("/api/v1/devices", new { name = "second-rtr", address = "127.0.0.2", kind = "router" }, Ct);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();

        await Assertions.Expect(Count(dashboard, "up")).ToHaveTextAsync("2", new() { Timeout = 20_000 });
        await dashboard.WaitForSelectorAsync("[data-testid=change-row]:has-text('second-rtr')");
        await Chromium.ScreenshotAsync(dashboard, "dashboard-added");

        (await api.DeleteAsync($"/api/v1/devices/{id}", Ct)).EnsureSuccessStatusCode();

        await Assertions.Expect(Count(dashboard, "up")).ToHaveTextAsync("1", new() { Timeout = 20_000 });
        await Assertions.Expect(dashboard.Locator("[data-testid=change-row]:has-text('second-rtr')")).ToHaveCountAsync(0);
        Assert.Equal(0, loads);
    }

    [Fact]
    public async Task Light_mode_gives_light_charts_at_once()
    {
        await using var app = new SotpAppFactory()
            .With("Sotp:Reachability:DefaultIntervalSeconds", "1")
            .With("Sotp:Reachability:TimeoutMilliseconds", "400");
        var baseAddress = app.StartOnLoopback();
        var api = await app.CreateBearerClientAsync();
        var created = await api.PostAsJsonAsync("/api/v1/devices", new { name = "themed-rtr", address = "127.0.0.3", kind = "router" }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
        var page = await chromium.NewPageAsync(baseAddress);
        await Chromium.SignInAsync(page, "admin", app.AdminPassword!, $"/devices/{id}");
        await page.WaitForSelectorAsync("[data-testid=ping-chart][data-theme=dark]:not([data-points='0']) svg", new() { Timeout = 20_000 });
        Assert.True(await LegendBrightnessAsync(page) > 150, "the dark theme draws light text");

        await page.ClickAsync("[data-testid=theme-toggle]");

        await page.WaitForSelectorAsync("[data-testid=ping-chart][data-theme=light] svg");
        Assert.True(await LegendBrightnessAsync(page) < 100, "the light theme draws dark text");
        await Chromium.ScreenshotAsync(page, "device-details-light");

        // The choice is the person's: it holds on the next visit.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("[data-testid=ping-chart][data-theme=light] svg");
    }

    // The legend's "RTT" as ECharts drew it: the mean of its fill's red, green and blue.
    private static async Task<double> LegendBrightnessAsync(IPage page) =>
        await page.EvaluateAsync<double>(
            "() => { const t = [...document.querySelectorAll('[data-testid=ping-chart] svg text')].find(e => e.textContent === 'RTT');" +
            " const [r, g, b] = getComputedStyle(t).fill.match(/\\d+/g).map(Number); return (r + g + b) / 3; }");
}

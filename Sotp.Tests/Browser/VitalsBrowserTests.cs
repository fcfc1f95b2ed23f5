using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sotp.Collectors.Snmp.Agent;
using Sotp.Tests.Support;

namespace Sotp.Tests.Browser;

[LabTest]
public sealed class VitalsBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Snmp_configured_in_the_dialog_brings_live_vitals_to_the_device_page()
    {
        await using var agent = new SnmpAgent(new IPEndPoint(IPAddress.Loopback, 0), new SimulatedDevice("browser-sim", 4, TimeProvider.System, 2).Mib, "browser-community");
        await using var app = new SotpAppFactory();
        var baseAddress = app.StartOnLoopback();
        var api = await app.CreateBearerClientAsync();
        var created = await api.PostAsJsonAsync("/api/v1/devices", new { name = "vitals-rtr", address = "127.0.0.1", kind = "router", pingIntervalSeconds = 60 },
            TestContext.Current.CancellationToken);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetInt32();

        var page = await chromium.NewPageAsync(baseAddress);
        await Chromium.SignInAsync(page, "admin", app.AdminPassword!, $"/devices/{id}");
        await page.WaitForSelectorAsync("[data-testid=snmp-not-configured]");
        await page.ClickAsync("[data-testid=configure-snmp]");
        await page.FillAsync(".mud-input-control:has(label:has-text('Port')) input", agent.LocalEndpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync(".mud-input-control:has(label:has-text('Poll every')) input", "10");
        await page.FillAsync(".mud-input-control:has(label:has-text('Community')) input", "browser-community");
        await page.ClickAsync("[data-testid=snmp-test]");
        var result = await page.WaitForSelectorAsync("[data-testid=snmp-test-result]");
        Assert.Contains("browser-sim answered", await result!.TextContentAsync(), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "snmp-settings");
        await page.ClickAsync("[data-testid=snmp-save]");

        await page.WaitForSelectorAsync("[data-testid=interface-table] tbody tr:has-text('Gi0/1')", new() { Timeout = 30_000 });
        await page.WaitForSelectorAsync("[data-testid=cpu-memory-chart]:not([data-points='0'])", new() { Timeout = 30_000 });
        await Chromium.ScreenshotAsync(page, "device-vitals");
    }
}

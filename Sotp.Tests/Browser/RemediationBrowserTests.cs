using System.Net.Http.Json;
using System.Text.Json;
using Sotp.Tests.Support;

namespace Sotp.Tests.Browser;

/// <summary>
/// The demo on screen: a playbook made in the editor (dry-run), another enforcing; the router's eth1 is shut for real,
/// the alert appears on the open alerts page, and the remediation timeline shows the port brought back up, live.
/// </summary>
[LabTest]
public sealed class RemediationBrowserTests(Chromium chromium, RouterLab router) : IClassFixture<Chromium>, IClassFixture<RouterLab>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_shut_port_shows_as_an_alert_and_comes_back_up_on_the_remediation_timeline_live()
    {
        router.RequireRunning();
        await router.SetLinkAsync("eth1", up: true);
        await using var app = new SotpAppFactory();
        var baseAddress = app.StartOnLoopback();
        var api = await app.CreateBearerClientAsync();
        var created = await api.PostAsJsonAsync("/api/v1/devices", new { name = "r1", address = router.RouterAddress.ToString(), kind = "router", platform = "linux" }, Ct);
        var device = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
        (await api.PutAsJsonAsync($"/api/v1/devices/{device}/snmp", new { version = "2c", community = router.WriteCommunity, pollIntervalSeconds = 10, timeoutMs = 1000 }, Ct))
            .EnsureSuccessStatusCode();

        var page = await chromium.NewPageAsync(baseAddress);
        await Chromium.SignInAsync(page, "admin", app.AdminPassword!, "/remediation");
        await page.WaitForSelectorAsync("[data-testid=playbooks-empty]");
        await page.WaitForSelectorAsync("[data-testid=remediations-empty]");

        // The editor: a name and Save make a dry-run playbook for every device.
        await Eventually.WaitAsync(async () =>
        {
            await page.ClickAsync("[data-testid=playbook-add]");
            try
            {
                await page.WaitForSelectorAsync("[data-testid=playbook-form]", new() { Timeout = 1000 });
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }, opened => opened);
        await page.FillAsync("input[data-testid=playbook-name]", "Watch shut ports");
        await Chromium.ScreenshotAsync(page, "playbook-editor");
        await page.ClickAsync("[data-testid=playbook-save]");
        await page.WaitForSelectorAsync("[data-testid=playbook-row]:has-text('Watch shut ports'):has-text('dry-run')");
        (await api.PostAsJsonAsync("/api/v1/playbooks", new
        {
            name = "Bring shut ports back", trigger = "interface-admin-down", action = "snmp-admin-up", scope = new { deviceIds = new[] { device } },
            mode = "enforce", postCheckSeconds = 3,
        }, Ct)).EnsureSuccessStatusCode();
        await Eventually.WaitAsync(async () => await (await api.GetAsync($"/api/v1/devices/{device}/interfaces", Ct)).Content.ReadAsStringAsync(Ct),
            i => i.Contains("\"eth1\"", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        await page.GotoAsync(new Uri(baseAddress, "/alerts").ToString());
        await page.WaitForSelectorAsync("[data-testid=active-alerts]");
        await router.SetLinkAsync("eth1", up: false);
        await page.WaitForSelectorAsync("[data-testid=alert-title]:has-text('eth1 on r1 was shut')", new() { Timeout = 60_000 });
        await Chromium.ScreenshotAsync(page, "alerts-live");

        await page.GotoAsync(new Uri(baseAddress, "/remediation").ToString());
        await page.WaitForSelectorAsync("[data-testid=remediation-row][data-state=done]", new() { Timeout = 60_000 });
        // The dry-run playbook answered the same alert: "would set..." or, when the other had brought the port up first, nothing to do.
        await page.WaitForSelectorAsync("[data-testid=remediation-row]:has-text('Watch shut ports')", new() { Timeout = 60_000 });
        Assert.Contains("verified", await page.InnerTextAsync("[data-testid=remediation-row][data-state=done]"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "remediation");

        await page.GotoAsync(new Uri(baseAddress, $"/devices/{device}").ToString());
        await page.WaitForSelectorAsync("[data-testid=device-remediation] [data-testid=remediation-row][data-state=done]");
        await page.WaitForSelectorAsync("[data-testid=interface-admin]");
        await Chromium.ScreenshotAsync(page, "device-remediation");

        // Planned maintenance from the alerts page: the dialog's defaults (today, the next hour, once) and a name.
        await page.GotoAsync(new Uri(baseAddress, "/alerts").ToString());
        await Eventually.WaitAsync(async () =>
        {
            await page.ClickAsync("[data-testid=maintenance-add]");
            try
            {
                await page.WaitForSelectorAsync("[data-testid=maintenance-form]", new() { Timeout = 1000 });
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }, opened => opened);
        await page.FillAsync("input[data-testid=maintenance-name]", "Core switch upgrade");
        await Chromium.ScreenshotAsync(page, "maintenance-dialog");
        await page.ClickAsync("[data-testid=maintenance-save]");
        await page.WaitForSelectorAsync("[data-testid=maintenance-row]:has-text('Core switch upgrade')");
        await Chromium.ScreenshotAsync(page, "alerts");
    }
}

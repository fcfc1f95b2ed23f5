using System.Net.Http.Json;
using System.Text.Json;
using Sotp.Core.Security;
using Sotp.Tests.Support;

namespace Sotp.Tests.Browser;

/// <summary>The security pages in a real browser: the auditor's view, and a disabled user losing their open page.</summary>
[LabTest]
public sealed class SecurityBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_auditor_finds_a_change_sees_its_diff_and_its_trace_and_verifies_the_chain()
    {
        // A display-only address (192.0.2.0/24): the link is checked, never followed.
        await using var app = new SotpAppFactory().With("Sotp:Observability:TraceUrlTemplate", "http://192.0.2.10:3000/explore?trace={traceId}");
        var baseAddress = app.StartOnLoopback();
        var admin = await app.CreateBearerClientAsync();
        var created = await (await admin.PostAsJsonAsync("/api/v1/devices", new { name = "audited-rtr", address = "127.0.44.1", kind = "router" }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        await admin.PutAsJsonAsync($"/api/v1/devices/{created.GetProperty("id").GetInt32()}",
            new { name = "audited-rtr", address = "127.0.44.2", kind = "router", site = "<script>alert(1)</script>" }, Ct);
        var password = await app.CreateUserAsync("ada.auditor", SotpRoles.Auditor);
        var page = await chromium.NewPageAsync(baseAddress);
        var dialogs = 0;
        page.Dialog += (_, dialog) => dialogs++;

        await Chromium.SignInAsync(page, "ada.auditor", password, "/audit");
        await page.FillAsync("input[data-testid=audit-search], [data-testid=audit-search] input", "audited-rtr");
        await page.ClickAsync("[data-testid=audit-grid] tbody tr:has-text('device.update')");
        var diff = await page.WaitForSelectorAsync("[data-testid=audit-diff]");
        var text = await diff!.TextContentAsync();
        Assert.Contains("127.0.44.1", text, StringComparison.Ordinal);
        Assert.Contains("127.0.44.2", text, StringComparison.Ordinal);
        Assert.Contains("<script>alert(1)</script>", text, StringComparison.Ordinal); // shown as text, never run
        var trace = await page.GetAttributeAsync("[data-testid=audit-entry] [data-testid=trace-link]", "href");
        Assert.Matches("^http://192\\.0\\.2\\.10:3000/explore\\?trace=[0-9a-f]{32}$", trace);
        await Chromium.ScreenshotAsync(page, "audit-entry");
        await page.ClickAsync("[data-testid=audit-entry-close]");
        await page.WaitForSelectorAsync("[data-testid=audit-diff]", new() { State = Microsoft.Playwright.WaitForSelectorState.Detached });

        await page.ClickAsync("[data-testid=audit-verify]");
        var verdict = await page.WaitForSelectorAsync("[data-testid=audit-verdict]");
        Assert.Contains("The chain is intact", await verdict!.TextContentAsync(), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "audit");
        Assert.Equal(0, dialogs);
        Assert.Equal(0, await page.Locator("a:has-text('Users'), a:has-text('Roles')").CountAsync()); // not for auditors

        // With no filter, what happens now shows up on the open page without a reload.
        await page.GotoAsync("/audit");
        await page.WaitForSelectorAsync("[data-interactive=true]");
        await admin.PostAsJsonAsync("/api/v1/devices", new { name = "live-audited-rtr", address = "127.0.44.3", kind = "router" }, Ct);
        await page.WaitForSelectorAsync("[data-testid=audit-grid] tbody tr:has-text('live-audited-rtr')");
    }

    [Fact]
    public async Task A_user_disabled_by_an_admin_loses_their_open_page_without_reloading()
    {
        await using var app = new SotpAppFactory().With("Sotp:Security:RevalidationSeconds", "2");
        var baseAddress = app.StartOnLoopback();
        var password = await app.CreateUserAsync("eve.engineer", SotpRoles.Engineer);
        var page = await chromium.NewPageAsync(baseAddress);
        await Chromium.SignInAsync(page, "eve.engineer", password, "/devices");
        await page.WaitForSelectorAsync("[data-testid=add-device]");

        var admin = await app.CreateBearerClientAsync();
        var id = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/users", Ct)).EnumerateArray()
            .Single(u => u.GetProperty("userName").GetString() == "eve.engineer").GetProperty("id").GetString();
        (await admin.PostAsync($"/api/v1/users/{id}/disable", null, Ct)).EnsureSuccessStatusCode();

        // The circuit re-checks its user and sends them to sign-in; nobody reloads the page.
        await page.WaitForURLAsync("**/account/login**", new() { Timeout = 30_000 });
        Assert.Contains("Your session ended", await page.InnerTextAsync("[data-testid=login-notice]"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "disabled-user-signed-out");
    }

    [Fact]
    public async Task A_user_sets_up_an_authenticator_and_then_signs_in_with_its_code()
    {
        await using var app = new SotpAppFactory();
        var baseAddress = app.StartOnLoopback();
        var password = await app.CreateUserAsync("tom.totp", SotpRoles.Engineer);
        var page = await chromium.NewPageAsync(baseAddress);
        await Chromium.SignInAsync(page, "tom.totp", password);

        await page.GotoAsync("/account/two-factor");
        await page.ClickAsync("[data-testid=two-factor-start]");
        var key = (await (await page.WaitForSelectorAsync("[data-testid=two-factor-key]"))!.TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal);
        await page.FillAsync("#two-factor-code", Totp.Code(key));
        await page.ClickAsync("[data-testid=two-factor-verify]");
        var codes = await page.WaitForSelectorAsync("[data-testid=recovery-codes]");
        Assert.Equal(10, (await codes!.TextContentAsync())!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        await Chromium.ScreenshotAsync(page, "two-factor-on");

        // Next time: password, then the code.
        await page.Context.ClearCookiesAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#login-user", "tom.totp");
        await page.FillAsync("#login-password", password);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForSelectorAsync("[data-testid=login-2fa-form]");
        await Chromium.ScreenshotAsync(page, "two-factor-sign-in");
        await page.FillAsync("#login-code", Totp.Code(key));
        await page.ClickAsync("[data-testid=login-2fa-submit]");
        await page.WaitForSelectorAsync("[data-interactive=true]");
        await page.WaitForSelectorAsync("h1:has-text('Dashboard')");
    }

    [Fact]
    public async Task A_user_past_the_open_page_limit_gets_a_plain_message_on_the_extra_page()
    {
        await using var app = new SotpAppFactory().With("Sotp:Security:MaxCircuitsPerUser", "2");
        var baseAddress = app.StartOnLoopback();
        var first = await chromium.NewPageAsync(baseAddress);
        await Chromium.SignInAsync(first, "admin", app.AdminPassword!, "/devices");
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync(new Uri(baseAddress, "/devices").ToString());
        await second.WaitForSelectorAsync("[data-testid=add-device]");

        var third = await first.Context.NewPageAsync();
        await third.GotoAsync(new Uri(baseAddress, "/devices").ToString());

        await third.WaitForSelectorAsync("[data-testid=too-many-pages]");
        await Chromium.ScreenshotAsync(third, "too-many-pages");
        Assert.Equal(0, await first.Locator("[data-testid=too-many-pages]").CountAsync());

        // Closing one frees a place.
        await second.CloseAsync();
        await third.ReloadAsync();
        await third.WaitForSelectorAsync("[data-testid=add-device]");
    }

    [Fact]
    public async Task Markup_and_script_in_every_text_field_show_as_text_and_never_run()
    {
        await using var app = new SotpAppFactory();
        var baseAddress = app.StartOnLoopback();
        var admin = await app.CreateBearerClientAsync();
        const string Payload = "<img src=x onerror=alert(1)><script>alert(2)</script>";
        // Tags and names have strict alphabets: markup is refused there outright.
        var refused = await admin.PostAsJsonAsync("/api/v1/devices", new { name = "inert-rtr", address = "127.0.45.1", kind = "router", tags = new[] { "<b>bold</b>" } }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("tags", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        // Free-text fields keep it, as text.
        var created = await admin.PostAsJsonAsync("/api/v1/devices", new
        {
            name = "inert-rtr", address = "127.0.45.1", kind = "router", platform = "frr", site = Payload, description = Payload,
        }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
        var page = await chromium.NewPageAsync(baseAddress);
        var dialogs = 0;
        page.Dialog += (_, dialog) => dialogs++;

        await Chromium.SignInAsync(page, "admin", app.AdminPassword!, "/devices");
        await page.WaitForSelectorAsync("[data-testid=device-grid] tbody tr:has-text('inert-rtr')");
        Assert.Contains(Payload, await page.InnerTextAsync("[data-testid=device-grid]"), StringComparison.Ordinal);
        await page.GotoAsync($"/devices/{id}");
        await page.WaitForSelectorAsync("[data-interactive=true]");
        Assert.Contains(Payload, await page.InnerTextAsync("body"), StringComparison.Ordinal);
        await page.GotoAsync("/audit");
        await page.WaitForSelectorAsync("[data-testid=audit-grid] tbody tr");

        Assert.Equal(0, dialogs);
        Assert.Equal(0, await page.Locator("img[src=x]").CountAsync());
    }
}

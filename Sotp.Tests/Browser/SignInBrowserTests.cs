using Microsoft.Playwright;
using Sotp.Tests.Support;

namespace Sotp.Tests.Browser;

[LabTest]
public sealed class SignInBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task The_bootstrap_admin_signs_in_and_sees_the_live_dashboard()
    {
        await using var app = new SotpAppFactory();
        var page = await chromium.NewPageAsync(app.StartOnLoopback());

        await page.GotoAsync("/");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "sign-in");

        await page.FillAsync("#login-user", "admin");
        await page.FillAsync("#login-password", app.AdminPassword!);
        await page.ClickAsync("[data-testid=login-submit]");

        await page.WaitForSelectorAsync("h1:has-text('Dashboard')");
        await page.WaitForSelectorAsync("[data-testid=dashboard-empty]");
        await page.WaitForSelectorAsync("[data-interactive=true]");
        // The interactive circuit is up: the theme switch answers without a reload.
        await page.ClickAsync("[data-testid=theme-toggle]");
        await page.WaitForSelectorAsync("[data-testid=theme-toggle][aria-label='Switch to dark mode']");
        await page.ClickAsync("[data-testid=theme-toggle]");
        await page.WaitForSelectorAsync("[data-testid=theme-toggle][aria-label='Switch to light mode']");
        await Chromium.ScreenshotAsync(page, "dashboard");

        await page.ClickAsync("[data-testid=user-menu] button");
        await page.WaitForSelectorAsync("[data-testid=sign-out]");
        await Chromium.ScreenshotAsync(page, "user-menu");
        await page.ClickAsync("[data-testid=sign-out]");
        await page.WaitForSelectorAsync("[data-testid=login-notice]:has-text('signed out')");
    }

    [Fact]
    public async Task A_wrong_password_shows_a_plain_error_in_the_browser()
    {
        await using var app = new SotpAppFactory();
        var page = await chromium.NewPageAsync(app.StartOnLoopback());

        await page.GotoAsync("/account/login");
        await page.FillAsync("#login-user", "admin");
        await page.FillAsync("#login-password", TestSecrets.NewPassword());
        await page.Keyboard.PressAsync("Enter");

        var error = await page.WaitForSelectorAsync("[data-testid=login-error]");
        Assert.Equal("The user name or password is wrong.", (await error!.TextContentAsync())?.Trim());
        await Chromium.ScreenshotAsync(page, "sign-in-error");
    }
}

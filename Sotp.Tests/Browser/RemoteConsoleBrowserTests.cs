using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Sotp.Tests.Support;

namespace Sotp.Tests.Browser;

/// <summary>The device page's console against the SSH router lab, in headless Chromium.</summary>
[Collection(SshRouterCollection.Name)]
[LabTest]
public sealed class RemoteConsoleBrowserTests(SshRouterLab router, Chromium chromium) : IClassFixture<Chromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Quick_command_show_version_after_trusting_the_key_then_the_interactive_terminal()
    {
        router.RequireRunning();
        await using var app = new SotpAppFactory();
        var baseAddress = app.StartOnLoopback();
        var api = await app.CreateBearerClientAsync();
        var created = await api.PostAsJsonAsync("/api/v1/devices",
            new { name = "r1", address = router.Address.ToString(), kind = "router", platform = "frr", monitored = false }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
        (await api.PutAsJsonAsync($"/api/v1/devices/{id}/ssh", new { port = 22, user = router.PasswordUser, password = router.Password }, Ct))
            .EnsureSuccessStatusCode();
        var page = await chromium.NewPageAsync(baseAddress);
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        await Chromium.SignInAsync(page, "admin", app.AdminPassword!, $"/devices/{id}");
        await page.ClickAsync("[data-testid=ssh-settings]");
        await page.WaitForSelectorAsync("[data-testid=ssh-form]");
        await Chromium.ScreenshotAsync(page, "ssh-settings-dialog");
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForSelectorAsync("[data-testid=ssh-form]", new() { State = WaitForSelectorState.Detached });

        // First connection: the presented key, as ssh-keygen -lf prints it, to compare and trust.
        await QuickShowVersionAsync(page);
        var presented = await page.WaitForSelectorAsync("[data-testid=presented-fingerprint]");
        Assert.Equal(router.HostKeyFingerprint, await presented!.TextContentAsync());
        await Chromium.ScreenshotAsync(page, "console-trust-key");
        await page.ClickAsync("[data-testid=trust-key]");
        await page.WaitForSelectorAsync("[data-testid=hostkey-unknown]", new() { State = WaitForSelectorState.Detached });

        await QuickShowVersionAsync(page);
        try
        {
            await page.WaitForSelectorAsync("[data-testid=terminal] .xterm-rows:has-text('FRRouting')", new() { Timeout = 20_000 });
        }
        catch (TimeoutException)
        {
            await Chromium.ScreenshotAsync(page, "console-show-version-failed");
            throw;
        }

        await Chromium.ScreenshotAsync(page, "console-show-version");

        // Command mode refuses what is not read-only, in words.
        await page.FillAsync("input[data-testid=command-input], [data-testid=command-input] input", "conf t");
        await page.Keyboard.PressAsync("Enter");
        var error = await page.WaitForSelectorAsync("[data-testid=console-error]");
        Assert.Contains("not allowed", await error!.TextContentAsync(), StringComparison.Ordinal);

        // The interactive terminal: keystrokes in, the router's prompt and answers out; markup stays text.
        await page.ClickAsync("[data-testid=console-mode] >> text=Terminal");
        await page.ClickAsync("[data-testid=console-connect]:not([disabled])");
        await page.WaitForSelectorAsync("[data-testid=terminal] .xterm-rows:has-text('r1#')", new() { Timeout = 20_000 });
        await page.ClickAsync("[data-testid=terminal]");
        await page.Keyboard.TypeAsync("show version\r");
        await page.WaitForSelectorAsync("[data-testid=terminal] .xterm-rows:has-text('configured with')", new() { Timeout = 20_000 });
        await page.Keyboard.TypeAsync("<img src=x onerror=alert(1)>\r");
        await page.WaitForSelectorAsync("[data-testid=terminal] .xterm-rows:has-text('Unknown command')", new() { Timeout = 20_000 });
        Assert.Equal(0, await page.Locator("[data-testid=terminal] img").CountAsync());
        Assert.Equal(0, dialogs);
        await Chromium.ScreenshotAsync(page, "console-terminal");

        await page.ClickAsync("[data-testid=console-disconnect]");
        var ended = await page.WaitForSelectorAsync("[data-testid=console-ended]");
        Assert.Contains("closed by the user", await ended!.TextContentAsync(), StringComparison.Ordinal);

        // Full screen: the same console, the terminal as tall as the window allows.
        await page.GotoAsync($"/devices/{id}/console");
        await page.WaitForSelectorAsync("[data-testid=console] .xterm");
        await QuickShowVersionAsync(page);
        await page.WaitForSelectorAsync("[data-testid=terminal] .xterm-rows:has-text('FRRouting')", new() { Timeout = 20_000 });
        await Chromium.ScreenshotAsync(page, "console-full-screen");

        // An Auditor replays the terminal session; its transcript still matches the audit trail.
        var auditorPassword = await app.CreateUserAsync("auditor-replay", Sotp.Core.Security.SotpRoles.Auditor);
        var auditor = await chromium.NewPageAsync(baseAddress);
        await Chromium.SignInAsync(auditor, "auditor-replay", auditorPassword, "/audit");
        await auditor.ClickAsync("[data-testid=audit-grid] tr:has-text('console.session.end')");
        await auditor.ClickAsync("[data-testid=audit-replay]");
        await auditor.WaitForSelectorAsync("[data-testid=transcript-intact]");
        await auditor.GotoAsync("/sessions");
        await auditor.WaitForSelectorAsync("[data-testid=sessions] tr:has-text('Terminal')");
        await Chromium.ScreenshotAsync(auditor, "console-sessions");
        await auditor.ClickAsync("[data-testid=sessions] tr:has-text('Terminal') [data-testid=replay-link]");
        await auditor.WaitForSelectorAsync("[data-testid=transcript-intact]");
        await auditor.ClickAsync("[data-testid=replay-fast]:not([disabled])");
        await auditor.WaitForSelectorAsync("[data-testid=replay-position]:has-text('End of the session')", new() { Timeout = 30_000 });
        await Chromium.ScreenshotAsync(auditor, "console-replay");
        await auditor.WaitForSelectorAsync("[data-testid=terminal] .xterm-rows:has-text('Unknown command')");
    }

    private static async Task QuickShowVersionAsync(IPage page)
    {
        await page.ClickAsync("[data-testid=quick-commands] button:not([disabled])");
        await page.ClickAsync("[data-testid=quick-show-version]");
    }
}

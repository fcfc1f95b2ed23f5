using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Sotp.Tests.Support;

namespace Sotp.Tests.Browser;

/// <summary>
/// An engineer's configuration history against the SSH router lab, in headless Chromium: "Back up now" on the device
/// page, a change typed in vtysh, the next backup followed live, and the change read on the history page side by
/// side and inline, the unchanged lines folded away.
/// </summary>
[Collection(SshRouterCollection.Name)]
[LabTest]
public sealed class ConfigHistoryBrowserTests(SshRouterLab router, Chromium chromium) : IClassFixture<Chromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Back_up_now_then_a_vtysh_change_read_side_by_side_and_inline()
    {
        router.RequireRunning();
        await using var app = new SotpAppFactory();
        var baseAddress = app.StartOnLoopback();
        var api = await app.CreateBearerClientAsync();
        var id = await router.AddRouterAsync(api);
        var description = "browser-" + Guid.NewGuid().ToString("N")[..8];
        var password = await app.CreateUserAsync("erik", "Engineer");
        var page = await chromium.NewPageAsync(baseAddress);
        await Chromium.SignInAsync(page, "erik", password, $"/devices/{id}");
        try
        {
            await page.WaitForSelectorAsync("[data-testid=configs-empty]");
            await page.ClickAsync("[data-testid=config-backup-now]");
            await page.WaitForSelectorAsync("[data-testid=config-backup-row][data-outcome=changed]", new() { Timeout = 60_000 });

            await router.OnRouterAsync("/usr/bin/vtysh", "-c", "configure terminal", "-c", "interface eth1", "-c", $"description {description}");
            await page.ClickAsync("[data-testid=config-backup-now]");
            await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=config-backup-row][data-outcome=changed]').length === 2",
                null, new() { Timeout = 60_000 });
            await page.Locator("[data-testid=device-configs]").ScrollIntoViewIfNeededAsync();
            await Chromium.ScreenshotAsync(page, "device-configs-panel");

            await page.ClickAsync("[data-testid=config-history-link]");
            await page.WaitForSelectorAsync($"[data-testid=config-diff] [data-testid=diff-row][data-kind=added]:has-text('description {description}')");
            Assert.Contains("+", await page.InnerTextAsync("[data-testid=config-diff-summary]"), StringComparison.Ordinal);
            Assert.True(await page.Locator("[data-testid=diff-fold]").CountAsync() >= 1); // FRR's configuration is longer than the change and its context
            await Chromium.ScreenshotAsync(page, "config-history-side-by-side");

            await page.ClickAsync("[data-testid=config-view] >> text=Inline");
            await page.WaitForSelectorAsync("[data-testid=config-diff] .sotp-diff-sign");
            Assert.Contains("view=inline", page.Url, StringComparison.Ordinal); // the address says what is shown
            var added = page.Locator("[data-testid=diff-row][data-kind=added]");
            await added.First.WaitForAsync();
            Assert.Contains(await added.AllInnerTextsAsync(), t => t.Contains($"description {description}", StringComparison.Ordinal));
            await Chromium.ScreenshotAsync(page, "config-history-inline");

            // The .diff link is git's own diff of the same two versions.
            var link = await page.GetAttributeAsync("[data-testid=config-download]", "href");
            var gitDiff = await api.GetStringAsync("/" + link, Ct);
            Assert.Contains($"+ description {description}", gitDiff, StringComparison.Ordinal);
        }
        finally
        {
            await router.OnRouterAsync("/usr/bin/vtysh", "-c", "configure terminal", "-c", "interface eth1", "-c", "no description");
        }
    }
}

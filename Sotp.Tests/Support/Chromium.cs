using Microsoft.Playwright;

namespace Sotp.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright (never a downloaded browser). Host names resolve nowhere, so the
/// browser can only reach the loopback console under test (LAB.md).
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    /// <summary>Folder where browser tests leave their screenshots for a person to look at.</summary>
    public static string ScreenshotFolder { get; } =
        Environment.GetEnvironmentVariable("SOTP_SCREENSHOTS") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Path.GetTempPath(), "sotp-screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            ],
        });
    }

    /// <summary>Skips (or fails in CI) without Chromium, then opens a fresh page in a fresh profile.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        LabRequirement.Require(Browser is not null, $"Chromium not found at {ExecutablePath} (Debian package chromium)");
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 800 },
            ColorScheme = ColorScheme.Dark,
        });
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the sign-in page and waits until the console's circuit is live.</summary>
    public static async Task SignInAsync(IPage page, string userName, string password, string path = "/")
    {
        await page.GotoAsync(path);
        await page.FillAsync("#login-user", userName);
        await page.FillAsync("#login-password", password);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForSelectorAsync("[data-interactive=true]");
    }

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        // A full-page picture of a scrolled page draws the fixed app bar where the scroll left it: taken from the
        // top, then the page goes back where the test had it (xterm, for one, draws only what is in view).
        var scrolled = await page.EvaluateAsync<double>("() => { const y = window.scrollY; window.scrollTo(0, 0); return y; }");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        await page.EvaluateAsync("y => window.scrollTo(0, y)", scrolled);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

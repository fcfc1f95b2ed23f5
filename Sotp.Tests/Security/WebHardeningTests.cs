using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Sotp.Tests.Support;

namespace Sotp.Tests.Security;

/// <summary>Security headers, the circuit hub's origin check, and a console that runs under its own CSP.</summary>
public sealed class WebHardeningTests(Chromium chromium) : IClassFixture<Chromium>, IClassFixture<SotpAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/healthz/live")]
    [InlineData("/api/v1/devices")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        await using var app = new SotpAppFactory();
        var response = await app.CreateClient().GetAsync(path, Ct);

        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self' 'nonce-", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task The_circuit_hub_refuses_another_sites_origin()
    {
        await using var app = new SotpAppFactory();
        var client = app.CreateClient();

        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1") { Headers = { { "Origin", "http://192.0.2.10" } } };
        using var own = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1") { Headers = { { "Origin", "http://localhost" } } };

        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(foreign, Ct)).StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, (await client.SendAsync(own, Ct)).StatusCode);
    }

    [LabTest]
    [Fact]
    public async Task The_console_runs_under_its_policy_without_a_single_violation()
    {
        await using var app = new SotpAppFactory();
        var page = await chromium.NewPageAsync(app.StartOnLoopback());
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.Contains("Refused to", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };

        var api = await app.CreateBearerClientAsync();
        var device = await (await api.PostAsJsonAsync("/api/v1/devices", new { name = "csp-rtr", address = "127.0.0.1", kind = "router" }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);

        await Chromium.SignInAsync(page, "admin", app.AdminPassword!);
        foreach (var path in new[] { "/devices", $"/devices/{device.GetProperty("id").GetInt32()}", "/audit", "/admin/users", "/admin/roles", "/account/tokens", "/" })
        {
            await page.GotoAsync(path);
            await page.WaitForSelectorAsync("[data-interactive=true]");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.Equal(0, await page.Locator("[data-testid=page-error]").CountAsync());
        }

        // Charts draw (their options are parsed, not evaluated: the policy forbids eval).
        await page.GotoAsync($"/devices/{device.GetProperty("id").GetInt32()}");
        await page.WaitForSelectorAsync("[data-testid=ping-chart]:not([data-points='0'])", new() { Timeout = 30_000 });

        // The circuit works: a live action round-trips.
        await page.ClickAsync("[data-testid=theme-toggle]");
        await page.WaitForSelectorAsync("[data-testid=theme-toggle][aria-label='Switch to dark mode']");
        Assert.Empty(violations);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("A console page failed", StringComparison.Ordinal));
    }
}

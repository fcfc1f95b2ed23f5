using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sotp.Console.Api;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>
/// PostgreSQL stopped under a running SOTP: readiness says which dependency is down, liveness stays up, the API
/// answers 503 in words instead of a 500 after a minute, and all of it comes back when the database does.
/// </summary>
[LabTest]
public sealed class DatabaseOutageTests(PostgresServer postgres, Chromium chromium) : IClassFixture<PostgresServer>, IClassFixture<Chromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task While_the_database_is_stopped_readiness_and_the_api_say_so_and_recover_with_it()
    {
        postgres.RequireRunning();
        await using var app = new SotpAppFactory()
            .With("Sotp:Database:Provider", "PostgreSql")
            .With("ConnectionStrings:Sotp", postgres.ConnectionString("sotp_outage"));
        var api = await app.CreateBearerClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/healthz/ready", Ct)).StatusCode);

        await postgres.StopAsync();
        try
        {
            using var ready = await api.GetAsync("/healthz/ready", Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var checks = (await ready.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("checks").EnumerateArray().ToArray();
            var database = Assert.Single(checks, c => c.GetProperty("name").GetString() == "database");
            Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
            Assert.StartsWith("The database does not answer", database.GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/healthz/live", Ct)).StatusCode);

            using var devices = await api.GetAsync("/api/v1/devices", Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, devices.StatusCode);
            Assert.Equal("application/problem+json", devices.Content.Headers.ContentType?.MediaType);
            var problem = await devices.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal(DatabaseUnavailableHandler.Title, problem.GetProperty("title").GetString());
        }
        finally
        {
            await postgres.StartAsync();
        }

        var back = await Eventually.WaitAsync(async () => (await api.GetAsync("/api/v1/devices", Ct)).StatusCode, s => s == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, back);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/healthz/ready", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_open_page_shows_the_outage_banner_while_it_lasts_and_stays_signed_in()
    {
        postgres.RequireRunning();
        await using var app = new SotpAppFactory()
            .With("Sotp:Database:Provider", "PostgreSql")
            .With("ConnectionStrings:Sotp", postgres.ConnectionString("sotp_outage_page"))
            .With("Sotp:Security:RevalidationSeconds", "2");
        SilentLoopbackHosts.Require();
        await using var silent = new SilentLoopbackHosts();
        var page = await chromium.NewPageAsync(app.StartOnLoopback());
        var api = await app.CreateBearerClientAsync();
        (await api.PostAsJsonAsync("/api/v1/devices", new { name = "edge-rtr", address = "127.0.93.5", kind = "router", pingIntervalSeconds = 2 }, Ct))
            .EnsureSuccessStatusCode();
        await Chromium.SignInAsync(page, "admin", app.AdminPassword!);
        await page.WaitForSelectorAsync("[data-testid=count-up]:has-text('1')", new() { Timeout = 30_000 });
        Assert.Equal(0, await page.Locator("[data-testid=database-banner]").CountAsync());

        await postgres.StopAsync();
        try
        {
            await page.WaitForSelectorAsync("[data-testid=database-banner]", new() { Timeout = 20_000 });
            // The device goes down meanwhile: the change waits in memory, and the banner says so.
            await silent.SilenceAsync("127.0.93.5");
            await page.WaitForSelectorAsync("[data-testid=database-waiting]:has-text('1 state change')", new() { Timeout = 30_000 });
            await page.WaitForSelectorAsync("[data-testid=down-row]:has-text('edge-rtr')");
            await Chromium.ScreenshotAsync(page, "database-banner");
            // Several revalidations of the user fail meanwhile: none of them signs the person out.
            await page.WaitForSelectorAsync("[data-testid=database-banner]:has-text('live status continues')");
        }
        finally
        {
            await postgres.StartAsync();
        }

        await page.WaitForSelectorAsync("[data-testid=database-banner]", new() { State = Microsoft.Playwright.WaitForSelectorState.Detached, Timeout = 20_000 });
        Assert.Equal("true", await page.GetAttributeAsync(".mud-layout", "data-interactive"));
        Assert.DoesNotContain("/account/login", page.Url, StringComparison.Ordinal);
    }
}

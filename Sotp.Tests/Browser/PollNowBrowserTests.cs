using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sotp.Collectors.Snmp.Agent;
using Sotp.Tests.Support;

namespace Sotp.Tests.Browser;

/// <summary>
/// One click, one trace: Poll now on the device page shows a trace id, the new readings appear without a reload, and
/// the receiver holds that trace from the click through the job to the SNMP requests.
/// </summary>
[LabTest]
public sealed class PollNowBrowserTests(Chromium chromium, AspireDashboard receiver) : IClassFixture<Chromium>, IClassFixture<AspireDashboard>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Poll_now_shows_its_trace_which_the_receiver_holds_from_the_click_to_the_snmp_requests()
    {
        receiver.RequireRunning();
        await using var agent = new SnmpAgent(new IPEndPoint(IPAddress.Loopback, 0), new SimulatedDevice("click-sim", 4, TimeProvider.System, 2).Mib, "click-community");
        await using var app = new SotpAppFactory()
            .With("Sotp:Observability:OtlpEndpoint", receiver.OtlpGrpc.ToString())
            .With("Sotp:Observability:TraceUrlTemplate", "http://192.0.2.10:3000/explore?trace={traceId}");
        var baseAddress = app.StartOnLoopback();
        var api = await app.CreateBearerClientAsync();
        var created = await api.PostAsJsonAsync("/api/v1/devices", new { name = "click-rtr", address = "127.0.0.1", kind = "router", pingIntervalSeconds = 3600 }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
        (await api.PutAsJsonAsync($"/api/v1/devices/{id}/snmp", new { version = "2c", port = agent.LocalEndpoint.Port, pollIntervalSeconds = 3600, community = "click-community" }, Ct))
            .EnsureSuccessStatusCode();

        var page = await chromium.NewPageAsync(baseAddress);
        await Chromium.SignInAsync(page, "admin", app.AdminPassword!, $"/devices/{id}");
        await page.WaitForSelectorAsync("[data-testid=interface-table] tbody tr:has-text('Gi0/1')", new() { Timeout = 30_000 });
        var before = await page.GetAttributeAsync("[data-testid=cpu-memory-chart]", "data-points");
        await page.ClickAsync("[data-testid=poll-now]");
        var link = await page.WaitForSelectorAsync("[data-testid=poll-now-result] [data-testid=trace-link]");
        var traceId = await link!.GetAttributeAsync("data-trace-id");
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        Assert.Equal($"http://192.0.2.10:3000/explore?trace={traceId}", await link.GetAttributeAsync("href"));

        // The poll's readings arrive on the open page: one more point on the chart, no reload.
        await page.WaitForFunctionAsync(
            "b => document.querySelector('[data-testid=cpu-memory-chart]').getAttribute('data-points') !== b", before, new() { Timeout = 30_000 });
        await Chromium.ScreenshotAsync(page, "poll-now");

        var spans = await Eventually.WaitAsync(() => receiver.TraceAsync(traceId!),
            s => s.Any(x => x.Name == "poll now") && s.Any(x => x.Name.StartsWith("snmp ", StringComparison.Ordinal)) && s.Any(x => x.Name == "save metric samples"),
            TimeSpan.FromSeconds(30));
        var click = Assert.Single(spans, s => s.Name == "Device: poll now");
        Assert.Equal("admin", click.Attributes["enduser.id"]);
        var job = Assert.Single(spans, s => s.Name == "poll now");
        Assert.Equal(click.SpanId, job.ParentSpanId);
        Assert.Contains(spans, s => s.Name == "icmp echo" && s.ParentSpanId == job.SpanId);
        Assert.Contains(spans, s => s.Name.StartsWith("snmp ", StringComparison.Ordinal));
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>
/// The demo of the day, for real: a router in a namespace (net-snmp's snmpd with a read-write community) whose real
/// eth1 is shut with <c>ip link set eth1 down</c>. SOTP sees it in its poll, raises the alert, and the playbook brings
/// the port back up by SNMP SET, checks it stays up, and records every step as the playbook's. A second shut inside the
/// hold-off is left alone; dry-run only records; a port in a maintenance window is not touched; a SET the agent refuses
/// (read-only community) ends as a clear failure that raises an alert.
/// </summary>
[LabTest]
public sealed class RemediationDemoTests(RouterLab router) : IClassFixture<RouterLab>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Each test starts and ends with eth1 up, whatever the one before did.
    public async ValueTask InitializeAsync()
    {
        if (router.Running)
        {
            await router.SetLinkAsync("eth1", up: true);
        }
    }

    public ValueTask DisposeAsync() => InitializeAsync();

    [Fact]
    public async Task A_shut_port_comes_back_up_by_itself_and_a_second_shut_inside_the_hold_off_is_left_alone()
    {
        router.RequireRunning();
        await using var app = new SotpAppFactory();
        var (api, device) = await RouterAsync(app, router.WriteCommunity);
        var playbook = await CreateAsync(api, "/api/v1/playbooks", new
        {
            name = "Bring shut ports back", trigger = "interface-admin-down", action = "snmp-admin-up",
            scope = new { deviceIds = new[] { device }, interfacePattern = "eth1" }, mode = "enforce", holdOffMinutes = 30, postCheckSeconds = 3,
        });

        await router.SetLinkAsync("eth1", up: false);
        var done = await AttemptAsync(api, device, a => a.GetProperty("state").GetString() == "done");
        Assert.Equal(("Bring shut ports back", "eth1"), (done.GetProperty("playbook").GetString(), done.GetProperty("target").GetString()));
        var (detected, acted, verified) = (Time(done, "detectedAt"), Time(done, "actedAt"), Time(done, "verifiedAt"));
        Assert.True(detected <= acted && acted < verified, $"{detected} {acted} {verified}");
        Assert.True(await Eth1UpAsync());
        Assert.Equal(["detected", "decided", "acted", "verified"], done.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()).ToArray());

        // On the record as the playbook's actions, never a person's; the timeline says what happened.
        var audit = (await api.GetFromJsonAsync<JsonElement>("/api/v1/audit/?q=remediation", Ct)).ToString();
        Assert.Contains("playbook:Bring shut ports back", audit, StringComparison.Ordinal);
        Assert.Contains("remediation.act", audit, StringComparison.Ordinal);
        await Eventually.WaitAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/v1/events?deviceId={device}&q=brought", Ct), e => e.GetArrayLength() > 0);

        // Shut again at once: inside the hold-off, so it stays shut, and the attempt says why.
        await Eventually.WaitAsync(() => AlertsAsync(api, device), a => a.GetArrayLength() == 0, Patience); // the first alert resolved (eth1p too)
        await router.SetLinkAsync("eth1", up: false);
        var held = await AttemptAsync(api, device, a => a.GetProperty("state").GetString() == "skipped");
        Assert.StartsWith("Hold-off", held.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.False(await Eth1UpAsync());
        Assert.True(playbook > 0);
    }

    [Fact]
    public async Task Dry_run_records_what_it_would_do_and_a_port_in_maintenance_is_not_touched()
    {
        router.RequireRunning();
        await using var app = new SotpAppFactory();
        var (api, device) = await RouterAsync(app, router.WriteCommunity);
        await CreateAsync(api, "/api/v1/playbooks", new
        {
            name = "Try it first", trigger = "interface-admin-down", action = "snmp-admin-up", scope = new { deviceIds = new[] { device } }, postCheckSeconds = 3,
        });

        await router.SetLinkAsync("eth1", up: false);
        var dry = await AttemptAsync(api, device, a => a.GetProperty("state").GetString() == "dry-run");
        Assert.Contains("Would set ifAdminStatus", dry.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, dry.GetProperty("actedAt").ValueKind);
        Assert.False(await Eth1UpAsync());
        await router.SetLinkAsync("eth1", up: true);
        await Eventually.WaitAsync(() => AlertsAsync(api, device), a => a.GetArrayLength() == 0, Patience);

        // The same port in a maintenance window: the alert is kept, marked, and the playbook leaves it.
        await CreateAsync(api, "/api/v1/maintenance", new
        {
            name = "Cabling work", scope = new { deviceIds = new[] { device } }, startsAt = DateTimeOffset.UtcNow.AddMinutes(-1), endsAt = DateTimeOffset.UtcNow.AddHours(1),
        });
        await router.SetLinkAsync("eth1", up: false);
        var left = await AttemptAsync(api, device, a => a.GetProperty("state").GetString() == "skipped");
        Assert.Contains("maintenance window", left.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var alert = (await AlertsAsync(api, device)).EnumerateArray().Single(a => a.GetProperty("target").GetString() == "eth1");
        Assert.True(alert.GetProperty("inMaintenance").GetBoolean());
    }

    [Fact]
    public async Task A_set_the_agent_refuses_ends_as_a_clear_failure_that_raises_an_alert()
    {
        router.RequireRunning();
        await using var app = new SotpAppFactory();
        var (api, device) = await RouterAsync(app, router.ReadCommunity);
        await CreateAsync(api, "/api/v1/playbooks", new
        {
            name = "Read-only by mistake", trigger = "interface-admin-down", action = "snmp-admin-up", scope = new { deviceIds = new[] { device } },
            mode = "enforce", postCheckSeconds = 3,
        });

        await router.SetLinkAsync("eth1", up: false);
        var failed = await AttemptAsync(api, device, a => a.GetProperty("state").GetString() == "failed");
        Assert.Contains("refused", failed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.False(await Eth1UpAsync());
        var raised = await Eventually.WaitAsync(() => AlertsAsync(api, device),
            a => a.EnumerateArray().Any(x => x.GetProperty("rule").GetString() == "Remediation failed"), Patience);
        Assert.Contains("could not bring eth1 back up", raised.ToString(), StringComparison.Ordinal);
        var playbooks = await api.GetFromJsonAsync<JsonElement>("/api/v1/playbooks", Ct);
        Assert.Equal(1, playbooks[0].GetProperty("consecutiveFailures").GetInt32());
    }

    private async Task<(HttpClient Api, int Device)> RouterAsync(SotpAppFactory app, string community)
    {
        var api = await app.CreateBearerClientAsync();
        var device = await CreateAsync(api, "/api/v1/devices", new { name = "r1", address = router.RouterAddress.ToString(), kind = "router", platform = "linux" });
        var snmp = await api.PutAsJsonAsync($"/api/v1/devices/{device}/snmp", new { version = "2c", community, pollIntervalSeconds = 10, timeoutMs = 1000 }, Ct);
        Assert.True(snmp.IsSuccessStatusCode, await snmp.Content.ReadAsStringAsync(Ct));
        // The playbook only acts on a port SOTP has seen up: wait for a poll that shows eth1 up.
        await Eventually.WaitAsync(async () => await (await api.GetAsync($"/api/v1/devices/{device}/interfaces", Ct)).Content.ReadAsStringAsync(Ct),
            i => i.Contains("\"eth1\"", StringComparison.Ordinal), Patience); // 404 until the first poll
        return (api, device);
    }

    private static async Task<int> CreateAsync(HttpClient api, string path, object body)
    {
        var created = await api.PostAsJsonAsync(path, body, Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
    }

    private static async Task<JsonElement> AttemptAsync(HttpClient api, int device, Func<JsonElement, bool> wanted)
    {
        var found = await Eventually.WaitAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/v1/remediations?deviceId={device}", Ct),
            a => a.EnumerateArray().Any(wanted), Patience);
        var match = found.EnumerateArray().Where(wanted).ToList();
        Assert.True(match.Count > 0, $"No such attempt among: {found}");
        return match[0];
    }

    private static Task<JsonElement> AlertsAsync(HttpClient api, int device) => api.GetFromJsonAsync<JsonElement>($"/api/v1/alerts?deviceId={device}", Ct);

    private static DateTimeOffset Time(JsonElement e, string name) => e.GetProperty(name).GetDateTimeOffset();

    private async Task<bool> Eth1UpAsync() =>
        (await router.InRouterAsync("/usr/sbin/ip", "-o", "link", "show", "eth1")).Contains(",UP", StringComparison.Ordinal);
}

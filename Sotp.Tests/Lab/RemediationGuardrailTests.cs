using System.Net.Http.Json;
using System.Text.Json;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>
/// Each guardrail against the real router (snmpd in a namespace, its interfaces shut with <c>ip link</c> or through SOTP):
/// approval, the stop switch, a port a person shut through SOTP, an uplink, the circuit breaker after three failures in a
/// row, a port that does not come up after the action (the post-check), and a port flapping twenty times in a minute, which
/// gets one action at most.
/// </summary>
[LabTest]
public sealed class RemediationGuardrailTests(RouterLab router) : IClassFixture<RouterLab>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly string[] Ports = ["eth1", "eth2", "eth3", "eth4"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        if (!router.Running)
        {
            return;
        }

        var links = await router.InRouterAsync(LabNamespace.Ip, "-o", "link", "show");
        foreach (var port in Ports.Skip(1).Where(p => !links.Contains($" {p}@", StringComparison.Ordinal)))
        {
            await router.InRouterAsync(LabNamespace.Ip, "link", "add", port, "type", "veth", "peer", "name", port + "p");
            await router.SetLinkAsync(port + "p", up: true);
        }

        await DisposeAsync();
    }

    private readonly List<int> _described = [];

    // Every port up, and any description a test set removed again (snmpd keeps an ifAlias set over SNMP).
    public async ValueTask DisposeAsync()
    {
        if (!router.Running)
        {
            return;
        }

        foreach (var port in Ports)
        {
            await router.SetLinkAsync(port + "p", up: true);
            await router.SetLinkAsync(port, up: true);
        }

        foreach (var ifIndex in _described)
        {
            await DescribeAsync(ifIndex, "");
        }

        _described.Clear();
    }

    [Fact]
    public async Task An_attempt_waits_for_approval_and_acts_once_an_engineer_approves()
    {
        router.RequireRunning();
        await using var app = new SotpAppFactory();
        var (api, device) = await RouterAsync(app, router.WriteCommunity, requireApproval: true);

        await router.SetLinkAsync("eth1", up: false);
        var waiting = await AttemptAsync(api, device, "awaiting-approval");
        Assert.False(await UpAsync("eth1"));
        var approved = await api.PostAsync($"/api/v1/remediations/{waiting.GetProperty("id").GetInt64()}/approve", null, Ct);
        approved.EnsureSuccessStatusCode();
        var done = await AttemptAsync(api, device, "done");
        Assert.Equal("admin", done.GetProperty("approvedBy").GetString());
        Assert.True(await UpAsync("eth1"));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, (await api.PostAsync($"/api/v1/remediations/{waiting.GetProperty("id").GetInt64()}/approve", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task The_stop_switch_and_a_port_a_person_shut_through_sotp_are_left_alone()
    {
        router.RequireRunning();
        await using var app = new SotpAppFactory();
        var (api, device) = await RouterAsync(app, router.WriteCommunity);

        (await api.PostAsJsonAsync("/api/v1/remediation/stop", new { reason = "change freeze" }, Ct)).EnsureSuccessStatusCode();
        await router.SetLinkAsync("eth2", up: false);
        var stopped = await AttemptAsync(api, device, "skipped");
        Assert.Contains("All remediation is stopped (by admin", stopped.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("change freeze", stopped.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.False(await UpAsync("eth2"));
        (await api.PostAsJsonAsync("/api/v1/remediation/resume", new { reason = "freeze over" }, Ct)).EnsureSuccessStatusCode();

        // A person shuts eth3 through SOTP (SNMP, on the record as theirs): the playbook leaves it to them.
        var eth3 = await IfIndexAsync(api, device, "eth3");
        var shut = await api.PostAsJsonAsync($"/api/v1/devices/{device}/interfaces/{eth3}/admin", new { status = "down" }, Ct);
        Assert.True(shut.IsSuccessStatusCode, await shut.Content.ReadAsStringAsync(Ct));
        var left = await AttemptAsync(api, device, "skipped", a => a.GetProperty("target").GetString() == "eth3");
        Assert.Contains("admin shut it through SOTP", left.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.False(await UpAsync("eth3"));
    }

    [Fact]
    public async Task An_uplink_is_left_alone_and_a_port_that_does_not_come_up_is_a_failure_with_an_alert()
    {
        router.RequireRunning();
        await using var app = new SotpAppFactory();
        var (api, device) = await RouterAsync(app, router.WriteCommunity);

        // eth1 described as an uplink (ifAlias, set over SNMP as an operator would): the playbook does not touch it.
        var eth1 = await IfIndexAsync(api, device, "eth1");
        _described.Add(eth1);
        await DescribeAsync(eth1, "uplink to core-1");
        await Eventually.WaitAsync(() => InterfacesAsync(api, device),
            i => i.Any(x => x.GetProperty("alias").GetString() == "uplink to core-1"), Patience);
        await router.SetLinkAsync("eth1", up: false);
        var uplink = await AttemptAsync(api, device, "skipped", a => a.GetProperty("target").GetString() == "eth1");
        Assert.Contains("uplink", uplink.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.False(await UpAsync("eth1"));

        // eth2's far end is down too: enabling eth2 cannot bring its link up, so the post-check fails and says so.
        await router.SetLinkAsync("eth2p", up: false);
        await router.SetLinkAsync("eth2", up: false);
        var failed = await AttemptAsync(api, device, "failed", a => a.GetProperty("target").GetString() == "eth2");
        Assert.Contains("did not come up within 30 s", failed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(JsonValueKind.Null, failed.GetProperty("actedAt").ValueKind);
        await Eventually.WaitAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/v1/alerts?deviceId={device}", Ct),
            a => a.EnumerateArray().Any(x => x.GetProperty("rule").GetString() == "Remediation failed"), Patience);
    }

    [Fact]
    public async Task Three_failures_in_a_row_open_the_circuit_breaker_and_the_playbook_stops()
    {
        router.RequireRunning();
        await using var app = new SotpAppFactory();
        var (api, device) = await RouterAsync(app, router.ReadCommunity); // SETs are refused

        foreach (var port in Ports[..3])
        {
            await router.SetLinkAsync(port, up: false);
            await AttemptAsync(api, device, "failed", a => a.GetProperty("target").GetString() == port);
        }

        // The attempt is saved failed, then the playbook's failures are counted: the third count may trail the third attempt.
        var playbook = (await Eventually.WaitAsync(() => api.GetFromJsonAsync<JsonElement>("/api/v1/playbooks", Ct),
            p => p[0].GetProperty("consecutiveFailures").GetInt32() == 3))[0];
        Assert.Equal((3, JsonValueKind.String), (playbook.GetProperty("consecutiveFailures").GetInt32(), playbook.GetProperty("trippedAt").ValueKind));
        await router.SetLinkAsync("eth4", up: false);
        var stopped = await AttemptAsync(api, device, "skipped", a => a.GetProperty("target").GetString() == "eth4");
        Assert.Contains("circuit breaker is open", stopped.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await Eventually.WaitAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/v1/alerts?deviceId={device}", Ct),
            a => a.EnumerateArray().Any(x => x.GetProperty("rule").GetString() == "Playbook stopped"), Patience);

        var reset = await api.PostAsync($"/api/v1/playbooks/{playbook.GetProperty("id").GetInt32()}/reset", null, Ct);
        Assert.Equal(JsonValueKind.Null, (await reset.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("trippedAt").ValueKind);
    }

    [Fact]
    public async Task A_port_flapping_twenty_times_in_a_minute_gets_one_action_at_most()
    {
        router.RequireRunning();
        await using var app = new SotpAppFactory();
        var (api, device) = await RouterAsync(app, router.WriteCommunity);

        for (var flap = 0; flap < 20; flap++)
        {
            await router.SetLinkAsync("eth4", up: false);
            await Task.Delay(TimeSpan.FromSeconds(2.5), Ct); // the test's own flapping pace: down most of the time, up in between
            await router.SetLinkAsync("eth4", up: true);
            await Task.Delay(TimeSpan.FromSeconds(0.5), Ct);
        }

        // SOTP saw the port shut: its decision may be saved a moment after the last flap.
        var attempts = await Eventually.WaitAsync(async () => (await api.GetFromJsonAsync<JsonElement>($"/api/v1/remediations?deviceId={device}", Ct))
            .EnumerateArray().ToList(), a => a.Count > 0, Patience);
        Assert.NotEmpty(attempts);
        Assert.True(attempts.Count(a => a.GetProperty("actedAt").ValueKind != JsonValueKind.Null) <= 1, string.Join('\n', attempts));
    }

    private async Task<(HttpClient Api, int Device)> RouterAsync(SotpAppFactory app, string community, bool requireApproval = false)
    {
        var api = await app.CreateBearerClientAsync();
        var created = await api.PostAsJsonAsync("/api/v1/devices", new { name = "r1", address = router.RouterAddress.ToString(), kind = "router", platform = "linux" }, Ct);
        var device = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
        (await api.PutAsJsonAsync($"/api/v1/devices/{device}/snmp", new { version = "2c", community, pollIntervalSeconds = 10, timeoutMs = 1000 }, Ct)).EnsureSuccessStatusCode();
        var playbook = await api.PostAsJsonAsync("/api/v1/playbooks", new
        {
            name = "Guarded", trigger = "interface-admin-down", action = "snmp-admin-up", scope = new { deviceIds = new[] { device }, interfacePattern = "eth1,eth2,eth3,eth4" },
            mode = "enforce", postCheckSeconds = 2, requireApproval,
        }, Ct);
        Assert.True(playbook.IsSuccessStatusCode, await playbook.Content.ReadAsStringAsync(Ct));
        await Eventually.WaitAsync(() => InterfacesAsync(api, device), i => Ports.All(p => i.Any(x => x.GetProperty("name").GetString() == p)), Patience);
        return (api, device);
    }

    private Task<string> DescribeAsync(int ifIndex, string alias) => router.InRouterAsync("/usr/bin/snmpset", "-v2c", "-c", router.WriteCommunity,
        router.RouterAddress.ToString(), $"1.3.6.1.2.1.31.1.1.1.18.{ifIndex}", "s", alias);

    private static async Task<int> IfIndexAsync(HttpClient api, int device, string name) =>
        (await InterfacesAsync(api, device)).First(i => i.GetProperty("name").GetString() == name).GetProperty("ifIndex").GetInt32();

    private static async Task<List<JsonElement>> InterfacesAsync(HttpClient api, int device)
    {
        var answer = await api.GetAsync($"/api/v1/devices/{device}/interfaces", Ct);
        return answer.IsSuccessStatusCode ? [.. (await answer.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray()] : [];
    }

    private static async Task<JsonElement> AttemptAsync(HttpClient api, int device, string state, Func<JsonElement, bool>? also = null)
    {
        bool Wanted(JsonElement a) => a.GetProperty("state").GetString() == state && (also?.Invoke(a) ?? true);
        var found = await Eventually.WaitAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/v1/remediations?deviceId={device}", Ct),
            a => a.EnumerateArray().Any(Wanted), Patience);
        var match = found.EnumerateArray().Where(Wanted).ToList();
        Assert.True(match.Count > 0, $"No {state} attempt among: {found}");
        return match[0];
    }

    private async Task<bool> UpAsync(string port) =>
        (await router.InRouterAsync(LabNamespace.Ip, "-o", "link", "show", port)).Contains(",UP", StringComparison.Ordinal);
}

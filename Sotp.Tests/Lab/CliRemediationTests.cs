using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>
/// The demo again, on FRR: eth1 is shut with vtysh; SOTP sees it in its SNMP poll and the playbook enables it from the
/// router's own CLI over SSH (pinned host key): "configure terminal", "interface eth1", "no shutdown". A CLI that
/// refuses a line mid-session (the wrong platform's words), or a session that ends under it, ends as a clear failure with
/// the device's answer, once. A
/// playbook told to leave configuration changes alone does, when the router's own log says the shutdown was typed.
/// </summary>
[Collection(SshRouterCollection.Name)]
[LabTest]
public sealed class CliRemediationTests(SshRouterLab router) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => NoShutdownAsync();

    public ValueTask DisposeAsync() => NoShutdownAsync();

    private async ValueTask NoShutdownAsync()
    {
        if (router.Running)
        {
            await router.OnRouterAsync("/usr/bin/vtysh", "-c", "configure terminal", "-c", "interface eth1", "-c", "no shutdown");
        }
    }

    [Theory]
    [InlineData("frr", false, "done")]
    [InlineData("huawei-vrp", false, "failed")]
    [InlineData("frr", true, "failed")]
    public async Task A_port_shut_with_vtysh_is_enabled_from_the_cli_or_the_failure_is_recorded(string platform, bool sessionEnds, string outcome)
    {
        router.RequireRunning();
        await using var app = new SotpAppFactory();
        var api = await app.CreateBearerClientAsync();
        var device = await CreateAsync(api, "/api/v1/devices", new { name = "r1", address = router.Address.ToString(), kind = "router", platform });
        (await api.PutAsJsonAsync($"/api/v1/devices/{device}/snmp", new { version = "2c", community = router.ReadCommunity, pollIntervalSeconds = 10, timeoutMs = 1000 }, Ct))
            .EnsureSuccessStatusCode();
        var user = sessionEnds ? router.ClosingUser : router.PasswordUser; // a login whose session ends at once: broken mid-way
        (await api.PutAsJsonAsync($"/api/v1/devices/{device}/ssh", new { port = 22, user, password = router.Password }, Ct)).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync($"/api/v1/devices/{device}/ssh/trust", new { fingerprint = router.HostKeyFingerprint }, Ct)).EnsureSuccessStatusCode();
        await CreateAsync(api, "/api/v1/playbooks", new
        {
            name = "CLI no shutdown", trigger = "interface-admin-down", action = "cli-no-shutdown", scope = new { deviceIds = new[] { device }, interfacePattern = "eth1" },
            mode = "enforce", postCheckSeconds = 3,
        });
        await Eventually.WaitAsync(async () => await (await api.GetAsync($"/api/v1/devices/{device}/interfaces", Ct)).Content.ReadAsStringAsync(Ct),
            i => i.Contains("\"eth1\"", StringComparison.Ordinal), Patience);

        await router.OnRouterAsync("/usr/bin/vtysh", "-c", "configure terminal", "-c", "interface eth1", "-c", "shutdown");
        var found = await Eventually.WaitAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/v1/remediations?deviceId={device}", Ct),
            a => a.EnumerateArray().Any(x => x.GetProperty("state").GetString() is "done" or "failed"), Patience);
        var attempt = Assert.Single(found.EnumerateArray());
        Assert.Equal(outcome, attempt.GetProperty("state").GetString());
        var link = await router.OnRouterAsync(Support.LabNamespace.Ip, "-o", "link", "show", "eth1");
        if (outcome == "done")
        {
            Assert.Contains(",UP", link, StringComparison.Ordinal);
            Assert.DoesNotContain("shutdown", await router.OnRouterAsync("/usr/bin/vtysh", "-c", "show running-config"), StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(sessionEnds ? "closed the session" : "refused \"system-view\"", attempt.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain(",UP", link, StringComparison.Ordinal);
        }

        // The session is on the record as the playbook's, like a person's would be.
        var audit = (await api.GetFromJsonAsync<JsonElement>("/api/v1/audit/?q=playbook", Ct)).ToString();
        Assert.Contains("playbook:CLI no shutdown", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shutdown_the_router_logged_as_a_configuration_change_is_left_alone_when_the_playbook_says_so()
    {
        router.RequireRunning();
        await using var app = new SotpAppFactory().With("Sotp:Syslog:BindAddress", router.HostAddress.ToString());
        var api = await app.CreateBearerClientAsync();
        var device = await CreateAsync(api, "/api/v1/devices", new { name = "r1", address = router.Address.ToString(), kind = "router", platform = "frr" });
        (await api.PutAsJsonAsync($"/api/v1/devices/{device}/snmp", new { version = "2c", community = router.WriteCommunity, pollIntervalSeconds = 10, timeoutMs = 1000 }, Ct))
            .EnsureSuccessStatusCode();
        await CreateAsync(api, "/api/v1/playbooks", new
        {
            name = "Not what was typed", trigger = "interface-admin-down", action = "snmp-admin-up", scope = new { deviceIds = new[] { device }, interfacePattern = "eth1" },
            mode = "enforce", postCheckSeconds = 3, leaveConfigChanges = true,
        });
        await router.RelaySyslogToAsync(app);
        await Eventually.WaitAsync(async () => await (await api.GetAsync($"/api/v1/devices/{device}/interfaces", Ct)).Content.ReadAsStringAsync(Ct),
            i => i.Contains("\"eth1\"", StringComparison.Ordinal), Patience);

        await router.OnRouterAsync("/usr/bin/vtysh", "-c", "configure terminal", "-c", "interface eth1", "-c", "shutdown");
        var found = await Eventually.WaitAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/v1/remediations?deviceId={device}", Ct),
            a => a.GetArrayLength() > 0, Patience);
        var attempt = Assert.Single(found.EnumerateArray());
        Assert.Equal("skipped", attempt.GetProperty("state").GetString());
        Assert.Contains("configuration change (Interface shut from the CLI", attempt.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(",UP", await router.OnRouterAsync(Support.LabNamespace.Ip, "-o", "link", "show", "eth1"), StringComparison.Ordinal);
    }

    private static async Task<int> CreateAsync(HttpClient api, string path, object body)
    {
        var created = await api.PostAsJsonAsync(path, body, Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
    }
}

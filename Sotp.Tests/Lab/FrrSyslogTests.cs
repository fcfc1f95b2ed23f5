using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Collectors.Syslog;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>
/// FRR's own log lines, end to end: an engineer shuts the router's real interface with vtysh, zebra logs the commands,
/// the router's rsyslog forwards them, and SOTP files them under the router, explained.
/// </summary>
[Collection(SshRouterCollection.Name)]
[LabTest]
public sealed class FrrSyslogTests(SshRouterLab router) : IAsyncLifetime
{
    private SotpAppFactory _app = null!;
    private HttpClient _api = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _api?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_interface_shut_with_vtysh_reaches_the_routers_timeline_explained()
    {
        router.RequireRunning();
        // SOTP listens on this host's side of the router's link, where the router's syslog sends.
        _app = new SotpAppFactory().With("Sotp:Syslog:BindAddress", router.HostAddress.ToString());
        _api = await _app.CreateBearerClientAsync();
        var created = await _api.PostAsJsonAsync("/api/v1/devices",
            new { name = "r1", address = router.Address.ToString(), kind = "router", platform = "frr", monitored = false }, Ct);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
        await router.RelaySyslogToAsync(_app);

        await router.OnRouterAsync("/usr/bin/vtysh", "-c", "configure terminal", "-c", "interface eth1", "-c", "shutdown");
        Assert.DoesNotContain(",UP", await router.OnRouterAsync(LabNamespace.Ip, "-o", "link", "show", "eth1"), StringComparison.Ordinal);
        var shut = await EventAsync(id, "Interface shut from the CLI");
        Assert.Equal(("syslog", "notice", "M7Q4P-46WDR"), (shut.GetProperty("source").GetString(), shut.GetProperty("severity").GetString(),
            shut.GetProperty("code").GetString()));
        Assert.Equal("zebra", shut.GetProperty("fields").GetProperty("app").GetString());
        Assert.Contains("vty[", shut.GetProperty("raw").GetString(), StringComparison.Ordinal);

        // The line before names the interface, as it did on the router.
        var commands = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/events?deviceId={id}&q=interface%20eth1", Ct);
        Assert.Contains(commands.EnumerateArray(), e => e.GetProperty("title").GetString() == "Configuration command: interface eth1");

        await router.OnRouterAsync("/usr/bin/vtysh", "-c", "configure terminal", "-c", "interface eth1", "-c", "no shutdown");
        var enabled = await EventAsync(id, "Interface enabled from the CLI");
        Assert.NotNull(enabled.GetProperty("action").GetString());
        Assert.Contains(",UP", await router.OnRouterAsync(LabNamespace.Ip, "-o", "link", "show", "eth1"), StringComparison.Ordinal);
    }

    private async Task<JsonElement> EventAsync(int deviceId, string title)
    {
        var found = await Eventually.WaitAsync(() => _api.GetFromJsonAsync<JsonElement>($"/api/v1/events?deviceId={deviceId}&source=syslog", Ct),
            e => e.EnumerateArray().Any(x => x.GetProperty("title").GetString() == title));
        var match = found.EnumerateArray().Where(x => x.GetProperty("title").GetString() == title).ToList();
        Assert.True(match.Count > 0, $"No \"{title}\" among the router's events: {found}");
        return match[0];
    }
}

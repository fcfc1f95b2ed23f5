using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Collectors.Snmp.Agent;
using Sotp.Core.Persistence;
using Sotp.Tests.Support;

namespace Sotp.Tests.Api;

/// <summary>SNMP settings, connection test and vitals over the API, against SOTP's simulator as the device.</summary>
public sealed class SnmpApiTests : IAsyncLifetime
{
    private readonly SotpAppFactory _app = new();
    private readonly SnmpAgent _agent = new(new IPEndPoint(IPAddress.Loopback, 0),
        new SimulatedDevice("api-sim", 6, TimeProvider.System, seed: 5).Mib, "api-community-literal");
    private HttpClient _api = null!;
    private int _deviceId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _api = await _app.CreateBearerClientAsync();
        var created = await _api.PostAsJsonAsync("/api/v1/devices", new { name = "snmp-sim", address = "127.0.0.1", kind = "router", pingIntervalSeconds = 60 }, Ct);
        _deviceId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _agent.DisposeAsync();
    }

    private Task<HttpResponseMessage> PutSettingsAsync(object settings) => _api.PutAsJsonAsync($"/api/v1/devices/{_deviceId}/snmp", settings, Ct);

    [Fact]
    public async Task A_literal_community_is_stored_encrypted_and_never_returned()
    {
        var saved = await PutSettingsAsync(new { version = "2c", port = _agent.LocalEndpoint.Port, community = "api-community-literal" });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var body = await saved.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("api-community-literal", body, StringComparison.Ordinal);
        Assert.Contains("stored encrypted", body, StringComparison.Ordinal);
        Assert.DoesNotContain("api-community-literal", await _api.GetStringAsync($"/api/v1/devices/{_deviceId}/snmp", Ct), StringComparison.Ordinal);

        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SotpDbContext>>().CreateDbContextAsync(Ct);
        var stored = await db.SnmpSettings.SingleAsync(s => s.DeviceId == _deviceId, Ct);
        Assert.DoesNotContain("api-community-literal", stored.Community!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_connection_shows_the_agents_identity()
    {
        await PutSettingsAsync(new { version = "2c", port = _agent.LocalEndpoint.Port, community = "api-community-literal" });

        var test = await (await _api.PostAsync($"/api/v1/devices/{_deviceId}/snmp/test", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.True(test.GetProperty("ok").GetBoolean());
        Assert.Equal("api-sim", test.GetProperty("sysName").GetString());
        Assert.Contains("SOTP simulated router", test.GetProperty("sysDescr").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_connection_names_the_failure()
    {
        await PutSettingsAsync(new { version = "2c", port = _agent.LocalEndpoint.Port, timeoutMs = 300, retries = 0, community = "wrong-community" });

        var test = await (await _api.PostAsync($"/api/v1/devices/{_deviceId}/snmp/test", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.False(test.GetProperty("ok").GetBoolean());
        Assert.Contains("community", test.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Polls_land_as_vitals_interfaces_and_series()
    {
        await PutSettingsAsync(new { version = "2c", port = _agent.LocalEndpoint.Port, pollIntervalSeconds = 10, community = "api-community-literal" });

        var vitals = await Eventually.WaitAsync(() => _api.GetAsync($"/api/v1/devices/{_deviceId}/vitals", Ct), r => r.StatusCode == HttpStatusCode.OK);
        var body = await vitals.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.InRange(body.GetProperty("cpuPercent").GetDouble(), 0, 100);
        Assert.InRange(body.GetProperty("memoryPercent").GetDouble(), 0, 100);

        var interfaces = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/devices/{_deviceId}/interfaces", Ct);
        Assert.Equal(6, interfaces.GetArrayLength());
        Assert.Equal(("Gi0/1", "up"), (interfaces[1].GetProperty("name").GetString(), interfaces[1].GetProperty("operStatus").GetString()));

        var cpu = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/devices/{_deviceId}/metrics?series=cpu", Ct);
        Assert.True(cpu.GetArrayLength() >= 1);
    }

    [Theory]
    [InlineData("4", 10, "version")]
    [InlineData("3", 10, "user")]
    [InlineData("2c", 0, "maxRepetitions")]
    [InlineData("2c", 101, "maxRepetitions")]
    public async Task Invalid_settings_are_refused_by_field(string version, int maxRepetitions, string field)
    {
        var response = await PutSettingsAsync(new { version, port = 161, maxRepetitions, community = "api-community-literal" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_secret_reference_outside_the_allowed_places_is_refused_at_use()
    {
        await PutSettingsAsync(new { version = "2c", port = _agent.LocalEndpoint.Port, community = "secret://file/etc/shadow" });

        var test = await (await _api.PostAsync($"/api/v1/devices/{_deviceId}/snmp/test", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.False(test.GetProperty("ok").GetBoolean());
        Assert.Contains("must lie under", test.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}

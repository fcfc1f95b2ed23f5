using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sotp.Collectors.Snmp.Agent;
using Sotp.Tests.Support;

namespace Sotp.Tests.Security;

/// <summary>
/// Plants canary credentials (typed literals, and one held in a FAKE Vault) on a device, uses them, and scans
/// everything SOTP shows or writes for them: logs, API answers, the audit trail and its export, and the pages; and,
/// against a real OTLP receiver and the metrics endpoint, every exported span, log record and metric label.
/// </summary>
[Collection(nameof(MetricsCollection))]
public sealed class CanarySecretTests(AspireDashboard receiver) : IAsyncLifetime, IClassFixture<AspireDashboard>
{
    private readonly string _communityCanary = "canary-community-" + Guid.NewGuid().ToString("N");
    private readonly string _authCanary = "canary-auth-" + Guid.NewGuid().ToString("N");
    private readonly string _vaultCanary = "canary-vault-" + Guid.NewGuid().ToString("N");
    private readonly TempDirectory _vaultFiles = new("sotp-canary");
    private readonly FakeVaultServer _vault = new(new FakeTimeProvider(DateTimeOffset.UtcNow));
    private SnmpAgent _agent = null!;
    private SotpAppFactory _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string[] Canaries => [_communityCanary, _authCanary, _vaultCanary];

    public async ValueTask InitializeAsync()
    {
        await _vault.StartAsync();
        _vault.Secrets["secret/network/canary"] = new() { ["priv"] = _vaultCanary };
        File.WriteAllText(_vaultFiles.File("role-id"), _vault.RoleId);
        File.WriteAllText(_vaultFiles.File("secret-id"), _vault.SecretId);
        _agent = new SnmpAgent(new IPEndPoint(IPAddress.Loopback, 0), new SimulatedDevice("canary-sim", 4, TimeProvider.System, seed: 9).Mib, _communityCanary);
        _app = new SotpAppFactory()
            .With("Sotp:Secrets:Vault:Address", _vault.Address.ToString())
            .With("Sotp:Secrets:Vault:AuthMethod", "AppRole")
            .With("Sotp:Secrets:Vault:RoleIdFile", _vaultFiles.File("role-id"))
            .With("Sotp:Secrets:Vault:SecretIdFile", _vaultFiles.File("secret-id"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _agent.DisposeAsync();
        await _vault.DisposeAsync();
        _vaultFiles.Dispose();
    }

    private void AssertNoCanary(string where, string text)
    {
        foreach (var canary in Canaries)
        {
            Assert.False(text.Contains(canary, StringComparison.Ordinal), $"a planted secret showed up in {where}");
        }
    }

    // Plants the canaries on a device and uses them: a v2c community that works, a v3 auth key and a Vault privacy key that fail.
    private async Task<(HttpClient Api, int DeviceId, List<string> Answers)> UseCanariesAsync()
    {
        var api = await _app.CreateBearerClientAsync();
        var device = await (await api.PostAsJsonAsync("/api/v1/devices", new { name = "canary-rtr", address = "127.0.0.1", kind = "router" }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = device.GetProperty("id").GetInt32();
        var answers = new List<string>();
        Task<string> Read(HttpResponseMessage response) => ReadAsync(answers, response);

        // A v2c community that works, then v3 with a typed auth key and a privacy key from Vault (the agent is v2c
        // only, so v3 fails: the failure message must not carry the keys either).
        await Read(await api.PutAsJsonAsync($"/api/v1/devices/{id}/snmp", new { version = "2c", port = _agent.LocalEndpoint.Port, community = _communityCanary }, Ct));
        var test = await Read(await api.PostAsync($"/api/v1/devices/{id}/snmp/test", null, Ct));
        Assert.Contains("canary-sim", test, StringComparison.Ordinal);
        await Read(await api.PutAsJsonAsync($"/api/v1/devices/{id}/snmp", new
        {
            version = "3", port = _agent.LocalEndpoint.Port, timeoutMs = 300, retries = 0, user = "canary-user",
            authProtocol = "SHA-256", authKey = _authCanary, privProtocol = "AES", privKey = "secret://vault/secret/network/canary#priv",
        }, Ct));
        var failed = await Read(await api.PostAsync($"/api/v1/devices/{id}/snmp/test", null, Ct));
        Assert.Contains("\"ok\":false", failed, StringComparison.Ordinal);
        Assert.True(_vault.Reads > 0, "the Vault secret was never used");

        return (api, id, answers);
    }

    private static async Task<string> ReadAsync(List<string> answers, HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        answers.Add(text);
        return text;
    }

    [Fact]
    public async Task Planted_credentials_never_show_in_logs_api_answers_audit_or_pages()
    {
        var (api, id, answers) = await UseCanariesAsync();
        Task Read(HttpResponseMessage response) => ReadAsync(answers, response);
        await Read(await api.GetAsync($"/api/v1/devices/{id}/snmp", Ct));
        await Read(await api.GetAsync($"/api/v1/devices/{id}", Ct));
        await Read(await api.GetAsync("/api/v1/audit?pageSize=500", Ct));
        await Read(await api.GetAsync("/api/v1/audit/export", Ct));
        await Read(await api.GetAsync("/api/v1/devices/export", Ct));

        var browser = new SignInPage(_app);
        Assert.StartsWith("redirect:", await browser.PostAsync("admin", _app.AdminPassword!), StringComparison.Ordinal);
        foreach (var page in new[] { "/", "/devices", $"/devices/{id}", "/audit" })
        {
            var response = await browser.Client.GetAsync(page, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertNoCanary($"page {page}", await response.Content.ReadAsStringAsync(Ct));
        }

        for (var i = 0; i < answers.Count; i++)
        {
            AssertNoCanary($"API answer {i}", answers[i]);
        }

        AssertNoCanary("the logs", string.Join("\n", _app.Logs.Lines));
    }

    [LabTest]
    [Fact]
    public async Task Planted_credentials_never_reach_an_exported_span_log_record_or_metric_label()
    {
        receiver.RequireRunning();
        _app.With("Sotp:Observability:OtlpEndpoint", receiver.OtlpGrpc.ToString())
            .With("Sotp:Observability:MetricsPort", "0")
            .With("Sotp:Observability:MetricsBindAddress", "127.0.0.1");
        var (api, id, _) = await UseCanariesAsync();
        var poll = await (await api.PostAsync($"/api/v1/devices/{id}/poll", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        // The poll's trace holds SNMP spans, which name PDUs and counts; its logs arrived.
        var traceId = poll.GetProperty("traceId").GetString()!;
        var polled = await Eventually.WaitAsync(() => receiver.TraceAsync(traceId), t => t.Any(x => x.Name.StartsWith("snmp ", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
        var spans = polled.Concat(await receiver.AllSpansAsync()).ToList();
        var logs = await Eventually.WaitAsync(receiver.LogsAsync, l => l.Contains(traceId, StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(30));
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(_app.Services.GetRequiredService<Sotp.Console.Hosting.ManagementServer>().MetricsAddress!, Ct);

        Assert.Contains(polled, s => s.Attributes.ContainsKey("snmp.pdu_type"));
        Assert.Contains("sotp_device_state{", metrics, StringComparison.Ordinal);
        AssertNoCanary("the exported spans", string.Join("\n", spans.Select(s => s.Json)));
        AssertNoCanary("the exported log records", logs);
        AssertNoCanary("the metrics", metrics);
    }
}

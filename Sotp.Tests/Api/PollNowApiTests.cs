using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sotp.Collectors.Snmp.Agent;
using Sotp.Core.Security;
using Sotp.Tests.Support;

namespace Sotp.Tests.Api;

/// <summary><c>POST /api/v1/devices/{id}/poll</c>: the device is pinged and polled now, and the answer names the trace.</summary>
public sealed class PollNowApiTests : IAsyncLifetime
{
    private readonly SotpAppFactory _app = new();
    private readonly SnmpAgent _agent = new(new IPEndPoint(IPAddress.Loopback, 0),
        new SimulatedDevice("poll-sim", 3, TimeProvider.System, seed: 9).Mib, "poll-community-literal");
    private HttpClient _api = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _api = await _app.CreateBearerClientAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _agent.DisposeAsync();
    }

    private async Task<int> CreateAsync(string name, bool monitored = true)
    {
        var created = await _api.PostAsJsonAsync("/api/v1/devices",
            new { name, address = "127.0.0.1", kind = "router", monitored, pingIntervalSeconds = 3600 }, Ct);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
    }

    private async Task<DateTimeOffset> PolledAtAsync(int id, DateTimeOffset after)
    {
        async Task<DateTimeOffset?> ReadAsync()
        {
            var response = await _api.GetAsync($"/api/v1/devices/{id}/vitals", Ct);
            return response.StatusCode == HttpStatusCode.OK
                ? (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("polledAt").GetDateTimeOffset()
                : null;
        }

        return (await Eventually.WaitAsync(ReadAsync, at => at > after))!.Value;
    }

    [Fact]
    public async Task Each_poll_now_reads_the_device_again_and_answers_with_its_trace()
    {
        var id = await CreateAsync("poll-rtr");
        // Hourly polls: whatever the schedule does, it cannot poll twice during this test.
        (await _api.PutAsJsonAsync($"/api/v1/devices/{id}/snmp",
            new { version = "2c", port = _agent.LocalEndpoint.Port, pollIntervalSeconds = 3600, community = "poll-community-literal" }, Ct)).EnsureSuccessStatusCode();

        var first = await _api.PostAsync($"/api/v1/devices/{id}/poll", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal($"/api/v1/devices/{id}/status", first.Headers.Location?.OriginalString);
        var body = await first.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Matches("^[0-9a-f]{32}$", body.GetProperty("traceId").GetString());
        var polledAt = await PolledAtAsync(id, DateTimeOffset.MinValue);

        var second = await _api.PostAsync($"/api/v1/devices/{id}/poll", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.NotEqual(body.GetProperty("traceId").GetString(), (await second.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("traceId").GetString());
        Assert.True(await PolledAtAsync(id, polledAt) > polledAt);

        // The ping ran too: the device is judged on its answer.
        await Eventually.WaitAsync(() => _api.GetFromJsonAsync<JsonElement>($"/api/v1/devices/{id}/status", Ct),
            s => s.GetProperty("state").GetString() == "Up");
    }

    [Fact]
    public async Task A_device_that_is_not_monitored_or_does_not_exist_is_refused()
    {
        var id = await CreateAsync("poll-off", monitored: false);

        var off = await _api.PostAsync($"/api/v1/devices/{id}/poll", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, off.StatusCode);
        var problem = await off.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("not monitored", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{32}$", problem.GetProperty("traceId").GetString()); // the error names its trace
        Assert.Equal(HttpStatusCode.NotFound, (await _api.PostAsync("/api/v1/devices/999999/poll", null, Ct)).StatusCode);
    }

    [Theory]
    [InlineData("00-zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz-00f067aa0ba902b7-01")]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-01\r\nX-Injected: 1")]
    [InlineData("garbage")]
    public async Task A_malformed_traceparent_is_ignored_for_a_new_trace_and_never_echoed(string traceparent)
    {
        var id = await CreateAsync("poll-bad-tp");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/devices/{id}/poll");
        request.Headers.TryAddWithoutValidation("traceparent", traceparent);

        var response = await _api.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        var traceId = JsonDocument.Parse(body).RootElement.GetProperty("traceId").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        Assert.NotEqual("00000000000000000000000000000000", traceId);
        Assert.NotEqual("4bf92f3577b34da6a3ce929d0e0e4736", traceId);
        Assert.DoesNotContain("zzzz", body, StringComparison.Ordinal);
        Assert.DoesNotContain(response.Headers, h => h.Key.Contains("trace", StringComparison.OrdinalIgnoreCase) || h.Key.StartsWith("X-Injected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reader_may_not_poll()
    {
        var id = await CreateAsync("poll-read");
        var password = await _app.CreateUserAsync("poll.auditor", SotpRoles.Auditor);
        var auditor = await _app.CreateBearerClientAsync("poll.auditor", password);

        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsync($"/api/v1/devices/{id}/poll", null, Ct)).StatusCode);
    }
}

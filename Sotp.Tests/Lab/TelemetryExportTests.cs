using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sotp.Collectors.Snmp.Agent;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>
/// SOTP's own traces reach a real OTLP receiver (the Aspire Dashboard): a request is one trace from the API
/// through the database to the SNMP requests it made, with the right parents and no secret in any attribute,
/// a sampled sweep carries its ICMP probes under Quartz's job span, and the cluster bus carries a trace on to
/// the other processes.
/// </summary>
[LabTest]
public sealed class TelemetryExportTests(AspireDashboard receiver, PostgresServer postgres) : IClassFixture<AspireDashboard>, IClassFixture<PostgresServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Saving_and_testing_snmp_through_the_api_is_traced_from_the_request_to_the_database_and_the_snmp_requests_with_its_logs()
    {
        receiver.RequireRunning();
        await using var agent = new SnmpAgent(new IPEndPoint(IPAddress.Loopback, 0), new SimulatedDevice("otel-sim", 2, TimeProvider.System, 4).Mib, "otel-community");
        await using var app = new SotpAppFactory().With("Sotp:Observability:OtlpEndpoint", receiver.OtlpGrpc.ToString());
        var api = await app.CreateBearerClientAsync();
        var created = await api.PostAsJsonAsync("/api/v1/devices", new { name = "otel-rtr", address = "127.0.0.1", kind = "router", pingIntervalSeconds = 60 }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();

        // The caller's trace context is continued, so the test knows the trace id before the spans arrive.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        async Task SendAsync(HttpMethod method, string path, object? body)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            TraceParent.Add(request, traceId);
            (await api.SendAsync(request, Ct)).EnsureSuccessStatusCode();
        }

        await SendAsync(HttpMethod.Put, $"/api/v1/devices/{id}/snmp", new { version = "2c", port = agent.LocalEndpoint.Port, community = "otel-community" });
        await SendAsync(HttpMethod.Post, $"/api/v1/devices/{id}/snmp/test", null);

        var spans = await Eventually.WaitAsync(() => receiver.TraceAsync(traceId),
            s => s.Count(x => x.Source == "Microsoft.AspNetCore") == 2 && s.Any(x => x.Name.StartsWith("snmp ", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));

        var test = Assert.Single(spans, s => s.Source == "Microsoft.AspNetCore" && s.Name.EndsWith("snmp/test", StringComparison.Ordinal));
        var save = Assert.Single(spans, s => s.Source == "Microsoft.AspNetCore" && s.Name.StartsWith("PUT ", StringComparison.Ordinal));
        var snmp = spans.Where(s => s.Source == "Sotp" && s.Name.StartsWith("snmp ", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(snmp);
        Assert.All(snmp, s =>
        {
            Assert.True(DescendsFrom(s, test, spans), $"{s.Name} is not under the request's span");
            Assert.Equal("127.0.0.1", s.Attributes["network.peer.address"]);
            Assert.NotNull(s.Attributes["snmp.oid_count"]);
        });
        Assert.Contains(snmp, s => s.Attributes["snmp.pdu_type"] == "GetRequest");
        var database = spans.Where(s => s.Source.Contains("EntityFrameworkCore", StringComparison.Ordinal)).ToArray();
        Assert.Contains(database, s => DescendsFrom(s, save, spans));
        Assert.Contains(database, s => DescendsFrom(s, test, spans));

        // The audit line the save wrote arrived as a log record of the same trace; the community is nowhere.
        var logs = await Eventually.WaitAsync(receiver.LogsAsync, l => l.Contains(traceId, StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(30));
        Assert.Contains(traceId, logs, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("otel-community", logs, StringComparison.Ordinal);
        Assert.All(spans, s => Assert.DoesNotContain("otel-community", s.Json, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sampled_sweep_carries_its_icmp_probes_under_the_quartz_job()
    {
        receiver.RequireRunning();
        await using var app = new SotpAppFactory()
            .With("Sotp:Observability:OtlpEndpoint", receiver.OtlpGrpc.ToString())
            .With("Sotp:Observability:SamplingRatio", "1")
            .With("Sotp:Reachability:DefaultIntervalSeconds", "1");
        var api = await app.CreateBearerClientAsync();
        (await api.PostAsJsonAsync("/api/v1/devices", new { name = "otel-ping", address = "127.0.94.77", kind = "router" }, Ct)).EnsureSuccessStatusCode();

        var spans = await Eventually.WaitAsync(receiver.AllSpansAsync,
            s => s.Any(x => x.Name == "icmp echo" && x.Attributes.GetValueOrDefault("network.peer.address") == "127.0.94.77"), TimeSpan.FromSeconds(30));

        var probe = spans.First(s => s.Name == "icmp echo" && s.Attributes.GetValueOrDefault("network.peer.address") == "127.0.94.77");
        var job = spans.Single(s => s.SpanId == probe.ParentSpanId);
        Assert.Equal("Quartz", job.Source);
        Assert.NotNull(probe.Attributes["sotp.icmp.rtt_ms"]);
    }

    [Fact]
    public async Task A_change_made_on_one_console_is_applied_on_another_in_the_same_trace()
    {
        receiver.RequireRunning();
        postgres.RequireRunning();
        SotpAppFactory Console() => new SotpAppFactory()
            .With("Sotp:Database:Provider", "PostgreSql")
            .With("ConnectionStrings:Sotp", postgres.ConnectionString("sotp_traced_bus"))
            .With("Sotp:Roles", "Console")
            .With("Sotp:Observability:OtlpEndpoint", receiver.OtlpGrpc.ToString());
        await using var first = Console();
        var api = await first.CreateBearerClientAsync();
        await using var second = Console();
        _ = second.Services; // started: it listens on the bus

        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/devices")
        {
            Content = JsonContent.Create(new { name = "traced-rtr", address = "127.0.94.78", kind = "router" }),
        };
        TraceParent.Add(request, traceId);
        (await api.SendAsync(request, Ct)).EnsureSuccessStatusCode();

        var spans = await Eventually.WaitAsync(() => receiver.TraceAsync(traceId),
            s => s.Any(x => x.Name == "cluster apply DeviceSaved"), TimeSpan.FromSeconds(30));
        var server = Assert.Single(spans, s => s.Source == "Microsoft.AspNetCore");
        var applied = Assert.Single(spans, s => s.Name == "cluster apply DeviceSaved");
        Assert.True(DescendsFrom(applied, server, spans), "the other console's span is not under the request that made the change");
    }

    [Fact]
    public async Task Poll_now_is_one_trace_from_the_request_through_the_job_the_probes_and_the_saved_readings()
    {
        receiver.RequireRunning();
        await using var agent = new SnmpAgent(new IPEndPoint(IPAddress.Loopback, 0), new SimulatedDevice("poll-sim", 2, TimeProvider.System, 4).Mib, "poll-community");
        await using var app = new SotpAppFactory().With("Sotp:Observability:OtlpEndpoint", receiver.OtlpGrpc.ToString());
        var api = await app.CreateBearerClientAsync();
        var id = await CreatePolledDeviceAsync(api, "poll-rtr", agent, "poll-community");

        var answer = await (await api.PostAsync($"/api/v1/devices/{id}/poll", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var traceId = answer.GetProperty("traceId").GetString()!;

        var spans = await Eventually.WaitAsync(() => receiver.TraceAsync(traceId),
            s => s.Any(x => x.Name == "save metric samples") && s.Any(x => x.Name == "icmp echo"), TimeSpan.FromSeconds(30));
        var request = Assert.Single(spans, s => s.Source == "Microsoft.AspNetCore");
        Assert.Equal("POST", request.Attributes["http.request.method"]);
        var job = Assert.Single(spans, s => s.Name == "poll now");
        Assert.Equal(request.SpanId, job.ParentSpanId);
        Assert.Equal("admin", job.Attributes["enduser.id"]);
        Assert.Equal(job.SpanId, Assert.Single(spans, s => s.Name == "icmp echo").ParentSpanId);
        var snmp = spans.Where(s => s.Name.StartsWith("snmp ", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(snmp);
        Assert.All(snmp, s => Assert.True(DescendsFrom(s, job, spans), $"{s.Name} is not under the job"));
        // The readings the poll queued are saved in the same trace, the database commands under the save.
        var save = spans.First(s => s.Name == "save metric samples");
        Assert.Contains(spans, s => s.Source.Contains("EntityFrameworkCore", StringComparison.Ordinal) && DescendsFrom(s, save, spans));
        Assert.Contains(spans, s => s.Source.Contains("EntityFrameworkCore", StringComparison.Ordinal) && DescendsFrom(s, job, spans));

        var logs = await Eventually.WaitAsync(receiver.LogsAsync, l => l.Contains(traceId, StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(30));
        Assert.Contains("Poll now of device", logs, StringComparison.Ordinal);
        Assert.All(spans, s => Assert.DoesNotContain("poll-community", s.Json, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Poll_now_on_a_console_that_does_not_collect_runs_on_the_collector_in_the_same_trace()
    {
        receiver.RequireRunning();
        postgres.RequireRunning();
        await using var agent = new SnmpAgent(new IPEndPoint(IPAddress.Loopback, 0), new SimulatedDevice("bus-sim", 2, TimeProvider.System, 4).Mib, "bus-community");
        SotpAppFactory Node(string roles) => new SotpAppFactory()
            .With("Sotp:Database:Provider", "PostgreSql")
            .With("ConnectionStrings:Sotp", postgres.ConnectionString("sotp_traced_poll"))
            .With("Sotp:Roles", roles)
            .With("Sotp:Observability:OtlpEndpoint", receiver.OtlpGrpc.ToString());
        await using var console = Node("Console");
        var api = await console.CreateBearerClientAsync();
        await using var collector = Node("Collectors");
        _ = collector.Services;
        var id = await CreatePolledDeviceAsync(api, "bus-poll-rtr", agent, "bus-community");

        // Asked until the collector has taken its share of the devices; every ask is in the test's trace.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var spans = await Eventually.WaitAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/devices/{id}/poll");
            TraceParent.Add(request, traceId);
            Assert.Equal(HttpStatusCode.Accepted, (await api.SendAsync(request, Ct)).StatusCode);
            return await receiver.TraceAsync(traceId);
        }, s => s.Any(x => x.Name == "poll now") && s.Any(x => x.Name.StartsWith("snmp ", StringComparison.Ordinal)), TimeSpan.FromSeconds(60));

        var job = spans.First(s => s.Name == "poll now");
        var applied = spans.Single(s => s.SpanId == job.ParentSpanId);
        Assert.Equal("cluster apply PollRequested", applied.Name);
        Assert.Contains(spans, s => s.Source == "Microsoft.AspNetCore" && DescendsFrom(job, s, spans));
    }

    private static async Task<int> CreatePolledDeviceAsync(HttpClient api, string name, SnmpAgent agent, string community)
    {
        var created = await api.PostAsJsonAsync("/api/v1/devices", new { name, address = "127.0.0.1", kind = "router", pingIntervalSeconds = 3600 }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
        (await api.PutAsJsonAsync($"/api/v1/devices/{id}/snmp", new { version = "2c", port = agent.LocalEndpoint.Port, pollIntervalSeconds = 3600, community }, Ct))
            .EnsureSuccessStatusCode();
        return id;
    }

    private static bool DescendsFrom(ReceivedSpan span, ReceivedSpan ancestor, IReadOnlyList<ReceivedSpan> trace)
    {
        for (var current = span; current.ParentSpanId is { Length: > 0 } parent;)
        {
            if (parent == ancestor.SpanId)
            {
                return true;
            }

            current = trace.FirstOrDefault(s => s.SpanId == parent);
            if (current is null)
            {
                return false;
            }
        }

        return false;
    }
}

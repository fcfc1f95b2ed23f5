using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Collectors.Syslog;
using Sotp.Console.Hosting;
using Sotp.Tests.Support;

namespace Sotp.Tests.Lab;

/// <summary>
/// SOTP's metrics as a real Prometheus scrapes them from the management port: every PromQL expression of every
/// Grafana dashboard runs against it (a renamed metric or a typo fails), the network's series exist for the demo
/// devices and for a device that is down, label values with quotes, backslashes and non-ASCII arrive exactly, and
/// every SOTP metric name is in the README.
/// </summary>
[LabTest]
[Collection(nameof(MetricsCollection))]
public sealed partial class PrometheusMetricsTests(AspireDashboard receiver) : IClassFixture<AspireDashboard>
{
    /// <summary>Counters that appear with their first event (a misfire, a failed export, a dropped span, bus traffic on PostgreSQL).</summary>
    private static readonly HashSet<string> FirstEventOnly =
    [
        "sotp_job_misfires_total", "sotp_telemetry_export_failures_total", "otel_sdk_processor_span_processed_total",
        "sotp_bus_lag_seconds_bucket", "sotp_circuits_open", "sotp_syslog_dropped_total", "sotp_syslog_refused_total",
        "sotp_traps_received_total", "sotp_traps_dropped_total", "sotp_traps_refused_total",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SotpAppFactory App() => new SotpAppFactory()
        .With("Sotp:Demo:Enabled", "true")
        .With("Sotp:Observability:MetricsPort", "0")
        .With("Sotp:Observability:MetricsBindAddress", "127.0.0.1")
        .With("Sotp:Reachability:DefaultIntervalSeconds", "1");

    private static Uri MetricsOf(SotpAppFactory app) => app.Services.GetRequiredService<ManagementServer>().MetricsAddress!;

    [Fact]
    public async Task Every_dashboard_query_runs_against_prometheus_scraping_sotp_and_the_network_panels_have_series()
    {
        SilentLoopbackHosts.Require();
        await using var silent = new SilentLoopbackHosts();
        await silent.SilenceAsync("127.0.95.9");
        await using var app = App();
        var api = await app.CreateBearerClientAsync();
        (await api.PostAsJsonAsync("/api/v1/devices", new { name = "prom-down", address = "127.0.95.9", kind = "router", site = "far" }, Ct)).EnsureSuccessStatusCode();
        await using var prometheus = await PrometheusServer.StartAsync(MetricsOf(app));
        // One syslog line no catalogue entry knows: the ingest panels have their first series.
        var syslog = await Eventually.WaitAsync(() => Task.FromResult(app.Services.GetRequiredService<SyslogService>().Receiver!), r => r is not null);
        using (var sender = new UdpClient(AddressFamily.InterNetwork))
        {
            await sender.SendAsync("<13>Nov 29 10:00:00 prom-host someapp: hello"u8.ToArray(), syslog.Endpoints[SyslogTransport.Udp], Ct);
        }

        // The demo devices' interfaces need two polls for a rate, and the silenced device three lost pings.
        await Eventually.WaitAsync(() => prometheus.SeriesAsync("rate(sotp_interface_received_bytes_total[1m]) > 0 and on() (sum(sotp_device_state{state=\"down\"}) > 0)"),
            s => s.Count > 0, TimeSpan.FromSeconds(90));
        var names = await prometheus.MetricNamesAsync();

        var queries = Dashboards().SelectMany(d => d.Queries).ToList();
        Assert.True(queries.Count >= 25, $"only {queries.Count} queries found in the dashboards");
        var failures = new List<string>();
        foreach (var (panel, expr) in queries)
        {
            var promQl = Substitute(expr);
            var (data, error) = await prometheus.QueryAsync(promQl);
            if (error is not null)
            {
                failures.Add($"{panel}: {error} in {promQl}");
                continue;
            }

            foreach (var name in MetricName().Matches(Grouping().Replace(expr, "")).Select(m => m.Value).Distinct().Where(n => !names.Contains(n) && !FirstEventOnly.Contains(n)))
            {
                failures.Add($"{panel}: no metric {name} in Prometheus");
            }

            // A network panel without a filter of its own must show something for the demo devices.
            if ((expr.Contains("sotp_device", StringComparison.Ordinal) || expr.Contains("sotp_interface", StringComparison.Ordinal))
                && !expr.StartsWith("label_values", StringComparison.Ordinal)
                && data!.Value.GetProperty("result").GetArrayLength() == 0 && !expr.Contains("== 0)", StringComparison.Ordinal))
            {
                failures.Add($"{panel}: no series from {promQl}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        var down = await prometheus.SeriesAsync("sotp_device_state{state=\"down\"} == 1");
        Assert.Equal("prom-down", Assert.Single(down).GetProperty("metric").GetProperty("device").GetString());
    }

    [Fact]
    public async Task Label_values_with_quotes_backslashes_newlines_and_non_ascii_reach_prometheus_exactly()
    {
        const string site = "Lab \"north\" \\ Zürich\nrack 7 · 東京";
        await using var app = App().With("Sotp:Demo:Enabled", "false");
        var api = await app.CreateBearerClientAsync();
        (await api.PostAsJsonAsync("/api/v1/devices", new { name = "esc-rtr", address = "127.0.0.1", kind = "router", site }, Ct)).EnsureSuccessStatusCode();
        await using var prometheus = await PrometheusServer.StartAsync(MetricsOf(app));

        var series = await Eventually.WaitAsync(() => prometheus.SeriesAsync("sotp_device_state{device=\"esc-rtr\",state=\"up\"}"), s => s.Count > 0, TimeSpan.FromSeconds(30));

        Assert.Equal(("up", ""), await prometheus.TargetAsync());
        Assert.Equal(site, Assert.Single(series).GetProperty("metric").GetProperty("site").GetString());
    }

    [Fact]
    public async Task The_management_port_asks_for_its_token_and_serves_only_metrics_and_the_console_port_serves_no_metrics()
    {
        var token = TestSecrets.NewPassword();
        await using var app = App().With("Sotp:Demo:Enabled", "false").With("Sotp:Observability:MetricsToken", token);
        var metrics = MetricsOf(app);
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(metrics, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(metrics, "/api/v1/devices"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(metrics, "/"), Ct)).StatusCode);
        var console = await app.CreateClient().GetAsync("/metrics", Ct);
        Assert.DoesNotContain("sotp_", await console.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        await using var prometheus = await PrometheusServer.StartAsync(metrics, token);
        var up = await Eventually.WaitAsync(prometheus.TargetAsync, t => t.Health != "unknown", TimeSpan.FromSeconds(30));
        Assert.Equal(("up", ""), up);
        await using var wrong = await PrometheusServer.StartAsync(metrics, "not-the-token");
        var refused = await Eventually.WaitAsync(wrong.TargetAsync, t => t.Health != "unknown", TimeSpan.FromSeconds(30));
        Assert.Equal("down", refused.Health);
        Assert.Contains("401", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_latency_exemplar_in_prometheus_names_a_trace_the_receiver_holds()
    {
        receiver.RequireRunning();
        await using var app = App().With("Sotp:Demo:Enabled", "false").With("Sotp:Observability:OtlpEndpoint", receiver.OtlpGrpc.ToString());
        var api = await app.CreateBearerClientAsync();
        await using var prometheus = await PrometheusServer.StartAsync(MetricsOf(app));

        var exemplars = await Eventually.WaitAsync(async () =>
        {
            (await api.GetAsync("/api/v1/devices", Ct)).EnsureSuccessStatusCode();
            return await prometheus.ExemplarTraceIdsAsync("http_server_request_duration_seconds_bucket");
        }, e => e.Count > 0, TimeSpan.FromSeconds(60));

        var spans = await Eventually.WaitAsync(() => receiver.TraceAsync(exemplars[^1]), s => s.Count > 0, TimeSpan.FromSeconds(30));
        Assert.Contains(spans, s => s.Source == "Microsoft.AspNetCore");
    }

    [Fact]
    public async Task Every_sotp_metric_name_is_listed_in_the_readme()
    {
        await using var app = App();
        await Eventually.WaitAsync(async () => await new HttpClient().GetStringAsync(MetricsOf(app), Ct),
            text => text.Contains("sotp_interface_received_bytes_total{", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        var exposed = SotpFamily().Matches(await new HttpClient().GetStringAsync(MetricsOf(app), Ct)).Select(m => m.Groups[1].Value).ToHashSet();
        var readme = await File.ReadAllTextAsync(RepositoryFiles.Path("README.md"), Ct);

        Assert.Contains("sotp_device_up", exposed);
        Assert.All(exposed.Concat(FirstEventOnly.Where(n => n.StartsWith("sotp_", StringComparison.Ordinal))),
            name => Assert.Contains($"`{Regex.Replace(name, "_(bucket|count|sum)$", "")}`", readme, StringComparison.Ordinal));
    }

    private static IEnumerable<(string Title, List<(string Panel, string Expr)> Queries)> Dashboards()
    {
        foreach (var file in Directory.GetFiles(RepositoryFiles.Path("helm", "sotp", "dashboards"), "*.json"))
        {
            var dashboard = JsonDocument.Parse(File.ReadAllText(file)).RootElement;
            var queries = new List<(string, string)>();
            foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
            {
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    if (target.GetProperty("datasource").GetProperty("type").GetString() == "prometheus")
                    {
                        queries.Add((panel.GetProperty("title").GetString()!, target.GetProperty("expr").GetString()!));
                    }
                }
            }

            foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray().Where(v => v.GetProperty("type").GetString() == "query"))
            {
                // label_values(metric, label) is Grafana's; Prometheus is asked for the metric itself.
                var query = variable.GetProperty("query").GetProperty("query").GetString()!;
                queries.Add(($"variable {variable.GetProperty("name").GetString()}", LabelValues().Match(query).Groups[1].Value));
            }

            yield return (dashboard.GetProperty("title").GetString()!, queries);
        }
    }

    // Grafana's variables as a dashboard with "All" selected would send them.
    private static string Substitute(string expr) => expr
        .Replace("$site", ".*", StringComparison.Ordinal).Replace("$kind", ".*", StringComparison.Ordinal)
        .Replace("$__rate_interval", "1m", StringComparison.Ordinal).Replace("$__range", "5m", StringComparison.Ordinal)
        .Replace("$__interval", "15s", StringComparison.Ordinal);

    [GeneratedRegex(@"\b(?:sotp|http|otel|microsoft|aspnetcore|kestrel|dotnet)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    // Label names (in by/on clauses, matchers and strings) look like metric names: they are taken out first.
    [GeneratedRegex(@"\b(?:by|on|without|ignoring)\s*\([^)]*\)|\{[^}]*\}|""[^""]*""")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"^label_values\((\w+),")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"^# TYPE (sotp_[a-z0-9_]+) ", RegexOptions.Multiline)]
    private static partial Regex SotpFamily();
}

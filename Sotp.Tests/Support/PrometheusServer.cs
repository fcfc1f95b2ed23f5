using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sotp.Tests.Support;

/// <summary>
/// A real Prometheus (Debian package prometheus) on a free loopback port, scraping one target every second, with
/// its configuration and data in a temp folder of its own. Stopped by its PID.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly TempDirectory _folder = new("sotp-prometheus");
    private readonly HttpClient _api;
    private Process? _process;

    private PrometheusServer(int port) => _api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

    public static string? Executable => LabRequirement.FindExecutable("/usr/bin/prometheus");

    /// <summary>Starts Prometheus scraping <paramref name="target"/> (…/metrics), with a bearer token when given.</summary>
    public static async Task<PrometheusServer> StartAsync(Uri target, string? bearerToken = null)
    {
        LabRequirement.Require(Executable is not null, "prometheus (Debian package prometheus) not found");
        var server = new PrometheusServer(LabProcess.FreeLoopbackPort());
        var auth = "";
        if (bearerToken is not null)
        {
            var tokenFile = server._folder.File("token");
            await File.WriteAllTextAsync(tokenFile, bearerToken);
            auth = $"    authorization:\n      credentials_file: {tokenFile}\n";
        }

        var config = server._folder.File("prometheus.yml");
        await File.WriteAllTextAsync(config,
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n" +
            $"scrape_configs:\n  - job_name: sotp\n    metrics_path: {target.AbsolutePath}\n{auth}" +
            $"    static_configs:\n      - targets: ['{target.Authority}']\n");
        server._process = Process.Start(new ProcessStartInfo(Executable!)
        {
            ArgumentList =
            {
                $"--config.file={config}", $"--storage.tsdb.path={server._folder.File("data")}",
                $"--web.listen-address={server._api.BaseAddress!.Authority}", "--log.level=warn", "--enable-feature=exemplar-storage",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        server._process!.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await Eventually.WaitAsync(async () =>
        {
            try
            {
                return (await server._api.GetAsync("/-/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, ready => ready || server._process.HasExited, TimeSpan.FromSeconds(30));
        LabRequirement.Require(!server._process.HasExited, "prometheus exited at start");
        return server;
    }

    /// <summary>Runs an instant query; the response's <c>data</c>, or the error Prometheus gave.</summary>
    public async Task<(JsonElement? Data, string? Error)> QueryAsync(string promQl)
    {
        using var response = await _api.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promQl)}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("status").GetString() == "success"
            ? (body.GetProperty("data"), null)
            : (null, body.TryGetProperty("error", out var error) ? error.GetString() : response.StatusCode.ToString());
    }

    /// <summary>The series an instant query returns (vector results).</summary>
    public async Task<IReadOnlyList<JsonElement>> SeriesAsync(string promQl)
    {
        var (data, error) = await QueryAsync(promQl);
        Assert.True(error is null, $"{promQl}: {error}");
        return data!.Value.GetProperty("result") is { ValueKind: JsonValueKind.Array } result ? [.. result.EnumerateArray()] : [];
    }

    /// <summary>The trace ids of the exemplars Prometheus stored for a series selector over the last ten minutes.</summary>
    public async Task<IReadOnlyList<string>> ExemplarTraceIdsAsync(string selector)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var body = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/query_exemplars?query={Uri.EscapeDataString(selector)}&start={now - 600}&end={now + 60}");
        return [.. body.GetProperty("data").EnumerateArray().SelectMany(s => s.GetProperty("exemplars").EnumerateArray())
            .Select(e => e.GetProperty("labels").TryGetProperty("trace_id", out var id) ? id.GetString()! : "").Where(id => id.Length > 0)];
    }

    /// <summary>Every metric name Prometheus has stored.</summary>
    public async Task<IReadOnlySet<string>> MetricNamesAsync() =>
        (await _api.GetFromJsonAsync<JsonElement>("/api/v1/label/__name__/values")).GetProperty("data").EnumerateArray().Select(e => e.GetString()!).ToHashSet();

    /// <summary>The scrape target's health ("up", "down", "unknown") and last error.</summary>
    public async Task<(string Health, string Error)> TargetAsync()
    {
        var targets = (await _api.GetFromJsonAsync<JsonElement>("/api/v1/targets")).GetProperty("data").GetProperty("activeTargets");
        return targets.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } first
            ? (first.GetProperty("health").GetString()!, first.GetProperty("lastError").GetString()!)
            : ("unknown", ""); // the configuration is still being read
    }

    public async ValueTask DisposeAsync()
    {
        await LabProcess.StopAsync(_process);
        _api.Dispose();
        _folder.Dispose();
    }
}

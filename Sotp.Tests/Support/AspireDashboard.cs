using System.Diagnostics;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;

namespace Sotp.Tests.Support;

/// <summary>
/// The Aspire Dashboard (NuGet <c>Aspire.Dashboard.Sdk.linux-x64</c>, downloaded by the test project's restore) as a
/// real OTLP receiver: gRPC and HTTP receivers and its unsecured query API on free loopback ports, its own data in
/// memory. Stopped by its handle.
/// </summary>
public sealed class AspireDashboard : IAsyncLifetime
{
    private readonly HttpClient _api = new();
    private Process? _process;

    public static string? Executable =>
        typeof(AspireDashboard).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "AspireDashboard")?.Value
            is { } path && File.Exists(path) ? path : null;

    /// <summary>Where SOTP sends OTLP over gRPC.</summary>
    public Uri OtlpGrpc { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (Executable is not { } executable)
        {
            return; // RequireRunning reports it
        }

        var (ui, grpc, http) = (LabProcess.FreeLoopbackPort(), LabProcess.FreeLoopbackPort(), LabProcess.FreeLoopbackPort());
        OtlpGrpc = new Uri($"http://127.0.0.1:{grpc}");
        _api.BaseAddress = new Uri($"http://127.0.0.1:{ui}");
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["ASPNETCORE_URLS"] = _api.BaseAddress.ToString();
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = OtlpGrpc.ToString();
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{http}";
        start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        start.Environment["Dashboard__Api__Enabled"] = "true";
        start.Environment["DOTNET_DASHBOARD_TELEMETRY_OPTOUT"] = "true";
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.WaitAsync(async () =>
        {
            try
            {
                return (await _api.GetAsync("/api/telemetry/traces")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, up => up || _process.HasExited, TimeSpan.FromSeconds(60));
    }

    /// <summary>Skips (or fails in CI) when the package is not in the NuGet cache.</summary>
    public void RequireRunning() => LabRequirement.Require(_process is { HasExited: false },
        "the Aspire Dashboard (NuGet Aspire.Dashboard.Sdk.linux-x64, restored with Sotp.Tests) is not running");

    /// <summary>The spans of one trace as the receiver has them (empty until they arrive).</summary>
    public Task<IReadOnlyList<ReceivedSpan>> TraceAsync(string traceId) => SpansAsync($"/api/telemetry/traces/{traceId}");

    /// <summary>The spans of every trace received.</summary>
    public Task<IReadOnlyList<ReceivedSpan>> AllSpansAsync() => SpansAsync("/api/telemetry/traces");

    private async Task<IReadOnlyList<ReceivedSpan>> SpansAsync(string query)
    {
        using var response = await _api.GetAsync(query);
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. Spans(body)];
    }

    /// <summary>Every log record received, as raw OTLP JSON (to look for a trace id or a planted secret).</summary>
    public async Task<string> LogsAsync() => await _api.GetStringAsync("/api/telemetry/logs");

    private static IEnumerable<ReceivedSpan> Spans(JsonElement body)
    {
        foreach (var resource in body.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            foreach (var scope in resource.GetProperty("scopeSpans").EnumerateArray())
            {
                var source = scope.GetProperty("scope").GetProperty("name").GetString()!;
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    var attributes = span.TryGetProperty("attributes", out var list)
                        ? list.EnumerateArray().ToDictionary(a => a.GetProperty("key").GetString()!, a => Value(a.GetProperty("value")))
                        : [];
                    yield return new ReceivedSpan(source, span.GetProperty("name").GetString()!, span.GetProperty("spanId").GetString()!,
                        span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() : null, attributes, span.GetRawText());
                }
            }
        }
    }

    private static string? Value(JsonElement value) => value.EnumerateObject().FirstOrDefault().Value switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        var other => other.ValueKind == JsonValueKind.Undefined ? null : other.GetRawText(),
    };

    public async ValueTask DisposeAsync()
    {
        await LabProcess.StopAsync(_process);
        _api.Dispose();
    }
}

/// <summary>One span as an OTLP receiver got it: its source (scope), name, ids, attributes, and the raw JSON.</summary>
public sealed record ReceivedSpan(string Source, string Name, string SpanId, string? ParentSpanId, IReadOnlyDictionary<string, string?> Attributes, string Json);

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Sotp.Tests.Support;

namespace Sotp.Tests.Deployment;

/// <summary>
/// What `kubectl logs` shows: the console run as a real process in Production writes one JSON object per line on
/// stdout, and a request's lines carry its trace id.
/// </summary>
public sealed class JsonLogLinesTests
{
    [Fact]
    public async Task In_production_every_stdout_line_is_json_and_a_request_s_lines_carry_its_trace_id()
    {
        using var folder = new TempDirectory("sotp-json-logs");
        var port = LabProcess.FreeLoopbackPort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Sotp.Console.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__Sotp"] = $"Data Source={folder.File("sotp.db")}";
        start.Environment["SOTP_SECRETS_DIR"] = folder.File("no-secrets");
        var lines = new ConcurrentQueue<string>();
        var console = Process.Start(start)!;
        try
        {
            console.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { Length: > 0 } line)
                {
                    lines.Enqueue(line);
                }
            };
            console.ErrorDataReceived += (_, _) => { };
            console.BeginOutputReadLine();
            console.BeginErrorReadLine();
            await Eventually.WaitAsync(() => Task.FromResult(lines.Any(l => l.Contains("Now listening", StringComparison.Ordinal))), up => up || console.HasExited,
                TimeSpan.FromSeconds(60));

            var traceId = ActivityTraceId.CreateRandom().ToHexString();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/devices");
            TraceParent.Add(request, traceId);
            (await http.SendAsync(request, TestContext.Current.CancellationToken)).Dispose();
            await Eventually.WaitAsync(() => Task.FromResult(lines.Any(l => l.Contains(traceId, StringComparison.Ordinal))), seen => seen);

            Assert.NotEmpty(lines);
            var entries = lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray(); // throws on a line that is not JSON
            Assert.All(entries, e => Assert.True(e.TryGetProperty("LogLevel", out _) && e.TryGetProperty("Message", out _), e.GetRawText()));
            // The request was challenged for its missing token: that line is the request's, and says so.
            Assert.Contains(entries, e => e.GetProperty("Scopes").EnumerateArray()
                .Any(s => s.TryGetProperty("TraceId", out var id) && id.GetString() == traceId));
        }
        finally
        {
            await LabProcess.StopAsync(console);
        }
    }
}

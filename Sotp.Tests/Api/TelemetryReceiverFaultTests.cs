using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Sotp.Console.Hosting;
using Sotp.Tests.Support;

namespace Sotp.Tests.Api;

/// <summary>
/// An OTLP receiver that is down, answers garbage or 5xx, or never answers costs SOTP nothing but the telemetry:
/// every request is served, and what was lost is counted on the metrics the platform dashboard shows.
/// </summary>
[Collection(nameof(MetricsCollection))]
public sealed partial class TelemetryReceiverFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SotpAppFactory App(Uri receiver, string protocol = "Grpc") => new SotpAppFactory()
        .With("Sotp:Observability:OtlpEndpoint", receiver.ToString())
        .With("Sotp:Observability:OtlpProtocol", protocol)
        .With("Sotp:Observability:MaxExportQueue", "64")
        .With("Sotp:Observability:MetricsPort", "0")
        .With("Sotp:Observability:MetricsBindAddress", "127.0.0.1");

    private static async Task<double> CounterAsync(SotpAppFactory app, Regex series)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(app.Services.GetRequiredService<ManagementServer>().MetricsAddress!, Ct);
        return series.Matches(text).Sum(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task ServeRequestsAsync(SotpAppFactory app, int count)
    {
        var api = await app.CreateBearerClientAsync();
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/devices", Ct)).StatusCode);
        }
    }

    [Theory]
    [InlineData("Grpc")]
    [InlineData("HttpProtobuf")]
    public async Task A_receiver_that_refuses_connections_costs_only_the_telemetry_and_is_counted(string protocol)
    {
        var nobody = new Uri($"http://127.0.0.1:{LabProcess.FreeLoopbackPort()}");
        await using var app = App(nobody, protocol);

        await ServeRequestsAsync(app, 20);

        var failures = await Eventually.WaitAsync(() => CounterAsync(app, ExportFailures()), n => n > 0, TimeSpan.FromSeconds(60));
        Assert.True(failures > 0, "no failed export was counted");
    }

    [Fact]
    public async Task A_receiver_that_answers_garbage_is_counted()
    {
        using var garbage = new TcpListener(IPAddress.Loopback, 0);
        garbage.Start();
        _ = Task.Run(async () =>
        {
            while (!Ct.IsCancellationRequested)
            {
                using var client = await garbage.AcceptTcpClientAsync(Ct);
                var stream = client.GetStream();
                _ = await stream.ReadAsync(new byte[4096], Ct); // whatever the request was, the answer is garbage
                await stream.WriteAsync("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 7\r\nConnection: close\r\n\r\n\x01\x02garbage"u8.ToArray(), Ct);
            }
        }, Ct);
        await using var app = App(new Uri($"http://127.0.0.1:{((IPEndPoint)garbage.LocalEndpoint).Port}"), "HttpProtobuf");

        await ServeRequestsAsync(app, 20);

        var failures = await Eventually.WaitAsync(() => CounterAsync(app, ExportFailures()), n => n > 0, TimeSpan.FromSeconds(60));
        Assert.True(failures > 0, "no failed export was counted");
    }

    [Fact]
    public async Task A_receiver_that_never_answers_fills_the_bounded_queue_and_the_drops_are_counted()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // accepts connections (the kernel does) and never answers
        await using var app = App(new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}"));

        await ServeRequestsAsync(app, 150);

        var dropped = await Eventually.WaitAsync(() => CounterAsync(app, QueueFull()), n => n > 0, TimeSpan.FromSeconds(30));
        Assert.True(dropped > 0, "no dropped span was counted");
    }

    [GeneratedRegex(@"^sotp_telemetry_export_failures_total\{[^}]*\} ([0-9.e+]+)", RegexOptions.Multiline)]
    private static partial Regex ExportFailures();

    [GeneratedRegex(@"^otel_sdk_processor_span_processed_total\{[^}]*error_type=""queue_full""[^}]*\} ([0-9.e+]+)", RegexOptions.Multiline)]
    private static partial Regex QueueFull();
}

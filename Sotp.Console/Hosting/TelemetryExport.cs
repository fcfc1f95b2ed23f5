using System.Diagnostics.Metrics;
using Sotp.Core.Observability;

namespace Sotp.Console.Hosting;

/// <summary>
/// How the OTLP receiver is doing, for the platform dashboard: each export request that failed (refused, 5xx,
/// garbage, unreachable, too slow) after the exporter's own retries with back-off, per signal. Spans and log records
/// dropped from a full export queue are counted by the SDK itself (<c>otel_sdk_processor_*_processed_total</c>
/// with <c>error_type="queue_full"</c>).
/// </summary>
/// <remarks>
/// Its meter is its own (the exporters are configured before the host's meter factory exists); the name is SOTP's,
/// so Prometheus reads it beside the rest.
/// </remarks>
public sealed class TelemetryExport : IDisposable
{
    private readonly Meter _meter = new(SotpMetrics.MeterName);
    private readonly Counter<long> _failures;

    public TelemetryExport() =>
        _failures = _meter.CreateCounter<long>("sotp.telemetry.export.failures", "{request}",
            "OTLP export requests that failed; what they carried is dropped after the retries.");

    public void Dispose() => _meter.Dispose();

    /// <summary>An HttpClient for one signal's exporter, counting what fails.</summary>
    public HttpClient ClientFor(string signal, TimeSpan timeout) =>
        new(new Counting(this, signal) { InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) } }) { Timeout = timeout };

    // The exporters send both ways: synchronously (HTTP/protobuf) and asynchronously (gRPC).
    private sealed class Counting(TelemetryExport owner, string signal) : DelegatingHandler
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Counted(() => base.Send(request, cancellationToken));

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                return Count(await base.SendAsync(request, cancellationToken));
            }
            catch
            {
                Failed();
                throw;
            }
        }

        private HttpResponseMessage Counted(Func<HttpResponseMessage> send)
        {
            try
            {
                return Count(send());
            }
            catch
            {
                Failed();
                throw;
            }
        }

        private HttpResponseMessage Count(HttpResponseMessage response)
        {
            var grpcStatus = response.Headers.TryGetValues("grpc-status", out var values) ? values.FirstOrDefault() : null;
            if (!response.IsSuccessStatusCode || grpcStatus is { } status && status != "0")
            {
                Failed();
            }

            return response;
        }

        private void Failed() => owner._failures.Add(1, new KeyValuePair<string, object?>("signal", signal));
    }
}

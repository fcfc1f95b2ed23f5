using System.ComponentModel.DataAnnotations;

namespace Sotp.Core.Observability;

/// <summary>How an OTLP receiver is spoken to.</summary>
public enum OtlpProtocol
{
    Grpc,
    HttpProtobuf,
}

/// <summary>Options of the <c>Sotp:Observability</c> section: where SOTP sends its own traces and logs.</summary>
public sealed class ObservabilityOptions
{
    public const string SectionName = "Sotp:Observability";

    /// <summary>
    /// The OTLP receiver (e.g. http://otel-collector:4317). Empty: the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// variable if set, else nothing is exported.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// A receiver of its own for logs, spoken to over HTTP/protobuf at exactly this address (Loki:
    /// <c>http://loki:3100/otlp/v1/logs</c>). Empty: logs go to <see cref="OtlpEndpoint"/> with the traces.
    /// </summary>
    public string? OtlpLogsEndpoint { get; set; }

    [EnumDataType(typeof(OtlpProtocol))]
    public OtlpProtocol OtlpProtocol { get; set; } = OtlpProtocol.Grpc;

    /// <summary>Share of background work (sweeps, polls, jobs) traced; a trace begun elsewhere keeps its own decision.</summary>
    [Range(0.0, 1.0)]
    public double SamplingRatio { get; set; } = 0.05;

    /// <summary>
    /// The management port serving Prometheus's <c>/metrics</c> (never the console's port, so the Ingress never exposes
    /// it). Empty: no metrics endpoint. 0 takes any free port (tests).
    /// </summary>
    [Range(0, 65535)]
    public int? MetricsPort { get; set; }

    /// <summary>The address the management port listens on; empty: every address of the pod.</summary>
    public string? MetricsBindAddress { get; set; }

    /// <summary>
    /// A bearer token Prometheus must present on the management port; a secret (from a mounted file or Vault, as
    /// <c>Sotp__Observability__MetricsToken</c>). Empty: the NetworkPolicy alone guards the port.
    /// </summary>
    public string? MetricsToken { get; set; }

    /// <summary>
    /// At most this many series per metric (devices, or devices × interfaces); beyond it the SDK folds new series
    /// into one marked <c>otel_metric_overflow="true"</c>, so a huge inventory cannot exhaust Prometheus.
    /// </summary>
    [Range(100, 10_000_000)]
    public int MaxSeriesPerMetric { get; set; } = 200_000;

    /// <summary>Spans or log records that may wait for the OTLP receiver; beyond it new ones are dropped, and counted.</summary>
    [Range(64, 1_000_000)]
    public int MaxExportQueue { get; set; } = 8192;

    /// <summary>
    /// Where a trace id leads people (Grafana Explore on Tempo, say): an http(s) address with <c>{traceId}</c> in it.
    /// Empty: trace ids are shown as text.
    /// </summary>
    [RegularExpression(@"^https?://\S*\{traceId\}\S*$", ErrorMessage = "Use an http(s) address that contains {traceId}.")]
    public string? TraceUrlTemplate { get; set; }

    /// <summary>The address of a trace for people, or null without a template (or without a trace).</summary>
    public string? TraceUrl(string? traceId) =>
        string.IsNullOrEmpty(TraceUrlTemplate) || string.IsNullOrEmpty(traceId)
            ? null
            : TraceUrlTemplate.Replace("{traceId}", Uri.EscapeDataString(traceId), StringComparison.Ordinal);
}

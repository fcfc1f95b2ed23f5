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

    [EnumDataType(typeof(OtlpProtocol))]
    public OtlpProtocol OtlpProtocol { get; set; } = OtlpProtocol.Grpc;

    /// <summary>Share of background work (sweeps, polls, jobs) traced; a trace begun elsewhere keeps its own decision.</summary>
    [Range(0.0, 1.0)]
    public double SamplingRatio { get; set; } = 0.05;

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

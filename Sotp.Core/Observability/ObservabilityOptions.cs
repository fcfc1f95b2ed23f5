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
}

using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sotp.Core.Cluster;
using Sotp.Core.Observability;

namespace Sotp.Console.Hosting;

/// <summary>
/// SOTP's own traces and logs over OTLP (docs/observability.md): ASP.NET Core requests, Blazor circuits and
/// events, Quartz jobs, EF Core and Npgsql, and SOTP's device I/O (<see cref="SotpTelemetry"/>). Without an
/// endpoint nothing is registered, so nothing is collected and nothing can fail.
/// </summary>
public static class SotpTelemetryHosting
{
    /// <summary>Activity sources traced besides ASP.NET Core, EF Core and HttpClient (which have their own hooks).</summary>
    public static readonly string[] Sources =
    [
        SotpTelemetry.SourceName,
        "Quartz",
        "Microsoft.AspNetCore.Components",
        "Microsoft.AspNetCore.Components.Server.Circuits",
        "Npgsql",
    ];

    // Requests nobody acts through: probes, static files, the circuit's own long-lived connection.
    private static readonly string[] Untraced = ["/healthz", "/_framework", "/_content", "/_blazor", "/css", "/js", "/favicon"];

    public static IServiceCollection AddSotpTelemetry(this IServiceCollection services, IConfiguration configuration, NodeRoles roles)
    {
        services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(ObservabilityOptions.SectionName).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        var endpoint = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] : options.OtlpEndpoint;
        if (string.IsNullOrWhiteSpace(endpoint) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var receiver))
        {
            return services;
        }

        void Export(OtlpExporterOptions otlp)
        {
            otlp.Endpoint = receiver;
            otlp.Protocol = options.OtlpProtocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService("sotp", serviceNamespace: "sotp", serviceInstanceId: Environment.MachineName)
                .AddAttributes([new("sotp.roles", roles.ToString())]))
            .WithTracing(tracing => tracing
                .SetSampler(new PeopleFirstSampler(options.SamplingRatio))
                .AddSource(Sources)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !Untraced.Any(p => context.Request.Path.StartsWithSegments(p)))
                .AddEntityFrameworkCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(Export))
            .WithLogging(logging => logging.AddOtlpExporter(Export), logger =>
            {
                logger.IncludeFormattedMessage = true;
                logger.IncludeScopes = true;
            });
        return services;
    }

    /// <summary>
    /// A trace begun by a person (a request, a page event, a span that names its person) is always kept; background work (sweeps, polls, jobs)
    /// is kept at <c>SamplingRatio</c>; a trace begun elsewhere keeps the decision it came with.
    /// </summary>
    internal sealed class PeopleFirstSampler(double ratio) : Sampler
    {
        private readonly TraceIdRatioBasedSampler _background = new(ratio);

        public override SamplingResult ShouldSample(in SamplingParameters parameters)
        {
            if (parameters.ParentContext.TraceId != default)
            {
                return new SamplingResult(parameters.ParentContext.TraceFlags.HasFlag(System.Diagnostics.ActivityTraceFlags.Recorded));
            }

            return parameters.Kind == System.Diagnostics.ActivityKind.Server
                   || parameters.Name.StartsWith("Microsoft.AspNetCore.Components", StringComparison.Ordinal)
                   || (parameters.Tags?.Any(t => t.Key == SotpTelemetry.PersonTag) ?? false)
                ? new SamplingResult(SamplingDecision.RecordAndSample)
                : _background.ShouldSample(parameters);
        }
    }
}

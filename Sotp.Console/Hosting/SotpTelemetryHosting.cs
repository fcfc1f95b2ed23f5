using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sotp.Core.Cluster;
using Sotp.Core.Observability;

namespace Sotp.Console.Hosting;

/// <summary>
/// SOTP's own traces and logs over OTLP (docs/observability.md): ASP.NET Core requests, Blazor circuits and
/// events, Quartz jobs, EF Core and Npgsql, and SOTP's device I/O (<see cref="SotpTelemetry"/>); and its metrics
/// for Prometheus on the management port (<see cref="ManagementServer"/>). Without an endpoint and a port nothing
/// is registered, so nothing is collected and nothing can fail.
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

    /// <summary>Meters exported besides SOTP's own: requests, Kestrel, Blazor circuits, EF Core, Npgsql, the SDK's own drops.</summary>
    public static readonly string[] Meters =
    [
        SotpMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Components",
        "Microsoft.AspNetCore.Components.Server.Circuits",
        "Microsoft.EntityFrameworkCore",
        "Npgsql",
        "otel.sdk.experimental",
    ];

    public static IServiceCollection AddSotpTelemetry(this IServiceCollection services, IConfiguration configuration, NodeRoles roles)
    {
        services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(ObservabilityOptions.SectionName).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        var endpoint = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] : options.OtlpEndpoint;
        var receiver = !string.IsNullOrWhiteSpace(endpoint) && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri : null;
        if (receiver is null && options.MetricsPort is null)
        {
            return services;
        }

        var export = new TelemetryExport();
        services.AddSingleton(export);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService("sotp", serviceNamespace: "sotp", serviceInstanceId: Environment.MachineName)
                .AddAttributes([new("sotp.roles", roles.ToString())]));
        if (receiver is not null)
        {
            // Bounded queues: a receiver that is down or slow costs dropped telemetry (counted), never a slower page.
            void Export(OtlpExporterOptions otlp, string signal)
            {
                otlp.Endpoint = receiver;
                otlp.Protocol = options.OtlpProtocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                otlp.HttpClientFactory = () => export.ClientFor(signal, TimeSpan.FromMilliseconds(otlp.TimeoutMilliseconds));
            }

            void Bound<T>(BatchExportProcessorOptions<T> batch)
                where T : class =>
                (batch.MaxQueueSize, batch.MaxExportBatchSize) = (options.MaxExportQueue, Math.Min(batch.MaxExportBatchSize, options.MaxExportQueue));

            telemetry
                .WithTracing(tracing => tracing
                    .SetSampler(new PeopleFirstSampler(options.SamplingRatio))
                    .AddSource(Sources)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !Untraced.Any(p => context.Request.Path.StartsWithSegments(p)))
                    .AddEntityFrameworkCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddOtlpExporter(otlp =>
                    {
                        Export(otlp, "traces");
                        Bound(otlp.BatchExportProcessorOptions);
                    }))
                .WithLogging(logging => logging.AddOtlpExporter((otlp, processor) =>
                {
                    Export(otlp, "logs");
                    if (Uri.TryCreate(options.OtlpLogsEndpoint, UriKind.Absolute, out var logs))
                    {
                        (otlp.Endpoint, otlp.Protocol) = (logs, OtlpExportProtocol.HttpProtobuf);
                    }

                    Bound(processor.BatchExportProcessorOptions);
                }), logger =>
                {
                    logger.IncludeFormattedMessage = true;
                    logger.IncludeScopes = true;
                });
        }

        if (options.MetricsPort is not null)
        {
            services.AddSingleton<SotpMetrics>();
            services.AddSingleton<ManagementServer>();
            services.AddHostedService(sp => sp.GetRequiredService<ManagementServer>());
            telemetry.WithMetrics(metrics => metrics
                .AddMeter(Meters)
                .AddRuntimeInstrumentation()
                .SetExemplarFilter(ExemplarFilterType.TraceBased)
                .AddView("sotp.*", new MetricStreamConfiguration { CardinalityLimit = options.MaxSeriesPerMetric })
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        }

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

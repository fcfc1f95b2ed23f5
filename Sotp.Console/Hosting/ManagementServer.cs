using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Sotp.Console.Identity;
using Sotp.Core.Observability;

namespace Sotp.Console.Hosting;

/// <summary>
/// The management port (<c>Sotp:Observability:MetricsPort</c>): a listener of its own that serves Prometheus's
/// <c>/metrics</c> and nothing else, so the console's port (the one the Ingress exposes) never serves metrics, and
/// the metrics port never serves the console. An optional bearer token (<c>MetricsToken</c>) is compared in
/// constant time.
/// </summary>
public sealed partial class ManagementServer(MeterProvider meters, SotpMetrics network, IMeterFactory meterFactory, CircuitCounts circuits,
    IOptions<ObservabilityOptions> options, ILogger<ManagementServer> logger) : IHostedService, IAsyncDisposable
{
    private readonly ObservableGauge<int> _circuits = meterFactory.Create(SotpMetrics.MeterName)
        .CreateObservableGauge("sotp.circuits.open", () => circuits.Total, "{circuit}", "Signed-in console circuits (browser tabs) open in this process.");

    private WebApplication? _server;

    /// <summary>Where <c>/metrics</c> answers, once started.</summary>
    public Uri? MetricsAddress { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = (network, _circuits); // their observable instruments exist from here on
        var settings = options.Value;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            var port = settings.MetricsPort ?? 0;
            if (string.IsNullOrWhiteSpace(settings.MetricsBindAddress))
            {
                kestrel.ListenAnyIP(port);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(settings.MetricsBindAddress), port);
            }
        });
        var app = builder.Build();
        var token = string.IsNullOrEmpty(settings.MetricsToken) ? null : Encoding.UTF8.GetBytes($"Bearer {settings.MetricsToken}");
        app.UseOpenTelemetryPrometheusScrapingEndpoint(meters, context => context.Request.Path == "/metrics", path: null,
            configureBranchedPipeline: branch => branch.Use(async (context, next) =>
            {
                if (token is not null && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()), token))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    return;
                }

                await next(context);
            }), optionsName: null);
        app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        await app.StartAsync(cancellationToken);
        _server = app;
        MetricsAddress = new Uri(new Uri(app.Urls.First().Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal)), "/metrics");
        LogListening(logger, MetricsAddress);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { } server)
        {
            await server.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            await server.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Prometheus metrics at {Address} (management port)")]
    private static partial void LogListening(ILogger logger, Uri address);
}

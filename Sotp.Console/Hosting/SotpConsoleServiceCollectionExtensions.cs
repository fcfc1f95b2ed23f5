using MudBlazor.Services;
using Sotp.Console.Api;
using Sotp.Console.Identity;
using Sotp.Core.Cluster;
using Sotp.Core.Dashboard;

namespace Sotp.Console.Hosting;

/// <summary>Registers the console: Blazor, MudBlazor, sign-in, API plumbing, health (for every role).</summary>
public static class SotpConsoleServiceCollectionExtensions
{
    public static IServiceCollection AddSotpConsole(this IServiceCollection services, NodeRoles roles)
    {
        // Circuit limits: a client gets 32 KB per message and one call at a time; disconnected circuits are kept
        // briefly and in bounded number; a browser that stops acknowledging renders stops getting them.
        services.AddRazorComponents().AddInteractiveServerComponents(circuit =>
        {
            circuit.DisconnectedCircuitMaxRetained = 200;
            circuit.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
            circuit.MaxBufferedUnacknowledgedRenderBatches = 10;
            circuit.JSInteropDefaultCallTimeout = TimeSpan.FromSeconds(30);
        }).AddHubOptions(hub =>
        {
            hub.MaximumReceiveMessageSize = 32 * 1024;
            hub.MaximumParallelInvocationsPerClient = 1;
        });
        services.AddMudServices();
        // Every API error names the W3C trace id its logs and spans carry (not the whole traceparent).
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToHexString() ?? context.HttpContext.TraceIdentifier);
        // Binding failures throw in every environment, and one handler answers them as 400 naming the field.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BindingProblemHandler>();
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        services.AddOpenApi();
        services.AddSotpAuthentication();
        var health = services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [HealthEndpoints.ReadyTag]);
        if (roles.HasFlag(NodeRoles.Collectors))
        {
            // Only collectors ping; a console-only process needs no ICMP socket (and no NET_RAW).
            health.AddCheck<IcmpHealthCheck>("icmp", tags: [HealthEndpoints.ReadyTag]);
        }

        if (roles.HasFlag(NodeRoles.Console))
        {
            // What every open dashboard follows; a collectors-only process shows no pages.
            services.AddSingleton<NetworkOverview>();
            services.AddHostedService(sp => sp.GetRequiredService<NetworkOverview>());
        }

        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<ApiTokenIssuer>();
        services.AddHostedService<RemoteConsole.ConsoleSessionGuard>();
        return services;
    }
}

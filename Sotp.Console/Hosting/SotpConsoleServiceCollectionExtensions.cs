using MudBlazor.Services;
using Sotp.Console.Api;
using Sotp.Console.Identity;

namespace Sotp.Console.Hosting;

/// <summary>Registers the console: Blazor, MudBlazor, sign-in, API plumbing, health.</summary>
public static class SotpConsoleServiceCollectionExtensions
{
    public static IServiceCollection AddSotpConsole(this IServiceCollection services)
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
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddSotpAuthentication();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<IcmpHealthCheck>("icmp", tags: [HealthEndpoints.ReadyTag]);
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<ApiTokenIssuer>();
        return services;
    }
}

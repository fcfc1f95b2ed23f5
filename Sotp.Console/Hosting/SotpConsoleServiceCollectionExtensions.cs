using MudBlazor.Services;
using Sotp.Console.Api;
using Sotp.Console.Identity;

namespace Sotp.Console.Hosting;

/// <summary>Registers the console: Blazor, MudBlazor, sign-in, API plumbing, health.</summary>
public static class SotpConsoleServiceCollectionExtensions
{
    public static IServiceCollection AddSotpConsole(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
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

using Sotp.Console.Api;
using Sotp.Console.Components;
using Sotp.Console.Identity;
using Sotp.Core.Cluster;

namespace Sotp.Console.Hosting;

/// <summary>The console's request pipeline and endpoints.</summary>
public static class SotpConsolePipeline
{
    /// <summary>
    /// The whole console for the Console role; a collectors-only process answers its health probes only.
    /// </summary>
    public static WebApplication UseSotpConsole(this WebApplication app, NodeRoles roles)
    {
        if (!roles.HasFlag(NodeRoles.Console))
        {
            app.MapHealthEndpoints();
            return app;
        }

        // People get the error and not-found pages; API callers get problem+json from the inner branch,
        // whose body keeps the outer handlers from rendering a page.
        app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseSotpSecurityHeaders();

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapHealthEndpoints();
        app.MapAccountEndpoints();
        app.MapGroup("/api/v1").MapAuthApi().MapDeviceApi().MapEventApi().MapAlertApi().MapRemediationApi().MapReportApi().MapConfigApi().MapComplianceApi().MapSnmpApi().MapRemoteConsoleApi().MapSecurityApi();
        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(SotpAuthentication.ApiPolicy);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");
}

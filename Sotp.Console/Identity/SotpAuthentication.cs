using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Sotp.Core.Security;

namespace Sotp.Console.Identity;

/// <summary>Cookie sign-in for people, bearer tokens for scripts, and the policies that use them.</summary>
public static class SotpAuthentication
{
    public const string LoginPath = "/account/login";

    /// <summary>Policy of every <c>/api/v1</c> route: a signed-in user, by bearer token or by cookie.</summary>
    public const string ApiPolicy = "api";

    public static IServiceCollection AddSotpAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddIdentityCookies();
        services.AddAuthentication().AddBearerToken(IdentityConstants.BearerScheme);

        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<SecurityOptions>>((cookie, security) =>
            {
                cookie.Cookie.Name = "sotp.session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromMinutes(security.Value.IdleTimeoutMinutes);
                cookie.SlidingExpiration = true;
                cookie.LoginPath = LoginPath;
                cookie.LogoutPath = "/account/logout";
                cookie.AccessDeniedPath = "/account/access-denied";
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.Events.OnRedirectToLogin = context => AnswerApiOrRedirect(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => AnswerApiOrRedirect(context, StatusCodes.Status403Forbidden);
            });
        services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme)
            .Configure<IOptions<SecurityOptions>>((bearer, security) =>
                bearer.BearerTokenExpiration = TimeSpan.FromMinutes(security.Value.AccessTokenLifetimeMinutes));
        // A disabled user, a changed role or password ends cookie sessions at the next request after the interval.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<SecurityOptions>>((stamp, security) =>
            stamp.ValidationInterval = TimeSpan.FromSeconds(security.Value.RevalidationSeconds));

        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null);

        // Pages authenticate by cookie; API callers by access token, bearer token or cookie.
        string[] schemes = [ApiTokenAuthentication.SchemeName, IdentityConstants.BearerScheme, IdentityConstants.ApplicationScheme];
        var authorization = services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, policy => policy.AddAuthenticationSchemes(schemes).RequireAuthenticatedUser().AddRequirements(new ActiveUserRequirement()));
        foreach (var (permission, _) in SotpPermissions.All)
        {
            authorization.AddPolicy(permission, policy => policy
                .AddAuthenticationSchemes(schemes)
                .RequireAuthenticatedUser()
                .AddRequirements(new ActiveUserRequirement(), new PermissionRequirement(permission)));
        }

        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<IAuthorizationHandler, ActiveUserHandler>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<CircuitActivity>();
        services.AddScoped<CircuitHandler>(sp => sp.GetRequiredService<CircuitActivity>());
        services.AddSingleton<CircuitCounts>();
        services.AddScoped<UserCircuits>();
        services.AddScoped<CircuitHandler>(sp => sp.GetRequiredService<UserCircuits>());
        services.AddScoped<AuthenticationStateProvider, SotpAuthenticationStateProvider>();
        services.AddHttpContextAccessor();
        services.AddScoped<UserAccess>();
        services.AddSingleton<SignInGate>();
        return services;
    }

    private static Task AnswerApiOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}

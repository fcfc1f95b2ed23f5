using System.Security.Claims;
using Sotp.Core.Audit;

namespace Sotp.Console.Identity;

/// <summary>Who is acting, for the audit trail: from an HTTP request, or from a signed-in circuit.</summary>
public static class AuditActors
{
    public const string Anonymous = "anonymous";

    public static AuditActor From(HttpContext http) => From(http.User, SourceOf(http), http.Connection.RemoteIpAddress?.ToString());

    public static AuditActor From(ClaimsPrincipal user, string source, string? clientIp) => new(
        user.Identity?.IsAuthenticated == true ? user.Identity.Name ?? Anonymous : Anonymous,
        [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value).Distinct().Order()],
        source,
        clientIp);

    /// <summary>"API token: name" for an access token, "API" for other API calls, "UI" for pages.</summary>
    private static string SourceOf(HttpContext http) =>
        http.User.FindFirstValue(ApiTokenAuthentication.TokenNameClaim) is { } token ? $"API token: {token}"
        : http.Request.Path.StartsWithSegments("/api") ? "API"
        : "UI";
}

using System.Security.Cryptography;

namespace Sotp.Console.Hosting;

/// <summary>
/// Browser-side defences on every response: a Content-Security-Policy that lets only this site's scripts run
/// (plus the import map, by a nonce made per request), no framing by other sites, no MIME sniffing, no
/// referrer leaking to other sites. And on the circuit hub: a WebSocket or negotiate request whose Origin is
/// another site is refused (cross-site WebSocket hijacking rides the victim's cookie otherwise).
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "sotp.csp-nonce";

    /// <summary>The nonce of this response's Content-Security-Policy, for the few inline scripts Blazor itself writes.</summary>
    public static string Nonce(HttpContext http) => (string)http.Items[NonceKey]!;

    public static IApplicationBuilder UseSotpSecurityHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Path.StartsWithSegments("/_blazor") && !SameOrigin(http))
        {
            // A body of its own, so the status-code pages do not re-run this request as a page.
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.Response.WriteAsync("Cross-site connection refused.");
            return;
        }

        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        http.Items[NonceKey] = nonce;
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy =
            $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
            "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
        await next(http);
    });

    /// <summary>No Origin (not a browser) or an Origin naming the host the browser asked for.</summary>
    internal static bool SameOrigin(HttpContext http)
    {
        var origin = http.Request.Headers.Origin.ToString();
        return string.IsNullOrEmpty(origin)
               || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }
}

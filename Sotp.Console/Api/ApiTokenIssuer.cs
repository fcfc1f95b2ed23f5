using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Sotp.Console.Api;

/// <summary>The answer of <c>POST /api/v1/auth/login</c>.</summary>
public sealed record AccessTokenResponse(string AccessToken, long ExpiresIn, string TokenType = "Bearer");

/// <summary>Turns a signed-in principal into a bearer token that the Identity bearer scheme accepts.</summary>
public sealed class ApiTokenIssuer(IOptionsMonitor<BearerTokenOptions> bearerOptions, TimeProvider time)
{
    public AccessTokenResponse Issue(ClaimsPrincipal principal)
    {
        var options = bearerOptions.Get(IdentityConstants.BearerScheme);
        var now = time.GetUtcNow();
        var properties = new AuthenticationProperties
        {
            IssuedUtc = now,
            ExpiresUtc = now + options.BearerTokenExpiration,
        };
        var ticket = new AuthenticationTicket(principal, properties, IdentityConstants.BearerScheme);
        return new AccessTokenResponse(
            options.BearerTokenProtector.Protect(ticket), (long)options.BearerTokenExpiration.TotalSeconds);
    }
}

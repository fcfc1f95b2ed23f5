using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Sotp.Core.Security;

namespace Sotp.Console.Identity;

/// <summary>
/// <c>Authorization: Bearer sotp_pat_...</c>: a personal access token. The principal is the owner as they are
/// now (roles, disabled, locked out), plus the token's scope and name.
/// </summary>
public sealed class ApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens,
    UserManager<SotpUser> users,
    SignInManager<SotpUser> signIn) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "sotp.token";
    public const string TokenIdClaim = "sotp:token";
    public const string TokenNameClaim = "sotp:token-name";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer " + ApiToken.Prefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        var (token, failure) = await tokens.FindAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (token is null)
        {
            return AuthenticateResult.Fail(failure!);
        }

        var user = await users.FindByIdAsync(token.UserId);
        if (user is null || user.DisabledAt is not null || await users.IsLockedOutAsync(user))
        {
            return AuthenticateResult.Fail("the token's owner is disabled or locked out");
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        var identity = new ClaimsIdentity(SchemeName);
        identity.AddClaim(new Claim(TokenIdClaim, token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(TokenNameClaim, token.Name));
        foreach (var scope in token.ScopeList)
        {
            identity.AddClaim(new Claim(PermissionHandler.ScopeClaim, scope));
        }

        principal.AddIdentity(identity);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}

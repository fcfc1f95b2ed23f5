using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Sotp.Core.Security;

namespace Sotp.Console.Identity;

/// <summary>The caller's account still stands: not disabled, not locked out, and their session not ended.</summary>
public sealed record ActiveUserRequirement : IAuthorizationRequirement;

/// <summary>
/// Checks <see cref="ActiveUserRequirement"/> against the database at most once per <see cref="SecurityOptions.RevalidationSeconds"/>
/// per user and security stamp (at once when <see cref="SessionChanges"/> says the account changed here). Bearer tokens from <c>/auth/login</c> live an hour and carry the stamp of their
/// sign-in: without this, a disabled user (or one whose sessions an Admin ended) would keep API access until the
/// token expires. Access tokens are checked by their own handler on every request instead.
/// </summary>
public sealed class ActiveUserHandler(IServiceScopeFactory scopes, SessionChanges changes, IOptions<SecurityOptions> security,
    IOptions<IdentityOptions> identity, TimeProvider time) : AuthorizationHandler<ActiveUserRequirement>
{
    private readonly ConcurrentDictionary<(string User, string Stamp), (DateTimeOffset Until, long Generation)> _valid = new();

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ActiveUserRequirement requirement)
    {
        var principal = context.User;
        if (principal.HasClaim(c => c.Type == ApiTokenAuthentication.TokenIdClaim))
        {
            context.Succeed(requirement);
            return;
        }

        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        if (userId is null || stamp is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (_valid.TryGetValue((userId, stamp), out var cached) && cached.Until > now && cached.Generation == changes.GenerationOf(userId))
        {
            context.Succeed(requirement);
            return;
        }

        var generation = changes.GenerationOf(userId);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SotpUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.DisabledAt is not null || await users.IsLockedOutAsync(user) || await users.GetSecurityStampAsync(user) != stamp)
        {
            _valid.TryRemove((userId, stamp), out _);
            return;
        }

        _valid[(userId, stamp)] = (now.AddSeconds(security.Value.RevalidationSeconds), generation);
        context.Succeed(requirement);
    }
}

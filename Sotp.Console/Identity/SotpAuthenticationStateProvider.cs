using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Sotp.Core.Persistence;
using Sotp.Core.Security;

namespace Sotp.Console.Identity;

/// <summary>
/// Re-checks a connected circuit's user every <see cref="SecurityOptions.RevalidationSeconds"/>: signed out when idle past the timeout, when the user
/// is gone or locked out, or when their security stamp changed (password reset, roles changed, sessions ended).
/// </summary>
public sealed class SotpAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopes,
    CircuitActivity activity,
    TimeProvider time,
    IOptions<SecurityOptions> security,
    IOptions<IdentityOptions> identity) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(security.Value.RevalidationSeconds);

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var idle = time.GetUtcNow() - activity.LastActivity;
        if (idle > TimeSpan.FromMinutes(security.Value.IdleTimeoutMinutes))
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SotpUser>>();
        try
        {
            return await IsStillValidAsync(users, authenticationState.User);
        }
        catch (Exception ex) when (DatabaseAvailability.IsUnavailable(ex))
        {
            // A database outage is no reason to sign everyone out of the pages that still show live status; nothing
            // about the user can change while it lasts, and the next check runs when the interval comes round.
            return true;
        }
    }

    private async Task<bool> IsStillValidAsync(UserManager<SotpUser> users, ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || user.DisabledAt is not null || await users.IsLockedOutAsync(user))
        {
            return false;
        }

        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}

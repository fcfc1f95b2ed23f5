using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Sotp.Core.Security;

namespace Sotp.Console.Identity;

/// <summary>The caller must hold <see cref="Permission"/> through a role (and, with an access token, in its scope).</summary>
public sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

/// <summary>
/// Decides a <see cref="PermissionRequirement"/> from the caller's roles and the current role mapping; a
/// personal access token narrows that further to its scope, so a token never does more than its owner can now.
/// </summary>
public sealed class PermissionHandler(PermissionMap map) : AuthorizationHandler<PermissionRequirement>
{
    public const string ScopeClaim = "sotp:scope";

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value);
        if (!await map.HoldsAsync(roles, requirement.Permission, CancellationToken.None))
        {
            return;
        }

        if (user.HasClaim(c => c.Type == ApiTokenAuthentication.TokenIdClaim) && !user.HasClaim(ScopeClaim, requirement.Permission))
        {
            return;
        }

        context.Succeed(requirement);
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Sotp.Core.Audit;

namespace Sotp.Console.Identity;

/// <summary>
/// The acting user of an interactive circuit, and the server-side check behind every component action: the UI
/// hides what a user may not do, this refuses it (and audits the refusal) when the hidden thing is done anyway,
/// e.g. by a circuit whose roles were taken away a moment ago. The client address is taken when the circuit
/// starts (its scope is created inside the hub connection's request).
/// </summary>
public sealed class UserAccess(AuthenticationStateProvider authentication, IHttpContextAccessor http, IAuthorizationService authorization,
    AuditTrail audit)
{
    private readonly string? _clientIp = http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public async Task<AuditActor> ActorAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return AuditActors.From(state.User, "UI", _clientIp);
    }

    /// <summary>Whether the user holds <paramref name="permission"/> now: for what to show, not for what to do.</summary>
    public async Task<bool> HoldsAsync(string permission)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return (await authorization.AuthorizeAsync(state.User, permission)).Succeeded;
    }

    /// <summary>The actor when they hold <paramref name="permission"/>; otherwise null, with a "denied" audit entry for <paramref name="action"/>.</summary>
    public async Task<AuditActor?> RequireAsync(string permission, string action, string? targetType = null, string? targetId = null)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var actor = AuditActors.From(state.User, "UI", _clientIp);
        if ((await authorization.AuthorizeAsync(state.User, permission)).Succeeded)
        {
            return actor;
        }

        await audit.WriteAsync(new AuditRecord(actor, action, targetType, targetId, Result: $"{AuditResults.Denied}: needs {permission}"), CancellationToken.None);
        return null;
    }
}

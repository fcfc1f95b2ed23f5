using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using System.Diagnostics;
using Sotp.Core.Audit;
using Sotp.Core.Observability;

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

    /// <summary>
    /// Starts the span of a page action that does work ("Devices: delete"), with the person as an attribute; always
    /// kept, and never null, so its trace id can be shown with the outcome. Dispose it when the action is done.
    /// </summary>
    public Activity StartAction(string page, string action)
    {
        // A circuit's authentication state is known: reading it does not wait.
        var state = authentication.GetAuthenticationStateAsync();
        var person = state.IsCompletedSuccessfully ? state.Result.User.Identity?.Name : null;
        var span = SotpTelemetry.StartAction($"{page}: {action}", person ?? AuditActors.Anonymous);
        span.SetTag("sotp.ui.page", page);
        span.SetTag("sotp.ui.action", action);
        return span;
    }

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

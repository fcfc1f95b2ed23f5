using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Sotp.Collectors.RemoteConsole;
using Sotp.Console.Identity;
using Sotp.Core.Security;
using Sotp.Core.RemoteConsole;

namespace Sotp.Console.Api;

/// <summary><c>POST /commands</c>.</summary>
public sealed record CommandRequest(string? Command);

/// <summary>What the device answered to one allowed command.</summary>
public sealed record CommandResponse(string Output, long DurationMs, bool Truncated, long SessionId);

/// <summary><c>POST /ssh/trust</c>: the exact key to pin.</summary>
public sealed record TrustRequest(string? Fingerprint);

/// <summary>SSH settings, host-key trust and read-only commands of a device, for scripts.</summary>
public static class RemoteConsoleEndpoints
{
    public static RouteGroupBuilder MapRemoteConsoleApi(this RouteGroupBuilder api)
    {
        var device = api.MapGroup("/devices/{id:int}").WithTags("Console");
        device.MapGet("/ssh", GetSettingsAsync).WithName("GetSshSettings").RequireAuthorization(SotpPermissions.DevicesRead)
            .WithSummary("The device's SSH port, user, pinned host key and any refused key (credentials never shown).");
        device.MapPut("/ssh", SaveSettingsAsync).WithName("SaveSshSettings").RequireAuthorization(SotpPermissions.DevicesWrite)
            .WithSummary("Set SSH port, user and credential (password or private key: a secret reference, or a literal stored encrypted).");
        device.MapPost("/ssh/trust", TrustAsync).WithName("TrustSshHostKey").RequireAuthorization(SotpPermissions.DevicesWrite)
            .WithSummary("Pin exactly this host key (SHA256:...). Replacing a pinned key needs settings.manage (an Admin).");
        device.MapPost("/commands", RunAsync).WithName("RunCommand").RequireAuthorization(SotpPermissions.ConsoleReadOnly)
            .WithSummary("Run one read-only command (show, display, ping, traceroute) over SSH; 409 with the presented fingerprint while the host key is not trusted.");
        return api;
    }

    private static async Task<Results<Ok<SshSettingsView>, NotFound>> GetSettingsAsync(int id, SshSettingsStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } settings ? TypedResults.Ok(SshSettingsView.Of(settings)) : TypedResults.NotFound();

    private static async Task<Results<Ok<SshSettingsView>, NotFound, ValidationProblem>> SaveSettingsAsync(
        int id, SshSettingsInput input, SshSettingsStore store, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await store.SaveAsync(id, input, AuditActors.From(http), cancellationToken);
        if (result is null)
        {
            return TypedResults.NotFound();
        }

        return result.Value.Settings is { } settings ? TypedResults.Ok(SshSettingsView.Of(settings)) : TypedResults.ValidationProblem(result.Value.Errors);
    }

    private static async Task<Results<Ok<SshSettingsView>, NotFound, ValidationProblem, ProblemHttpResult>> TrustAsync(
        int id, TrustRequest request, SshSettingsStore store, IAuthorizationService authorization, HttpContext http, CancellationToken cancellationToken)
    {
        if (!SshSettingsStore.IsFingerprint(request.Fingerprint))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["fingerprint"] = ["Give the key's SHA-256 fingerprint as ssh-keygen -lf prints it: SHA256: and 43 characters."],
            });
        }

        var mayReplace = (await authorization.AuthorizeAsync(http.User, SotpPermissions.SettingsManage)).Succeeded;
        return await store.PinAsync(id, request.Fingerprint!, mayReplace, AuditActors.From(http), cancellationToken) switch
        {
            PinOutcome.NoSettings => TypedResults.NotFound(),
            PinOutcome.ReplaceNotAllowed => TypedResults.Problem(title: "Another key is trusted",
                detail: "This device already has a trusted host key; replacing it is an Admin's decision (settings.manage).",
                statusCode: StatusCodes.Status403Forbidden),
            _ => TypedResults.Ok(SshSettingsView.Of((await store.GetAsync(id, cancellationToken))!)),
        };
    }

    private static async Task<Results<Ok<CommandResponse>, ValidationProblem, ProblemHttpResult>> RunAsync(
        int id, CommandRequest request, ConsoleSessions sessions, HttpContext http, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Command))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["command"] = ["Give a command, such as show version."] });
        }

        try
        {
            var result = await sessions.RunCommandAsync(id, AuditActors.From(http), request.Command, cancellationToken);
            if (result.TimedOut)
            {
                return TypedResults.Problem(title: "Command timed out", statusCode: StatusCodes.Status504GatewayTimeout,
                    detail: $"The command was stopped after {result.DurationMs / 1000} s.",
                    extensions: new Dictionary<string, object?> { ["output"] = result.Output, ["durationMs"] = result.DurationMs, ["sessionId"] = result.SessionId });
            }

            return TypedResults.Ok(new CommandResponse(result.Output, result.DurationMs, result.Truncated, result.SessionId));
        }
        catch (SshException ex)
        {
            return Problem(ex);
        }
    }

    /// <summary>Each refusal as the status a script can act on, with the words a person can.</summary>
    internal static ProblemHttpResult Problem(SshException ex) => ex switch
    {
        CommandRefusedException => TypedResults.Problem(title: "Command not allowed", detail: ex.Message, statusCode: StatusCodes.Status403Forbidden),
        SshHostKeyUnknownException unknown => TypedResults.Problem(title: "Host key not trusted yet", detail: ex.Message,
            statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["fingerprint"] = unknown.Presented }),
        SshHostKeyChangedException changed => TypedResults.Problem(title: "Host key changed", detail: ex.Message,
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["fingerprint"] = changed.Presented, ["pinned"] = changed.Pinned }),
        SshNotConfiguredException => TypedResults.Problem(title: "SSH not set up", detail: ex.Message, statusCode: StatusCodes.Status409Conflict),
        SshSessionLimitException => TypedResults.Problem(title: "Too many console sessions", detail: ex.Message, statusCode: StatusCodes.Status429TooManyRequests),
        _ => TypedResults.Problem(title: "The device could not be reached over SSH", detail: ex.Message, statusCode: StatusCodes.Status502BadGateway),
    };
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Sotp.Console.Identity;
using Sotp.Core.Security;

namespace Sotp.Console.Api;

/// <summary>The body of <c>POST /api/v1/auth/login</c>.</summary>
public sealed record LoginRequest(string? UserName, string? Password);

/// <summary>Who the caller is, as <c>GET /api/v1/me</c> answers.</summary>
public sealed record CurrentUserResponse(string UserName, IReadOnlyList<string> Roles);

/// <summary>Script sign-in: a user name and password in, a bearer token out.</summary>
public static partial class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/login", LoginAsync)
            .AllowAnonymous()
            .WithName("Login")
            .WithSummary("Exchange a user name and password for a bearer token.");
        api.MapGet("/me", GetCurrentUser)
            .RequireAuthorization(SotpAuthentication.ApiPolicy)
            .WithName("GetCurrentUser")
            .WithSummary("The signed-in caller and their roles.");
        return api;
    }

    private static async Task<Results<Ok<AccessTokenResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request,
        UserManager<SotpUser> users,
        SignInManager<SotpUser> signIn,
        ApiTokenIssuer tokens,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(AuthEndpoints).FullName!);
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.UserName))
        {
            errors["userName"] = ["A user name is required."];
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["A password is required."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var user = await users.FindByNameAsync(request.UserName!);
        if (user is null)
        {
            LogLoginFailed(logger, request.UserName!, "unknown user");
            return WrongCredentials();
        }

        var result = await signIn.CheckPasswordSignInAsync(user, request.Password!, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            LogLoginFailed(logger, user.UserName!, "locked out");
            return TypedResults.Problem(
                title: "Account locked",
                detail: "This account is locked after too many failed sign-ins. Try again later or ask an administrator to unlock it.",
                statusCode: StatusCodes.Status423Locked);
        }

        if (!result.Succeeded)
        {
            LogLoginFailed(logger, user.UserName!, result.IsNotAllowed ? "not allowed" : "wrong password");
            return WrongCredentials();
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        LogLoginSucceeded(logger, user.UserName!);
        return TypedResults.Ok(tokens.Issue(principal));
    }

    private static Ok<CurrentUserResponse> GetCurrentUser(HttpContext context)
    {
        var user = context.User;
        var roles = user.FindAll(user.Identities.First().RoleClaimType).Select(c => c.Value).Order().ToArray();
        return TypedResults.Ok(new CurrentUserResponse(user.Identity!.Name!, roles));
    }

    private static ProblemHttpResult WrongCredentials() => TypedResults.Problem(
        title: "Sign-in failed",
        detail: "The user name or password is wrong.",
        statusCode: StatusCodes.Status401Unauthorized);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "API sign-in failed for '{UserName}': {Reason}")]
    private static partial void LogLoginFailed(ILogger logger, string userName, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "API sign-in of '{UserName}'")]
    private static partial void LogLoginSucceeded(ILogger logger, string userName);
}

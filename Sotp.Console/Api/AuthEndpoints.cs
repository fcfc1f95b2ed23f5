using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Sotp.Console.Identity;
using Sotp.Core.Security;

namespace Sotp.Console.Api;

/// <summary>The body of <c>POST /api/v1/auth/login</c>.</summary>
public sealed record LoginRequest(string? UserName, string? Password, string? TwoFactorCode = null);

/// <summary>Who the caller is, as <c>GET /api/v1/me</c> answers.</summary>
public sealed record CurrentUserResponse(string UserName, IReadOnlyList<string> Roles);

/// <summary>Script sign-in: a user name and password in, a bearer token out.</summary>
public static class AuthEndpoints
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
        LoginRequest request, SignInManager<SotpUser> signIn, SignInGate gate, ApiTokenIssuer tokens, PermissionMap permissions, HttpContext http)
    {
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

        var (outcome, user) = await gate.SignInAsync(http, signIn, request.UserName!, request.Password!, cookie: false, "API");
        if (outcome == SignInOutcome.Succeeded && user!.TwoFactorEnabled)
        {
            if (string.IsNullOrWhiteSpace(request.TwoFactorCode))
            {
                return TypedResults.Problem(title: "Two-factor code required",
                    detail: "This account signs in with an authenticator: send the current code as twoFactorCode.", statusCode: StatusCodes.Status401Unauthorized);
            }

            (outcome, user) = await gate.SecondStepAsync(http, signIn, request.TwoFactorCode, recovery: false, user, "API");
        }
        else if (outcome == SignInOutcome.Succeeded && await permissions.RequiresTwoFactorAsync(await signIn.UserManager.GetRolesAsync(user!), http.RequestAborted))
        {
            return TypedResults.Problem(title: "Two-factor sign-in required",
                detail: "Your role requires two-factor sign-in: set up an authenticator in the console (user menu, Two-factor sign-in) first.",
                statusCode: StatusCodes.Status403Forbidden);
        }

        switch (outcome)
        {
            case SignInOutcome.Succeeded:
                return TypedResults.Ok(tokens.Issue(await signIn.CreateUserPrincipalAsync(user!)));
            case SignInOutcome.Throttled:
                http.Response.Headers.RetryAfter = "60";
                return TypedResults.Problem(title: "Too many sign-in attempts",
                    detail: SignInMessages.Throttled, statusCode: StatusCodes.Status429TooManyRequests);
            case SignInOutcome.LockedOut:
                return TypedResults.Problem(title: "Account locked",
                    detail: SignInMessages.LockedOut, statusCode: StatusCodes.Status423Locked);
            case SignInOutcome.NotAllowed:
                return TypedResults.Problem(title: "Account disabled", detail: SignInMessages.Disabled,
                    statusCode: StatusCodes.Status403Forbidden);
            default:
                return TypedResults.Problem(title: "Sign-in failed", detail: SignInMessages.WrongPassword, statusCode: StatusCodes.Status401Unauthorized);
        }
    }

    private static Ok<CurrentUserResponse> GetCurrentUser(HttpContext context)
    {
        var user = context.User;
        var roles = user.FindAll(user.Identities.First().RoleClaimType).Select(c => c.Value).Order().ToArray();
        return TypedResults.Ok(new CurrentUserResponse(user.Identity!.Name!, roles));
    }
}

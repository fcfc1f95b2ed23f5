using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Sotp.Core.Audit;
using Sotp.Core.Security;

namespace Sotp.Console.Identity;

/// <summary>The account routes that are plain HTTP rather than pages: sign-out and the session keep-alive.</summary>
public static partial class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/logout", LogoutAsync).RequireAuthorization();
        account.MapGet("/keepalive", () => TypedResults.NoContent()).RequireAuthorization();
    }

    // A form post with an antiforgery token, never a GET that a link on another site could trigger.
    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> LogoutAsync(
        SignInManager<SotpUser> signIn, IAntiforgery antiforgery, HttpContext context, AuditTrail audit, ILoggerFactory loggers)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.Problem(
                title: "Sign-out refused",
                detail: "The form was not sent by this console. Reload the page and sign out again.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var userName = context.User.Identity?.Name ?? "?";
        var actor = AuditActors.From(context);
        await signIn.SignOutAsync();
        await audit.WriteAsync(new AuditRecord(actor, "auth.sign-out", "user", null, userName), context.RequestAborted);
        LogSignedOut(loggers.CreateLogger(typeof(AccountEndpoints).FullName!), userName);
        return TypedResults.LocalRedirect($"{SotpAuthentication.LoginPath}?signedOut=1");
    }

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "User '{UserName}' signed out")]
    private static partial void LogSignedOut(ILogger logger, string userName);
}

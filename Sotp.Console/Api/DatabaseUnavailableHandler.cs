using Microsoft.AspNetCore.Diagnostics;
using Sotp.Core.Persistence;

namespace Sotp.Console.Api;

/// <summary>
/// An API request that needed the database while it is away answers 503 problem+json at once, in words a script
/// can show: the database is unavailable, live status continues. Never a 500 after a minute of retries.
/// </summary>
public sealed class DatabaseUnavailableHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public const string Title = "The database is unavailable; live status continues";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.Path.StartsWithSegments("/api") || !DatabaseAvailability.IsUnavailable(exception))
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "10";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = Title,
                Detail = "Changes cannot be saved or read back until it returns; devices are still watched. Try again shortly.",
            },
        });
    }
}

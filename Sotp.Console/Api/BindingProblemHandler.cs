using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Sotp.Console.Api;

/// <summary>
/// Turns every request-binding failure of the API (a body of the wrong JSON shape or types, JSON nested past the
/// limit or cut short, a missing body, a query or route value that is not of its type) into a 400
/// problem+json whose <c>errors</c> name the field, in every environment. Minimal APIs are told to throw on a
/// bad request (<see cref="RouteHandlerOptions.ThrowOnBadRequest"/>) so this one handler words them all.
/// </summary>
public sealed partial class BindingProblemHandler(IProblemDetailsService problems, IOptions<JsonOptions> json) : IExceptionHandler
{
    /// <summary>The key for a failure of the body as a whole (not an object, empty, not JSON).</summary>
    public const string BodyField = "body";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || !httpContext.Request.Path.StartsWithSegments("/api"))
        {
            return false;
        }

        var (field, message) = Describe(bad);
        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request could not be read",
                Detail = $"{field}: {message}",
            },
        });
    }

    private (string Field, string Message) Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException { Path: { } path } jsonProblem)
        {
            return (FieldOf(path), JsonMessage(jsonProblem, path));
        }

        if (BindFailure().Match(bad.Message) is { Success: true } bind)
        {
            return (Camel(bind.Groups["name"].Value), $"\"{bind.Groups["value"].Value}\" is not a valid {Friendly(bind.Groups["type"].Value)}.");
        }

        return (BodyField, bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) || bad.Message.Contains("JSON", StringComparison.Ordinal)
            ? "A JSON object is required as the request body."
            : bad.Message);
    }

    private string JsonMessage(JsonException problem, string path)
    {
        if (problem.Message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return $"The JSON is nested deeper than {json.Value.SerializerOptions.MaxDepth switch { 0 => 64, var d => d }} levels.";
        }

        if (path == "$")
        {
            return "The request body must be a JSON object.";
        }

        return problem.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? $"This value is not of the expected type{TypeOf(problem.Message)}."
            : "This value could not be read as JSON.";
    }

    // "$.snmp.authKey" -> "snmp.authKey"; "$.tags[3]" -> "tags"; "$" -> "body".
    private static string FieldOf(string path)
    {
        var field = path.TrimStart('$').TrimStart('.');
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        field = bracket >= 0 ? field[..bracket] : field;
        return field.Length == 0 ? BodyField : field;
    }

    private static string TypeOf(string message) =>
        ConvertedTo().Match(message) is { Success: true } match ? $" ({Friendly(match.Groups["type"].Value)})" : "";

    private static string Friendly(string type) => Unwrapped(type).TrimEnd('?').Split('.')[^1].Replace("]", "", StringComparison.Ordinal) switch
    {
        "String" or "string" => "text",
        "Int32" or "Int64" or "int" or "long" => "whole number",
        "Double" or "Decimal" or "double" => "number",
        "Boolean" or "bool" => "true or false",
        "DateTimeOffset" => "date and time (ISO 8601)",
        var name when name.StartsWith("List`1", StringComparison.Ordinal) || name.EndsWith("[]", StringComparison.Ordinal) => "list",
        var name => name.Contains('`', StringComparison.Ordinal) ? "list" : "object",
    };

    private static string Unwrapped(string type) =>
        type.StartsWith("Nullable<", StringComparison.Ordinal) ? type["Nullable<".Length..].TrimEnd('>') : type;

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    [GeneratedRegex("""Failed to bind parameter "(?<type>[^ ]+) (?<name>[^"]+)" from "(?<value>[^"]*)".""")]
    private static partial Regex BindFailure();

    [GeneratedRegex("""could not be converted to (?<type>[^.\s]+(\.[^.\s]+)*)\.""")]
    private static partial Regex ConvertedTo();
}

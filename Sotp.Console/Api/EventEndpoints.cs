using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Sotp.Core;
using Sotp.Core.Events;
using Sotp.Core.Security;

namespace Sotp.Console.Api;

/// <summary><c>/api/v1/events</c>: the timeline of syslog, traps and state changes.</summary>
public static class EventEndpoints
{
    public static RouteGroupBuilder MapEventApi(this RouteGroupBuilder api)
    {
        api.MapGet("/events", ListAsync).WithTags("Events").RequireAuthorization(SotpPermissions.DevicesRead).WithName("ListEvents")
            .WithSummary("Events, newest first: syslog, traps and state changes, each explained where the catalogue knows it.");
        return api;
    }

    private static async Task<Results<Ok<EventResponse[]>, ValidationProblem>> ListAsync(
        [AsParameters] EventListParameters parameters, EventSearch search, EventCatalogue catalogue, CancellationToken cancellationToken)
    {
        var (query, errors) = parameters.ToQuery();
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var events = await search.ListAsync(query, cancellationToken);
        return TypedResults.Ok(events.Select(e => EventResponse.From(e, catalogue.Explain(e))).ToArray());
    }
}

/// <summary>
/// An event as the API shows it: the catalogue's title, explanation, likely cause and action (null where it does not
/// know the message); <c>raw</c> is the message as it arrived, read as UTF-8.
/// </summary>
public sealed record EventResponse(
    long Id, DateTimeOffset At, int? DeviceId, string Source, string Severity, string? Code, string Title, string? Explanation,
    string? Cause, string? Action, IReadOnlyDictionary<string, string> Fields, string Raw)
{
    public static EventResponse From(DeviceEvent e, EventExplanation explained) => new(e.Id, e.At, e.DeviceId,
        e.Source.ToString().ToLowerInvariant(), e.Severity.ToString().ToLowerInvariant(), e.Code, explained.Title,
        explained.Meaning, explained.Cause, explained.Action, e.Fields, Encoding.UTF8.GetString(e.Raw));
}

/// <summary>Query string of <c>GET /api/v1/events</c>.</summary>
public sealed class EventListParameters
{
    public int? DeviceId { get; set; }

    /// <summary>The least severe to list: emergency, alert, critical, error, warning, notice, informational, debug.</summary>
    public string? Severity { get; set; }

    /// <summary>syslog, trap or state.</summary>
    public string? Source { get; set; }

    /// <summary>The dialect: cisco, arista, junos, huawei, frr, linux, snmp or sotp.</summary>
    public string? Vendor { get; set; }

    /// <summary>Words in the text, the message type or the host name.</summary>
    public string? Q { get; set; }

    public DateTimeOffset? From { get; set; }

    public DateTimeOffset? To { get; set; }

    /// <summary>The page after the event with this id.</summary>
    public long? Before { get; set; }

    /// <summary>At most this many (1 to 1,000; 100 by default).</summary>
    public int? Limit { get; set; }

    public (EventQuery? Query, Dictionary<string, string[]> Errors) ToQuery()
    {
        var errors = new Dictionary<string, string[]>();
        var severity = Choice<EventSeverity>(Severity, "severity", "Use emergency, alert, critical, error, warning, notice, informational or debug.", errors);
        var source = Choice<EventSource>(Source, "source", "Use syslog, trap or state.", errors);
        if (From is { } from && To is { } to && from >= to)
        {
            errors["to"] = ["'to' must be later than 'from'."];
        }

        if (Limit is < 1 or > EventQuery.MaxLimit)
        {
            errors["limit"] = [$"Use 1 to {EventQuery.MaxLimit:N0}."];
        }

        return errors.Count > 0
            ? (null, errors)
            : (new EventQuery(DeviceId, severity, source, Q, From, To, Before, Limit ?? 100, string.IsNullOrWhiteSpace(Vendor) ? null : Vendor.Trim().ToLowerInvariant()), errors);
    }

    // An optional enum parameter: absent is null, a name is its value, anything else is explained under its name.
    private static TEnum? Choice<TEnum>(string? text, string name, string hint, Dictionary<string, string[]> errors)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (EnumText.TryParse<TEnum>(text, out var value))
        {
            return value;
        }

        errors[name] = [hint];
        return null;
    }
}

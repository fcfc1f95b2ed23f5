using System.Diagnostics;

namespace Sotp.Core.Observability;

/// <summary>
/// SOTP's own spans: one activity source for device I/O (ICMP probes, SNMP requests, SSH connections and
/// commands) and the work around it. Span attributes name devices, addresses, PDU types and counts, never a
/// community, key, password or command output.
/// </summary>
public static class SotpTelemetry
{
    public const string SourceName = "Sotp";

    public static readonly ActivitySource Source = new(SourceName, typeof(SotpTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// Starts a client span towards a device inside a sampled trace (a person's request or click, a sampled sweep's
    /// job); null otherwise. A probe of an unsampled sweep thus costs one field read, not an activity: thousands
    /// of them a second stay as cheap with telemetry on as off (bench/telemetry).
    /// </summary>
    public static Activity? StartClient(string name, System.Net.IPAddress? address, int? port = null)
    {
        if (Activity.Current is not { Recorded: true })
        {
            return null;
        }

        var activity = Source.StartActivity(name, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("network.peer.address", address?.ToString());
            if (port is { } p)
            {
                activity.SetTag("network.peer.port", p);
            }
        }

        return activity;
    }

    /// <summary>The attribute naming the person behind a span: spans that carry it from the start are always kept.</summary>
    public const string PersonTag = "enduser.id";

    /// <summary>
    /// Starts the span of something a person did (a page action, say), always kept. It is never null: without a
    /// listener it is a plain activity, so logs, audit entries and error messages still carry its trace id.
    /// </summary>
    public static Activity StartAction(string name, string person) =>
        Source.StartActivity(name, ActivityKind.Internal, parentContext: default, tags: [new(PersonTag, person)])
        ?? new Activity(name).SetTag(PersonTag, person).Start();

    /// <summary>Marks the span failed with a short reason (an exception's message, which never carries a secret here).</summary>
    public static void Fail(this Activity? activity, string reason) => activity?.SetStatus(ActivityStatusCode.Error, reason);
}

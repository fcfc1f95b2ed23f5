using System.Diagnostics;

namespace Sotp.Tests.Support;

/// <summary>A caller's W3C trace context: the test picks the trace id, so it can look the trace up before it arrives.</summary>
public static class TraceParent
{
    /// <summary>Marks the request as part of <paramref name="traceId"/>, sampled.</summary>
    public static void Add(HttpRequestMessage request, string traceId) =>
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
}

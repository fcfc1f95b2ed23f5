using System.Diagnostics;
using Sotp.Core.Cluster;

namespace Sotp.Core.Devices;

/// <summary>A person asked for one device to be pinged and polled at once, in the trace of their request.</summary>
/// <param name="TraceParent">The W3C traceparent of the request, so the poll is part of the person's trace.</param>
public sealed record PollRequest(int DeviceId, string RequestedBy, string? TraceParent);

/// <summary>Runs Poll now in a process that collects (Sotp.Collectors registers it).</summary>
public interface IPollRunner
{
    /// <summary>Whether this collector polls the device on its schedule (its share of the devices).</summary>
    bool Owns(int deviceId);

    /// <summary>Starts the poll and returns at once; a poll of the same device already under way takes this one in.</summary>
    void Start(PollRequest request);
}

/// <summary>
/// "Poll now": the device's ping and SNMP poll, now, as one trace from the person's click or API call to the
/// readings saved. A process that collects runs it itself; a console-only process asks the collectors over the
/// cluster bus, and the one that owns the device runs it (the bus carries the trace along).
/// </summary>
public sealed class PollNow(ClusterOutbox outbox, IEnumerable<IPollRunner> runners)
{
    private readonly IPollRunner? _runner = runners.FirstOrDefault();

    /// <summary>Asks for the poll under the current activity; returns its trace id.</summary>
    public string? Request(int deviceId, string requestedBy)
    {
        var current = Activity.Current;
        if (_runner is { } runner)
        {
            runner.Start(new PollRequest(deviceId, requestedBy, current?.Id));
        }
        else
        {
            outbox.Post(new PollRequested(deviceId, requestedBy));
        }

        return current?.TraceId.ToHexString();
    }

    /// <summary>Another process asked: the collector that owns the device polls it (in the trace the message carried).</summary>
    public void ApplyFromPeer(PollRequested requested)
    {
        if (_runner is { } runner && runner.Owns(requested.DeviceId))
        {
            runner.Start(new PollRequest(requested.DeviceId, requested.RequestedBy, Activity.Current?.Id ?? requested.TraceParent));
        }
    }
}

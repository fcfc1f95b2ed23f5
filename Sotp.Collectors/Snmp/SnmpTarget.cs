using System.Net;
using System.Text;
using Sotp.Collectors.Snmp.Pdu;
using Sotp.Collectors.Snmp.Usm;

namespace Sotp.Collectors.Snmp;

/// <summary>Where and how to ask an agent: address, version, community or USM user, timeout and retries.</summary>
public sealed record SnmpTarget(IPEndPoint Endpoint, SnmpVersion Version, byte[] Community, TimeSpan Timeout, int Retries)
{
    /// <summary>The SNMPv3 user (Version V3 only).</summary>
    public UsmUser? User { get; init; }

    /// <summary>
    /// Rows asked per GETBULK when walking tables; 16 interface columns x 10 rows stays within one datagram.
    /// Lower it for agents that answer big requests slowly or not at all.
    /// </summary>
    public int MaxRepetitions { get; init; } = 10;

    public static SnmpTarget V3(IPEndPoint endpoint, UsmUser user, TimeSpan? timeout = null, int retries = 1) =>
        new(endpoint, SnmpVersion.V3, [], timeout ?? TimeSpan.FromSeconds(2), retries) { User = user };

    public static SnmpTarget V2c(IPEndPoint endpoint, string community, TimeSpan? timeout = null, int retries = 1) =>
        new(endpoint, SnmpVersion.V2c, Encoding.UTF8.GetBytes(community), timeout ?? TimeSpan.FromSeconds(2), retries);

    public static SnmpTarget V1(IPEndPoint endpoint, string community, TimeSpan? timeout = null, int retries = 1) =>
        new(endpoint, SnmpVersion.V1, Encoding.UTF8.GetBytes(community), timeout ?? TimeSpan.FromSeconds(2), retries);
}

/// <summary>The agent did not answer within the timeout, after every retry.</summary>
public sealed class SnmpTimeoutException(IPEndPoint endpoint, int attempts, TimeSpan timeout)
    : TimeoutException($"No SNMP answer from {endpoint} after {attempts} attempt(s) of {timeout.TotalMilliseconds:0} ms: " +
                       "the agent is down, unreachable, or the community or credentials are wrong.")
{
    public IPEndPoint Endpoint { get; } = endpoint;
}

/// <summary>The agent answered with an error-status (noSuchName, tooBig, genErr, ...).</summary>
public sealed class SnmpErrorException(SnmpErrorStatus status, int index)
    : Exception($"The agent refused the request: {status} (variable {index}).")
{
    public SnmpErrorStatus Status { get; } = status;

    public int Index { get; } = index;
}

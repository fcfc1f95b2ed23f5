using System.Net;
using System.Text;
using Sotp.Collectors.Snmp.Pdu;

namespace Sotp.Collectors.Snmp;

/// <summary>Where and how to ask an agent: address, version, community, timeout and retries.</summary>
public sealed record SnmpTarget(IPEndPoint Endpoint, SnmpVersion Version, byte[] Community, TimeSpan Timeout, int Retries)
{
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

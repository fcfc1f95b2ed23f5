using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Sotp.Collectors.Net;
using Sotp.Collectors.Snmp.Ber;
using Sotp.Collectors.Snmp.Pdu;

namespace Sotp.Collectors.Snmp;

/// <summary>
/// SOTP's SNMP manager: one UDP socket per address family carries any number of outstanding requests,
/// matched by request id and source address, each with its own timeout and retries. Replies that do not
/// decode are refused and counted by reason.
/// </summary>
public sealed class SnmpClient : IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, Pending> _pending = new();
    private readonly ConcurrentDictionary<BerDecodeError, long> _rejected = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lazy<(Socket Socket, Task Loop)> _v4;
    private readonly Lazy<(Socket Socket, Task Loop)> _v6;
    private int _requestId = RandomNumberGenerator.GetInt32(1, int.MaxValue / 2);
    private long _stray;

    public SnmpClient()
    {
        _v4 = new(() => Open(AddressFamily.InterNetwork));
        _v6 = new(() => Open(AddressFamily.InterNetworkV6));
    }

    /// <summary>Replies refused by the decoder, by reason.</summary>
    public IReadOnlyDictionary<BerDecodeError, long> Rejected => _rejected;

    /// <summary>Well-formed replies that matched no outstanding request (late, duplicated, spoofed).</summary>
    public long Stray => Interlocked.Read(ref _stray);

    public Task<SnmpPdu> GetAsync(SnmpTarget target, IEnumerable<ObjectIdentifier> oids, CancellationToken cancellationToken) =>
        RequestAsync(target, PduType.GetRequest, oids.Select(VarBind.Request).ToArray(), 0, 0, cancellationToken);

    public Task<SnmpPdu> GetNextAsync(SnmpTarget target, IEnumerable<ObjectIdentifier> oids, CancellationToken cancellationToken) =>
        RequestAsync(target, PduType.GetNextRequest, oids.Select(VarBind.Request).ToArray(), 0, 0, cancellationToken);

    public Task<SnmpPdu> GetBulkAsync(SnmpTarget target, int nonRepeaters, int maxRepetitions, IEnumerable<ObjectIdentifier> oids,
        CancellationToken cancellationToken) =>
        RequestAsync(target, PduType.GetBulkRequest, oids.Select(VarBind.Request).ToArray(), nonRepeaters, maxRepetitions, cancellationToken);

    public Task<SnmpPdu> SetAsync(SnmpTarget target, IReadOnlyList<VarBind> binds, CancellationToken cancellationToken) =>
        RequestAsync(target, PduType.SetRequest, binds, 0, 0, cancellationToken);

    /// <summary>
    /// Every variable under <paramref name="root"/>, in order: GETBULK for v2c, GETNEXT for v1. Stops at the end of
    /// the subtree or of the agent's view, and refuses an agent that answers out of order (it would loop).
    /// </summary>
    public async IAsyncEnumerable<VarBind> WalkAsync(SnmpTarget target, ObjectIdentifier root, int maxRepetitions = 25,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var current = root;
        while (true)
        {
            var response = target.Version == SnmpVersion.V1
                ? await GetNextAsync(target, [current], cancellationToken)
                : await GetBulkAsync(target, 0, maxRepetitions, [current], cancellationToken);
            if (target.Version == SnmpVersion.V1 && response.Error == SnmpErrorStatus.NoSuchName)
            {
                yield break;
            }

            ThrowOnError(response);
            if (response.VarBinds.Count == 0)
            {
                yield break;
            }

            foreach (var bind in response.VarBinds)
            {
                if (bind.Value.IsException || !bind.Oid.StartsWith(root))
                {
                    yield break;
                }

                if (bind.Oid <= current)
                {
                    throw new InvalidOperationException($"The agent answered {bind.Oid} after {current}: OIDs out of order.");
                }

                current = bind.Oid;
                yield return bind;
            }
        }
    }

    /// <summary>Throws <see cref="SnmpErrorException"/> when the response carries an error-status.</summary>
    public static void ThrowOnError(SnmpPdu response)
    {
        if (response.Error != SnmpErrorStatus.NoError)
        {
            throw new SnmpErrorException(response.Error, response.ErrorIndex);
        }
    }

    private async Task<SnmpPdu> RequestAsync(SnmpTarget target, PduType type, IReadOnlyList<VarBind> binds, int errorStatus, int errorIndex,
        CancellationToken cancellationToken)
    {
        var requestId = NextRequestId();
        var datagram = SnmpCodec.Encode(new SnmpMessage(target.Version, target.Community,
            new SnmpPdu(type, requestId, errorStatus, errorIndex, binds)));
        var pending = new Pending(target.Endpoint);
        _pending[requestId] = pending;
        var socket = SocketFor(target.Endpoint.AddressFamily);
        try
        {
            for (var attempt = 0; attempt <= target.Retries; attempt++)
            {
                await socket.SendToAsync(datagram, SocketFlags.None, target.Endpoint, cancellationToken);
                try
                {
                    return await pending.Reply.Task.WaitAsync(target.Timeout, cancellationToken);
                }
                catch (TimeoutException)
                {
                    // Resend with the same request id: a late first answer still counts.
                }
            }

            throw new SnmpTimeoutException(target.Endpoint, target.Retries + 1, target.Timeout);
        }
        finally
        {
            _pending.TryRemove(requestId, out _);
        }
    }

    private int NextRequestId()
    {
        var id = Interlocked.Increment(ref _requestId) & int.MaxValue;
        return id == 0 ? Interlocked.Increment(ref _requestId) & int.MaxValue : id;
    }

    private Socket SocketFor(AddressFamily family) =>
        (family == AddressFamily.InterNetworkV6 ? _v6 : _v4).Value.Socket;

    private (Socket, Task) Open(AddressFamily family)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        SocketBuffers.EnlargeReceiveBuffer(socket, 8 * 1024 * 1024);
        socket.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        return (socket, Task.Run(() => ReceiveLoopAsync(socket)));
    }

    private async Task ReceiveLoopAsync(Socket socket)
    {
        var buffer = new byte[65_536];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP port unreachable from an earlier send surfaces here on Linux; the request times out.
                continue;
            }

            var error = SnmpCodec.TryDecode(buffer.AsSpan(0, received.ReceivedBytes), out var message);
            if (error != BerDecodeError.None)
            {
                _rejected.AddOrUpdate(error, 1, (_, n) => n + 1);
                continue;
            }

            if (message!.Pdu.Type is not (PduType.Response or PduType.Report) ||
                !_pending.TryGetValue(message.Pdu.RequestId, out var pending) ||
                !pending.Endpoint.Equals((IPEndPoint)received.RemoteEndPoint))
            {
                Interlocked.Increment(ref _stray);
                continue;
            }

            pending.Reply.TrySetResult(message.Pdu);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var endpoint in new[] { _v4, _v6 })
        {
            if (endpoint.IsValueCreated)
            {
                endpoint.Value.Socket.Dispose();
                await endpoint.Value.Loop;
            }
        }

        _stop.Dispose();
    }

    private sealed class Pending(IPEndPoint endpoint)
    {
        public IPEndPoint Endpoint { get; } = endpoint;

        public TaskCompletionSource<SnmpPdu> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

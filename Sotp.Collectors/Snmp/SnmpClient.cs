using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Sotp.Collectors.Net;
using Sotp.Collectors.Snmp.Ber;
using Sotp.Collectors.Snmp.Pdu;
using Sotp.Collectors.Snmp.Usm;
using Sotp.Core.Observability;

namespace Sotp.Collectors.Snmp;

/// <summary>
/// SOTP's SNMP manager (v1, v2c, v3 with USM): one UDP socket per address family carries any number of
/// outstanding requests, matched by request (or message) id and source address, each with its own timeout and
/// retries. Replies that do not decode are refused and counted by reason.
/// </summary>
public sealed class SnmpClient : IAsyncDisposable
{
    private static readonly ObjectIdentifier UsmStats = ObjectIdentifier.Parse("1.3.6.1.6.3.15.1.1");

    private readonly ConcurrentDictionary<int, Pending> _pending = new();
    private readonly ConcurrentDictionary<IPEndPoint, UsmEngine> _engines = new();
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<BerDecodeError, long> _rejected = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lazy<(Socket Socket, Task Loop)> _v4;
    private readonly Lazy<(Socket Socket, Task Loop)> _v6;
    private int _requestId = RandomNumberGenerator.GetInt32(1, int.MaxValue / 2);
    private long _stray;

    public SnmpClient(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
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

    /// <summary>
    /// Several columns of one table walked in lockstep with GETBULK (v2c/v3) or GETNEXT (v1): one request
    /// fetches <paramref name="maxRepetitions"/> rows of every column. Returns the cells by row index (the
    /// arcs after the column, dotted: "3" for ifIndex 3).
    /// </summary>
    public async Task<Dictionary<string, Dictionary<ObjectIdentifier, SnmpValue>>> WalkColumnsAsync(
        SnmpTarget target, IReadOnlyList<ObjectIdentifier> columns, int maxRepetitions, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, Dictionary<ObjectIdentifier, SnmpValue>>();
        var cursors = columns.ToDictionary(c => c, c => c);
        while (cursors.Count > 0)
        {
            var open = cursors.Keys.ToArray();
            var asked = open.Select(c => cursors[c]).ToArray();
            var response = target.Version == SnmpVersion.V1
                ? await GetNextAsync(target, asked, cancellationToken)
                : await GetBulkAsync(target, 0, maxRepetitions, asked, cancellationToken);
            if (target.Version == SnmpVersion.V1 && response.Error == SnmpErrorStatus.NoSuchName)
            {
                break;
            }

            // An agent whose answer would not fit its datagram says tooBig: ask again for fewer rows.
            if (response.Error == SnmpErrorStatus.TooBig && target.Version != SnmpVersion.V1 && maxRepetitions > 1)
            {
                maxRepetitions /= 2;
                continue;
            }

            ThrowOnError(response);
            var done = new HashSet<ObjectIdentifier>();
            for (var i = 0; i < response.VarBinds.Count; i++)
            {
                var column = open[i % open.Length];
                var bind = response.VarBinds[i];
                if (done.Contains(column))
                {
                    continue;
                }

                if (bind.Value.IsException || !bind.Oid.StartsWith(column) || bind.Oid <= cursors[column])
                {
                    done.Add(column);
                    continue;
                }

                var index = string.Join('.', bind.Oid.After(column).ToArray());
                if (!rows.TryGetValue(index, out var row))
                {
                    rows[index] = row = [];
                }

                row[column] = bind.Value;
                cursors[column] = bind.Oid;
            }

            foreach (var column in done)
            {
                cursors.Remove(column);
            }

            if (response.VarBinds.Count == 0)
            {
                break;
            }
        }

        return rows;
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
        using var span = SotpTelemetry.StartClient($"snmp {type}", target.Endpoint.Address, target.Endpoint.Port);
        span?.SetTag("snmp.version", target.Version.ToString());
        span?.SetTag("snmp.pdu_type", type.ToString());
        span?.SetTag("snmp.oid_count", binds.Count);
        try
        {
            var reply = await SendAsync(target, type, binds, errorStatus, errorIndex, cancellationToken);
            span?.SetTag("snmp.varbind_count", reply.VarBinds.Count);
            return reply;
        }
        catch (Exception ex) when (span is not null)
        {
            span.Fail(ex.Message);
            throw;
        }
    }

    private async Task<SnmpPdu> SendAsync(SnmpTarget target, PduType type, IReadOnlyList<VarBind> binds, int errorStatus, int errorIndex,
        CancellationToken cancellationToken)
    {
        if (target.Version == SnmpVersion.V3)
        {
            return await RequestV3Async(target, new SnmpPdu(type, 0, errorStatus, errorIndex, binds), cancellationToken);
        }

        var requestId = NextRequestId();
        var datagram = SnmpCodec.Encode(new SnmpMessage(target.Version, target.Community,
            new SnmpPdu(type, requestId, errorStatus, errorIndex, binds)));
        var reply = await ExchangeAsync(target, requestId, datagram, cancellationToken);
        return reply.Decoded!;
    }

    /// <summary>
    /// SNMPv3: discovers the agent's engine once, then sends authenticated (and encrypted) requests; a report of
    /// an unknown engine or a stale time window is answered by learning again, once; other reports become a
    /// <see cref="UsmException"/> that says what is wrong.
    /// </summary>
    private async Task<SnmpPdu> RequestV3Async(SnmpTarget target, SnmpPdu pdu, CancellationToken cancellationToken)
    {
        var user = target.User ?? throw new UsmException("SNMPv3 needs a user.");
        if (!_engines.TryGetValue(target.Endpoint, out var engine))
        {
            engine = await DiscoverAsync(target, user, cancellationToken);
        }

        for (var attempt = 0; ; attempt++)
        {
            SnmpV3Message reply;
            try
            {
                reply = await ExchangeV3Async(target, user, engine, pdu, cancellationToken);
            }
            catch (SnmpTimeoutException) when (user.Encrypts)
            {
                if (await AnswersWithoutPrivacyAsync(target, user, engine, cancellationToken))
                {
                    throw new UsmException("The agent answers authenticated requests but not encrypted ones: it could not decrypt " +
                                           "them, so the privacy passphrase or protocol is wrong.");
                }

                throw;
            }

            if (reply.Pdu.Type != PduType.Report)
            {
                return reply.Pdu;
            }

            var reported = reply.Pdu.VarBinds.Count > 0 ? reply.Pdu.VarBinds[0].Oid : null;
            var counter = reported is not null && reported.StartsWith(UsmStats) && reported.Length > UsmStats.Length ? (int)reported[UsmStats.Length] : 0;
            if (attempt == 0 && counter is 2 or 4)
            {
                // notInTimeWindows / unknownEngineIDs: the agent rebooted or its clock moved; learn it again.
                engine = _engines[target.Endpoint] = new UsmEngine(reply.EngineId, reply.EngineBoots, reply.EngineTime, _time);
                continue;
            }

            throw new UsmException(counter switch
            {
                1 => $"The agent does not allow this security level for the SNMPv3 user \"{user.UserName}\".",
                2 => "The agent refused the request as outside its time window, twice.",
                3 => $"The agent does not know the SNMPv3 user \"{user.UserName}\".",
                5 => "Authentication failed: the agent says the authentication passphrase or protocol is wrong.",
                6 => "Decryption failed at the agent: the privacy passphrase or protocol is wrong.",
                _ => $"The agent sent a report: {reported}.",
            });
        }
    }

    // net-snmp drops a request it cannot decrypt without a word. Asking once without privacy tells a wrong
    // privacy passphrase (it answers, if only with a report) from a dead or unreachable agent (it does not).
    private async Task<bool> AnswersWithoutPrivacyAsync(SnmpTarget target, UsmUser user, UsmEngine engine, CancellationToken cancellationToken)
    {
        try
        {
            await ExchangeV3Async(target, user with { Priv = PrivProtocol.None, PrivPassphrase = null }, engine,
                new SnmpPdu(PduType.GetRequest, 0, 0, 0, []), cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is SnmpTimeoutException or UsmException)
        {
            return ex is UsmException;
        }
    }

    private async Task<UsmEngine> DiscoverAsync(SnmpTarget target, UsmUser user, CancellationToken cancellationToken)
    {
        var probe = new SnmpPdu(PduType.GetRequest, 0, 0, 0, []);
        var reply = await ExchangeV3Async(target, user, null, probe, cancellationToken);
        if (reply.EngineId.Length == 0)
        {
            throw new UsmException("The agent did not reveal its SNMPv3 engine id.");
        }

        return _engines[target.Endpoint] = new UsmEngine(reply.EngineId, reply.EngineBoots, reply.EngineTime, _time);
    }

    private async Task<SnmpV3Message> ExchangeV3Async(SnmpTarget target, UsmUser user, UsmEngine? engine, SnmpPdu pdu, CancellationToken cancellationToken)
    {
        var id = NextRequestId();
        var datagram = SnmpV3Codec.Encode(id, user, engine, pdu with { RequestId = id });
        var reply = await ExchangeAsync(target, id, datagram, cancellationToken);
        var error = SnmpV3Codec.TryDecode(reply.Raw, user, engine, out var message, out var problem);
        if (error != BerDecodeError.None)
        {
            _rejected.AddOrUpdate(error, 1, (_, n) => n + 1);
            throw new UsmException($"The agent's reply could not be read ({error}).");
        }

        return message ?? throw new UsmException(problem!);
    }

    private async Task<Reply> ExchangeAsync(SnmpTarget target, int id, byte[] datagram, CancellationToken cancellationToken)
    {
        var pending = new Pending(target.Endpoint);
        _pending[id] = pending;
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
                    // Resend with the same id: a late first answer still counts.
                }
            }

            throw new SnmpTimeoutException(target.Endpoint, target.Retries + 1, target.Timeout);
        }
        finally
        {
            _pending.TryRemove(id, out _);
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

    private Task ReceiveLoopAsync(Socket socket) => DatagramLoop.RunAsync(socket, (buffer, length, sender) =>
    {
        Route(buffer.AsSpan(0, length), sender);
        return Task.CompletedTask;
    }, _stop.Token);

    // v1/v2c replies are decoded here; v3 ones by the requester, which holds the keys.
    private void Route(ReadOnlySpan<byte> datagram, IPEndPoint sender)
    {
        SnmpPdu? decoded = null;
        if (!SnmpV3Codec.TryReadMessageId(datagram, out var id))
        {
            var error = SnmpCodec.TryDecode(datagram, out var message);
            if (error != BerDecodeError.None)
            {
                _rejected.AddOrUpdate(error, 1, (_, n) => n + 1);
                return;
            }

            decoded = message!.Pdu;
            id = decoded.RequestId;
            if (decoded.Type is not (PduType.Response or PduType.Report))
            {
                Interlocked.Increment(ref _stray);
                return;
            }
        }

        if (!_pending.TryGetValue(id, out var pending) || !pending.Endpoint.Equals(sender))
        {
            Interlocked.Increment(ref _stray);
            return;
        }

        pending.Reply.TrySetResult(new Reply(datagram.ToArray(), decoded));
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

        public TaskCompletionSource<Reply> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Reply(byte[] Raw, SnmpPdu? Decoded);
}

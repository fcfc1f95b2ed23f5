using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Sotp.Collectors.Net;
using Sotp.Collectors.Snmp.Ber;
using Sotp.Collectors.Snmp.Pdu;
using Sotp.Collectors.Snmp.Usm;

namespace Sotp.Collectors.Snmp.Traps;

/// <summary>
/// Receives SNMP notifications on one UDP endpoint: v2c traps and informs (answered, as RFC 3416 asks) with a
/// known community, and v3 traps and informs from known USM users, authenticated and decrypted with keys
/// localized to the sender's engine. Everything else is refused and counted by reason; accepted traps wait in
/// a bounded queue (oldest dropped, counted) for whoever reads <see cref="ReadAllAsync"/>.
/// </summary>
public sealed class SnmpTrapReceiver : IAsyncDisposable
{
    private volatile HashSet<string> _communities;
    private volatile Dictionary<string, UsmUser> _users;
    private readonly ConcurrentDictionary<string, UsmEngine> _senderEngines = new();
    private readonly ConcurrentDictionary<string, long> _refused = new();
    private readonly Channel<SnmpTrap> _traps;
    private readonly Socket _socket;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _accepted;
    private long _dropped;

    public SnmpTrapReceiver(IPEndPoint endpoint, IEnumerable<string> communities, IEnumerable<UsmUser> users, TimeProvider time, int capacity = 10_000)
    {
        _communities = communities.ToHashSet(StringComparer.Ordinal);
        _users = users.ToDictionary(u => u.UserName, StringComparer.Ordinal);
        _time = time;
        _traps = Channel.CreateBounded<SnmpTrap>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest },
            _ => Interlocked.Increment(ref _dropped));
        _socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        SocketBuffers.EnlargeReceiveBuffer(_socket, 4 * 1024 * 1024);
        _socket.Bind(endpoint);
        LocalEndpoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = Task.Run(ReceiveLoopAsync);
    }

    public IPEndPoint LocalEndpoint { get; }

    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Accepted traps pushed out of the full queue before anyone read them.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Refused datagrams by reason: decode errors, unknown community or user, failed authentication.</summary>
    public IReadOnlyDictionary<string, long> Refused => _refused;

    public IAsyncEnumerable<SnmpTrap> ReadAllAsync(CancellationToken cancellationToken) => _traps.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Replaces the communities and users accepted (the devices' SNMP settings changed).</summary>
    public void SetCredentials(IEnumerable<string> communities, IEnumerable<UsmUser> users)
    {
        _communities = communities.ToHashSet(StringComparer.Ordinal);
        _users = users.GroupBy(u => u.UserName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _senderEngines.Clear();
    }

    private Task ReceiveLoopAsync() => DatagramLoop.RunAsync(_socket, async (buffer, length, source) =>
    {
        var (trap, reply) = Accept(buffer.AsSpan(0, length), source);
        if (trap is null)
        {
            return;
        }

        Interlocked.Increment(ref _accepted);
        _traps.Writer.TryWrite(trap);
        if (reply is not null)
        {
            try
            {
                await _socket.SendToAsync(reply, SocketFlags.None, source, _stop.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The sender went away; it will retry its inform.
            }
        }
    }, _stop.Token);

    /// <summary>The trap in a datagram (and the inform's answer), or nulls when it is refused.</summary>
    public (SnmpTrap? Trap, byte[]? Reply) Accept(ReadOnlySpan<byte> datagram, IPEndPoint source)
    {
        if (SnmpV3Codec.TryReadMessageId(datagram, out _))
        {
            return AcceptV3(datagram, source);
        }

        var error = SnmpCodec.TryDecode(datagram, out var message);
        if (error != BerDecodeError.None)
        {
            return Refuse(error.ToString());
        }

        if (!_communities.Contains(Encoding.UTF8.GetString(message!.Community)))
        {
            return Refuse("UnknownCommunity");
        }

        var pdu = message.Pdu;
        if (pdu.Type is not (PduType.TrapV2 or PduType.InformRequest))
        {
            return Refuse("NotANotification");
        }

        var trap = ToTrap(pdu, source, message.Version, Encoding.UTF8.GetString(message.Community));
        var reply = pdu.Type == PduType.InformRequest
            ? SnmpCodec.Encode(message with { Pdu = pdu with { Type = PduType.Response, ErrorStatus = 0, ErrorIndex = 0 } })
            : null;
        return trap is null ? Refuse("NoTrapOid") : (trap, reply);
    }

    // The user name and the sender's engine are read without trusting them, then verified with that user's keys.
    private (SnmpTrap?, byte[]?) AcceptV3(ReadOnlySpan<byte> datagram, IPEndPoint source)
    {
        var error = SnmpV3Codec.TryPeekSecurity(datagram, out var engineId, out var boots, out var engineTime, out var userName);
        return error != BerDecodeError.None ? Refuse(error.ToString()) : AcceptV3As(datagram, source, userName, engineId, boots, engineTime);
    }

    private (SnmpTrap?, byte[]?) AcceptV3As(ReadOnlySpan<byte> datagram, IPEndPoint source, string userName, byte[] engineId, int boots, int engineTime)
    {
        if (!_users.TryGetValue(userName, out var user))
        {
            return Refuse("UnknownUser");
        }

        var engine = _senderEngines.GetOrAdd(Convert.ToHexString(engineId) + "/" + userName, _ => new UsmEngine(engineId, boots, engineTime, _time));
        var error = SnmpV3Codec.TryDecode(datagram, user, engine, out var message, out var problem);
        if (error != BerDecodeError.None)
        {
            return Refuse(error.ToString());
        }

        if (message is null)
        {
            return Refuse(problem!.Contains("decrypt", StringComparison.Ordinal) ? "DecryptionError" : "WrongDigest");
        }

        if (user.Authenticates && (message.Flags & SnmpV3Message.FlagAuth) == 0)
        {
            return Refuse("UnauthenticatedForAuthUser");
        }

        if (message.Pdu.Type is not (PduType.TrapV2 or PduType.InformRequest))
        {
            return Refuse("NotANotification");
        }

        var trap = ToTrap(message.Pdu, source, SnmpVersion.V3, user.UserName);
        return trap is null ? Refuse("NoTrapOid") : (trap, null);
    }

    private SnmpTrap? ToTrap(SnmpPdu pdu, IPEndPoint source, SnmpVersion version, string principal)
    {
        var trapOid = pdu.VarBinds.FirstOrDefault(b => b.Oid == SnmpTrap.SnmpTrapOid)?.Value.Oid;
        return trapOid is null
            ? null
            : new SnmpTrap(_time.GetUtcNow(), source, version, principal, trapOid, pdu.VarBinds, pdu.Type == PduType.InformRequest);
    }

    private (SnmpTrap?, byte[]?) Refuse(string reason)
    {
        _refused.AddOrUpdate(reason, 1, (_, n) => n + 1);
        return (null, null);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        _traps.Writer.TryComplete();
        _stop.Dispose();
    }
}

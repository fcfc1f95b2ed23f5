using System.Net;
using System.Net.Sockets;
using System.Text;
using Sotp.Collectors.Net;
using Sotp.Collectors.Snmp.Ber;
using Sotp.Collectors.Snmp.Pdu;

namespace Sotp.Collectors.Snmp.Agent;

/// <summary>
/// A small SNMP v1/v2c agent serving one <see cref="ISnmpMibView"/> on one UDP endpoint: the simulator behind
/// the demo devices and the load tests. Like net-snmp it ignores requests with a wrong community, and it
/// refuses and counts datagrams that do not decode.
/// </summary>
public sealed class SnmpAgent : IAsyncDisposable
{
    /// <summary>Keeps GETBULK answers inside one unfragmented UDP datagram on most paths.</summary>
    public const int MaxResponseBytes = 1400;

    private readonly ISnmpMibView _mib;
    private readonly byte[] _readCommunity;
    private readonly byte[]? _writeCommunity;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _answered;
    private long _badCommunity;
    private long _rejected;

    public SnmpAgent(IPEndPoint endpoint, ISnmpMibView mib, string readCommunity, string? writeCommunity = null)
    {
        _mib = mib;
        _readCommunity = Encoding.UTF8.GetBytes(readCommunity);
        _writeCommunity = writeCommunity is null ? null : Encoding.UTF8.GetBytes(writeCommunity);
        _socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        SocketBuffers.EnlargeReceiveBuffer(_socket, 4 * 1024 * 1024);
        _socket.Bind(endpoint);
        LocalEndpoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = Task.Run(ServeAsync);
    }

    public IPEndPoint LocalEndpoint { get; }

    public long Answered => Interlocked.Read(ref _answered);

    public long BadCommunity => Interlocked.Read(ref _badCommunity);

    /// <summary>Datagrams refused because they did not decode.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    private Task ServeAsync() => DatagramLoop.RunAsync(_socket, async (buffer, length, sender) =>
    {
        var response = Answer(buffer.AsSpan(0, length));
        if (response is null)
        {
            return;
        }

        try
        {
            await _socket.SendToAsync(response, SocketFlags.None, sender, _stop.Token);
            Interlocked.Increment(ref _answered);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The manager went away; nothing to do.
        }
    }, _stop.Token);

    /// <summary>The encoded response to one datagram, or null when it deserves none.</summary>
    public byte[]? Answer(ReadOnlySpan<byte> datagram)
    {
        if (SnmpCodec.TryDecode(datagram, out var request) != BerDecodeError.None)
        {
            Interlocked.Increment(ref _rejected);
            return null;
        }

        var pdu = request!.Pdu;
        var write = pdu.Type == PduType.SetRequest;
        var allowed = write
            ? _writeCommunity is not null && request.Community.AsSpan().SequenceEqual(_writeCommunity)
            : request.Community.AsSpan().SequenceEqual(_readCommunity) ||
              (_writeCommunity is not null && request.Community.AsSpan().SequenceEqual(_writeCommunity));
        if (!allowed || pdu.Type is PduType.Response or PduType.Report or PduType.TrapV2 or PduType.InformRequest ||
            (pdu.Type == PduType.GetBulkRequest && request.Version == SnmpVersion.V1))
        {
            if (!allowed)
            {
                Interlocked.Increment(ref _badCommunity);
            }

            return null;
        }

        var v1 = request.Version == SnmpVersion.V1;
        var response = pdu.Type switch
        {
            PduType.GetRequest => Each(pdu, v1, bind => _mib.Get(bind.Oid) is var value && !value.IsException ? new VarBind(bind.Oid, value) : v1 ? null : new VarBind(bind.Oid, value)),
            PduType.GetNextRequest => Each(pdu, v1, bind => _mib.Next(bind.Oid) ?? (v1 ? null : new VarBind(bind.Oid, SnmpValue.EndOfMibView))),
            PduType.GetBulkRequest => Bulk(pdu),
            PduType.SetRequest => Set(pdu),
            _ => null,
        };
        return response is null ? null : SnmpCodec.Encode(new SnmpMessage(request.Version, request.Community, response));
    }

    // v1 turns a missing variable into noSuchName for the whole PDU; v2c answers per variable.
    private static SnmpPdu Each(SnmpPdu pdu, bool v1, Func<VarBind, VarBind?> answer)
    {
        var binds = new List<VarBind>(pdu.VarBinds.Count);
        for (var i = 0; i < pdu.VarBinds.Count; i++)
        {
            var bind = answer(pdu.VarBinds[i]);
            if (bind is null)
            {
                return pdu with { Type = PduType.Response, ErrorStatus = (int)SnmpErrorStatus.NoSuchName, ErrorIndex = i + 1 };
            }

            binds.Add(bind);
        }

        return pdu with { Type = PduType.Response, ErrorStatus = 0, ErrorIndex = 0, VarBinds = binds };
    }

    private SnmpPdu Bulk(SnmpPdu pdu)
    {
        var nonRepeaters = Math.Clamp(pdu.ErrorStatus, 0, pdu.VarBinds.Count);
        var maxRepetitions = Math.Clamp(pdu.ErrorIndex, 0, 1000);
        var binds = new List<VarBind>();
        var size = 64;
        for (var i = 0; i < nonRepeaters; i++)
        {
            binds.Add(_mib.Next(pdu.VarBinds[i].Oid) ?? new VarBind(pdu.VarBinds[i].Oid, SnmpValue.EndOfMibView));
        }

        var cursors = pdu.VarBinds.Skip(nonRepeaters).Select(b => b.Oid).ToArray();
        for (var round = 0; round < maxRepetitions && cursors.Length > 0; round++)
        {
            var allEnded = true;
            for (var c = 0; c < cursors.Length; c++)
            {
                var next = _mib.Next(cursors[c]) ?? new VarBind(cursors[c], SnmpValue.EndOfMibView);
                allEnded &= next.Value.IsException;
                size += 16 + next.Oid.Length * 2 + (next.Value.Bytes?.Length ?? 9);
                if (size > MaxResponseBytes && binds.Count > 0)
                {
                    return Response(pdu, binds);
                }

                binds.Add(next);
                cursors[c] = next.Oid;
            }

            if (allEnded)
            {
                break;
            }
        }

        return Response(pdu, binds);
    }

    private SnmpPdu Set(SnmpPdu pdu)
    {
        for (var i = 0; i < pdu.VarBinds.Count; i++)
        {
            var status = _mib.Set(pdu.VarBinds[i].Oid, pdu.VarBinds[i].Value);
            if (status != SnmpErrorStatus.NoError)
            {
                return pdu with { Type = PduType.Response, ErrorStatus = (int)status, ErrorIndex = i + 1 };
            }
        }

        return Response(pdu, pdu.VarBinds);
    }

    private static SnmpPdu Response(SnmpPdu request, IReadOnlyList<VarBind> binds) =>
        request with { Type = PduType.Response, ErrorStatus = 0, ErrorIndex = 0, VarBinds = binds };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        _stop.Dispose();
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Sotp.Collectors.Net;

namespace Sotp.Collectors.Icmp;

/// <summary>
/// One ICMP socket of one address family with any number of probes in flight. Replies are matched by sequence
/// number and a random token in the payload (and by identifier on raw sockets, where the kernel does not set it).
/// </summary>
internal sealed class IcmpEndpoint : IAsyncDisposable
{
    private const int ReceiveBufferBytes = 8 * 1024 * 1024;

    private readonly Socket _socket;
    private readonly AddressFamily _family;
    private readonly ushort _identifier = (ushort)RandomNumberGenerator.GetInt32(1, ushort.MaxValue);
    private readonly ConcurrentDictionary<ushort, Probe> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly IcmpCounters _counters;
    private readonly Task _receiveLoop;
    private int _sequence = RandomNumberGenerator.GetInt32(ushort.MaxValue);

    private IcmpEndpoint(Socket socket, AddressFamily family, IcmpSocketKind kind, IcmpCounters counters)
    {
        _socket = socket;
        _family = family;
        Kind = kind;
        _counters = counters;
        _receiveLoop = Task.Factory.StartNew(ReceiveLoop, TaskCreationOptions.LongRunning);
    }

    public IcmpSocketKind Kind { get; }

    /// <summary>Opens a raw socket if permitted, else an ICMP datagram socket; null with the reason if neither.</summary>
    public static IcmpEndpoint? Open(AddressFamily family, IcmpCounters counters, out string? problem)
    {
        var protocol = family == AddressFamily.InterNetworkV6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp;
        problem = null;
        foreach (var (type, kind) in new[] { (SocketType.Raw, IcmpSocketKind.Raw), (SocketType.Dgram, IcmpSocketKind.Datagram) })
        {
            Socket? socket = null;
            try
            {
                socket = new Socket(family, type, protocol);
                SocketBuffers.EnlargeReceiveBuffer(socket, ReceiveBufferBytes);
                socket.ReceiveTimeout = 250;
                // Receiving needs a bound socket; a datagram socket's port becomes its echo identifier.
                socket.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
                return new IcmpEndpoint(socket, family, kind, counters);
            }
            catch (SocketException ex)
            {
                socket?.Dispose();
                problem = $"{type} ICMP socket refused ({ex.SocketErrorCode})";
            }
        }

        return null;
    }

    /// <summary>Sends one echo request; completes with the RTT in milliseconds, or null when none came in time.</summary>
    public async Task<double?> PingAsync(IPAddress target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Not a secret: it only tells our replies from late, duplicated or other programs' ones.
        var token = Random.Shared.NextInt64();
        var probe = new Probe(target, token);
        var sequence = Reserve(probe);
        var packet = new byte[IcmpPacket.RequestLength];
        IcmpPacket.WriteEchoRequest(packet, _family, _identifier, sequence, token);

        using var deadline = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : new CancellationTokenSource();
        deadline.CancelAfter(timeout);
        await using var expire = deadline.Token.UnsafeRegister(static state => ((Probe)state!).Reply.TrySetResult(null), probe);
        try
        {
            probe.SentAt = Stopwatch.GetTimestamp();
            // A synchronous send: raw and ICMP datagram sockets do not wait for the peer, only for buffer space.
            _socket.SendTo(packet, SocketFlags.None, new IPEndPoint(target, 0));
            _counters.CountSent();
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            // No route, or the send buffer stayed full: the probe is lost, the sweep goes on.
            _counters.CountSendError();
            probe.Reply.TrySetResult(null);
        }

        var rtt = await probe.Reply.Task;
        _pending.TryRemove(new KeyValuePair<ushort, Probe>(sequence, probe));
        cancellationToken.ThrowIfCancellationRequested();
        _counters.CountOutcome(answered: rtt is not null);
        return rtt;
    }

    private ushort Reserve(Probe probe)
    {
        for (var attempt = 0; attempt <= ushort.MaxValue; attempt++)
        {
            var sequence = (ushort)Interlocked.Increment(ref _sequence);
            if (_pending.TryAdd(sequence, probe))
            {
                return sequence;
            }
        }

        throw new InvalidOperationException("65,536 probes are already in flight on this socket.");
    }

    // A dedicated thread with blocking receives: cheaper per reply than an async receive when thousands
    // arrive within milliseconds. The receive timeout lets it notice disposal.
    private void ReceiveLoop()
    {
        var buffer = new byte[65_536];
        var includesIpHeader = Kind == IcmpSocketKind.Raw && _family == AddressFamily.InterNetwork;
        EndPoint any = new IPEndPoint(_family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            EndPoint from = any;
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, ref from);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
            {
                continue;
            }
            catch (SocketException)
            {
                _counters.CountReceiveError();
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            Match(buffer.AsSpan(0, length), ((IPEndPoint)from).Address, includesIpHeader, Stopwatch.GetTimestamp());
        }
    }

    private void Match(ReadOnlySpan<byte> datagram, IPAddress from, bool includesIpHeader, long arrived)
    {
        if (!IcmpPacket.TryReadEchoReply(datagram, _family, includesIpHeader, out var identifier, out var sequence, out var token))
        {
            // Other ICMP traffic (our own requests looped back, errors, other programs) or garbage.
            _counters.CountIgnored();
            return;
        }

        if ((Kind == IcmpSocketKind.Raw && identifier != _identifier) ||
            !_pending.TryGetValue(sequence, out var probe) || probe.Token != token || !from.Equals(probe.Target))
        {
            _counters.CountStray();
            return;
        }

        probe.Reply.TrySetResult(Stopwatch.GetElapsedTime(probe.SentAt, arrived).TotalMilliseconds);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _receiveLoop;
        _socket.Dispose();
        _stop.Dispose();
    }

    private sealed class Probe(IPAddress target, long token)
    {
        public IPAddress Target { get; } = target;

        public long Token { get; } = token;

        public long SentAt { get; set; }

        public TaskCompletionSource<double?> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>What the ICMP engine did, for metrics and for the benchmark's loss figures.</summary>
public sealed class IcmpCounters
{
    private long _sent;
    private long _received;
    private long _lost;
    private long _sendErrors;
    private long _receiveErrors;
    private long _ignored;
    private long _stray;

    public long Sent => Interlocked.Read(ref _sent);

    public long Received => Interlocked.Read(ref _received);

    public long Lost => Interlocked.Read(ref _lost);

    public long SendErrors => Interlocked.Read(ref _sendErrors);

    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);

    /// <summary>ICMP that is not an echo reply (or is malformed): refused and counted.</summary>
    public long Ignored => Interlocked.Read(ref _ignored);

    /// <summary>Echo replies that match no probe in flight (late, duplicated or someone else's).</summary>
    public long Stray => Interlocked.Read(ref _stray);

    internal void CountSent() => Interlocked.Increment(ref _sent);

    internal void CountOutcome(bool answered) => Interlocked.Increment(ref answered ? ref _received : ref _lost);

    internal void CountSendError() => Interlocked.Increment(ref _sendErrors);

    internal void CountReceiveError() => Interlocked.Increment(ref _receiveErrors);

    internal void CountIgnored() => Interlocked.Increment(ref _ignored);

    internal void CountStray() => Interlocked.Increment(ref _stray);
}

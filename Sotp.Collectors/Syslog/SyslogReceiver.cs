using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Sotp.Collectors.Net;

namespace Sotp.Collectors.Syslog;

public enum SyslogTransport
{
    Udp,
    Tcp,
    Tls,
}

/// <summary>One message as it arrived, before it is read.</summary>
public sealed record SyslogFrame(byte[] Bytes, IPAddress Sender, SyslogTransport Transport, DateTimeOffset ReceivedAt);

/// <summary>
/// Listens for syslog on UDP (RFC 5426), TCP (RFC 6587) and TLS (RFC 5425). Messages wait in one bounded queue
/// (<see cref="QueueCapacity"/>; when a burst outruns the reader, TCP and TLS senders are held back and datagrams are
/// dropped, counted) for whoever
/// reads <see cref="ReadAllAsync"/>. Hostile senders cost bounded memory: frames longer than the limit are refused,
/// connections are capped, a connection that idles or dawdles over one message is closed; all of it counted by
/// reason. A port that cannot be bound is reported in <see cref="Problems"/>; the others still listen.
/// </summary>
public sealed class SyslogReceiver : IAsyncDisposable
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly SyslogOptions _options;
    private readonly X509Certificate2? _certificate;
    private readonly TimeProvider _time;
    private readonly Channel<SyslogFrame> _frames;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _loops = [];
    private readonly ConcurrentDictionary<string, long> _refused = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly long[] _received = new long[3];
    private readonly Dictionary<SyslogTransport, IPEndPoint> _endpoints = [];
    private readonly Dictionary<SyslogTransport, string> _problems = [];
    private long _dropped;
    private int _open;

    public SyslogReceiver(SyslogOptions options, X509Certificate2? certificate, TimeProvider time)
    {
        _options = options;
        _certificate = certificate;
        _time = time;
        QueueCapacity = options.QueueCapacity;
        _frames = Channel.CreateBounded<SyslogFrame>(new BoundedChannelOptions(options.QueueCapacity)
        { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        var address = IPAddress.Parse(options.BindAddress);
        Listen(SyslogTransport.Udp, options.UdpPort, address);
        Listen(SyslogTransport.Tcp, options.TcpPort, address);
        if (certificate is not null)
        {
            Listen(SyslogTransport.Tls, options.TlsPort, address);
        }
    }

    /// <summary>Where each transport listens (the port chosen when 0 was asked for).</summary>
    public IReadOnlyDictionary<SyslogTransport, IPEndPoint> Endpoints => _endpoints;

    /// <summary>Transports that could not listen, with the reason in words.</summary>
    public IReadOnlyDictionary<SyslogTransport, string> Problems => _problems;

    public int QueueCapacity { get; }

    public int Queued => _frames.Reader.Count;

    /// <summary>Messages taken in, per transport.</summary>
    public long Received(SyslogTransport transport) => Interlocked.Read(ref _received[(int)transport]);

    /// <summary>Datagrams dropped because the queue was full (TCP and TLS senders are held back instead).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>What was refused, by reason: oversized or malformed frames, too many connections, timeouts, failed handshakes.</summary>
    public IReadOnlyDictionary<string, long> Refused => _refused;

    /// <summary>TCP and TLS connections open now.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    public IAsyncEnumerable<SyslogFrame> ReadAllAsync(CancellationToken cancellationToken) => _frames.Reader.ReadAllAsync(cancellationToken);

    private void Listen(SyslogTransport transport, int? port, IPAddress address)
    {
        if (port is not { } p)
        {
            return;
        }

        var udp = transport == SyslogTransport.Udp;
        var socket = new Socket(address.AddressFamily, udp ? SocketType.Dgram : SocketType.Stream, udp ? ProtocolType.Udp : ProtocolType.Tcp);
        try
        {
            if (udp)
            {
                SocketBuffers.EnlargeReceiveBuffer(socket, 8 * 1024 * 1024);
            }

            socket.Bind(new IPEndPoint(address, p));
            if (!udp)
            {
                socket.Listen(512);
            }
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            _problems[transport] = $"cannot listen on {transport.ToString().ToUpperInvariant()} {address}:{p}: {ex.Message}";
            return;
        }

        _sockets.Add(socket);
        _endpoints[transport] = (IPEndPoint)socket.LocalEndPoint!;
        _loops.Add(udp ? Task.Run(() => ReceiveDatagramsAsync(socket)) : Task.Run(() => AcceptAsync(socket, transport)));
    }

    private Task ReceiveDatagramsAsync(Socket socket) => DatagramLoop.RunAsync(socket, (buffer, length, sender) =>
    {
        if (length > _options.MaxMessageBytes)
        {
            Refuse("OversizedDatagram");
        }
        else
        {
            // A datagram cannot be held back: with the queue full it is dropped, counted.
            if (!_frames.Writer.TryWrite(Frame(buffer.AsSpan(0, length).ToArray(), sender.Address, SyslogTransport.Udp)))
            {
                Interlocked.Increment(ref _dropped);
            }
        }

        return Task.CompletedTask;
    }, _stop.Token);

    private async Task AcceptAsync(Socket listener, SyslogTransport transport)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            if (Interlocked.Increment(ref _open) > _options.MaxConnections)
            {
                Interlocked.Decrement(ref _open);
                Refuse("TooManyConnections");
                connection.Dispose();
                continue;
            }

            var served = ServeAsync(connection, transport);
            _connections.TryAdd(served, 0);
            _ = served.ContinueWith(t => _connections.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket connection, SyslogTransport transport)
    {
        var sender = ((IPEndPoint)connection.RemoteEndPoint!).Address;
        Stream stream = new NetworkStream(connection, ownsSocket: true);
        using var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        try
        {
            if (transport == SyslogTransport.Tls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                handshake.CancelAfter(HandshakeTimeout);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _certificate,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                }, handshake.Token);
            }

            await ReadFramesAsync(PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024)), sender, transport);
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            Refuse(transport == SyslogTransport.Tls && stream is SslStream { IsAuthenticated: false } ? "TlsHandshakeTimeout" : "Timeout");
        }
        catch (AuthenticationException)
        {
            Refuse("TlsHandshakeFailed");
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The sender went away mid-stream, or SOTP is stopping.
        }
        finally
        {
            await stream.DisposeAsync();
            Interlocked.Decrement(ref _open);
        }
    }

    // An idle connection may wait IdleTimeoutSeconds for its next message; a message begun must be whole within
    // FrameTimeoutSeconds of its first byte, however slowly the rest trickles in. When the queue is full the
    // connection waits for room before it reads on: the sender is held back (TCP's own flow control), nothing dropped.
    private async Task ReadFramesAsync(PipeReader reader, IPAddress sender, SyslogTransport transport)
    {
        var framer = new SyslogFramer(_options.MaxMessageBytes);
        var taken = new List<SyslogFrame>();
        DateTimeOffset? frameStarted = null;
        while (true)
        {
            var now = _time.GetUtcNow();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(framer.InFrame
                ? (frameStarted ??= now) + TimeSpan.FromSeconds(_options.FrameTimeoutSeconds) - now
                : TimeSpan.FromSeconds(_options.IdleTimeoutSeconds));
            var result = await reader.ReadAsync(timeout.Token);
            var buffer = result.Buffer;
            taken.Clear();
            framer.Read(ref buffer, frame => taken.Add(Frame(frame.ToArray(), sender, transport)), Refuse);
            if (taken.Count > 0 || !framer.InFrame)
            {
                frameStarted = null;
            }

            foreach (var frame in taken)
            {
                await _frames.Writer.WriteAsync(frame, _stop.Token);
            }

            if (framer.Fatal is not null)
            {
                return;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                if (!buffer.IsEmpty)
                {
                    Refuse("TruncatedFrame");
                }

                return;
            }
        }
    }

    private SyslogFrame Frame(byte[] bytes, IPAddress sender, SyslogTransport transport)
    {
        Interlocked.Increment(ref _received[(int)transport]);
        return new SyslogFrame(bytes, sender.IsIPv4MappedToIPv6 ? sender.MapToIPv4() : sender, transport, _time.GetUtcNow());
    }

    private void Refuse(string reason) => _refused.AddOrUpdate(reason, 1, (_, n) => n + 1);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_loops);
        await Task.WhenAll(_connections.Keys);
        _frames.Writer.TryComplete();
        _stop.Dispose();
    }
}

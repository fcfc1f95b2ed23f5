using System.Net;
using System.Net.Sockets;
using System.Text;
using Sotp.Collectors.Syslog;
using Sotp.Tests.Support;

namespace Sotp.Tests.Collectors.Syslog;

/// <summary>
/// Hostile syslog: fuzzed datagrams, lines and TCP streams (huge and malformed octet counts, truncated frames,
/// invalid UTF-8, control characters, 64 KB lines, slow senders, too many connections). Every refusal is counted by
/// reason, the queue stays within its bound, nothing throws, and honest senders are still heard afterwards.
/// </summary>
public sealed class SyslogHostileInputTests : IAsyncLifetime
{
    private readonly SyslogReceiver _receiver = new(new SyslogOptions
    {
        BindAddress = "127.0.0.1", UdpPort = 0, TcpPort = 0, TlsPort = null, QueueCapacity = 1000, MaxConnections = 8,
        FrameTimeoutSeconds = 1, IdleTimeoutSeconds = 30,
    }, null, TimeProvider.System);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IPEndPoint Udp => _receiver.Endpoints[SyslogTransport.Udp];

    private IPEndPoint Tcp => _receiver.Endpoints[SyslogTransport.Tcp];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    private static readonly string[] Seeds =
    [
        "<189>42: *Mar  1 00:10:38.147: %LINEPROTO-5-UPDOWN: Line protocol on Interface FastEthernet0/1, changed state to down",
        "<28>1 2026-11-29T09:59:59.123Z mx1 mib2d 2345 SNMP_TRAP_LINK_DOWN [junos@2636.1.1.1.2.21 snmp-interface-index=\"516\"] ifIndex 516",
        "<187>Nov 29 2026 09:59:59 HUAWEI %%01IFNET/4/LINK_STATE(l)[0]:The line protocol IP on the interface GE0/0/1 has entered the DOWN state.",
        "<38>Nov 29 09:59:59 bastion sshd[4242]: Failed password for invalid user admin from 192.0.2.5 port 51234 ssh2",
    ];

    // Seed lines cut, bit-flipped, spliced with random bytes and control characters, or random bytes alone.
    private static byte[] Fuzz(Random random)
    {
        var seed = Encoding.UTF8.GetBytes(Seeds[random.Next(Seeds.Length)]);
        return random.Next(6) switch
        {
            0 => seed[..random.Next(seed.Length)],
            1 => [.. seed.Select(b => random.Next(20) == 0 ? (byte)(b ^ (1 << random.Next(8))) : b)],
            2 => [.. seed[..random.Next(seed.Length)], .. RandomBytes(random, random.Next(1, 200)), .. seed[random.Next(seed.Length)..]],
            3 => [.. "<13>"u8, .. Enumerable.Range(0, random.Next(1, 300)).Select(_ => (byte)random.Next(0, 32))],
            4 => [.. "<"u8, .. Encoding.ASCII.GetBytes(random.Next(-1000, 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture)), .. ">"u8, .. RandomBytes(random, 50)],
            _ => RandomBytes(random, random.Next(1, 1500)),
        };
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void A_hundred_thousand_fuzzed_lines_are_parsed_or_refused_with_a_reason_never_thrown()
    {
        var random = new Random(15);
        var reasons = new Dictionary<string, int>();
        var parsed = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var line = Fuzz(random);
            var message = SyslogParser.Parse(line, DateTimeOffset.UnixEpoch.AddYears(56), out var problem);
            if (message is null)
            {
                Assert.NotNull(problem);
                reasons[problem!] = reasons.GetValueOrDefault(problem!) + 1;
            }
            else
            {
                parsed++;
                Assert.Equal(line, message.Raw);
                Assert.InRange(message.Facility, 0, 23);
            }
        }

        Assert.True(parsed > 10_000, $"{parsed} parsed");
        Assert.True(reasons.Count >= 3, string.Join(", ", reasons));
    }

    [Fact]
    public async Task A_hundred_thousand_fuzzed_datagrams_are_counted_and_the_queue_stays_bounded()
    {
        var random = new Random(16);
        using var sender = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        for (var i = 0; i < 100_000; i++)
        {
            await sender.SendAsync(Fuzz(random), Udp, Ct);
        }

        // Nobody read during the storm: the queue held its first thousand and the rest were dropped, counted.
        Assert.InRange(_receiver.Queued, 0, _receiver.QueueCapacity);
        Assert.True(_receiver.Received(SyslogTransport.Udp) > 1000);
        Assert.True(_receiver.Dropped > 0, "datagrams that do not fit in the queue are dropped, counted");
        await foreach (var _ in ReadAvailableAsync())
        {
            // The reader catches up.
        }

        // Then an honest sender is heard again.
        Assert.True(await Eventually.WaitAsync(async () =>
        {
            await sender.SendAsync(Encoding.UTF8.GetBytes("<13>still heard after the storm"), Udp, Ct);
            return await AnyFrameAsync("still heard");
        }, found => found));
    }

    private async IAsyncEnumerable<SyslogFrame> ReadAvailableAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var frames = _receiver.ReadAllAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        while (true)
        {
            bool more;
            try
            {
                more = await frames.MoveNextAsync();
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            if (!more)
            {
                yield break;
            }

            yield return frames.Current;
        }
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(Tcp, Ct);
        return socket;
    }

    // True when the server closed the connection (a read returns nothing) within the wait, 20 s unless given.
    private static async Task<bool> ClosedByServerAsync(Socket socket, TimeSpan? within = null)
    {
        var buffer = new byte[16];
        using var wait = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(20));
        try
        {
            return await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private long Refused(string reason) => _receiver.Refused.GetValueOrDefault(reason);

    [Fact]
    public async Task Malformed_streams_are_refused_by_reason_and_honest_ones_still_heard()
    {
        using (var huge = await ConnectAsync())
        {
            await huge.SendAsync("99999999 <13>a frame that claims to be 99 MB"u8.ToArray(), SocketFlags.None, Ct);
            Assert.True(await ClosedByServerAsync(huge));
        }

        using (var bad = await ConnectAsync())
        {
            await bad.SendAsync("12a4 <13>not a count"u8.ToArray(), SocketFlags.None, Ct);
            Assert.True(await ClosedByServerAsync(bad));
        }

        using (var truncated = await ConnectAsync())
        {
            await truncated.SendAsync("100 <13>short"u8.ToArray(), SocketFlags.None, Ct);
            truncated.Shutdown(SocketShutdown.Send);
            Assert.True(await ClosedByServerAsync(truncated));
        }

        using (var longLine = await ConnectAsync())
        {
            // A line longer than 64 KiB is skipped to its end; the connection carries on.
            byte[] line = [.. "<13>"u8, .. Enumerable.Repeat((byte)'x', 70_000), .. "\n<13>after the long line\n"u8];
            await longLine.SendAsync(line, SocketFlags.None, Ct);
            await Eventually.WaitAsync(async () => await AnyFrameAsync("after the long line"), found => found);
        }

        using (var random = await ConnectAsync())
        {
            var fuzz = new Random(17);
            for (var i = 0; i < 200; i++)
            {
                try
                {
                    await random.SendAsync(Fuzz(fuzz), SocketFlags.None, Ct);
                }
                catch (SocketException)
                {
                    break; // the server closed it on a frame it cannot read past
                }
            }
        }

        await Eventually.WaitAsync(() => Task.FromResult(Refused("OversizedFrame") + Refused("BadOctetCount") + Refused("TruncatedFrame") + Refused("OversizedLine")),
            _ => Refused("OversizedFrame") >= 1 && Refused("BadOctetCount") >= 1 && Refused("TruncatedFrame") >= 1 && Refused("OversizedLine") >= 1);

        using var honest = await ConnectAsync();
        await honest.SendAsync("23 <13>octet counted, fine<13>newline framed, fine\n"u8.ToArray(), SocketFlags.None, Ct);
        Assert.True(await Eventually.WaitAsync(async () => await AnyFrameAsync("newline framed, fine"), found => found));
    }

    private async Task<bool> AnyFrameAsync(string text)
    {
        await foreach (var frame in ReadAvailableAsync())
        {
            if (Encoding.UTF8.GetString(frame.Bytes).Contains(text, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public async Task A_tcp_sender_faster_than_the_reader_is_held_back_and_loses_nothing()
    {
        // Five times what the queue holds, while nobody reads: the connection waits for room instead of dropping.
        using var socket = await ConnectAsync();
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < 5000; i++)
            {
                await socket.SendAsync(Encoding.ASCII.GetBytes($"<13>held back {i}\n"), SocketFlags.None, Ct);
            }
        }, Ct);
        await Eventually.WaitAsync(() => Task.FromResult(_receiver.Queued), n => n == _receiver.QueueCapacity);

        var read = new HashSet<string>();
        await Eventually.WaitAsync(async () =>
        {
            await foreach (var frame in ReadAvailableAsync())
            {
                read.Add(Encoding.ASCII.GetString(frame.Bytes));
            }

            return read.Count;
        }, n => n == 5000);
        await sending;
        Assert.Equal(0, _receiver.Dropped);
        Assert.Contains("<13>held back 4999", read);
    }

    [Fact]
    public async Task Slow_senders_are_cut_off_and_connections_are_capped()
    {
        // A message begun must end within FrameTimeoutSeconds, however slowly it trickles in.
        using var slow = await ConnectAsync();
        await slow.SendAsync("<13>a message that never"u8.ToArray(), SocketFlags.None, Ct);
        // A byte now and then, each well inside the idle timeout, until SOTP closes the connection.
        for (var i = 0; i < 10 && !await ClosedByServerAsync(slow, TimeSpan.FromMilliseconds(400)); i++)
        {
            try
            {
                await slow.SendAsync("."u8.ToArray(), SocketFlags.None, Ct);
            }
            catch (SocketException)
            {
                break;
            }
        }

        Assert.True(await ClosedByServerAsync(slow));
        Assert.True(Refused("Timeout") >= 1);

        var open = new List<Socket>();
        try
        {
            for (var i = 0; i < 12; i++)
            {
                open.Add(await ConnectAsync());
            }

            await Eventually.WaitAsync(() => Task.FromResult(Refused("TooManyConnections")), n => n >= 4);
            Assert.InRange(_receiver.OpenConnections, 0, 8);
        }
        finally
        {
            foreach (var socket in open)
            {
                socket.Dispose();
            }
        }
    }
}

using System.Net.Sockets;
using Sotp.Collectors.Icmp;

namespace Sotp.Tests.Collectors.Icmp;

public class IcmpPacketTests
{
    [Fact]
    public void An_echo_request_carries_a_valid_checksum_and_our_ids()
    {
        var packet = new byte[IcmpPacket.RequestLength];

        IcmpPacket.WriteEchoRequest(packet, AddressFamily.InterNetwork, 0x1234, 0xBEEF, 42);

        Assert.Equal(8, packet[0]);
        Assert.Equal(0, IcmpPacket.Checksum(packet)); // a correct checksum sums to zero
        Assert.Equal([0x12, 0x34, 0xBE, 0xEF], packet[4..8]);
    }

    [Fact]
    public void A_reply_behind_an_ipv4_header_is_read()
    {
        var icmp = new byte[IcmpPacket.RequestLength];
        IcmpPacket.WriteEchoRequest(icmp, AddressFamily.InterNetwork, 7, 9, -5);
        icmp[0] = 0; // echo reply
        var datagram = new byte[20 + icmp.Length];
        datagram[0] = 0x45;
        icmp.CopyTo(datagram, 20);

        Assert.True(IcmpPacket.TryReadEchoReply(datagram, AddressFamily.InterNetwork, includesIpHeader: true, out var id, out var seq, out var token));
        Assert.Equal((7, 9, -5L), (id, seq, token));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x45 })]
    [InlineData(new byte[] { 0x4F, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x65, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void Truncated_or_malformed_datagrams_are_refused(byte[] datagram) =>
        Assert.False(IcmpPacket.TryReadEchoReply(datagram, AddressFamily.InterNetwork, includesIpHeader: true, out _, out _, out _));

    [Fact]
    public void Random_garbage_never_throws()
    {
        var random = new Random(1234);
        var buffer = new byte[128];
        for (var i = 0; i < 20_000; i++)
        {
            var length = random.Next(buffer.Length);
            random.NextBytes(buffer);
            _ = IcmpPacket.TryReadEchoReply(buffer.AsSpan(0, length), AddressFamily.InterNetwork, includesIpHeader: true, out _, out _, out _);
            _ = IcmpPacket.TryReadEchoReply(buffer.AsSpan(0, length), AddressFamily.InterNetworkV6, includesIpHeader: false, out _, out _, out _);
        }
    }

    [Fact]
    public void An_echo_request_is_not_mistaken_for_a_reply()
    {
        var request = new byte[IcmpPacket.RequestLength];
        IcmpPacket.WriteEchoRequest(request, AddressFamily.InterNetwork, 1, 1, 1);

        Assert.False(IcmpPacket.TryReadEchoReply(request, AddressFamily.InterNetwork, includesIpHeader: false, out _, out _, out _));
    }
}

using System.Buffers.Binary;
using System.Net.Sockets;

namespace Sotp.Collectors.Icmp;

/// <summary>
/// Builds ICMP echo requests and reads echo replies. Everything read is treated as hostile: a packet that is
/// short, of another type or malformed is refused (returns false), never thrown on.
/// </summary>
internal static class IcmpPacket
{
    public const int HeaderLength = 8;

    /// <summary>Our payload: an 8-byte token that ties a reply to the probe that sent it.</summary>
    public const int PayloadLength = 8;

    public const int RequestLength = HeaderLength + PayloadLength;

    public static void WriteEchoRequest(Span<byte> packet, AddressFamily family, ushort identifier, ushort sequence, long token)
    {
        packet[0] = family == AddressFamily.InterNetworkV6 ? (byte)128 : (byte)8;
        packet[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(packet[4..], identifier);
        BinaryPrimitives.WriteUInt16BigEndian(packet[6..], sequence);
        BinaryPrimitives.WriteInt64BigEndian(packet[8..], token);
        if (family == AddressFamily.InterNetwork)
        {
            // ICMPv6 checksums cover a pseudo-header and are filled in by the kernel.
            BinaryPrimitives.WriteUInt16BigEndian(packet[2..], Checksum(packet[..RequestLength]));
        }
    }

    /// <summary>
    /// Reads an echo reply. <paramref name="includesIpHeader"/> is true for raw IPv4 sockets, which deliver the
    /// IP header too.
    /// </summary>
    public static bool TryReadEchoReply(
        ReadOnlySpan<byte> datagram, AddressFamily family, bool includesIpHeader,
        out ushort identifier, out ushort sequence, out long token)
    {
        identifier = sequence = 0;
        token = 0;
        if (includesIpHeader)
        {
            if (datagram.Length < 20 || datagram[0] >> 4 != 4)
            {
                return false;
            }

            var headerLength = (datagram[0] & 0x0F) * 4;
            if (headerLength < 20 || datagram.Length < headerLength)
            {
                return false;
            }

            datagram = datagram[headerLength..];
        }

        if (datagram.Length < RequestLength)
        {
            return false;
        }

        var echoReply = family == AddressFamily.InterNetworkV6 ? 129 : 0;
        if (datagram[0] != echoReply || datagram[1] != 0)
        {
            return false;
        }

        identifier = BinaryPrimitives.ReadUInt16BigEndian(datagram[4..]);
        sequence = BinaryPrimitives.ReadUInt16BigEndian(datagram[6..]);
        token = BinaryPrimitives.ReadInt64BigEndian(datagram[8..]);
        return true;
    }

    /// <summary>The Internet checksum (RFC 1071).</summary>
    public static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        var i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (uint)(data[i] << 8);
        }

        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}

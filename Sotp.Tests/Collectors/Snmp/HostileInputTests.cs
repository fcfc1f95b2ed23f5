using Sotp.Collectors.Snmp.Ber;
using Sotp.Collectors.Snmp.Pdu;

namespace Sotp.Tests.Collectors.Snmp;

/// <summary>The decoder treats every datagram as hostile: typed refusal, no crash, no hang, bounded memory.</summary>
public class HostileInputTests
{
    private static readonly byte[] Valid = Convert.FromHexString(
        "302602010104067075626c6963a019020101020100020100300e300c06082b060102010105000500");

    private static BerDecodeError Decode(byte[] datagram) => SnmpCodec.TryDecode(datagram, out _);

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void A_length_of_0x84FFFFFFFF_is_refused() =>
        Assert.Equal(BerDecodeError.LengthBeyondData, Decode(Hex("30 84 FF FF FF FF 02 01 01")));

    [Fact]
    public void A_five_byte_length_is_refused() =>
        Assert.Equal(BerDecodeError.LengthTooLong, Decode(Hex("30 85 00 00 00 00 05")));

    [Fact]
    public void An_indefinite_length_is_refused() =>
        Assert.Equal(BerDecodeError.IndefiniteLength, Decode(Hex("30 80 02 01 01 00 00")));

    [Fact]
    public void Nesting_a_thousand_deep_is_refused_without_recursion()
    {
        var datagram = new List<byte>();
        for (var i = 0; i < 1000; i++)
        {
            datagram.AddRange(new byte[] { 0x30, 0x84, 0x00, 0x00, 0x00, 0x00 });
        }

        // Lengths that fit the data, one level inside another.
        var bytes = datagram.ToArray();
        for (var level = 0; level < 1000; level++)
        {
            var remaining = bytes.Length - ((level + 1) * 6);
            bytes[(level * 6) + 2] = (byte)(remaining >> 24);
            bytes[(level * 6) + 3] = (byte)(remaining >> 16);
            bytes[(level * 6) + 4] = (byte)(remaining >> 8);
            bytes[(level * 6) + 5] = (byte)remaining;
        }

        Assert.Equal(BerDecodeError.UnexpectedTag, Decode(bytes));
    }

    [Fact]
    public void A_zero_length_oid_is_refused() =>
        Assert.Equal(BerDecodeError.EmptyOid,
            Decode(Hex("30 1E 02 01 01 04 06 70 75 62 6C 69 63 A0 11 02 01 01 02 01 00 02 01 00 30 06 30 04 06 00 05 00")));

    [Fact]
    public void A_non_minimal_integer_is_refused() =>
        Assert.Equal(BerDecodeError.NonMinimalInteger, Decode(Hex("30 05 02 03 00 00 01")));

    [Fact]
    public void A_truncated_32_bit_integer_is_refused() =>
        Assert.Equal(BerDecodeError.LengthBeyondData, Decode(Hex("30 06 02 04 00 00")));

    [Fact]
    public void A_64_KB_datagram_of_garbage_is_refused()
    {
        var datagram = new byte[65_507];
        new Random(7).NextBytes(datagram);
        datagram[0] = 0x30;
        datagram[1] = 0x83;
        datagram[2] = 0x00;
        datagram[3] = 0xFF;
        datagram[4] = 0xEF;

        Assert.NotEqual(BerDecodeError.None, Decode(datagram));
    }

    [Fact]
    public void An_oid_subidentifier_over_32_bits_is_refused() =>
        Assert.Equal(BerDecodeError.OidSubidentifierTooLarge, Decode(Hex(
            "30 25 02 01 01 04 06 70 75 62 6C 69 63 A0 18 02 01 01 02 01 00 02 01 00 30 0D 30 0B 06 07 2B 06 90 80 80 80 00 05 00")));

    [Fact]
    public void Trailing_bytes_after_the_message_are_refused()
    {
        var datagram = Valid.Append((byte)0).ToArray();

        Assert.Equal(BerDecodeError.TrailingBytes, Decode(datagram));
    }

    [Fact]
    public void Thousands_of_random_and_mutated_datagrams_never_crash()
    {
        var random = new Random(20261127);
        var refused = 0;
        for (var i = 0; i < 50_000; i++)
        {
            byte[] datagram;
            if (i % 2 == 0)
            {
                datagram = new byte[random.Next(0, 512)];
                random.NextBytes(datagram);
            }
            else
            {
                // Flip, cut or grow a valid message: the worst inputs look almost right.
                datagram = (byte[])Valid.Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    datagram[random.Next(datagram.Length)] = (byte)random.Next(256);
                }

                datagram = datagram[..random.Next(datagram.Length + 1)];
            }

            refused += Decode(datagram) == BerDecodeError.None ? 0 : 1;
        }

        Assert.True(refused > 40_000, $"only {refused} refused");
    }
}

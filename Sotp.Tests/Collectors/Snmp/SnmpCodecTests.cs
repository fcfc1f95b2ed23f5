using Sotp.Collectors.Snmp.Ber;
using Sotp.Collectors.Snmp.Pdu;

namespace Sotp.Tests.Collectors.Snmp;

public class SnmpCodecTests
{
    private static readonly ObjectIdentifier SysName = ObjectIdentifier.Parse("1.3.6.1.2.1.1.5.0");

    // GetRequest, request-id 1, community "public", sysName.0 = NULL, as every SNMP stack encodes it.
    private static readonly byte[] GetSysName = Convert.FromHexString(
        "302602010104067075626c6963a019020101020100020100300e300c06082b060102010105000500");

    [Fact]
    public void A_get_request_encodes_byte_for_byte_as_the_standard_says()
    {
        var bytes = SnmpCodec.Encode(new SnmpMessage(SnmpVersion.V2c, "public"u8.ToArray(),
            new SnmpPdu(PduType.GetRequest, 1, 0, 0, [VarBind.Request(SysName)])));

        Assert.Equal(Convert.ToHexString(GetSysName), Convert.ToHexString(bytes));
    }

    [Fact]
    public void Every_value_type_round_trips()
    {
        VarBind[] binds =
        [
            new(SysName, SnmpValue.Integer(-129)),
            new(SysName, SnmpValue.Integer(int.MaxValue)),
            new(SysName, SnmpValue.Integer(int.MinValue)),
            new(SysName, SnmpValue.OctetString("r1.lab")),
            new(SysName, SnmpValue.OctetString(new byte[300])),
            new(SysName, SnmpValue.ObjectId(ObjectIdentifier.Parse("1.3.6.1.4.1.8072.3.2.10"))),
            new(SysName, SnmpValue.ObjectId(ObjectIdentifier.Parse("2.999.4294967295"))),
            new(SysName, SnmpValue.IpAddress(System.Net.IPAddress.Parse("192.0.2.7"))),
            new(SysName, SnmpValue.Counter32(uint.MaxValue)),
            new(SysName, SnmpValue.Gauge32(1_000_000_000)),
            new(SysName, SnmpValue.TimeTicks(123456)),
            new(SysName, SnmpValue.Counter64Of(ulong.MaxValue)),
            new(SysName, SnmpValue.Counter64Of(0)),
            new(SysName, SnmpValue.NoSuchObject),
            new(SysName, SnmpValue.NoSuchInstance),
            new(SysName, SnmpValue.EndOfMibView),
            new(SysName, SnmpValue.Null),
        ];
        var message = new SnmpMessage(SnmpVersion.V2c, "private"u8.ToArray(), new SnmpPdu(PduType.Response, int.MaxValue, 0, 0, binds));

        Assert.Equal(BerDecodeError.None, SnmpCodec.TryDecode(SnmpCodec.Encode(message), out var decoded));

        Assert.Equal(message.Pdu.RequestId, decoded!.Pdu.RequestId);
        Assert.Equal(binds.Select(b => (b.Value.Type, b.Value.ToString())), decoded.Pdu.VarBinds.Select(b => (b.Value.Type, b.Value.ToString())));
    }

    [Theory]
    [InlineData("1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.5.0", 0)]
    [InlineData("1.3.6.1.2.1.1.5", "1.3.6.1.2.1.1.5.0", -1)]
    [InlineData("1.3.6.1.2.1.2", "1.3.6.1.2.1.10", -1)]
    [InlineData("1.3.6.2.1", "1.3.6.1.99", 1)]
    public void Oids_order_as_agents_walk_them(string a, string b, int expected) =>
        Assert.Equal(expected, Math.Sign(ObjectIdentifier.Parse(a).CompareTo(ObjectIdentifier.Parse(b))));
}

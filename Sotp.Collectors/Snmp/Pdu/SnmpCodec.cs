using Sotp.Collectors.Snmp.Ber;

namespace Sotp.Collectors.Snmp.Pdu;

/// <summary>
/// Encodes and decodes community-based SNMP messages (v1, v2c). Decoding never throws on bad input: it
/// returns a typed <see cref="BerDecodeError"/> for the caller to count.
/// </summary>
public static class SnmpCodec
{
    /// <summary>More variable bindings than any real agent sends in one message.</summary>
    public const int MaxVarBinds = 2048;

    public static byte[] Encode(SnmpMessage message)
    {
        var writer = new BerWriter();
        var messageEnd = writer.BeginSequence();
        WritePdu(writer, message.Pdu);
        writer.WriteOctetString(message.Community);
        writer.WriteInt32((int)message.Version);
        writer.EndSequence(messageEnd);
        return writer.Written.ToArray();
    }

    public static BerDecodeError TryDecode(ReadOnlySpan<byte> datagram, out SnmpMessage? message)
    {
        message = null;
        try
        {
            var outer = new BerReader(datagram);
            var body = outer.ReadTlv(BerTag.Sequence);
            outer.EnsureEnd();
            var version = body.ReadInt32();
            if (version is not ((int)SnmpVersion.V1 or (int)SnmpVersion.V2c))
            {
                return BerDecodeError.UnsupportedVersion;
            }

            var community = body.ReadOctetString().ToArray();
            var pdu = ReadPdu(ref body);
            body.EnsureEnd();
            message = new SnmpMessage((SnmpVersion)version, community, pdu);
            return BerDecodeError.None;
        }
        catch (BerDecodeException ex)
        {
            return ex.Error;
        }
    }

    internal static void WritePdu(BerWriter writer, SnmpPdu pdu)
    {
        var pduEnd = writer.BeginSequence();
        var listEnd = writer.BeginSequence();
        for (var i = pdu.VarBinds.Count - 1; i >= 0; i--)
        {
            var bindEnd = writer.BeginSequence();
            WriteValue(writer, pdu.VarBinds[i].Value);
            writer.WriteOid(pdu.VarBinds[i].Oid.Parts);
            writer.EndSequence(bindEnd);
        }

        writer.EndSequence(listEnd);
        writer.WriteInt32(pdu.ErrorIndex);
        writer.WriteInt32(pdu.ErrorStatus);
        writer.WriteInt32(pdu.RequestId);
        writer.EndSequence(pduEnd, (byte)pdu.Type);
    }

    internal static SnmpPdu ReadPdu(ref BerReader body)
    {
        var tag = body.PeekTag();
        if (tag is < (byte)PduType.GetRequest or > (byte)PduType.Report || tag == (byte)PduType.TrapV1)
        {
            throw new BerDecodeException(BerDecodeError.UnsupportedPdu);
        }

        var pdu = body.ReadTlv(tag);
        var requestId = pdu.ReadInt32();
        var errorStatus = pdu.ReadInt32();
        var errorIndex = pdu.ReadInt32();
        var list = pdu.ReadTlv(BerTag.Sequence);
        pdu.EnsureEnd();
        var binds = new List<VarBind>();
        while (!list.IsEmpty)
        {
            if (binds.Count == MaxVarBinds)
            {
                throw new BerDecodeException(BerDecodeError.TooManyVarBinds);
            }

            var bind = list.ReadTlv(BerTag.Sequence);
            var oid = new ObjectIdentifier(BerReader.DecodeOid(bind.ReadContent(BerTag.ObjectIdentifier)));
            var valueTag = bind.ReadAny(out var content);
            bind.EnsureEnd();
            binds.Add(new VarBind(oid, ReadValue(valueTag, content)));
        }

        return new SnmpPdu((PduType)tag, requestId, errorStatus, errorIndex, binds);
    }

    private static SnmpValue ReadValue(byte tag, ReadOnlySpan<byte> content) => tag switch
    {
        BerTag.Integer => SnmpValue.Integer(BerReader.DecodeInt32(content)),
        BerTag.OctetString => SnmpValue.OctetString(content.ToArray()),
        BerTag.Null => content.IsEmpty ? SnmpValue.Null : throw new BerDecodeException(BerDecodeError.BadNull),
        BerTag.ObjectIdentifier => SnmpValue.ObjectId(new ObjectIdentifier(BerReader.DecodeOid(content))),
        BerTag.IpAddress => content.Length == 4 ? SnmpValue.IpAddress(new System.Net.IPAddress(content)) : throw new BerDecodeException(BerDecodeError.UnexpectedTag),
        BerTag.Counter32 => SnmpValue.Counter32(BerReader.DecodeUInt32(content)),
        BerTag.Gauge32 => SnmpValue.Gauge32(BerReader.DecodeUInt32(content)),
        BerTag.TimeTicks => SnmpValue.TimeTicks(BerReader.DecodeUInt32(content)),
        BerTag.Opaque => SnmpValue.Opaque(content.ToArray()),
        BerTag.Counter64 => SnmpValue.Counter64Of(BerReader.DecodeUInt64(content)),
        BerTag.NoSuchObject when content.IsEmpty => SnmpValue.NoSuchObject,
        BerTag.NoSuchInstance when content.IsEmpty => SnmpValue.NoSuchInstance,
        BerTag.EndOfMibView when content.IsEmpty => SnmpValue.EndOfMibView,
        _ => throw new BerDecodeException(BerDecodeError.UnexpectedTag),
    };

    private static void WriteValue(BerWriter writer, SnmpValue value)
    {
        switch (value.Type)
        {
            case BerTag.Integer:
                writer.WriteInt32((int)value.Number);
                break;
            case BerTag.Counter32 or BerTag.Gauge32 or BerTag.TimeTicks:
                writer.WriteUnsigned((uint)value.Number, value.Type);
                break;
            case BerTag.Counter64:
                writer.WriteUnsigned(value.Counter64, BerTag.Counter64);
                break;
            case BerTag.OctetString or BerTag.IpAddress or BerTag.Opaque:
                writer.WriteOctetString(value.Bytes, value.Type);
                break;
            case BerTag.ObjectIdentifier:
                writer.WriteOid(value.Oid!.Parts);
                break;
            default:
                writer.WriteNull(value.Type);
                break;
        }
    }
}

using System.Globalization;
using System.Net;
using System.Text;
using Sotp.Collectors.Snmp.Ber;

namespace Sotp.Collectors.Snmp.Pdu;

/// <summary>The value of a variable binding: its BER type and content.</summary>
public readonly record struct SnmpValue
{
    private SnmpValue(byte type, long number, byte[]? bytes, ObjectIdentifier? oid)
    {
        Type = type;
        Number = number;
        Bytes = bytes;
        Oid = oid;
    }

    public byte Type { get; }

    /// <summary>INTEGER, Counter32, Gauge32, TimeTicks; Counter64 as its unsigned bits.</summary>
    public long Number { get; }

    public byte[]? Bytes { get; }

    public ObjectIdentifier? Oid { get; }

    public static SnmpValue Null { get; } = new(BerTag.Null, 0, null, null);

    public static SnmpValue NoSuchObject { get; } = new(BerTag.NoSuchObject, 0, null, null);

    public static SnmpValue NoSuchInstance { get; } = new(BerTag.NoSuchInstance, 0, null, null);

    public static SnmpValue EndOfMibView { get; } = new(BerTag.EndOfMibView, 0, null, null);

    /// <summary>True for noSuchObject, noSuchInstance and endOfMibView: the agent has no value here.</summary>
    public bool IsException => Type is BerTag.NoSuchObject or BerTag.NoSuchInstance or BerTag.EndOfMibView;

    public ulong Counter64 => unchecked((ulong)Number);

    public static SnmpValue Integer(int value) => new(BerTag.Integer, value, null, null);

    public static SnmpValue Counter32(uint value) => new(BerTag.Counter32, value, null, null);

    public static SnmpValue Gauge32(uint value) => new(BerTag.Gauge32, value, null, null);

    public static SnmpValue TimeTicks(uint value) => new(BerTag.TimeTicks, value, null, null);

    public static SnmpValue Counter64Of(ulong value) => new(BerTag.Counter64, unchecked((long)value), null, null);

    public static SnmpValue OctetString(byte[] value) => new(BerTag.OctetString, 0, value, null);

    public static SnmpValue OctetString(string value) => OctetString(Encoding.UTF8.GetBytes(value));

    public static SnmpValue IpAddress(IPAddress value) => new(BerTag.IpAddress, 0, value.GetAddressBytes(), null);

    public static SnmpValue ObjectId(ObjectIdentifier value) => new(BerTag.ObjectIdentifier, 0, null, value);

    internal static SnmpValue Opaque(byte[] value) => new(BerTag.Opaque, 0, value, null);

    /// <summary>The value as text: strings as UTF-8 (printable) or hex, numbers in decimal.</summary>
    public override string ToString() => Type switch
    {
        BerTag.OctetString when Bytes is { } b => IsPrintable(b) ? Encoding.UTF8.GetString(b) : Convert.ToHexString(b),
        BerTag.IpAddress when Bytes is { Length: 4 } b => new IPAddress(b).ToString(),
        BerTag.ObjectIdentifier => Oid!.ToString(),
        BerTag.Counter64 => Counter64.ToString(CultureInfo.InvariantCulture),
        BerTag.Null => "null",
        BerTag.NoSuchObject => "noSuchObject",
        BerTag.NoSuchInstance => "noSuchInstance",
        BerTag.EndOfMibView => "endOfMibView",
        BerTag.Opaque => Convert.ToHexString(Bytes ?? []),
        _ => Number.ToString(CultureInfo.InvariantCulture),
    };

    private static bool IsPrintable(byte[] bytes)
    {
        try
        {
            var text = new UTF8Encoding(false, true).GetString(bytes);
            return text.All(c => !char.IsControl(c) || c is '\r' or '\n' or '\t');
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}

/// <summary>An OID and its value.</summary>
public sealed record VarBind(ObjectIdentifier Oid, SnmpValue Value)
{
    public static VarBind Request(ObjectIdentifier oid) => new(oid, SnmpValue.Null);
}

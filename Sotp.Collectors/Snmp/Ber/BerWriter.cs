using System.Buffers.Binary;

namespace Sotp.Collectors.Snmp.Ber;

/// <summary>
/// Writes BER back to front into one buffer: contents first, then their length and tag, so no length ever
/// needs to be known in advance or patched. Callers therefore write the elements of a sequence in reverse.
/// </summary>
internal sealed class BerWriter
{
    private byte[] _buffer;
    private int _start;

    public BerWriter(int capacity = 512)
    {
        _buffer = new byte[capacity];
        _start = capacity;
    }

    public int Length => _buffer.Length - _start;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(_start);

    /// <summary>Marks the end of a sequence's contents; pass it to <see cref="EndSequence"/> after writing them.</summary>
    public int BeginSequence() => Length;

    public void EndSequence(int mark, byte tag = BerTag.Sequence) => WriteHeader(tag, Length - mark);

    public void WriteInt32(int value, byte tag = BerTag.Integer)
    {
        var length = 4;
        while (length > 1 && ((value >> ((length - 1) * 8 - 1)) is 0 or -1))
        {
            length--;
        }

        var span = Reserve(length);
        for (var i = length - 1; i >= 0; i--, value >>= 8)
        {
            span[i] = (byte)value;
        }

        WriteHeader(tag, length);
    }

    public void WriteUnsigned(ulong value, byte tag)
    {
        Span<byte> bytes = stackalloc byte[9];
        BinaryPrimitives.WriteUInt64BigEndian(bytes[1..], value);
        var first = 1;
        while (first < 8 && bytes[first] == 0)
        {
            first++;
        }

        if ((bytes[first] & 0x80) != 0)
        {
            first--; // a leading zero keeps it positive
        }

        Write(bytes[first..]);
        WriteHeader(tag, 9 - first);
    }

    public void WriteOctetString(ReadOnlySpan<byte> value, byte tag = BerTag.OctetString)
    {
        Write(value);
        WriteHeader(tag, value.Length);
    }

    public void WriteNull(byte tag = BerTag.Null) => WriteHeader(tag, 0);

    /// <summary>Writes bytes that are already a complete TLV (e.g. a scoped PDU encoded elsewhere).</summary>
    public void WriteEncoded(ReadOnlySpan<byte> tlv) => Write(tlv);

    /// <summary>Writes an OID of at least two arcs (the first two share one subidentifier).</summary>
    public void WriteOid(ReadOnlySpan<uint> parts)
    {
        var end = Length;
        for (var i = parts.Length - 1; i >= 2; i--)
        {
            WriteBase128(parts[i]);
        }

        WriteBase128((parts[0] * 40UL) + (parts.Length > 1 ? parts[1] : 0));
        WriteHeader(BerTag.ObjectIdentifier, Length - end);
    }

    private void WriteBase128(ulong value)
    {
        Reserve(1)[0] = (byte)(value & 0x7F);
        for (value >>= 7; value > 0; value >>= 7)
        {
            Reserve(1)[0] = (byte)(0x80 | (value & 0x7F));
        }
    }

    public void WriteHeader(byte tag, int length)
    {
        if (length < 0x80)
        {
            Reserve(1)[0] = (byte)length;
        }
        else
        {
            var octets = length <= 0xFF ? 1 : length <= 0xFFFF ? 2 : length <= 0xFFFFFF ? 3 : 4;
            var span = Reserve(octets + 1);
            span[0] = (byte)(0x80 | octets);
            for (var i = octets; i >= 1; i--, length >>= 8)
            {
                span[i] = (byte)length;
            }
        }

        Reserve(1)[0] = tag;
    }

    private void Write(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    private Span<byte> Reserve(int count)
    {
        if (_start < count)
        {
            var bigger = new byte[Math.Max(_buffer.Length * 2, Length + count + 64)];
            var written = Length;
            _buffer.AsSpan(_start).CopyTo(bigger.AsSpan(bigger.Length - written));
            _buffer = bigger;
            _start = bigger.Length - written;
        }

        _start -= count;
        return _buffer.AsSpan(_start, count);
    }
}

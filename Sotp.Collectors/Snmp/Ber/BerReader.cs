using System.Buffers.Binary;

namespace Sotp.Collectors.Snmp.Ber;

/// <summary>
/// A strict, allocation-light reader of the BER subset SNMP uses: single-byte tags, definite lengths of at most
/// four bytes that must fit the data, minimal INTEGERs, well-formed OIDs. Any violation throws
/// <see cref="BerDecodeException"/>, which the codec turns into a typed refusal.
/// </summary>
internal ref struct BerReader
{
    public const int MaxOidLength = 128;

    private ReadOnlySpan<byte> _data;

    public BerReader(ReadOnlySpan<byte> data) => _data = data;

    public readonly bool IsEmpty => _data.IsEmpty;

    public readonly byte PeekTag() => _data.IsEmpty ? throw new BerDecodeException(BerDecodeError.Truncated) : _data[0];

    /// <summary>Reads a tag and its length; returns a reader over exactly the content.</summary>
    public BerReader ReadTlv(byte expectedTag) => new(ReadContent(expectedTag));

    public ReadOnlySpan<byte> ReadContent(byte expectedTag)
    {
        var tag = ReadTag();
        if (tag != expectedTag)
        {
            throw new BerDecodeException(BerDecodeError.UnexpectedTag);
        }

        return ReadValue();
    }

    public byte ReadAny(out ReadOnlySpan<byte> content)
    {
        var tag = ReadTag();
        content = ReadValue();
        return tag;
    }

    public int ReadInt32(byte tag = BerTag.Integer) => DecodeInt32(ReadContent(tag));

    public uint ReadUInt32(byte tag) => DecodeUInt32(ReadContent(tag));

    public ReadOnlySpan<byte> ReadOctetString() => ReadContent(BerTag.OctetString);

    public readonly void EnsureEnd()
    {
        if (!_data.IsEmpty)
        {
            throw new BerDecodeException(BerDecodeError.TrailingBytes);
        }
    }

    public static int DecodeInt32(ReadOnlySpan<byte> content)
    {
        CheckMinimal(content);
        if (content.Length > 4)
        {
            throw new BerDecodeException(BerDecodeError.IntegerTooLarge);
        }

        var value = (int)(sbyte)content[0];
        for (var i = 1; i < content.Length; i++)
        {
            value = (value << 8) | content[i];
        }

        return value;
    }

    /// <summary>Counter32, Gauge32, TimeTicks: unsigned, up to five bytes with a leading zero.</summary>
    public static uint DecodeUInt32(ReadOnlySpan<byte> content) => (uint)DecodeUnsigned(content, 4);

    public static ulong DecodeUInt64(ReadOnlySpan<byte> content) => DecodeUnsigned(content, 8);

    private static ulong DecodeUnsigned(ReadOnlySpan<byte> content, int maxBytes)
    {
        CheckMinimal(content);
        if (content[0] == 0)
        {
            content = content[1..];
        }
        else if ((content[0] & 0x80) != 0)
        {
            // A negative encoding of an unsigned type: agents do send these for large values; take the bits.
            if (content.Length > maxBytes)
            {
                throw new BerDecodeException(BerDecodeError.IntegerTooLarge);
            }
        }

        if (content.Length > maxBytes)
        {
            throw new BerDecodeException(BerDecodeError.IntegerTooLarge);
        }

        ulong value = 0;
        foreach (var b in content)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    private static void CheckMinimal(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            throw new BerDecodeException(BerDecodeError.EmptyInteger);
        }

        // X.690 8.3.2: the first nine bits must not be all zeros or all ones.
        if (content.Length > 1 && ((content[0] == 0x00 && (content[1] & 0x80) == 0) || (content[0] == 0xFF && (content[1] & 0x80) != 0)))
        {
            throw new BerDecodeException(BerDecodeError.NonMinimalInteger);
        }
    }

    public static uint[] DecodeOid(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            throw new BerDecodeException(BerDecodeError.EmptyOid);
        }

        Span<uint> parts = stackalloc uint[MaxOidLength];
        var count = 0;
        ulong current = 0;
        var inSubidentifier = false;
        foreach (var b in content)
        {
            if (!inSubidentifier && b == 0x80)
            {
                // A subidentifier with a leading 0x80 is not minimal.
                throw new BerDecodeException(BerDecodeError.OidSubidentifierTooLarge);
            }

            current = (current << 7) | (uint)(b & 0x7F);
            if (current > uint.MaxValue)
            {
                throw new BerDecodeException(BerDecodeError.OidSubidentifierTooLarge);
            }

            inSubidentifier = (b & 0x80) != 0;
            if (inSubidentifier)
            {
                continue;
            }

            if (count == 0)
            {
                // The first subidentifier holds the first two arcs.
                var first = current < 40 ? 0u : current < 80 ? 1u : 2u;
                parts[count++] = first;
                parts[count++] = (uint)(current - (first * 40));
            }
            else
            {
                if (count == MaxOidLength)
                {
                    throw new BerDecodeException(BerDecodeError.OidTooLong);
                }

                parts[count++] = (uint)current;
            }

            current = 0;
        }

        if (inSubidentifier)
        {
            throw new BerDecodeException(BerDecodeError.OidUnterminated);
        }

        return parts[..count].ToArray();
    }

    private byte ReadTag()
    {
        if (_data.IsEmpty)
        {
            throw new BerDecodeException(BerDecodeError.Truncated);
        }

        var tag = _data[0];
        if ((tag & 0x1F) == 0x1F)
        {
            throw new BerDecodeException(BerDecodeError.MultiByteTag);
        }

        _data = _data[1..];
        return tag;
    }

    private ReadOnlySpan<byte> ReadValue()
    {
        if (_data.IsEmpty)
        {
            throw new BerDecodeException(BerDecodeError.Truncated);
        }

        int length = _data[0];
        var headerLength = 1;
        if (length == 0x80)
        {
            throw new BerDecodeException(BerDecodeError.IndefiniteLength);
        }

        if (length > 0x80)
        {
            var octets = length & 0x7F;
            if (octets > 4)
            {
                throw new BerDecodeException(BerDecodeError.LengthTooLong);
            }

            if (_data.Length < 1 + octets)
            {
                throw new BerDecodeException(BerDecodeError.Truncated);
            }

            var span = _data.Slice(1, octets);
            if (octets == 4 && span[0] >= 0x80)
            {
                throw new BerDecodeException(BerDecodeError.LengthBeyondData);
            }

            length = 0;
            foreach (var b in span)
            {
                length = (length << 8) | b;
            }

            headerLength += octets;
        }

        if (length > _data.Length - headerLength)
        {
            throw new BerDecodeException(BerDecodeError.LengthBeyondData);
        }

        var content = _data.Slice(headerLength, length);
        _data = _data[(headerLength + length)..];
        return content;
    }
}

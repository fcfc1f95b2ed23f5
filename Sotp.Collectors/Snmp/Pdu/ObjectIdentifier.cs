using System.Globalization;
using System.Text;

namespace Sotp.Collectors.Snmp.Pdu;

/// <summary>An SNMP object identifier such as 1.3.6.1.2.1.1.5.0, ordered lexicographically as agents walk it.</summary>
public sealed class ObjectIdentifier : IEquatable<ObjectIdentifier>, IComparable<ObjectIdentifier>
{
    private readonly uint[] _parts;

    public ObjectIdentifier(params uint[] parts)
    {
        if (parts.Length < 2)
        {
            throw new ArgumentException("An OID has at least two arcs.", nameof(parts));
        }

        _parts = parts;
    }

    public ReadOnlySpan<uint> Parts => _parts;

    public int Length => _parts.Length;

    public uint this[int index] => _parts[index];

    /// <summary>Parses dotted numbers, with or without a leading dot ("1.3.6.1.2.1" or ".1.3.6.1.2.1").</summary>
    public static ObjectIdentifier Parse(string text)
    {
        if (!TryParse(text, out var oid))
        {
            throw new FormatException($"\"{text}\" is not a numeric OID.");
        }

        return oid;
    }

    public static bool TryParse(string? text, out ObjectIdentifier oid)
    {
        oid = null!;
        var pieces = (text ?? "").Trim().TrimStart('.').Split('.');
        if (pieces.Length < 2)
        {
            return false;
        }

        var parts = new uint[pieces.Length];
        for (var i = 0; i < pieces.Length; i++)
        {
            if (!uint.TryParse(pieces[i], NumberStyles.None, CultureInfo.InvariantCulture, out parts[i]))
            {
                return false;
            }
        }

        oid = new ObjectIdentifier(parts);
        return true;
    }

    public bool StartsWith(ObjectIdentifier prefix) =>
        prefix._parts.Length <= _parts.Length && _parts.AsSpan(0, prefix._parts.Length).SequenceEqual(prefix._parts);

    /// <summary>This OID with <paramref name="suffix"/> appended (e.g. a column plus an index).</summary>
    public ObjectIdentifier Append(params uint[] suffix) => new([.. _parts, .. suffix]);

    /// <summary>The arcs after <paramref name="prefix"/>, e.g. the ifIndex of an ifTable cell.</summary>
    public ReadOnlySpan<uint> After(ObjectIdentifier prefix) => _parts.AsSpan(prefix.Length);

    public int CompareTo(ObjectIdentifier? other)
    {
        if (other is null)
        {
            return 1;
        }

        var common = Math.Min(_parts.Length, other._parts.Length);
        for (var i = 0; i < common; i++)
        {
            var c = _parts[i].CompareTo(other._parts[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return _parts.Length.CompareTo(other._parts.Length);
    }

    public bool Equals(ObjectIdentifier? other) => other is not null && _parts.AsSpan().SequenceEqual(other._parts);

    public override bool Equals(object? obj) => Equals(obj as ObjectIdentifier);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var part in _parts)
        {
            hash.Add(part);
        }

        return hash.ToHashCode();
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var part in _parts)
        {
            if (text.Length > 0)
            {
                text.Append('.');
            }

            text.Append(part.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public static bool operator ==(ObjectIdentifier? a, ObjectIdentifier? b) => a?.Equals(b) ?? b is null;

    public static bool operator !=(ObjectIdentifier? a, ObjectIdentifier? b) => !(a == b);

    public static bool operator <(ObjectIdentifier a, ObjectIdentifier b) => a.CompareTo(b) < 0;

    public static bool operator >(ObjectIdentifier a, ObjectIdentifier b) => a.CompareTo(b) > 0;

    public static bool operator <=(ObjectIdentifier a, ObjectIdentifier b) => a.CompareTo(b) <= 0;

    public static bool operator >=(ObjectIdentifier a, ObjectIdentifier b) => a.CompareTo(b) >= 0;
}

using Sotp.Collectors.Snmp.Pdu;

namespace Sotp.Collectors.Snmp.Agent;

/// <summary>What an agent serves: values by OID, the next OID in order, and writes.</summary>
public interface ISnmpMibView
{
    /// <summary>The value, or noSuchObject / noSuchInstance.</summary>
    SnmpValue Get(ObjectIdentifier oid);

    /// <summary>The first variable after <paramref name="oid"/>, or null at the end of the view.</summary>
    VarBind? Next(ObjectIdentifier oid);

    SnmpErrorStatus Set(ObjectIdentifier oid, SnmpValue value);
}

/// <summary>
/// A MIB made of value providers: each OID reads its value when asked (so counters move with time) and may
/// accept writes. The set of OIDs is fixed once built, kept sorted for GETNEXT by binary search.
/// </summary>
public sealed class SimulatedMib : ISnmpMibView
{
    private readonly SortedList<ObjectIdentifier, Entry> _entries = new();
    private ObjectIdentifier[] _sorted = [];

    public int Count => _entries.Count;

    public SimulatedMib Add(ObjectIdentifier oid, Func<SnmpValue> read, Func<SnmpValue, SnmpErrorStatus>? write = null)
    {
        _entries[oid] = new Entry(read, write);
        _sorted = [];
        return this;
    }

    public SnmpValue Get(ObjectIdentifier oid)
    {
        if (_entries.TryGetValue(oid, out var entry))
        {
            return entry.Read();
        }

        // A known object (column or scalar) without this instance, or nothing at all.
        var parent = oid.Length > 2 ? new ObjectIdentifier(oid.Parts[..^1].ToArray()) : oid;
        return Next(parent) is { } next && next.Oid.StartsWith(parent) ? SnmpValue.NoSuchInstance : SnmpValue.NoSuchObject;
    }

    public VarBind? Next(ObjectIdentifier oid)
    {
        var sorted = Sorted();
        var index = Array.BinarySearch(sorted, oid);
        index = index >= 0 ? index + 1 : ~index;
        return index < sorted.Length ? new VarBind(sorted[index], _entries[sorted[index]].Read()) : null;
    }

    public SnmpErrorStatus Set(ObjectIdentifier oid, SnmpValue value) =>
        !_entries.TryGetValue(oid, out var entry) ? SnmpErrorStatus.NoCreation
        : entry.Write is null ? SnmpErrorStatus.NotWritable
        : entry.Write(value);

    private ObjectIdentifier[] Sorted() => _sorted.Length == _entries.Count ? _sorted : _sorted = [.. _entries.Keys];

    private sealed record Entry(Func<SnmpValue> Read, Func<SnmpValue, SnmpErrorStatus>? Write);
}

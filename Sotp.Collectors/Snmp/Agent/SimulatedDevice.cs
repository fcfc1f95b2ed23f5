using System.Net.NetworkInformation;
using Sotp.Collectors.Snmp.Pdu;

namespace Sotp.Collectors.Snmp.Agent;

/// <summary>
/// A plausible router for the simulator: system group, IF-MIB ifTable and ifXTable with traffic counters that
/// move with time (Counter32 wrapping, Counter64 not), HOST-RESOURCES CPU load and memory. The traffic of each
/// interface follows its own slow wave, so charts show life; admin status is writable and drives oper status.
/// </summary>
public sealed class SimulatedDevice
{
    private static readonly ObjectIdentifier System = ObjectIdentifier.Parse("1.3.6.1.2.1.1");
    private static readonly ObjectIdentifier IfEntry = ObjectIdentifier.Parse("1.3.6.1.2.1.2.2.1");
    private static readonly ObjectIdentifier IfXEntry = ObjectIdentifier.Parse("1.3.6.1.2.1.31.1.1.1");
    private static readonly ObjectIdentifier HrProcessorLoad = ObjectIdentifier.Parse("1.3.6.1.2.1.25.3.3.1.2");
    private static readonly ObjectIdentifier HrStorageEntry = ObjectIdentifier.Parse("1.3.6.1.2.1.25.2.3.1");
    private static readonly ObjectIdentifier HrStorageRam = ObjectIdentifier.Parse("1.3.6.1.2.1.25.2.1.2");

    private readonly TimeProvider _time;
    private readonly DateTimeOffset _bootedAt;
    private readonly Interface[] _interfaces;
    private readonly double _seed;

    public SimulatedDevice(string name, int interfaceCount, TimeProvider time, int seed = 0)
    {
        _time = time;
        _bootedAt = time.GetUtcNow();
        _seed = seed;
        Name = name;
        _interfaces = Enumerable.Range(1, interfaceCount).Select(i => new Interface(i, seed)).ToArray();
        Mib = Build();
    }

    public string Name { get; }

    public SimulatedMib Mib { get; }

    private double Seconds => (_time.GetUtcNow() - _bootedAt).TotalSeconds;

    private SimulatedMib Build()
    {
        var mib = new SimulatedMib();
        mib.Add(System.Append(1, 0), () => SnmpValue.OctetString($"SOTP simulated router {Name}, SOTP agent simulator"))
            .Add(System.Append(2, 0), () => SnmpValue.ObjectId(ObjectIdentifier.Parse("1.3.6.1.4.1.8072.3.2.10")))
            .Add(System.Append(3, 0), () => SnmpValue.TimeTicks((uint)(Seconds * 100)))
            .Add(System.Append(4, 0), () => SnmpValue.OctetString("noc@example.invalid"))
            .Add(System.Append(5, 0), () => SnmpValue.OctetString(Name))
            .Add(System.Append(6, 0), () => SnmpValue.OctetString("SOTP simulator"))
            .Add(System.Append(7, 0), () => SnmpValue.Integer(78))
            .Add(ObjectIdentifier.Parse("1.3.6.1.2.1.2.1.0"), () => SnmpValue.Integer(_interfaces.Length));

        foreach (var i in _interfaces)
        {
            var x = (uint)i.Index;
            mib.Add(IfEntry.Append(1, x), () => SnmpValue.Integer(i.Index))
                .Add(IfEntry.Append(2, x), () => SnmpValue.OctetString(i.Name))
                .Add(IfEntry.Append(3, x), () => SnmpValue.Integer(6))
                .Add(IfEntry.Append(4, x), () => SnmpValue.Integer(1500))
                .Add(IfEntry.Append(5, x), () => SnmpValue.Gauge32((uint)Math.Min(i.SpeedBps, uint.MaxValue)))
                .Add(IfEntry.Append(6, x), () => SnmpValue.OctetString(i.Mac))
                .Add(IfEntry.Append(7, x), () => SnmpValue.Integer(i.AdminUp ? 1 : 2), value => SetAdmin(i, value))
                .Add(IfEntry.Append(8, x), () => SnmpValue.Integer(i.AdminUp ? 1 : 2))
                .Add(IfEntry.Append(9, x), () => SnmpValue.TimeTicks((uint)((i.LastChange - _bootedAt).TotalSeconds * 100)))
                .Add(IfEntry.Append(10, x), () => SnmpValue.Counter32(unchecked((uint)Octets(i, inbound: true))))
                .Add(IfEntry.Append(11, x), () => SnmpValue.Counter32(unchecked((uint)(Octets(i, inbound: true) / 800))))
                .Add(IfEntry.Append(13, x), () => SnmpValue.Counter32((uint)(Seconds / 600)))
                .Add(IfEntry.Append(14, x), () => SnmpValue.Counter32((uint)(Seconds / 900)))
                .Add(IfEntry.Append(16, x), () => SnmpValue.Counter32(unchecked((uint)Octets(i, inbound: false))))
                .Add(IfEntry.Append(17, x), () => SnmpValue.Counter32(unchecked((uint)(Octets(i, inbound: false) / 800))))
                .Add(IfEntry.Append(19, x), () => SnmpValue.Counter32(0))
                .Add(IfEntry.Append(20, x), () => SnmpValue.Counter32(0))
                .Add(IfXEntry.Append(1, x), () => SnmpValue.OctetString(i.Name))
                .Add(IfXEntry.Append(6, x), () => SnmpValue.Counter64Of(Octets(i, inbound: true)))
                .Add(IfXEntry.Append(10, x), () => SnmpValue.Counter64Of(Octets(i, inbound: false)))
                .Add(IfXEntry.Append(15, x), () => SnmpValue.Gauge32((uint)(i.SpeedBps / 1_000_000)))
                .Add(IfXEntry.Append(18, x), () => SnmpValue.OctetString(i.Alias));
        }

        for (uint cpu = 1; cpu <= 2; cpu++)
        {
            var phase = cpu;
            mib.Add(HrProcessorLoad.Append(196607 + cpu), () => SnmpValue.Integer((int)Wave(35, 25, 300, phase)));
        }

        const int ramKb = 4 * 1024 * 1024;
        mib.Add(HrStorageEntry.Append(1, 1), () => SnmpValue.Integer(1))
            .Add(HrStorageEntry.Append(2, 1), () => SnmpValue.ObjectId(HrStorageRam))
            .Add(HrStorageEntry.Append(3, 1), () => SnmpValue.OctetString("Physical memory"))
            .Add(HrStorageEntry.Append(4, 1), () => SnmpValue.Integer(1024))
            .Add(HrStorageEntry.Append(5, 1), () => SnmpValue.Integer(ramKb))
            .Add(HrStorageEntry.Append(6, 1), () => SnmpValue.Integer((int)(ramKb * Wave(0.55, 0.15, 900, 3))));
        return mib;
    }

    // Bytes so far: the integral of a rate that swings between 10% and 70% of the link, so it never decreases.
    private ulong Octets(Interface i, bool inbound)
    {
        var t = Seconds;
        var peak = i.SpeedBps / 8 * (inbound ? 0.4 : 0.3);
        var period = 600 + (i.Index * 37 % 300);
        var phase = _seed + i.Index + (inbound ? 0 : 1.3);
        var bytes = peak * (t - (period / (2 * Math.PI) * (Math.Cos((2 * Math.PI * t / period) + phase) - Math.Cos(phase)) * 0.75));
        return i.BaseOctets + (ulong)Math.Max(0, bytes * (i.AdminUp ? 1 : 0));
    }

    private double Wave(double middle, double amplitude, double period, double phase) =>
        middle + (amplitude * Math.Sin((2 * Math.PI * Seconds / period) + phase + _seed));

    private SnmpErrorStatus SetAdmin(Interface i, SnmpValue value)
    {
        if (value.Type != Ber.BerTag.Integer)
        {
            return SnmpErrorStatus.WrongType;
        }

        if (value.Number is not (1 or 2))
        {
            return SnmpErrorStatus.WrongValue;
        }

        i.AdminUp = value.Number == 1;
        i.LastChange = _time.GetUtcNow();
        return SnmpErrorStatus.NoError;
    }

    private sealed class Interface(int index, int seed)
    {
        public int Index { get; } = index;

        public string Name { get; } = index == 1 ? "mgmt0" : $"Gi0/{index - 1}";

        public string Alias { get; } = index == 1 ? "management" : $"uplink {index - 1}";

        public ulong SpeedBps { get; } = index % 4 == 0 ? 10_000_000_000UL : 1_000_000_000UL;

        public byte[] Mac { get; } = PhysicalAddress.Parse($"02-50-00-{seed & 0xFF:X2}-00-{index & 0xFF:X2}").GetAddressBytes();

        // Counters of a long-running device start far from zero, so the first Counter32 wrap comes soon.
        public ulong BaseOctets { get; } = (ulong)(3_900_000_000L + (index * 7_919L));

        public bool AdminUp { get; set; } = true;

        public DateTimeOffset LastChange { get; set; }
    }
}

using System.Globalization;
using Sotp.Collectors.Snmp.Pdu;
using Sotp.Core.Metrics;

namespace Sotp.Collectors.Snmp.Polling;

/// <summary>
/// Reads a device's vital signs in as few requests as the agent allows: the system group, ifTable and ifXTable
/// columns walked together, CPU from HOST-RESOURCES (else UCD-SNMP, else Cisco CPM) and memory from hrStorage
/// (else UCD, else Cisco memory pools). Whatever the agent does not have stays unknown, never zero.
/// </summary>
public sealed class SnmpVitalsPoller(SnmpClient client, TimeProvider time)
{
    private static readonly ObjectIdentifier SysDescr = Oid("1.3.6.1.2.1.1.1.0");
    private static readonly ObjectIdentifier SysUpTime = Oid("1.3.6.1.2.1.1.3.0");
    private static readonly ObjectIdentifier SysName = Oid("1.3.6.1.2.1.1.5.0");

    private static readonly ObjectIdentifier IfDescr = Oid("1.3.6.1.2.1.2.2.1.2");
    private static readonly ObjectIdentifier IfSpeed = Oid("1.3.6.1.2.1.2.2.1.5");
    private static readonly ObjectIdentifier IfAdminStatus = Oid("1.3.6.1.2.1.2.2.1.7");
    private static readonly ObjectIdentifier IfOperStatus = Oid("1.3.6.1.2.1.2.2.1.8");
    private static readonly ObjectIdentifier IfInOctets = Oid("1.3.6.1.2.1.2.2.1.10");
    private static readonly ObjectIdentifier IfInDiscards = Oid("1.3.6.1.2.1.2.2.1.13");
    private static readonly ObjectIdentifier IfInErrors = Oid("1.3.6.1.2.1.2.2.1.14");
    private static readonly ObjectIdentifier IfOutOctets = Oid("1.3.6.1.2.1.2.2.1.16");
    private static readonly ObjectIdentifier IfOutDiscards = Oid("1.3.6.1.2.1.2.2.1.19");
    private static readonly ObjectIdentifier IfOutErrors = Oid("1.3.6.1.2.1.2.2.1.20");
    private static readonly ObjectIdentifier IfName = Oid("1.3.6.1.2.1.31.1.1.1.1");
    private static readonly ObjectIdentifier IfHcInOctets = Oid("1.3.6.1.2.1.31.1.1.1.6");
    private static readonly ObjectIdentifier IfHcOutOctets = Oid("1.3.6.1.2.1.31.1.1.1.10");
    private static readonly ObjectIdentifier IfHighSpeed = Oid("1.3.6.1.2.1.31.1.1.1.15");
    private static readonly ObjectIdentifier IfAlias = Oid("1.3.6.1.2.1.31.1.1.1.18");
    private static readonly ObjectIdentifier IfCounterDiscontinuityTime = Oid("1.3.6.1.2.1.31.1.1.1.19");

    private static readonly ObjectIdentifier HrProcessorLoad = Oid("1.3.6.1.2.1.25.3.3.1.2");
    private static readonly ObjectIdentifier UcdSsCpuIdle = Oid("1.3.6.1.4.1.2021.11.11.0");
    private static readonly ObjectIdentifier CiscoCpuTotal5MinRev = Oid("1.3.6.1.4.1.9.9.109.1.1.1.1.8");

    private static readonly ObjectIdentifier HrStorageType = Oid("1.3.6.1.2.1.25.2.3.1.2");
    private static readonly ObjectIdentifier HrStorageUnits = Oid("1.3.6.1.2.1.25.2.3.1.4");
    private static readonly ObjectIdentifier HrStorageSize = Oid("1.3.6.1.2.1.25.2.3.1.5");
    private static readonly ObjectIdentifier HrStorageUsed = Oid("1.3.6.1.2.1.25.2.3.1.6");
    private static readonly ObjectIdentifier HrStorageRam = Oid("1.3.6.1.2.1.25.2.1.2");
    private static readonly ObjectIdentifier UcdMemTotalReal = Oid("1.3.6.1.4.1.2021.4.5.0");
    private static readonly ObjectIdentifier UcdMemAvailReal = Oid("1.3.6.1.4.1.2021.4.6.0");
    private static readonly ObjectIdentifier UcdMemBuffer = Oid("1.3.6.1.4.1.2021.4.14.0");
    private static readonly ObjectIdentifier UcdMemCached = Oid("1.3.6.1.4.1.2021.4.15.0");
    private static readonly ObjectIdentifier CiscoMemPoolUsed = Oid("1.3.6.1.4.1.9.9.48.1.1.1.5");
    private static readonly ObjectIdentifier CiscoMemPoolFree = Oid("1.3.6.1.4.1.9.9.48.1.1.1.6");

    private static readonly ObjectIdentifier[] InterfaceColumns =
    [
        IfDescr, IfSpeed, IfAdminStatus, IfOperStatus, IfInOctets, IfInDiscards, IfInErrors, IfOutOctets, IfOutDiscards, IfOutErrors,
        IfName, IfHcInOctets, IfHcOutOctets, IfHighSpeed, IfAlias, IfCounterDiscontinuityTime,
    ];

    /// <summary>sysName, sysDescr and uptime: what a connection test shows.</summary>
    public async Task<(string? SysName, string? SysDescr, double UptimeSeconds)> IdentifyAsync(SnmpTarget target, CancellationToken cancellationToken)
    {
        var system = await client.GetAsync(target, [SysUpTime, SysName, SysDescr], cancellationToken);
        SnmpClient.ThrowOnError(system);
        return (Text(system.VarBinds[1].Value), Text(system.VarBinds[2].Value), system.VarBinds[0].Value.Number / 100.0);
    }

    public async Task<VitalsReading> PollAsync(SnmpTarget target, CancellationToken cancellationToken)
    {
        var system = await client.GetAsync(target, [SysUpTime, SysName, SysDescr], cancellationToken);
        SnmpClient.ThrowOnError(system);
        var at = time.GetUtcNow();
        var uptime = (uint)system.VarBinds[0].Value.Number;
        var interfaces = await InterfacesAsync(target, cancellationToken);
        var (cpu, cpuSource) = await CpuAsync(target, cancellationToken);
        var (memory, memorySource) = await MemoryAsync(target, cancellationToken);
        return new VitalsReading(at, uptime, Text(system.VarBinds[1].Value), Text(system.VarBinds[2].Value),
            cpu, cpuSource, memory, memorySource, interfaces);
    }

    private async Task<IReadOnlyList<InterfaceReading>> InterfacesAsync(SnmpTarget target, CancellationToken cancellationToken)
    {
        var rows = await client.WalkColumnsAsync(target, InterfaceColumns, target.MaxRepetitions, cancellationToken);
        var interfaces = new List<InterfaceReading>(rows.Count);
        foreach (var (index, row) in rows)
        {
            if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var ifIndex) || !row.ContainsKey(IfDescr))
            {
                continue;
            }

            var highCapacity = row.ContainsKey(IfHcInOctets) && row.ContainsKey(IfHcOutOctets);
            var speed = row.TryGetValue(IfHighSpeed, out var high) && high.Number > 0 && (high.Number >= 4294 || !row.ContainsKey(IfSpeed))
                ? high.Number * 1e6
                : Number(row, IfSpeed);
            interfaces.Add(new InterfaceReading(
                ifIndex,
                Text(row.GetValueOrDefault(IfName)) is { Length: > 0 } name ? name : Text(row[IfDescr]) ?? $"if{ifIndex}",
                Text(row.GetValueOrDefault(IfAlias)) is { Length: > 0 } alias ? alias : null,
                speed,
                (int)Number(row, IfAdminStatus),
                (int)Number(row, IfOperStatus),
                highCapacity ? row[IfHcInOctets].Counter64 : (ulong)Number(row, IfInOctets),
                highCapacity ? row[IfHcOutOctets].Counter64 : (ulong)Number(row, IfOutOctets),
                highCapacity,
                (ulong)Number(row, IfInErrors),
                (ulong)Number(row, IfOutErrors),
                (ulong)Number(row, IfInDiscards),
                (ulong)Number(row, IfOutDiscards),
                (uint)Number(row, IfCounterDiscontinuityTime)));
        }

        interfaces.Sort((a, b) => a.IfIndex.CompareTo(b.IfIndex));
        return interfaces;
    }

    private async Task<(double?, string?)> CpuAsync(SnmpTarget target, CancellationToken cancellationToken)
    {
        var loads = await ColumnAsync(target, HrProcessorLoad, cancellationToken);
        if (loads.Count > 0)
        {
            return (loads.Average(v => (double)v.Number), "HOST-RESOURCES-MIB hrProcessorLoad");
        }

        var idle = (await client.GetAsync(target, [UcdSsCpuIdle], cancellationToken)).VarBinds[0].Value;
        if (!idle.IsException && idle.Type != Ber.BerTag.Null)
        {
            return (100 - idle.Number, "UCD-SNMP-MIB ssCpuIdle");
        }

        var cisco = await ColumnAsync(target, CiscoCpuTotal5MinRev, cancellationToken);
        return cisco.Count > 0 ? (cisco.Average(v => (double)v.Number), "CISCO-PROCESS-MIB cpmCPUTotal5minRev") : (null, null);
    }

    private async Task<(double?, string?)> MemoryAsync(SnmpTarget target, CancellationToken cancellationToken)
    {
        var storage = await client.WalkColumnsAsync(target, [HrStorageType, HrStorageUnits, HrStorageSize, HrStorageUsed], target.MaxRepetitions, cancellationToken);
        var ram = storage.Values.Where(r => r.TryGetValue(HrStorageType, out var type) && type.Oid == HrStorageRam && Number(r, HrStorageSize) > 0).ToArray();
        if (ram.Length > 0)
        {
            var size = ram.Sum(r => Number(r, HrStorageSize) * Number(r, HrStorageUnits));
            var used = ram.Sum(r => Number(r, HrStorageUsed) * Number(r, HrStorageUnits));
            return (100 * used / size, "HOST-RESOURCES-MIB hrStorageRam");
        }

        var ucd = (await client.GetAsync(target, [UcdMemTotalReal, UcdMemAvailReal, UcdMemBuffer, UcdMemCached], cancellationToken)).VarBinds;
        if (!ucd[0].Value.IsException && !ucd[1].Value.IsException && ucd[0].Value.Number > 0)
        {
            // Buffers and cache are memory the kernel gives back on demand: count them as available.
            var available = ucd[1].Value.Number + (ucd[2].Value.IsException ? 0 : ucd[2].Value.Number) + (ucd[3].Value.IsException ? 0 : ucd[3].Value.Number);
            return (100.0 * Math.Max(0, ucd[0].Value.Number - available) / ucd[0].Value.Number, "UCD-SNMP-MIB memAvailReal");
        }

        var pools = await client.WalkColumnsAsync(target, [CiscoMemPoolUsed, CiscoMemPoolFree], target.MaxRepetitions, cancellationToken);
        var usedBytes = pools.Values.Sum(r => Number(r, CiscoMemPoolUsed));
        var freeBytes = pools.Values.Sum(r => Number(r, CiscoMemPoolFree));
        return usedBytes + freeBytes > 0 ? (100 * usedBytes / (usedBytes + freeBytes), "CISCO-MEMORY-POOL-MIB") : (null, null);
    }

    private async Task<List<SnmpValue>> ColumnAsync(SnmpTarget target, ObjectIdentifier column, CancellationToken cancellationToken) =>
        (await client.WalkColumnsAsync(target, [column], target.MaxRepetitions, cancellationToken)).Values
            .Select(r => r[column]).Where(v => !v.IsException).ToList();

    private static double Number(Dictionary<ObjectIdentifier, SnmpValue> row, ObjectIdentifier column) =>
        row.TryGetValue(column, out var value) && !value.IsException
            ? value.Type == Ber.BerTag.Counter64 ? value.Counter64 : value.Number
            : 0;

    private static string? Text(SnmpValue? value) =>
        value is { } v && !v.IsException && v.Type == Ber.BerTag.OctetString ? v.ToString().Trim('\0', ' ') : null;

    private static ObjectIdentifier Oid(string text) => ObjectIdentifier.Parse(text);
}

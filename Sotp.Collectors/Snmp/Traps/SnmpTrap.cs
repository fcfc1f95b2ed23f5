using System.Net;
using Sotp.Collectors.Snmp.Pdu;

namespace Sotp.Collectors.Snmp.Traps;

/// <summary>A notification an agent sent: who, when, which trap, and its variables.</summary>
public sealed record SnmpTrap(
    DateTimeOffset ReceivedAt,
    IPEndPoint Source,
    SnmpVersion Version,
    string Principal,
    ObjectIdentifier TrapOid,
    IReadOnlyList<VarBind> VarBinds,
    bool IsInform)
{
    public static readonly ObjectIdentifier SnmpTrapOid = ObjectIdentifier.Parse("1.3.6.1.6.3.1.1.4.1.0");
}
